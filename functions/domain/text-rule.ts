import * as z from 'zod/mini';
import type { FieldProblem } from './errors.ts';

/**
 * The one rule for text that enters the system: it is stored, mailed, printed and written into XML (the
 * OIOUBL invoice), so it must be text that can travel. Refused are the characters no person types:
 * - lone surrogates (JSON's `"\ud800"` escape survives JSON.parse as one, and cannot be encoded as UTF-8);
 * - Unicode noncharacters (U+FDD0–U+FDEF and the last two code points of every plane, U+FFFE and U+FFFF
 *   among them, which XML 1.0 does not allow at all);
 * - U+FFFD, the replacement character: what invalid UTF-8 bytes have become by the time a body is a string
 *   (decoding replaces them, locally as in API Gateway), so refusing it refuses the invalid bytes;
 * - the control characters XML 1.0 cannot carry (all below U+0020 but tab, line feed and carriage return).
 */

export const CONTROL_CHARACTER_MESSAGE = 'Feltet må ikke indeholde kontroltegn.';
export const BROKEN_CHARACTER_MESSAGE =
  'Feltet indeholder et ugyldigt tegn (ofte fra kopieret tekst): skriv teksten igen uden det.';

const BROKEN_CHARACTER = /[\p{Surrogate}\p{Noncharacter_Code_Point}\uFFFD]/u;
const XML_FORBIDDEN_CONTROL = /[^\P{Cc}\t\n\r\u007F-\u009F]/u;

/** Why a text cannot travel, as the Danish message for its field; undefined when it can. */
export function textFault(text: string): string | undefined {
  if (BROKEN_CHARACTER.test(text)) return BROKEN_CHARACTER_MESSAGE;
  if (XML_FORBIDDEN_CONTROL.test(text)) return CONTROL_CHARACTER_MESSAGE;
  return undefined;
}

/** The rule's broken characters as a zod check, for schemas a browser runs too (the signup form). */
export const wholeCharacters = z.refine<string>(
  (value) => !BROKEN_CHARACTER.test(value),
  BROKEN_CHARACTER_MESSAGE,
);

/** A body naming more broken fields than any form has is not from a form: say enough to mark the form. */
const MAX_PROBLEMS = 50;

/**
 * Every text in a parsed JSON body that cannot travel, keys included, each by its path as the field
 * problems name it (`library.name`, `participants.0.name`). The body's depth is bounded before this runs.
 */
export function textProblemsIn(body: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const visit = (value: unknown, at: readonly string[]) => {
    if (problems.length >= MAX_PROBLEMS) return;
    if (typeof value === 'string') {
      const message = textFault(value);
      if (message) problems.push({ path: at.join('.'), message });
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      const message = textFault(key);
      if (message) problems.push({ path: [...at, key].join('.'), message });
      else visit(child, [...at, key]);
    }
  };
  visit(body, []);
  return problems.slice(0, MAX_PROBLEMS);
}
