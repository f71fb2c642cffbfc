import type { FieldProblem } from '#domain/errors.ts';
import { fieldId, h } from '../../src/dom.ts';
import { ApiRefusal } from './admin-api.ts';

type Control = HTMLInputElement | HTMLSelectElement;

/** Where the error for the API path `path` is shown: `<id of the path>-error`. */
export function errorSlot(path: string): HTMLParagraphElement {
  return h('p', { class: 'field-error', id: `${fieldId(path)}-error`, hidden: true });
}

/**
 * A control labelled for the API path it edits: its id is the path's (`slots.0.date` → `f-slots-0-date`),
 * so a refusal's field problem is shown under it and read out with it.
 */
export function labelled(
  path: string,
  label: string,
  control: Control,
  options: { hiddenLabel?: boolean; hint?: string } = {},
): HTMLDivElement {
  const id = fieldId(path);
  control.id = id;
  control.setAttribute('aria-describedby', options.hint ? `${id}-hint ${id}-error` : `${id}-error`);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id, class: options.hiddenLabel ? 'visually-hidden' : undefined }, label),
    control,
    options.hint ? h('p', { class: 'hint', id: `${id}-hint` }, options.hint) : null,
    errorSlot(path),
  );
}

export function input(type: string, value: string, attributes: Record<string, string | undefined> = {}) {
  const element = h('input', { type, ...attributes });
  element.value = value;
  return element;
}

export function select(
  options: { value: string; text: string; disabled?: boolean }[],
  selected: string,
): HTMLSelectElement {
  const element = h(
    'select',
    {},
    options.map((o) => h('option', { value: o.value, disabled: o.disabled }, o.text)),
  );
  element.value = selected;
  return element;
}

export function clearProblems(root: HTMLElement): void {
  for (const error of root.querySelectorAll<HTMLElement>('.field-error')) {
    error.hidden = true;
    error.textContent = '';
  }
  for (const invalid of root.querySelectorAll('[aria-invalid]')) invalid.removeAttribute('aria-invalid');
}

/**
 * Shows each problem at its field within `root` and focuses the first such field; returns the problems
 * that have no place there, for the message above the form.
 */
export function showProblems(root: HTMLElement, problems: readonly FieldProblem[]): FieldProblem[] {
  const unplaced: FieldProblem[] = [];
  let first: HTMLElement | undefined;
  for (const problem of problems) {
    const id = fieldId(problem.path);
    const slot = root.querySelector<HTMLElement>(`#${CSS.escape(`${id}-error`)}`);
    if (!slot) {
      unplaced.push(problem);
      continue;
    }
    slot.textContent = slot.hidden ? problem.message : `${slot.textContent} ${problem.message}`;
    slot.hidden = false;
    const control = root.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
    control?.setAttribute('aria-invalid', 'true');
    first ??= control ?? slot;
  }
  if (first) {
    if (first.tabIndex < 0 && !first.matches('input, select, button, textarea')) first.tabIndex = -1;
    first.focus();
  }
  return unplaced;
}

/**
 * A view's messages: a refusal in an alert (with the problems that have no field of their own), and what
 * was done in a status line.
 */
export class Messages {
  private readonly alert = h('div', { class: 'message error', role: 'alert', hidden: true, tabindex: '-1' });
  private readonly status = h('p', { class: 'message', role: 'status', hidden: true, tabindex: '-1' });
  readonly element = h('div', { class: 'messages' }, this.alert, this.status);

  error(text: string, details: readonly string[] = []): void {
    this.status.hidden = true;
    this.alert.replaceChildren(h('p', {}, text));
    if (details.length > 0) {
      this.alert.append(
        h(
          'ul',
          {},
          details.map((d) => h('li', {}, d)),
        ),
      );
    }
    this.alert.hidden = false;
  }

  /** Says what was done; `focus` when the control that did it was just replaced by the new view. */
  done(text: string, focus = false): void {
    this.alert.hidden = true;
    this.status.textContent = text;
    this.status.hidden = false;
    if (focus) this.status.focus();
  }

  clear(): void {
    this.alert.hidden = true;
    this.status.hidden = true;
  }

  /**
   * Shows a refusal of a form's input: each problem at its field within `form`, the rest in the alert,
   * which takes the focus when no field did.
   */
  refused(form: HTMLElement, refusal: { message: string; fields: readonly FieldProblem[] }): void {
    const unplaced = showProblems(form, refusal.fields);
    this.error(
      refusal.message,
      unplaced.map((f) => f.message),
    );
    if (unplaced.length === refusal.fields.length) this.focusAlert();
  }

  /** Focuses the alert, for a refusal that has no field to focus. */
  focusAlert(): void {
    if (!this.alert.hidden) this.alert.focus();
  }
}

/**
 * Runs a request of a view's. A refusal from the API is the view's to show (returned); anything else (signed
 * out, the network) goes to the dashboard's error handling.
 */
export async function attempt<T>(
  request: () => Promise<T>,
  onError: (error: unknown) => void,
): Promise<{ ok: true; value: T } | { ok: false; refusal: ApiRefusal } | undefined> {
  try {
    return { ok: true, value: await request() };
  } catch (error) {
    if (error instanceof ApiRefusal) return { ok: false, refusal: error };
    onError(error);
    return undefined;
  }
}

/** Marks a button busy while its request is under way, as the login does; a second press meanwhile is ignored. */
export async function busy(button: HTMLButtonElement, work: () => Promise<void>): Promise<void> {
  if (button.getAttribute('aria-disabled') === 'true') return;
  button.setAttribute('aria-disabled', 'true');
  try {
    return await work();
  } finally {
    button.removeAttribute('aria-disabled');
  }
}
