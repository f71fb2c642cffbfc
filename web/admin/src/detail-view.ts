import type { FieldProblem } from '#domain/errors.ts';
import { fieldId, h } from '../../src/dom.ts';
import { type AdminApi, ApiRefusal, type RegistrationDetail } from './admin-api.ts';
import { formatDate, formatInstant, formatKroner, STATUS_TEXT } from './format.ts';

type Participant = RegistrationDetail['registration']['participants'][number];

/**
 * One registration: what the library registered, its invoices and credit notes, every mail sent about
 * it, and what the coordinator can do: cancel, resend, change the participants.
 */
export async function detailView(
  api: AdminApi,
  courseId: string,
  registrationId: string,
  /** Reloads the dashboard and opens this registration again, showing the notice there. */
  onChanged: (notice: string) => Promise<void>,
  notice?: string,
): Promise<HTMLElement> {
  const base = `/admin/courses/${encodeURIComponent(courseId)}/registrations/${encodeURIComponent(registrationId)}`;
  const detail = await api.get<RegistrationDetail>(base);
  const { registration, documents, mailHistory, workPending } = detail;
  const message = h('p', { class: 'message', role: 'status', hidden: true });
  const say = (text: string, error = false) => {
    message.textContent = text;
    message.className = error ? 'message error' : 'message';
    message.hidden = false;
  };
  const attempt = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      await onChanged(done);
    } catch (error) {
      if (error instanceof ApiRefusal) say(error.message, true);
      else throw error;
    }
  };

  const actions = h('div', { class: 'actions' });
  if (registration.status !== 'cancelled') {
    const cancel = h('button', { type: 'button', class: 'danger' }, 'Afmeld tilmeldingen');
    cancel.addEventListener('click', () => {
      const reason = window.prompt(
        `Afmeld ${registration.library.name}? Fakturaen krediteres, og første bibliotek på ventelisten rykker op.\n\nBegrundelse (valgfri):`,
      );
      if (reason === null) return;
      void attempt(
        () => api.send('POST', `${base}/cancel`, reason.trim() ? { reason: reason.trim() } : {}),
        'Tilmeldingen er afmeldt. Kreditnota og mails sendes om lidt.',
      );
    });
    // One key per click: each press is one resend, and a retry of that request is not a second one.
    const resendButton = (label: string, what: 'confirmation' | 'invoice', done: string) => {
      const button = h('button', { type: 'button', class: 'secondary' }, label);
      button.addEventListener('click', () => {
        const key = crypto.randomUUID();
        void attempt(() => api.send('POST', `${base}/resend`, { what }, { 'idempotency-key': key }), done);
      });
      return button;
    };
    actions.append(
      cancel,
      resendButton('Send bekræftelse igen', 'confirmation', 'Bekræftelsen sendes igen.'),
    );
    if (registration.invoiceNumber) {
      actions.append(resendButton('Send faktura igen', 'invoice', 'Fakturaen sendes igen.'));
    }
  }

  const fact = (label: string, value: string | undefined) =>
    value ? [h('dt', {}, label), h('dd', {}, value)] : [];
  const { library, contact, leader } = registration;
  const section = h(
    'section',
    { class: 'detail', tabindex: '-1', 'aria-labelledby': 'detalje-titel' },
    h('h2', { id: 'detalje-titel' }, library.name),
    h(
      'p',
      {},
      h(
        'span',
        { class: `status-badge ${registration.status}` },
        STATUS_TEXT[registration.status] ?? registration.status,
      ),
      workPending ? ' · mails og fakturaer er på vej' : '',
    ),
    message,
    actions,
    h(
      'dl',
      { class: 'facts' },
      ...fact('Tilmeldt', formatInstant(registration.createdAt)),
      ...fact(
        'Adresse',
        `${library.address}, ${library.postalCode} ${library.city} (${library.municipality})`,
      ),
      ...fact('EAN', library.ean),
      ...fact('CVR', library.cvr),
      ...fact('Kontaktperson', `${contact.name}, ${contact.email}, ${contact.phone}`),
      ...fact('Leder', `${leader.name}, ${leader.email}`),
      ...fact('Ordrenummer', registration.invoiceReference),
      ...fact('Faktura-e-mail', registration.invoiceEmail),
      ...fact('Pris', formatKroner(registration.price.total)),
      ...fact('Bemærkninger', registration.comment),
    ),
    registration.status === 'cancelled'
      ? participantList(registration.participants)
      : participantEditor(registration.participants, registration.status, async (participants) => {
          try {
            await api.send('PUT', `${base}/participants`, { participants });
            await onChanged('Deltagerne er gemt. Mails og eventuel ny faktura sendes om lidt.');
            return [];
          } catch (error) {
            if (error instanceof ApiRefusal) {
              say(error.message, true);
              return error.fields;
            }
            throw error;
          }
        }),
    h('h3', {}, 'Fakturaer og kreditnotaer'),
    documents.length === 0
      ? h('p', {}, 'Ingen endnu.')
      : h(
          'table',
          { class: 'plain' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['Nummer', 'Type', 'Udstedt', 'Beløb', ''].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          h(
            'tbody',
            {},
            documents.map((d) => {
              const pdf = h('button', { type: 'button', class: 'link-button' }, `Hent PDF`);
              pdf.setAttribute('aria-label', `Hent ${d.number} som PDF`);
              pdf.addEventListener(
                'click',
                () =>
                  void api
                    .download(`/admin/invoices/${encodeURIComponent(d.number)}/pdf`, `${d.number}.pdf`)
                    .catch((e: unknown) =>
                      say(e instanceof Error ? e.message : 'PDF kunne ikke hentes.', true),
                    ),
              );
              return h(
                'tr',
                {},
                h('td', {}, d.number),
                h(
                  'td',
                  {},
                  d.kind === 'invoice' ? 'Faktura' : `Kreditnota${d.credits ? ` for ${d.credits}` : ''}`,
                ),
                h('td', {}, formatDate(d.issueDate)),
                h('td', { class: 'number' }, formatKroner(d.total)),
                h('td', {}, pdf),
              );
            }),
          ),
        ),
    h('h3', {}, 'Sendte mails'),
    mailHistory.length === 0
      ? h('p', {}, 'Ingen endnu.')
      : h(
          'table',
          { class: 'plain' },
          h('thead', {}, h('tr', {}, ...['Sendt', 'Emne', 'Til'].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            {},
            mailHistory.map((m) =>
              h(
                'tr',
                {},
                h('td', {}, formatInstant(m.sentAt)),
                h('td', {}, m.subject),
                h('td', {}, m.to.join(', ')),
              ),
            ),
          ),
        ),
  );
  if (notice) say(notice);
  return section;
}

function participantList(participants: readonly Participant[]): HTMLElement {
  return h(
    'div',
    {},
    h('h3', {}, 'Deltagere'),
    h(
      'ul',
      {},
      participants.map((p) => h('li', {}, `${p.name} (${p.email})`)),
    ),
  );
}

const PARTICIPANT_FIELDS = [
  { key: 'name', label: 'Navn' },
  { key: 'email', label: 'E-mail' },
  { key: 'jobTitle', label: 'Stilling' },
  { key: 'dietaryNeeds', label: 'Kosthensyn' },
] as const;

/** The participants as editable rows: add, remove, change, then save once. */
function participantEditor(
  initial: readonly Participant[],
  status: string,
  save: (participants: Record<string, string>[]) => Promise<FieldProblem[]>,
): HTMLElement {
  let rows: Record<string, string>[] = initial.map((p) => ({
    name: p.name,
    email: p.email,
    jobTitle: p.jobTitle ?? '',
    dietaryNeeds: p.dietaryNeeds ?? '',
  }));
  const list = h('div', {});
  const read = () => {
    rows = rows.map((row, i) =>
      Object.fromEntries(
        PARTICIPANT_FIELDS.map(({ key }) => [
          key,
          (document.getElementById(fieldId(`participants.${i}.${key}`)) as HTMLInputElement | null)?.value ??
            row[key] ??
            '',
        ]),
      ),
    );
  };
  const render = () => {
    list.replaceChildren(
      ...rows.map((row, i) => {
        const remove = h(
          'button',
          { type: 'button', class: 'link-button', 'aria-label': `Fjern deltager ${i + 1}` },
          'Fjern',
        );
        remove.addEventListener('click', () => {
          read();
          rows.splice(i, 1);
          render();
        });
        return h(
          'fieldset',
          { class: 'participant' },
          h('legend', {}, `Deltager ${i + 1}`),
          ...PARTICIPANT_FIELDS.map(({ key, label }) => {
            const id = fieldId(`participants.${i}.${key}`);
            const input = h('input', {
              id,
              type: key === 'email' ? 'email' : 'text',
              'aria-describedby': `${id}-error`,
            });
            input.value = row[key] ?? '';
            return h(
              'div',
              { class: 'field' },
              h('label', { for: id }, label),
              input,
              h('p', { class: 'field-error', id: `${id}-error`, hidden: true }),
            );
          }),
          rows.length > 1 ? remove : null,
        );
      }),
    );
  };
  const add = h('button', { type: 'button', class: 'secondary' }, 'Tilføj deltager');
  add.addEventListener('click', () => {
    read();
    rows.push({ name: '', email: '', jobTitle: '', dietaryNeeds: '' });
    render();
    document.getElementById(fieldId(`participants.${rows.length - 1}.name`))?.focus();
  });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Gem deltagere');
  const form = h(
    'form',
    { class: 'participant-editor', novalidate: true, 'aria-labelledby': 'deltagere-titel' },
    h('h3', { id: 'deltagere-titel' }, 'Deltagere'),
    h(
      'p',
      { class: 'hint' },
      status === 'confirmed'
        ? 'Ændres prisen, krediteres fakturaen, og der sendes en ny. Nye deltagere får velkomstbrev, fjernede får besked.'
        : 'Nye deltagere får velkomstbrev, fjernede får besked.',
    ),
    list,
    add,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    read();
    for (const error of form.querySelectorAll<HTMLElement>('.field-error')) error.hidden = true;
    const problems = await save(
      rows.map((row) => Object.fromEntries(Object.entries(row).filter(([, v]) => v.trim() !== ''))),
    );
    for (const problem of problems) {
      const error = document.getElementById(`${fieldId(problem.path)}-error`);
      if (error) {
        error.textContent = problem.message;
        error.hidden = false;
      }
    }
    if (problems[0]) document.getElementById(fieldId(problems[0].path))?.focus();
  });
  render();
  return form;
}
