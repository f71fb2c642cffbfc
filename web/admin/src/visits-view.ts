import { fieldId, h } from '../../src/dom.ts';
import type { AdminApi } from './admin-api.ts';
import {
  attempt,
  busy,
  clearProblems,
  errorSlot,
  input,
  labelled,
  Messages,
  select,
  showProblems,
} from './form-parts.ts';
import { dateBound, formatDay, formatInstant, formatPeriod, formatSlot, formatTimeSpan } from './format.ts';
import { coursePath, type VisitsView } from './structure-api.ts';

type Slot = VisitsView['slots'][number];

/** A slot as the editor holds it: the duration as typed, so a half-typed number is not lost. */
interface SlotRow {
  id: string;
  date: string;
  start: string;
  duration: string;
  booking: Slot['booking'];
}

/**
 * The visit round (week 11): the slots the libraries book from (edited and published here), each day's
 * route with the libraries' addresses, who has not booked, and moving a library to another slot.
 */
export async function visitsView(
  api: AdminApi,
  courseId: string,
  onError: (error: unknown) => void,
): Promise<HTMLElement> {
  const path = coursePath(courseId, 'visits');
  const first = await api.get<VisitsView>(path);
  const messages = new Messages();
  const body = h('div', {});
  const root = h('div', { class: 'structure-view' }, h('h1', {}, 'Besøgsrunde'), messages.element, body);

  const render = (view: VisitsView) => {
    const { round } = view;
    if (!round) {
      body.replaceChildren(h('p', {}, 'Kurset har ingen besøgsrunde.'));
      return;
    }
    body.replaceChildren(
      h('p', { class: 'lead' }, `${round.title}: ${formatPeriod(round.from, round.to)}.`),
      slotEditor(view, round),
      routeSection(view),
      unbookedSection(view),
      moveSection(view),
    );
  };

  function slotEditor(view: VisitsView, round: NonNullable<VisitsView['round']>): HTMLFormElement {
    const rows: SlotRow[] = view.slots.map((s) => ({
      id: s.id,
      date: s.date,
      start: s.start,
      duration: String(s.durationMinutes),
      booking: s.booking,
    }));
    const list = h('div', { class: 'slots' });
    const bounds = { min: dateBound(round.from), max: dateBound(round.to) };
    const renderRows = () => {
      list.replaceChildren(
        ...(rows.length === 0 ? [h('p', {}, 'Der er ingen besøgstider endnu.')] : []),
        ...rows.map((row, i) => {
          const date = input('date', row.date, bounds);
          date.addEventListener('input', () => {
            row.date = date.value;
          });
          const start = input('time', row.start);
          start.addEventListener('input', () => {
            row.start = start.value;
          });
          const duration = input('number', row.duration, {
            min: '15',
            max: '480',
            step: '5',
            inputmode: 'numeric',
          });
          duration.addEventListener('input', () => {
            row.duration = duration.value;
          });
          const remove = h(
            'button',
            { type: 'button', class: 'link-button', 'aria-label': `Fjern tid ${i + 1}` },
            'Fjern',
          );
          remove.addEventListener('click', () => {
            rows.splice(i, 1);
            renderRows();
            (list.querySelector<HTMLElement>('input') ?? add).focus();
          });
          return h(
            'fieldset',
            { class: 'slot' },
            h('legend', {}, `Tid ${i + 1}`),
            h(
              'div',
              { class: 'slot-fields' },
              labelled(`slots.${i}.date`, 'Dato', date),
              labelled(`slots.${i}.start`, 'Starttid', start),
              labelled(`slots.${i}.durationMinutes`, 'Varighed (minutter)', duration),
              h(
                'p',
                { class: 'booking' },
                row.booking
                  ? `Booket af ${row.booking.libraryName} (${formatInstant(row.booking.bookedAt)})`
                  : 'Ikke booket',
              ),
              remove,
            ),
            errorSlot(`slots.${i}.id`),
            errorSlot(`slots.${i}`),
          );
        }),
      );
    };
    const add = h('button', { type: 'button', class: 'secondary' }, 'Tilføj besøgstid');
    add.addEventListener('click', () => {
      const last = rows.at(-1);
      rows.push({
        // Ids name a slot for its bookings: a new one gets its own, never reused.
        id: `tid-${crypto.randomUUID().slice(0, 8)}`,
        date: last?.date ?? bounds.min ?? '',
        start: '',
        duration: last?.duration ?? '60',
        booking: null,
      });
      renderRows();
      document.getElementById(fieldId(`slots.${rows.length - 1}.date`))?.focus();
    });
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Gem besøgstider');
    const form = h(
      'form',
      { class: 'slot-editor', novalidate: true, 'aria-labelledby': 'besoegstider-titel' },
      h('h2', { id: 'besoegstider-titel' }, 'Besøgstider'),
      h(
        'p',
        { class: 'hint' },
        'Bibliotekerne booker en af tiderne fra linket i deres mail. En booket tid kan ikke fjernes: flyt først bookingen.',
      ),
      errorSlot('slots'),
      list,
      add,
      submit,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void busy(submit, async () => {
        clearProblems(form);
        const slots = rows.map((row) => ({
          id: row.id,
          date: row.date,
          start: row.start,
          durationMinutes: row.duration.trim() === '' ? null : Number(row.duration),
        }));
        const answer = await attempt(() => api.send<VisitsView>('PUT', `${path}/slots`, { slots }), onError);
        if (!answer) return;
        if (answer.ok) {
          render(answer.value);
          messages.done('Besøgstiderne er gemt.', true);
          return;
        }
        messages.refused(form, answer.refusal);
      });
    });
    renderRows();
    return form;
  }

  function routeSection(view: VisitsView): HTMLElement {
    return h(
      'section',
      { 'aria-labelledby': 'rute-titel' },
      h('h2', { id: 'rute-titel' }, 'Rute pr. dag'),
      view.route.length === 0
        ? h('p', {}, 'Ingen biblioteker har booket et besøg endnu.')
        : view.route.map((day) =>
            h(
              'table',
              { class: 'plain route' },
              h('caption', {}, formatDay(day.date)),
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ['Nr.', 'Tid', 'Bibliotek', 'Adresse'].map((t) => h('th', { scope: 'col' }, t)),
                ),
              ),
              h(
                'tbody',
                {},
                day.stops.map((stop, i) =>
                  h(
                    'tr',
                    {},
                    h('td', {}, `${i + 1}.`),
                    h('td', {}, `kl. ${formatTimeSpan(stop.slot.start, stop.slot.durationMinutes)}`),
                    h('th', { scope: 'row' }, stop.library.name),
                    h('td', {}, `${stop.library.address}, ${stop.library.postalCode} ${stop.library.city}`),
                  ),
                ),
              ),
            ),
          ),
    );
  }

  function unbookedSection(view: VisitsView): HTMLElement {
    return h(
      'section',
      { 'aria-labelledby': 'ikke-booket-titel' },
      h('h2', { id: 'ikke-booket-titel' }, 'Ikke booket'),
      view.unbooked.length === 0
        ? h('p', {}, 'Alle biblioteker har booket et besøg.')
        : h(
            'ul',
            { class: 'unbooked' },
            view.unbooked.map((library) => h('li', {}, library.libraryName)),
          ),
    );
  }

  /** Each library with its visit, and a free slot to move it to (or book it into, if it has none). */
  function moveSection(view: VisitsView): HTMLElement {
    const free = view.slots.filter((s) => !s.booking);
    const libraries = [
      ...view.slots.flatMap((slot) =>
        slot.booking
          ? [{ registrationId: slot.booking.registrationId, name: slot.booking.libraryName, slot }]
          : [],
      ),
      ...view.unbooked.map((l) => ({
        registrationId: l.registrationId,
        name: l.libraryName,
        slot: undefined,
      })),
    ];
    const row = (library: (typeof libraries)[number]) => {
      const target = `bookings.${library.registrationId}.slotId`;
      const choice = select(
        [
          { value: '', text: free.length === 0 ? 'Ingen ledige tider' : 'Vælg en ledig tid' },
          ...free.map((s) => ({ value: s.id, text: formatSlot(s) })),
        ],
        '',
      );
      choice.disabled = free.length === 0;
      const action = library.slot ? 'Flyt' : 'Book';
      const button = h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          'aria-label': `${action} ${library.name}`,
          disabled: free.length === 0,
        },
        action,
      );
      const cell = h('td', {}, labelled(target, `Ny tid for ${library.name}`, choice, { hiddenLabel: true }));
      button.addEventListener('click', () => {
        void busy(button, async () => {
          clearProblems(cell);
          const slot = free.find((s) => s.id === choice.value);
          if (!slot) {
            showProblems(cell, [{ path: target, message: 'Vælg den tid, biblioteket skal have.' }]);
            return;
          }
          const answer = await attempt(
            () =>
              api.send<VisitsView>(
                'PUT',
                coursePath(courseId, 'visits', 'bookings', library.registrationId),
                {
                  slotId: slot.id,
                },
              ),
            onError,
          );
          if (!answer) return;
          if (answer.ok) {
            render(answer.value);
            messages.done(
              `${library.name} ${library.slot ? 'er flyttet til' : 'har fået'} ${formatSlot(slot)}.`,
              true,
            );
          } else {
            // A refused move means the page was behind (another library took the slot meanwhile, or it
            // began): the view is fetched again, so the coordinator sees why and picks among the free slots.
            const fresh = await attempt(() => api.get<VisitsView>(path), onError);
            if (fresh?.ok) render(fresh.value);
            messages.error(answer.refusal.message);
            messages.focusAlert();
          }
        });
      });
      return h(
        'tr',
        {},
        h('th', { scope: 'row' }, library.name),
        h('td', {}, library.slot ? formatSlot(library.slot) : 'Ikke booket'),
        cell,
        h('td', {}, button),
      );
    };
    return h(
      'section',
      { 'aria-labelledby': 'flyt-titel' },
      h('h2', { id: 'flyt-titel' }, 'Flyt et besøg'),
      libraries.length === 0
        ? h('p', {}, 'Der er ingen tilmeldte biblioteker endnu.')
        : h(
            'table',
            { class: 'plain moves' },
            h('caption', { class: 'visually-hidden' }, 'Bibliotekernes besøg og en ny tid til hvert'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Bibliotek', 'Nuværende tid', 'Ny tid'].map((t) => h('th', { scope: 'col' }, t)),
                h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Handling')),
              ),
            ),
            h('tbody', {}, libraries.map(row)),
          ),
    );
  }

  render(first);
  return root;
}
