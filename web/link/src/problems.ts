import type { FieldProblem } from '#domain/errors.ts';
import { h } from '../../src/dom.ts';

/** Where a problem's path is shown: its control, the text under it, and the name the summary gives it. */
export interface ProblemTarget {
  control: HTMLElement;
  errorText: HTMLElement;
  label: string;
  /** Said before the message, e.g. "Linje 2: " for the second partner. */
  prefix?: string;
}

/**
 * Marks each problem at its field and lists them all in the summary (role=alert), as the signup form
 * does. With `moveFocus`, focus goes to the first marked field, else to the summary.
 */
export function showProblems(
  scope: HTMLElement,
  summary: HTMLElement,
  problems: FieldProblem[],
  message: string,
  targetOf: (path: string) => ProblemTarget | undefined,
  moveFocus: boolean,
): void {
  clearProblems(scope, summary);
  const items = problems.map((problem) => {
    const target = targetOf(problem.path);
    if (!target) return h('li', { 'data-path': problem.path }, problem.message);
    const text = `${target.prefix ?? ''}${problem.message}`;
    target.control.setAttribute('aria-invalid', 'true');
    target.errorText.textContent = target.errorText.hidden ? text : `${target.errorText.textContent} ${text}`;
    target.errorText.hidden = false;
    return h(
      'li',
      { 'data-path': problem.path },
      h('a', { href: `#${target.control.id}` }, `${target.label}: ${text}`),
    );
  });
  summary.replaceChildren(h('h2', {}, message), items.length > 0 ? h('ul', {}, items) : '');
  summary.hidden = false;
  summary.setAttribute('role', 'alert');
  if (!moveFocus) return;
  const first = scope.querySelector<HTMLElement>('[aria-invalid="true"]');
  (first ?? summary).focus();
}

/** A refusal that belongs to no field: said in the summary alone. */
export function showRefusal(summary: HTMLElement, message: string, moveFocus: boolean): void {
  summary.replaceChildren(h('p', {}, message));
  summary.hidden = false;
  summary.setAttribute('role', 'alert');
  if (moveFocus) summary.focus();
}

/**
 * Unmarks one field that is right now, leaving the others as they are: a fixed field turns calm as the
 * person corrects it, without new errors popping up under their hands.
 */
export function resolveProblem(scope: HTMLElement, summary: HTMLElement, control: HTMLElement): void {
  control.removeAttribute('aria-invalid');
  const errorText = document.getElementById(`${control.id}-error`);
  if (errorText) {
    errorText.hidden = true;
    errorText.textContent = '';
  }
  for (const link of summary.querySelectorAll(`a[href="#${CSS.escape(control.id)}"]`))
    link.closest('li')?.remove();
  if (!summary.querySelector('li')) clearProblems(scope, summary);
}

export function clearProblems(scope: HTMLElement, summary: HTMLElement): void {
  summary.hidden = true;
  summary.removeAttribute('role');
  summary.replaceChildren();
  for (const control of scope.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  for (const text of scope.querySelectorAll<HTMLElement>('.field-error')) {
    text.hidden = true;
    text.textContent = '';
  }
}
