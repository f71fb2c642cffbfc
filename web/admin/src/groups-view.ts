import { h } from '../../src/dom.ts';
import type { AdminApi } from './admin-api.ts';
import { attempt, busy, clearProblems, errorSlot, input, labelled, Messages, select } from './form-parts.ts';
import { dateBound, formatPeriod } from './format.ts';
import { coursePath, type GroupLibrary, type GroupsView } from './structure-api.ts';

/** A group as the editor holds it; saved as it is. */
interface Draft {
  members: string[];
  hostRegistrationId: string;
  date: string;
  start: string;
}

const NEW_GROUP = 'ny';

/**
 * The group guidance (week 24): the libraries in small groups, each meeting at one of them (the host) on a
 * day and time. The coordinator starts from the saved groups, or from the suggestion when none are saved,
 * moves libraries between groups, and saves the whole.
 */
export async function groupsView(
  api: AdminApi,
  courseId: string,
  onError: (error: unknown) => void,
): Promise<HTMLElement> {
  const path = coursePath(courseId, 'groups');
  const first = await api.get<GroupsView>(path);
  const messages = new Messages();
  const body = h('div', {});
  const root = h('div', { class: 'structure-view' }, h('h1', {}, 'Gruppevejledning'), messages.element, body);

  const render = (view: GroupsView) => {
    const { guidance } = view;
    if (!guidance) {
      body.replaceChildren(h('p', {}, 'Kurset har ingen gruppevejledning.'));
      return;
    }
    const intro = h(
      'p',
      { class: 'lead' },
      `${guidance.title}: ${formatPeriod(guidance.from, guidance.to)}.`,
    );
    if (view.libraries.length === 0) {
      body.replaceChildren(
        intro,
        h('p', {}, 'Der er ingen tilmeldte biblioteker at danne grupper af endnu.'),
      );
      return;
    }
    if (view.groups.length > 0) {
      body.replaceChildren(intro, editor(view, guidance, view.groups.map(copy), true));
      return;
    }
    const start = h('button', { type: 'button', class: 'primary' }, 'Brug forslag');
    const named = libraryNames(view.libraries);
    start.addEventListener('click', () => {
      const drafts = view.suggestion.map((g) => copy({ ...g, date: '', start: '' }));
      const form = editor(view, guidance, drafts, false);
      body.replaceChildren(intro, form);
      form.querySelector('select')?.focus();
    });
    body.replaceChildren(
      intro,
      h(
        'p',
        {},
        'Der er ikke gemt nogen grupper endnu. Forslaget samler bibliotekerne efter kommune og postnummer:',
      ),
      h(
        'ol',
        { class: 'suggestion' },
        view.suggestion.map((g) => h('li', {}, g.members.map(named).join(', '))),
      ),
      start,
    );
  };

  function editor(
    view: GroupsView,
    guidance: NonNullable<GroupsView['guidance']>,
    groups: Draft[],
    saved: boolean,
  ): HTMLFormElement {
    const byId = new Map(view.libraries.map((l) => [l.registrationId, l]));
    const named = libraryNames(view.libraries);
    const list = h('div', { class: 'groups' });
    const bounds = { min: dateBound(guidance.from), max: dateBound(guidance.to) };

    /** Moves a library to group `target` (an index, or a new group), dropping a group left empty. */
    const move = (registrationId: string, target: string) => {
      const from = groups.find((g) => g.members.includes(registrationId));
      let to: Draft | undefined;
      if (target === NEW_GROUP) {
        to = {
          members: [],
          hostRegistrationId: registrationId,
          date: from?.date ?? '',
          start: from?.start ?? '',
        };
        groups.push(to);
      } else {
        to = groups[Number(target)];
      }
      if (!to || to === from) return;
      if (from) {
        from.members = from.members.filter((id) => id !== registrationId);
        if (!from.members.includes(from.hostRegistrationId)) from.hostRegistrationId = from.members[0] ?? '';
      }
      to.members.push(registrationId);
      if (!to.hostRegistrationId) to.hostRegistrationId = registrationId;
      const emptied = groups.filter((g) => g.members.length === 0);
      for (const group of emptied) groups.splice(groups.indexOf(group), 1);
      renderGroups();
      list.querySelector<HTMLElement>(`[data-library="${CSS.escape(registrationId)}"]`)?.focus();
      messages.done(
        `${named(registrationId)} er nu i gruppe ${groups.indexOf(to) + 1}. Husk at gemme grupperne.`,
      );
    };

    const groupChoice = (registrationId: string, current: number | undefined) => {
      const choice = select(
        [
          ...(current === undefined ? [{ value: '', text: 'Vælg gruppe' }] : []),
          ...groups.map((_, g) => ({ value: String(g), text: `Gruppe ${g + 1}` })),
          { value: NEW_GROUP, text: 'Ny gruppe' },
        ],
        current === undefined ? '' : String(current),
      );
      choice.dataset.library = registrationId;
      choice.addEventListener('change', () => move(registrationId, choice.value));
      return choice;
    };

    const memberItem = (library: GroupLibrary | undefined, registrationId: string, field: HTMLElement) =>
      h(
        'li',
        { class: 'member' },
        h(
          'span',
          {},
          library?.name ?? registrationId,
          library
            ? h('small', {}, ` · ${library.municipality}, ${library.postalCode} ${library.city}`)
            : null,
        ),
        field,
      );

    const renderGroups = () => {
      const grouped = new Set(groups.flatMap((g) => g.members));
      const outside = view.libraries.filter((l) => !grouped.has(l.registrationId));
      list.replaceChildren(
        ...groups.map((group, g) => {
          const host = select(
            group.members.map((id) => ({ value: id, text: named(id) })),
            group.hostRegistrationId,
          );
          host.addEventListener('change', () => {
            group.hostRegistrationId = host.value;
            renderGroups();
            document.getElementById(host.id)?.focus();
          });
          const date = input('date', group.date, bounds);
          date.addEventListener('input', () => {
            group.date = date.value;
          });
          const start = input('time', group.start);
          start.addEventListener('input', () => {
            group.start = start.value;
          });
          const place = byId.get(group.hostRegistrationId);
          return h(
            'fieldset',
            { class: 'group' },
            h('legend', {}, `Gruppe ${g + 1}`),
            h(
              'ul',
              { class: 'members' },
              group.members.map((id, m) =>
                memberItem(
                  byId.get(id),
                  id,
                  labelled(`groups.${g}.members.${m}`, `Gruppe for ${named(id)}`, groupChoice(id, g), {
                    hiddenLabel: true,
                  }),
                ),
              ),
            ),
            errorSlot(`groups.${g}.members`),
            h(
              'div',
              { class: 'group-fields' },
              labelled(`groups.${g}.hostRegistrationId`, 'Vært', host, {
                hint: place ? `Mødested: ${place.street}, ${place.postalCode} ${place.city}` : undefined,
              }),
              labelled(`groups.${g}.date`, 'Dato', date),
              labelled(`groups.${g}.start`, 'Starttid', start),
            ),
            errorSlot(`groups.${g}`),
          );
        }),
        ...(outside.length === 0
          ? []
          : [
              h(
                'fieldset',
                { class: 'group outside' },
                h('legend', {}, 'Uden gruppe'),
                h('p', { class: 'hint' }, 'Hvert tilmeldt bibliotek skal være i en gruppe.'),
                h(
                  'ul',
                  { class: 'members' },
                  outside.map((library) => {
                    const choice = groupChoice(library.registrationId, undefined);
                    const id = `uden-gruppe-${library.registrationId}`;
                    choice.id = id;
                    return memberItem(
                      library,
                      library.registrationId,
                      h(
                        'div',
                        { class: 'field' },
                        h('label', { for: id, class: 'visually-hidden' }, `Gruppe for ${library.name}`),
                        choice,
                      ),
                    );
                  }),
                ),
              ),
            ]),
      );
    };

    const submit = h('button', { type: 'submit', class: 'primary' }, 'Gem grupper');
    const form = h(
      'form',
      { class: 'group-editor', novalidate: true, 'aria-labelledby': 'grupper-titel' },
      h('h2', { id: 'grupper-titel' }, 'Grupper'),
      h(
        'p',
        { class: 'hint' },
        saved
          ? 'De gemte grupper. Flyt et bibliotek ved at vælge en anden gruppe ud for det.'
          : 'Forslaget er ikke gemt endnu. Flyt et bibliotek ved at vælge en anden gruppe ud for det, vælg vært, dato og tid, og gem grupperne.',
      ),
      errorSlot('groups'),
      list,
      submit,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void busy(submit, async () => {
        clearProblems(form);
        const answer = await attempt(
          () => api.send<GroupsView>('PUT', path, { groups: groups.map(copy) }),
          onError,
        );
        if (!answer) return;
        if (answer.ok) {
          render(answer.value);
          messages.done('Grupperne er gemt.', true);
          return;
        }
        messages.refused(form, answer.refusal);
      });
    });
    renderGroups();
    return form;
  }

  render(first);
  return root;
}

function copy(group: Draft): Draft {
  return {
    members: [...group.members],
    hostRegistrationId: group.hostRegistrationId,
    date: group.date,
    start: group.start,
  };
}

function libraryNames(libraries: readonly GroupLibrary[]): (registrationId: string) => string {
  const names = new Map(libraries.map((l) => [l.registrationId, l.name]));
  return (registrationId) => names.get(registrationId) ?? registrationId;
}
