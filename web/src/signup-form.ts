import type { FieldProblem } from '#domain/errors.ts';
import { HONEYPOT_FIELD } from '#domain/registration.ts';
import { byId, fieldId, h } from './dom.ts';
import {
  commentField,
  contactFields,
  type FieldSpec,
  invoiceFields,
  leaderFields,
  libraryFields,
  participantFields,
} from './fields.ts';

type Body = Record<string, unknown>;

/** The form's own markup and state: reading it as an API body, filling it from one, marking problems. */
export class SignupForm {
  readonly element: HTMLFormElement;
  private readonly participantList: HTMLOListElement;
  private readonly addButton: HTMLButtonElement;
  private readonly summary: HTMLDivElement;
  private readonly submitButton: HTMLButtonElement;
  private readonly status: HTMLParagraphElement;
  private participantCount = 0;

  constructor(
    private readonly maxParticipants: number,
    submitLabel: string,
    private readonly onParticipantsChanged: (count: number) => void,
    priceBox: HTMLElement,
  ) {
    this.summary = h('div', { class: 'error-summary', id: 'fejl', tabindex: '-1', hidden: true });
    this.participantList = h('ol', { class: 'participants', id: 'deltagere' });
    this.addButton = h(
      'button',
      { type: 'button', class: 'secondary', id: 'tilfoej-deltager' },
      'Tilføj deltager',
    );
    this.addButton.addEventListener('click', () => this.addParticipant());
    this.submitButton = h('button', { type: 'submit', class: 'primary', id: 'send' }, submitLabel);
    this.status = h('p', { class: 'submit-status', role: 'status', 'aria-live': 'polite' });

    this.element = h(
      'form',
      { id: 'tilmelding', novalidate: true, 'aria-labelledby': 'tilmelding-titel' },
      h('h2', { id: 'tilmelding-titel' }, 'Tilmelding'),
      h('p', { class: 'note' }, 'Alle felter skal udfyldes, medmindre der står (valgfrit).'),
      this.summary,
      fieldset('Bibliotek', libraryFields),
      fieldset('Kontaktperson', contactFields, 'Den, vi skriver til om tilmeldingen.'),
      fieldset('Leder', leaderFields, 'Lederen er med til at finde deltagernes prøvehandlinger.'),
      h(
        'fieldset',
        { class: 'participants-group', 'aria-describedby': 'f-participants-hint f-participants-error' },
        h('legend', {}, 'Deltagere'),
        h(
          'p',
          { class: 'hint', id: 'f-participants-hint' },
          `Op til ${maxParticipants} deltagere pr. bibliotek.`,
        ),
        h('p', { class: 'field-error', id: 'f-participants-error', hidden: true }),
        this.participantList,
        this.addButton,
      ),
      fieldset('Faktura', invoiceFields),
      h('fieldset', {}, h('legend', {}, 'Andet'), field(commentField)),
      honeypot(),
      h(
        'div',
        { class: 'field checkbox' },
        h('input', {
          type: 'checkbox',
          id: fieldId('consent'),
          'data-path': 'consent',
          required: true,
          'aria-describedby': `${fieldId('consent')}-error`,
        }),
        h(
          'label',
          { for: fieldId('consent') },
          'Vi giver samtykke til, at Herning Bibliotekerne behandler de indtastede personoplysninger for at afvikle kurset.',
        ),
        h('p', { class: 'field-error', id: `${fieldId('consent')}-error`, hidden: true }),
      ),
      priceBox,
      h('div', { class: 'actions' }, this.submitButton, this.status),
    );
    this.renderParticipants([{}]);
  }

  get participants(): number {
    return this.participantCount;
  }

  /** The form as the API body: every field under its path; optional fields empty as "" (the API drops them). */
  read(): Body {
    const body: Body = {};
    for (const control of this.controls()) {
      const path = control.dataset.path;
      if (!path) continue;
      const value =
        control instanceof HTMLInputElement && control.type === 'checkbox' ? control.checked : control.value;
      setAt(body, path, value);
    }
    return body;
  }

  /** Puts a body back into the form (after a reload in the middle of sending, or a refused submit). */
  fill(body: Body): void {
    const participants = Array.isArray(body.participants) ? body.participants : [{}];
    this.renderParticipants(participants.slice(0, this.maxParticipants).map(() => ({})));
    for (const control of this.controls()) {
      const path = control.dataset.path;
      if (!path) continue;
      const value = getAt(body, path);
      if (control instanceof HTMLInputElement && control.type === 'checkbox')
        control.checked = value === true;
      else control.value = typeof value === 'string' ? value : '';
    }
    this.onParticipantsChanged(this.participantCount);
  }

  /**
   * Marks each problem at its field and lists them all at the top. With `moveFocus`, focus goes to the
   * first marked field, so keyboard and screen-reader users land where the first fix is needed.
   */
  showProblems(problems: FieldProblem[], message: string, moveFocus: boolean): void {
    this.clearProblems();
    const items: HTMLLIElement[] = [];
    for (const problem of problems) {
      const id = fieldId(problem.path);
      const control = document.getElementById(id);
      const errorText = document.getElementById(`${id}-error`);
      if (control && control.dataset.path !== undefined) control.setAttribute('aria-invalid', 'true');
      if (errorText?.hidden) {
        errorText.textContent = problem.message;
        errorText.hidden = false;
      }
      const label = labelOf(problem.path);
      const target = control ?? errorText;
      items.push(
        h(
          'li',
          { 'data-path': problem.path },
          target
            ? h('a', { href: `#${target.id}` }, label ? `${label}: ${problem.message}` : problem.message)
            : problem.message,
        ),
      );
    }
    this.summary.replaceChildren(h('h3', {}, message), items.length > 0 ? h('ul', {}, items) : '');
    this.summary.hidden = false;
    this.summary.setAttribute('role', 'alert');
    if (!moveFocus) return;
    const first = this.element.querySelector<HTMLElement>('[aria-invalid="true"]');
    (first ?? this.summary).focus();
  }

  /**
   * Unmarks the fields that are right now, leaving the rest as they are: used while the person corrects
   * the form, so fixed fields turn calm without new errors popping up under their hands.
   */
  resolve(remaining: FieldProblem[]): void {
    const stillWrong = new Set(remaining.map((p) => p.path));
    for (const control of this.element.querySelectorAll<HTMLElement>('[aria-invalid="true"]')) {
      const path = control.dataset.path ?? '';
      if (stillWrong.has(path)) continue;
      control.removeAttribute('aria-invalid');
      const errorText = document.getElementById(`${control.id}-error`);
      if (errorText) {
        errorText.hidden = true;
        errorText.textContent = '';
      }
      this.summary.querySelector(`li[data-path="${CSS.escape(path)}"]`)?.remove();
    }
    if (!this.summary.querySelector('li')) this.clearProblems();
  }

  clearProblems(): void {
    this.summary.hidden = true;
    this.summary.removeAttribute('role');
    this.summary.replaceChildren();
    for (const control of this.element.querySelectorAll('[aria-invalid]'))
      control.removeAttribute('aria-invalid');
    for (const text of this.element.querySelectorAll<HTMLElement>('.field-error')) {
      text.hidden = true;
      text.textContent = '';
    }
  }

  /** While sending, further submits are ignored (the button stays focusable, so focus is not lost). */
  setBusy(busy: boolean, text = ''): void {
    this.element.setAttribute('aria-busy', String(busy));
    this.submitButton.setAttribute('aria-disabled', String(busy));
    this.status.textContent = text;
  }

  private controls() {
    return this.element.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('[data-path]');
  }

  private addParticipant(): void {
    if (this.participantCount >= this.maxParticipants) return;
    const values = this.participantValues();
    this.renderParticipants([...values, {}]);
    byId(fieldId(`participants.${this.participantCount - 1}.name`)).focus();
    this.onParticipantsChanged(this.participantCount);
  }

  private removeParticipant(index: number): void {
    if (this.participantCount <= 1) return;
    const values = this.participantValues().filter((_, i) => i !== index);
    this.renderParticipants(values);
    byId(fieldId(`participants.${Math.min(index, this.participantCount - 1)}.name`)).focus();
    this.onParticipantsChanged(this.participantCount);
  }

  private participantValues(): Record<string, string>[] {
    const rows: Record<string, string>[] = [];
    for (let i = 0; i < this.participantCount; i++) {
      const row: Record<string, string> = {};
      for (const spec of participantFields(i)) {
        const key = spec.path.split('.').at(-1) ?? '';
        row[key] = (document.getElementById(fieldId(spec.path)) as HTMLInputElement | null)?.value ?? '';
      }
      rows.push(row);
    }
    return rows;
  }

  /** Rows are rebuilt from values, so names, ids and labels always follow the row's position. */
  private renderParticipants(values: Record<string, string>[]): void {
    this.participantCount = values.length;
    this.participantList.replaceChildren(
      ...values.map((row, i) => {
        const remove = h(
          'button',
          { type: 'button', class: 'link remove', 'aria-label': `Fjern deltager ${i + 1}` },
          'Fjern',
        );
        remove.addEventListener('click', () => this.removeParticipant(i));
        remove.hidden = values.length <= 1;
        const fields = participantFields(i).map((spec) =>
          field(spec, row[spec.path.split('.').at(-1) ?? '']),
        );
        return h(
          'li',
          {},
          h('fieldset', { class: 'participant' }, h('legend', {}, `Deltager ${i + 1}`), fields, remove),
        );
      }),
    );
    const full = this.participantCount >= this.maxParticipants;
    this.addButton.hidden = full;
  }
}

function fieldset(legend: string, specs: FieldSpec[], hint?: string): HTMLFieldSetElement {
  return h(
    'fieldset',
    {},
    h('legend', {}, legend),
    hint ? h('p', { class: 'hint' }, hint) : null,
    specs.map((s) => field(s)),
  );
}

function field(spec: FieldSpec, value = ''): HTMLDivElement {
  const id = fieldId(spec.path);
  const describedBy = [spec.hint && `${id}-hint`, `${id}-error`].filter(Boolean).join(' ');
  const attributes = {
    id,
    name: spec.path,
    'data-path': spec.path,
    autocomplete: spec.autocomplete ?? 'off',
    inputmode: spec.inputmode,
    maxlength: spec.maxlength === undefined ? undefined : String(spec.maxlength),
    required: !spec.optional,
    'aria-describedby': describedBy,
  };
  const control =
    spec.type === 'textarea'
      ? h('textarea', { ...attributes, rows: '3' })
      : h('input', {
          ...attributes,
          type: spec.type ?? 'text',
          spellcheck: spec.type === 'email' ? 'false' : undefined,
        });
  control.value = value;
  return h(
    'div',
    { class: 'field' },
    h(
      'label',
      { for: id },
      spec.label,
      spec.optional ? h('span', { class: 'optional' }, ' (valgfrit)') : null,
    ),
    spec.hint ? h('p', { class: 'hint', id: `${id}-hint` }, spec.hint) : null,
    control,
    h('p', { class: 'field-error', id: `${id}-error`, hidden: true }),
  );
}

/**
 * A field people never meet: off-screen, out of the tab order, hidden from screen readers, and not
 * autofilled. A bot that fills it gets its registration refused by the API.
 */
function honeypot(): HTMLDivElement {
  return h(
    'div',
    { class: 'trap', 'aria-hidden': 'true' },
    h('label', { for: 'f-website' }, 'Lad dette felt være tomt'),
    h('input', {
      id: 'f-website',
      type: 'text',
      'data-path': HONEYPOT_FIELD,
      tabindex: '-1',
      autocomplete: 'off',
    }),
  );
}

/** "Deltager 2 – E-mail" for `participants.1.email`: how the error summary names a field. */
function labelOf(path: string): string | undefined {
  const control = document.getElementById(fieldId(path));
  const label = control && document.querySelector<HTMLLabelElement>(`label[for="${control.id}"]`);
  const text = label?.firstChild?.textContent ?? undefined;
  if (path === 'participants') return 'Deltagere';
  if (path === 'consent') return 'Samtykke';
  // "Navn" alone is ambiguous between contact, leader and participants: the group's legend tells which.
  const group = control?.closest('fieldset')?.querySelector('legend')?.textContent;
  return group && text ? `${group} – ${text}` : text;
}

function setAt(target: Body, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: Record<string, unknown> | unknown[] = target;
  keys.forEach((key, i) => {
    const last = i === keys.length - 1;
    const slot = /^\d+$/.test(key) ? Number(key) : key;
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[slot] = value;
      return;
    }
    const nextIsIndex = /^\d+$/.test(keys[i + 1] ?? '');
    container[slot] ??= nextIsIndex ? [] : {};
    node = container[slot] as Record<string, unknown>;
  });
}

function getAt(source: unknown, path: string): unknown {
  let node = source;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
