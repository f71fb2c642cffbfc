import * as z from 'zod/mini';
import { ValidationError } from './errors.ts';
import type { Registration, RegistrationStatus } from './registration.ts';
import { danishMessages } from './validation-messages.ts';

/** The coordinator's list filters, from the query string (all optional). */
export const registrationQuerySchema = z.strictObject({
  status: z.optional(
    z.enum(['confirmed', 'waitlisted', 'cancelled'], {
      error: 'Status skal være confirmed, waitlisted eller cancelled.',
    }),
  ),
  q: z.optional(z.string().check(z.trim(), z.maxLength(200, 'Søgeteksten må højst være 200 tegn.'))),
  limit: z._default(
    z.coerce
      .number({ error: 'Antal skal være et tal.' })
      .check(
        z.refine(Number.isInteger, 'Antal skal være et helt tal.'),
        z.minimum(1, 'Antal skal være mindst 1.'),
        z.maximum(200, 'Antal må højst være 200.'),
      ),
    50,
  ),
  cursor: z.optional(z.string().check(z.maxLength(500, 'Ugyldig cursor.'))),
});

export interface RegistrationQuery {
  status?: RegistrationStatus;
  /** Lower-cased search text; a registration matches if any of its names, addresses or its EAN holds it. */
  q?: string;
  limit: number;
  /** The registration id the previous page ended with. */
  after?: string;
}

export function parseRegistrationQuery(parameters: Record<string, string | undefined>): RegistrationQuery {
  const result = registrationQuerySchema.safeParse(parameters, { error: danishMessages });
  if (!result.success) {
    throw new ValidationError(
      result.error.issues.map((issue) => ({
        path: issue.code === 'unrecognized_keys' ? issue.keys.join(',') : issue.path.map(String).join('.'),
        message: issue.code === 'unrecognized_keys' ? 'Ukendt parameter.' : issue.message,
      })),
    );
  }
  const { status, q, limit, cursor } = result.data;
  return {
    ...(status && { status }),
    ...(q && { q: normalise(q) }),
    limit,
    ...(cursor !== undefined && { after: decodeCursor(cursor) }),
  };
}

/**
 * Cursors are opaque to callers (base64url), so the key layout can change without breaking a dashboard,
 * and a cursor that does not decode to a registration id is refused rather than passed to DynamoDB.
 */
export function encodeCursor(registrationId: string): string {
  return toBase64Url(`reg:${registrationId}`);
}

function decodeCursor(cursor: string): string {
  const decoded = /^[\w-]+$/.test(cursor) ? fromBase64Url(cursor) : '';
  const id = /^reg:([0-9a-f-]{36})$/.exec(decoded)?.[1];
  if (!id) throw new ValidationError([{ path: 'cursor', message: 'Ugyldig cursor.' }]);
  return id;
}

// btoa/atob rather than Buffer: the same code runs in Lambda and type-checks for the browser pages.
function toBase64Url(text: string): string {
  return btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  try {
    return atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  } catch {
    return '';
  }
}

function normalise(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('da');
}

type Searchable = Pick<Registration, 'status' | 'library' | 'contact' | 'leader' | 'participants'>;

export function matchesQuery(
  registration: Searchable,
  query: Pick<RegistrationQuery, 'status' | 'q'>,
): boolean {
  if (query.status && registration.status !== query.status) return false;
  if (!query.q) return true;
  const { library, contact, leader, participants } = registration;
  const haystack = [
    library.name,
    library.municipality,
    library.city,
    library.ean,
    contact.name,
    contact.email,
    leader.name,
    leader.email,
    ...participants.flatMap((p) => [p.name, p.email]),
  ];
  const needle = query.q;
  return haystack.some((text) => normalise(text).includes(needle));
}
