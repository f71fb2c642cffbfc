import { h } from '../../src/dom.ts';
import type { AdminApi } from './admin-api.ts';
import { attempt, busy, Messages } from './form-parts.ts';
import { formatMoment, formatPeriod } from './format.ts';
import { type AttendanceSession, type AttendanceView, coursePath } from './structure-api.ts';

const CERTIFICATE_TEXT = { earned: 'Opfylder kravet', 'not-earned': 'Opfylder ikke kravet' } as const;

/**
 * Attendance: the participants against the course's sessions, a checkbox for each, saved a session at a
 * time ("Gem fremmøde" under its column), and whether each participant meets the certificate's
 * requirement. A session that has not begun cannot be recorded yet.
 */
export async function attendanceView(
  api: AdminApi,
  courseId: string,
  onError: (error: unknown) => void,
): Promise<HTMLElement> {
  let view = await api.get<AttendanceView>(coursePath(courseId, 'attendance'));
  // What is ticked, per session: saving one session must not undo the ticks of another not yet saved.
  const ticked = new Map(
    view.sessions.map((s) => [
      s.id,
      new Set(view.participants.filter((p) => p.present[s.id]).map((p) => p.key)),
    ]),
  );
  const unsaved = new Set<string>();
  const messages = new Messages();
  const due = h('p', {});
  const table = h('table', { class: 'plain attendance' });
  const root = h(
    'div',
    { class: 'structure-view' },
    h('h1', {}, 'Fremmøde'),
    due,
    h(
      'p',
      { class: 'hint' },
      'Sæt flueben ved dem, der var til stede, og gem fremmødet for dagen med knappen under dens kolonne. Fremmøde registreres, når dagen er begyndt.',
    ),
    messages.element,
    table,
  );

  const render = () => {
    due.textContent = view.certificatesDueAt
      ? `Kursusbeviserne sendes ${formatMoment(view.certificatesDueAt)} til deltagere, der opfylder kravet.`
      : 'Kurset har ingen undervisningsdage: der sendes ingen kursusbeviser.';
    const header = (session: AttendanceSession) =>
      h(
        'th',
        { scope: 'col' },
        session.title,
        h('br'),
        h('small', {}, formatPeriod(session.from, session.to)),
        session.begun
          ? null
          : [
              h('br'),
              h(
                'small',
                { class: 'not-begun', id: `ikke-begyndt-${view.sessions.indexOf(session)}` },
                'Ikke begyndt endnu',
              ),
            ],
        h('br', { hidden: !unsaved.has(session.id), 'data-unsaved': session.id }),
        h(
          'small',
          { class: 'unsaved', hidden: !unsaved.has(session.id), 'data-unsaved': session.id },
          'Ikke gemt',
        ),
      );
    const box = (
      session: AttendanceSession,
      participant: AttendanceView['participants'][number],
      row: number,
    ) => {
      const id = `fremmoede-${row}-${view.sessions.indexOf(session)}`;
      const checkbox = h('input', {
        type: 'checkbox',
        id,
        disabled: !session.begun,
        'aria-describedby': session.begun ? undefined : `ikke-begyndt-${view.sessions.indexOf(session)}`,
      });
      checkbox.checked = ticked.get(session.id)?.has(participant.key) ?? false;
      checkbox.addEventListener('change', () => {
        const keys = ticked.get(session.id);
        if (!keys) return;
        if (checkbox.checked) keys.add(participant.key);
        else keys.delete(participant.key);
        unsaved.add(session.id);
        for (const note of table.querySelectorAll<HTMLElement>(`[data-unsaved="${CSS.escape(session.id)}"]`))
          note.hidden = false;
      });
      return h(
        'td',
        { class: 'check' },
        checkbox,
        h('label', { for: id, class: 'visually-hidden' }, `${participant.name} til stede: ${session.title}`),
      );
    };
    const save = (session: AttendanceSession) => {
      const button = h(
        'button',
        { type: 'button', class: 'secondary', disabled: !session.begun },
        'Gem fremmøde',
        h('span', { class: 'visually-hidden' }, ` for ${session.title}`),
      );
      button.addEventListener('click', () => {
        void busy(button, async () => {
          const present = view.participants
            .map((p) => p.key)
            .filter((key) => ticked.get(session.id)?.has(key));
          const answer = await attempt(
            () =>
              api.send<AttendanceView>('PUT', coursePath(courseId, 'attendance', session.id), { present }),
            onError,
          );
          if (!answer) return;
          if (answer.ok) {
            view = answer.value;
            ticked.set(
              session.id,
              new Set(view.participants.filter((p) => p.present[session.id]).map((p) => p.key)),
            );
            unsaved.delete(session.id);
            render();
            messages.done(`Fremmødet for ${session.title} er gemt.`, true);
            return;
          }
          const names = new Map(view.participants.map((p) => [p.key, p.name]));
          messages.error(
            answer.refusal.message,
            answer.refusal.fields.map((f) => {
              const index = /^present\.(\d+)$/.exec(f.path)?.[1];
              const key = index === undefined ? undefined : present[Number(index)];
              return key === undefined ? f.message : `${names.get(key) ?? key}: ${f.message}`;
            }),
          );
          messages.focusAlert();
        });
      });
      return h('td', {}, button);
    };

    table.replaceChildren(
      h('caption', {}, 'Fremmøde pr. deltager og dag'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Deltager'),
          view.sessions.map(header),
          h('th', { scope: 'col' }, 'Kursusbevis'),
        ),
      ),
      h(
        'tbody',
        {},
        view.participants.map((participant, row) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, participant.name, h('br'), h('small', {}, participant.libraryName)),
            view.sessions.map((session) => box(session, participant, row)),
            h(
              'td',
              {},
              h(
                'span',
                { class: `certificate ${participant.certificate}` },
                CERTIFICATE_TEXT[participant.certificate],
              ),
            ),
          ),
        ),
      ),
      h(
        'tfoot',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, h('span', { class: 'visually-hidden' }, 'Gem')),
          view.sessions.map(save),
          h('td', {}),
        ),
      ),
    );
  };

  if (view.participants.length === 0) {
    root.replaceChildren(h('h1', {}, 'Fremmøde'), h('p', {}, 'Der er ingen deltagere endnu.'));
    return root;
  }
  render();
  return root;
}
