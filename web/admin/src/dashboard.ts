import { h } from '../../src/dom.ts';
import type { AdminApi, CourseSummary, CourseTotals, RegistrationPage } from './admin-api.ts';
import { attendanceView } from './attendance-view.ts';
import { casesView } from './cases-view.ts';
import { courseTabs } from './course-tabs.ts';
import { detailView } from './detail-view.ts';
import { formatInstant, formatKroner, STATUS_TEXT } from './format.ts';
import { groupsView } from './groups-view.ts';
import { visitsView } from './visits-view.ts';

type Row = RegistrationPage['items'][number];

/**
 * The coordinator's overview of one course: the totals, the registrations with filters and paging, the
 * export, and a detail panel for the registration opened from the table; beside the registrations, as
 * tabs, the course's visit round, group guidance, trial actions and attendance.
 */
export async function dashboardView(api: AdminApi, onError: (error: unknown) => void): Promise<HTMLElement> {
  const { courses } = await api.get<{ courses: CourseSummary[] }>('/admin/courses');
  const root = h('div', { class: 'dashboard' });
  if (courses.length === 0) {
    root.append(h('p', {}, 'Der er ingen kurser endnu.'));
    return root;
  }
  const courseSelect = h(
    'select',
    { id: 'kursus' },
    courses.map((c) => h('option', { value: c.id }, `${c.title} (${c.year})`)),
  );
  const statusSelect = h(
    'select',
    { id: 'status' },
    h('option', { value: '' }, 'Alle'),
    ...Object.entries(STATUS_TEXT).map(([value, text]) => h('option', { value }, text)),
  );
  const search = h('input', { id: 'soeg', type: 'search', placeholder: 'Bibliotek, deltager, e-mail …' });
  const exportButton = h('button', { type: 'button', class: 'secondary' }, 'Hent deltagerliste (CSV)');
  // Mails, invoices and waitlist moves happen in the background: this shows where they have got to.
  const reload = h('button', { type: 'button', class: 'secondary' }, 'Opdater');
  const totals = h('dl', { class: 'totals', 'aria-live': 'polite' });
  const count = h('p', { class: 'count', role: 'status' });
  const body = h('tbody');
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Vis flere');
  const detail = h('div', { id: 'detalje' });
  let cursor: string | undefined;
  let shown = 0;
  let generation = 0;

  const courseId = () => courseSelect.value;
  const filters = () => {
    const params = new URLSearchParams({ limit: '50' });
    if (statusSelect.value) params.set('status', statusSelect.value);
    if (search.value.trim()) params.set('q', search.value.trim());
    return params;
  };

  async function loadTotals() {
    const t = await api.get<CourseTotals>(`/admin/courses/${encodeURIComponent(courseId())}/totals`);
    const entry = (label: string, value: string) => h('div', {}, h('dt', {}, label), h('dd', {}, value));
    totals.replaceChildren(
      entry('Biblioteker', String(t.libraries)),
      entry('Deltagere', String(t.participants)),
      entry('Bøger at bestille', String(t.booksToOrder)),
      entry('Forplejning', String(t.cateringCount)),
      entry('Venteliste', `${t.waitlistedLibraries} bibl. / ${t.waitlistedParticipants} delt.`),
      entry('Faktureret', formatKroner(t.invoiced)),
      entry('Krediteret', formatKroner(t.credited)),
      entry('Udestående', formatKroner(t.outstanding)),
      entry(
        'Kosthensyn',
        t.dietaryNeeds.length === 0
          ? 'Ingen'
          : t.dietaryNeeds.map((d) => `${d.needs}: ${d.participants}`).join(', '),
      ),
    );
  }

  async function loadRows(reset: boolean) {
    const mine = ++generation;
    const params = filters();
    if (!reset && cursor) params.set('cursor', cursor);
    const page = await api.get<RegistrationPage>(
      `/admin/courses/${encodeURIComponent(courseId())}/registrations?${params}`,
    );
    // A newer filter was typed while this page was on its way: its answer wins.
    if (mine !== generation) return;
    if (reset) {
      body.replaceChildren();
      shown = 0;
    }
    body.append(...page.items.map(row));
    shown += page.items.length;
    cursor = page.nextCursor;
    more.hidden = !cursor;
    count.textContent =
      shown === 0
        ? 'Ingen tilmeldinger passer til filteret.'
        : `Viser ${shown} tilmeldinger${cursor ? ' (flere findes)' : ''}.`;
  }

  function row(item: Row): HTMLTableRowElement {
    const open = h('button', { type: 'button', class: 'link-button' }, item.library.name);
    open.addEventListener('click', () => void openDetail(item.id));
    return h(
      'tr',
      { 'data-id': item.id },
      h('td', {}, formatInstant(item.createdAt)),
      h(
        'th',
        { scope: 'row' },
        open,
        h('br'),
        h('small', {}, `${item.library.municipality} · EAN ${item.library.ean}`),
      ),
      h('td', {}, item.contact.name, h('br'), h('small', {}, item.contact.email)),
      h('td', { class: 'number' }, String(item.participants)),
      h('td', { class: 'number' }, formatKroner(item.total)),
      h('td', {}, item.invoiceNumber ?? '–'),
      h(
        'td',
        {},
        h('span', { class: `status-badge ${item.status}` }, STATUS_TEXT[item.status] ?? item.status),
      ),
    );
  }

  async function openDetail(registrationId: string, notice?: string) {
    const view = await detailView(
      api,
      courseId(),
      registrationId,
      async (done) => {
        await Promise.all([loadTotals(), loadRows(true)]);
        await openDetail(registrationId, done);
      },
      notice,
    );
    detail.replaceChildren(view);
    view.focus();
  }

  const refresh = () => Promise.all([loadTotals(), loadRows(true)]).catch(onError);
  // The registrations stay in the page while another tab is open, filters and open detail as they were.
  const registrations = h('div', { class: 'registrations-view' });
  const tabs = courseTabs(
    [
      { id: 'tilmeldinger', label: 'Tilmeldinger', content: registrations },
      { id: 'besoeg', label: 'Besøgsrunde', load: () => visitsView(api, courseId(), onError) },
      { id: 'grupper', label: 'Gruppevejledning', load: () => groupsView(api, courseId(), onError) },
      { id: 'proevehandlinger', label: 'Prøvehandlinger', load: () => casesView(api, courseId()) },
      { id: 'fremmoede', label: 'Fremmøde', load: () => attendanceView(api, courseId(), onError) },
    ],
    onError,
  );
  courseSelect.addEventListener('change', () => {
    detail.replaceChildren();
    void refresh();
    tabs.reload();
  });
  statusSelect.addEventListener('change', () => void loadRows(true).catch(onError));
  let typing: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => void loadRows(true).catch(onError), 250);
  });
  more.addEventListener('click', () => void loadRows(false).catch(onError));
  reload.addEventListener('click', () => void refresh());
  exportButton.addEventListener(
    'click',
    () =>
      void api
        .download(
          `/admin/courses/${encodeURIComponent(courseId())}/participants.csv`,
          `deltagere-${courseId()}.csv`,
        )
        .catch(onError),
  );

  root.append(
    h(
      'div',
      { class: 'toolbar' },
      h('div', { class: 'field' }, h('label', { for: 'kursus' }, 'Kursus'), courseSelect),
    ),
    tabs.element,
  );
  registrations.append(
    h('h1', {}, 'Tilmeldinger'),
    h(
      'div',
      { class: 'toolbar' },
      h('div', { class: 'field' }, h('label', { for: 'status' }, 'Status'), statusSelect),
      h('div', { class: 'field' }, h('label', { for: 'soeg' }, 'Søg'), search),
      exportButton,
      reload,
    ),
    h('h2', { class: 'visually-hidden' }, 'Tal for kurset'),
    totals,
    count,
    h(
      'table',
      { class: 'registrations' },
      h('caption', { class: 'visually-hidden' }, 'Tilmeldinger til kurset'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Tilmeldt', 'Bibliotek', 'Kontaktperson', 'Deltagere', 'Beløb', 'Faktura', 'Status'].map((t) =>
            h('th', { scope: 'col' }, t),
          ),
        ),
      ),
      body,
    ),
    more,
    detail,
  );
  await refresh();
  return root;
}
