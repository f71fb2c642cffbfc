import { caseInputSchema } from '#domain/case-work.ts';
import type { FieldProblem } from '#domain/errors.ts';
import { danishMessages } from '#domain/validation-messages.ts';
import { fieldId, h } from '../../src/dom.ts';
import type { FieldSpec } from '../../src/fields.ts';
import { type CaseBody, type LinkCase, type ParticipantLink, saveCase } from './link-api.ts';
import { deadlineText, instantText } from './link-text.ts';
import type { LinkPage } from './page.ts';
import { clearProblems, type ProblemTarget, resolveProblem, showProblems } from './problems.ts';

/** The heading of the summary when the browser itself finds a problem; the API says the same. */
const REFUSED = 'Prøvehandlingen kunne ikke gemmes: ret venligst de markerede felter.';

const titleField: FieldSpec = { path: 'title', label: 'Titel', maxlength: 120 };
const descriptionField: FieldSpec = {
  path: 'description',
  label: 'Beskrivelse',
  type: 'textarea',
  maxlength: 1500,
  hint: 'Hvad vil du afprøve, hvorfor, og hvordan ved du, om det virker?',
};
const partnersField: FieldSpec = {
  path: 'partners',
  label: 'Samarbejdspartnere',
  type: 'textarea',
  optional: true,
  hint: 'Én pr. linje, fx »Lokalhistorisk Forening«. Højst 10.',
};
const statusNoteField: FieldSpec = {
  path: 'statusNote',
  label: 'Bemærkning til status',
  type: 'textarea',
  optional: true,
  maxlength: 1000,
  hint: 'Hvordan går det, og hvad har du lært indtil nu?',
};
const LABELS: Record<string, string> = {
  title: titleField.label,
  description: descriptionField.label,
  partners: partnersField.label,
  status: 'Status',
  statusNote: statusNoteField.label,
};

/**
 * "Din prøvehandling": the participant writes the trial action (title, description, partners) before the
 * visit round and its status before the group guidance. After the course it is shown, not edited.
 */
export function showCase(page: LinkPage, view: ParticipantLink): void {
  const header = [
    h('p', { class: 'organiser' }, view.course.title),
    h('h1', { id: 'side-titel' }, 'Din prøvehandling'),
    h('p', { class: 'lead' }, `${view.participant.name}, ${view.libraryName}`),
  ];
  if (view.closed) {
    page.render(header, closedCase(view));
    return;
  }
  const form = new CaseForm(page, view);
  page.render(header, deadlines(view), form.element);
}

function deadlines({ deadlines: { caseBy, statusBy } }: ParticipantLink): HTMLElement | null {
  if (!caseBy && !statusBy) return null;
  return h(
    'section',
    { class: 'deadlines', 'aria-labelledby': 'frister-titel' },
    h('h2', { id: 'frister-titel' }, 'Frister'),
    h(
      'ul',
      {},
      caseBy
        ? h(
            'li',
            {},
            `Beskriv prøvehandlingen ${deadlineText(caseBy)}, så den kan kvalificeres ved besøget på biblioteket.`,
          )
        : null,
      statusBy
        ? h('li', {}, `Giv status på prøvehandlingen ${deadlineText(statusBy)} til gruppevejledningen.`)
        : null,
    ),
  );
}

function closedCase(view: ParticipantLink): HTMLElement[] {
  const notice = h(
    'div',
    { class: 'notice', role: 'status' },
    h('h2', {}, 'Kurset er slut'),
    h('p', {}, 'Prøvehandlingen kan ikke længere ændres. Her er den, som den blev gemt.'),
  );
  const saved = view.case;
  if (!saved) return [notice, h('p', {}, 'Der blev ikke gemt nogen prøvehandling.')];
  const status = view.statuses.find((s) => s.value === saved.status)?.label ?? saved.status;
  const item = (term: string, ...value: (Node | string)[]) =>
    h('div', {}, h('dt', {}, term), h('dd', {}, ...value));
  return [
    notice,
    h(
      'dl',
      { class: 'case-read-only' },
      item(LABELS.title ?? '', saved.title),
      item(LABELS.description ?? '', h('span', { class: 'multiline' }, saved.description)),
      saved.partners.length > 0
        ? item(
            LABELS.partners ?? '',
            h(
              'ul',
              {},
              saved.partners.map((p) => h('li', {}, p)),
            ),
          )
        : null,
      status ? item(LABELS.status ?? '', status) : null,
      saved.statusNote
        ? item(LABELS.statusNote ?? '', h('span', { class: 'multiline' }, saved.statusNote))
        : null,
    ),
    h('p', { class: 'note' }, `Senest gemt ${instantText(saved.updatedAt)}.`),
  ];
}

class CaseForm {
  readonly element: HTMLFormElement;
  private readonly summary: HTMLDivElement;
  private readonly submit: HTMLButtonElement;
  private readonly status: HTMLParagraphElement;
  private readonly savedAt: HTMLParagraphElement;
  private readonly controls: {
    title: HTMLInputElement;
    description: HTMLTextAreaElement;
    partners: HTMLTextAreaElement;
    status: HTMLSelectElement;
    statusNote: HTMLTextAreaElement;
  };
  private sending = false;
  private attempted = false;
  /** The line each sent partner came from (blank lines are dropped), for the API's `partners.N`. */
  private partnerLines: number[] = [];

  constructor(
    private readonly page: LinkPage,
    view: ParticipantLink,
  ) {
    this.summary = h('div', { class: 'error-summary', id: 'fejl', tabindex: '-1', hidden: true });
    this.submit = h('button', { type: 'submit', class: 'primary', id: 'gem' }, 'Gem');
    this.status = h('p', { class: 'submit-status', role: 'status', 'aria-live': 'polite' });
    this.savedAt = h('p', { class: 'note saved-at' });
    const title = field(titleField);
    const description = field(descriptionField, 8);
    const partners = field(partnersField, 4);
    const statusNote = field(statusNoteField, 4);
    const status = statusSelect(view);
    this.controls = {
      title: title.control as HTMLInputElement,
      description: description.control as HTMLTextAreaElement,
      partners: partners.control as HTMLTextAreaElement,
      status: status.control,
      statusNote: statusNote.control as HTMLTextAreaElement,
    };
    this.element = h(
      'form',
      { id: 'proevehandling', novalidate: true, 'aria-labelledby': 'side-titel' },
      h('p', { class: 'note' }, 'Alle felter skal udfyldes, medmindre der står (valgfrit).'),
      this.summary,
      title.element,
      description.element,
      partners.element,
      h(
        'fieldset',
        {},
        h('legend', {}, 'Status til gruppevejledningen'),
        h('p', { class: 'hint' }, 'Udfyld den, når du er gået i gang.'),
        status.element,
        statusNote.element,
      ),
      h('div', { class: 'actions' }, this.submit, this.status),
      this.savedAt,
    );
    this.fill(view.case);

    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.sending) return;
      this.attempted = true;
      void this.save();
    });
    this.element.addEventListener('input', (event) => {
      // A saved form that is edited again is no longer saved: say so once, not at every keystroke.
      if (this.status.dataset.saved === 'true') {
        this.status.dataset.saved = 'false';
        this.status.textContent = 'Ændringerne er ikke gemt endnu.';
      }
      // After a refused attempt, a field turns calm as soon as it is typed right (not when it is left: a
      // layout that shifts as focus leaves would move the button from under the click that is coming).
      const edited = event.target;
      if (!this.attempted || this.sending || !(edited instanceof HTMLElement)) return;
      if (edited.getAttribute('aria-invalid') !== 'true') return;
      const stillWrong = this.check(this.read()).some((p) => this.targetOf(p.path)?.control === edited);
      if (!stillWrong) resolveProblem(this.element, this.summary, edited);
    });
  }

  private fill(saved: LinkCase | null): void {
    const { controls } = this;
    controls.title.value = saved?.title ?? '';
    controls.description.value = saved?.description ?? '';
    controls.partners.value = (saved?.partners ?? []).join('\n');
    controls.status.value = saved?.status ?? '';
    controls.statusNote.value = saved?.statusNote ?? '';
    this.savedAt.textContent = saved ? `Senest gemt ${instantText(saved.updatedAt)}.` : '';
    this.savedAt.hidden = !saved;
  }

  /** The form as the API body: blank partner lines dropped, optional fields left out when empty. */
  private read(): CaseBody {
    const { controls } = this;
    const partners: string[] = [];
    this.partnerLines = [];
    controls.partners.value.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      partners.push(line.trim());
      this.partnerLines.push(i + 1);
    });
    const body: CaseBody = {
      title: controls.title.value,
      description: controls.description.value,
      partners,
    };
    if (controls.status.value) body.status = controls.status.value;
    if (controls.statusNote.value.trim()) body.statusNote = controls.statusNote.value;
    return body;
  }

  /** The case's own rules, as the API checks them: the browser says what it can before sending. */
  private check(body: CaseBody): FieldProblem[] {
    const parsed = caseInputSchema.safeParse(body, { error: danishMessages });
    if (parsed.success) return [];
    return parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  }

  private targetOf(path: string): ProblemTarget | undefined {
    const [name = '', index] = path.split('.');
    const control = Object.hasOwn(this.controls, name)
      ? this.controls[name as keyof CaseForm['controls']]
      : undefined;
    const errorText = control && document.getElementById(`${control.id}-error`);
    if (!control || !errorText) return undefined;
    const line = name === 'partners' && index !== undefined ? this.partnerLines[Number(index)] : undefined;
    return {
      control,
      errorText,
      label: LABELS[name] ?? name,
      prefix: line === undefined ? undefined : `Linje ${line}: `,
    };
  }

  private async save(): Promise<void> {
    const body = this.read();
    const problems = this.check(body);
    if (problems.length > 0) {
      this.status.textContent = '';
      showProblems(this.element, this.summary, problems, REFUSED, (p) => this.targetOf(p), true);
      return;
    }
    clearProblems(this.element, this.summary);
    this.sending = true;
    this.element.setAttribute('aria-busy', 'true');
    this.submit.setAttribute('aria-disabled', 'true');
    this.status.dataset.saved = 'false';
    this.status.textContent = 'Gemmer …';
    const outcome = await saveCase(this.page.config, this.page.token, body);
    this.sending = false;
    this.element.setAttribute('aria-busy', 'false');
    this.submit.setAttribute('aria-disabled', 'false');
    if (outcome.ok) {
      const { view } = outcome;
      if (view.closed) return showCase(this.page, view);
      this.fill(view.case);
      const savedAt = view.case ? ` ${instantText(view.case.updatedAt)}` : '';
      this.status.textContent = `Gemt${savedAt}.`;
      this.status.dataset.saved = 'true';
      return;
    }
    const { error } = outcome;
    if (error.status === 404) return this.page.showInvalidLink();
    this.status.textContent = '';
    showProblems(this.element, this.summary, error.fields, error.message, (p) => this.targetOf(p), true);
  }
}

/** One labelled control with its hint and its error text, tied together for screen readers. */
function field(
  spec: FieldSpec,
  rows?: number,
): { element: HTMLDivElement; control: HTMLInputElement | HTMLTextAreaElement } {
  const id = fieldId(spec.path);
  const attributes = {
    id,
    name: spec.path,
    autocomplete: 'off',
    maxlength: spec.maxlength === undefined ? undefined : String(spec.maxlength),
    required: !spec.optional,
    'aria-describedby': [spec.hint && `${id}-hint`, `${id}-error`].filter(Boolean).join(' '),
  };
  const control =
    spec.type === 'textarea'
      ? h('textarea', { ...attributes, rows: String(rows ?? 3) })
      : h('input', { ...attributes, type: 'text' });
  return { element: labelled(id, spec.label, spec.optional, spec.hint, control), control };
}

function statusSelect(view: ParticipantLink): { element: HTMLDivElement; control: HTMLSelectElement } {
  const id = fieldId('status');
  const control = h(
    'select',
    { id, name: 'status', 'aria-describedby': `${id}-error` },
    h('option', { value: '' }, 'Ikke valgt'),
    view.statuses.map((s) => h('option', { value: s.value }, s.label)),
  );
  return { element: labelled(id, LABELS.status ?? 'Status', true, undefined, control), control };
}

function labelled(
  id: string,
  label: string,
  optional: boolean | undefined,
  hint: string | undefined,
  control: HTMLElement,
): HTMLDivElement {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label, optional ? h('span', { class: 'optional' }, ' (valgfrit)') : null),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    control,
    h('p', { class: 'field-error', id: `${id}-error`, hidden: true }),
  );
}
