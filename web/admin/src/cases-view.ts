import { h } from '../../src/dom.ts';
import type { AdminApi } from './admin-api.ts';
import { formatDeadline, formatMoment } from './format.ts';
import { type CasesView, coursePath } from './structure-api.ts';

type Participant = CasesView['libraries'][number]['participants'][number];

/**
 * The trial actions (prøvehandlinger): each participant's case as they wrote it through their link, by
 * library, with the deadlines the participants were given. Read only: the case is the participant's.
 */
export async function casesView(api: AdminApi, courseId: string): Promise<HTMLElement> {
  const view = await api.get<CasesView>(coursePath(courseId, 'cases'));
  const { caseBy, statusBy } = view.deadlines;
  const participants = view.libraries.flatMap((l) => l.participants);
  const written = participants.filter((p) => p.case).length;

  const fact = (label: string, value: Node | string) => [h('dt', {}, label), h('dd', {}, value)];
  const statusText = (status: string | undefined) =>
    status ? (view.statusLabels[status as keyof CasesView['statusLabels']] ?? status) : 'Ikke angivet';

  // Keys are opaque: the headings' ids are counted, not made from them.
  let counted = 0;
  const participantCase = (participant: Participant) => {
    const c = participant.case;
    const id = `sag-${++counted}`;
    return h(
      'article',
      { class: 'case', 'aria-labelledby': id },
      h('h3', { id }, participant.name, h('small', { class: 'note' }, ` · ${participant.email}`)),
      c
        ? h(
            'dl',
            { class: 'facts' },
            ...fact('Titel', c.title),
            ...fact('Beskrivelse', h('span', { class: 'prose' }, c.description)),
            ...fact('Samarbejdspartnere', c.partners.length > 0 ? c.partners.join(', ') : 'Ingen angivet'),
            ...fact('Status', statusText(c.status)),
            ...(c.statusNote ? fact('Om status', h('span', { class: 'prose' }, c.statusNote)) : []),
            ...fact('Senest opdateret', formatMoment(c.updatedAt)),
          )
        : h('p', { class: 'no-case' }, 'Ingen prøvehandling endnu'),
    );
  };

  return h(
    'div',
    { class: 'structure-view' },
    h('h1', {}, 'Prøvehandlinger'),
    h(
      'dl',
      { class: 'facts deadlines' },
      ...fact('Prøvehandlingen beskrives', caseBy ? `inden ${formatDeadline(caseBy)}` : 'Ingen frist'),
      ...fact('Status opdateres', statusBy ? `inden ${formatDeadline(statusBy)}` : 'Ingen frist'),
    ),
    h(
      'p',
      {},
      participants.length === 0
        ? 'Der er ingen deltagere endnu.'
        : `${written} af ${participants.length} deltagere har beskrevet deres prøvehandling.`,
    ),
    ...view.libraries.map((library, i) =>
      h(
        'section',
        { class: 'library-cases', 'aria-labelledby': `bibliotek-${i + 1}` },
        h('h2', { id: `bibliotek-${i + 1}` }, library.libraryName),
        library.participants.length === 0
          ? h('p', {}, 'Biblioteket har ingen deltagere.')
          : library.participants.map(participantCase),
      ),
    ),
  );
}
