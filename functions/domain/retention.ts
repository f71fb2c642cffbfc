import type { Course } from './course.ts';
import type { Invoice } from './invoice.ts';
import type { Registration } from './registration.ts';
import { copenhagenInstant, endOfCopenhagenDay, formatDateInCopenhagen } from './time.ts';

/** Days after a course's last session that its participants' and contacts' data is kept, unless set. */
export const DEFAULT_PERSONAL_DATA_RETENTION_DAYS = 180;

/**
 * Bookkeeping material is kept for five years from the end of the financial year it concerns
 * (bogføringsloven § 12). The organiser is a municipality, whose financial year is the calendar year.
 */
export const BOOKKEEPING_YEARS = 5;

/** What stands where a removed name stood: the documents kept for the books still read as whole. */
export const REMOVED = 'Slettet';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether removing the registration's people has begun (or is done): it may then no longer change. */
export function personalDataGone(registration: {
  personalDataRemovalFrom?: string;
  personalDataRemovedAt?: string;
}): boolean {
  return (
    registration.personalDataRemovalFrom !== undefined || registration.personalDataRemovedAt !== undefined
  );
}

/** When the course's last session ends (a span of days ends with its last day). */
export function lastSessionEnd(course: Pick<Course, 'sessions'>): Date {
  const ends = course.sessions.map((session) =>
    session.when.type === 'timed'
      ? copenhagenInstant(session.when.date, session.when.end)
      : endOfCopenhagenDay(session.when.to),
  );
  return new Date(Math.max(...ends.map((end) => end.getTime())));
}

/** When the course's personal data is due for removal. */
export function personalDataRemovalDue(course: Pick<Course, 'sessions'>, retentionDays: number): Date {
  return new Date(lastSessionEnd(course).getTime() + retentionDays * DAY_MS);
}

/** Whether the course's personal data is due for removal at `now`. */
export function personalDataExpired(
  course: Pick<Course, 'sessions'>,
  retentionDays: number,
  now: Date,
): boolean {
  return now.getTime() >= personalDataRemovalDue(course, retentionDays).getTime();
}

/**
 * When the books may let go of documents dated on these days (YYYY-MM-DD): the first moment after the
 * bookkeeping period of the latest of them. Without dates, the period runs from `fallback`'s year.
 */
export function endOfBookkeeping(dates: readonly string[], fallback: Date): Date {
  const years = dates.map((date) => Number(date.slice(0, 4)));
  const latest = years.length > 0 ? Math.max(...years) : Number(formatDateInCopenhagen(fallback).slice(0, 4));
  return copenhagenInstant(`${latest + BOOKKEEPING_YEARS + 1}-01-01`);
}

/**
 * The registration without the people in it: what the library bought stays (the library, its EAN and
 * reference, how many took part, the price and the ledger); names, addresses, phones, job titles, diets,
 * the comment, the coordinator's note, and the recipients of its mails go.
 */
export function withoutPersonalData<
  H extends { to: string[]; dedupeKey: string },
  C extends { removed: unknown[] },
>(registration: Pick<Registration, 'participants'> & { mailHistory?: H[]; participantChanges?: C[] }) {
  return {
    contact: { name: REMOVED, email: '', phone: '' },
    leader: { name: REMOVED, email: '' },
    participants: registration.participants.map((_, i) => ({ name: `Deltager ${i + 1}`, email: '' })),
    mailHistory: (registration.mailHistory ?? []).map((entry) => ({
      ...entry,
      to: [],
      dedupeKey: withoutAddresses(entry.dedupeKey),
    })),
    participantChanges: (registration.participantChanges ?? []).map((change) => ({ ...change, removed: [] })),
    /** Removed outright: free text that may name anyone, and the invoice mailbox. */
    remove: ['invoiceEmail', 'comment', 'cancellationReason'] as const,
  };
}

/** A mail's key names its recipient where there is one per person (`welcome#<id>#<address>`). */
function withoutAddresses(dedupeKey: string): string {
  return dedupeKey
    .split('#')
    .map((part) => (part.includes('@') ? REMOVED.toLowerCase() : part))
    .join('#');
}

/** An invoice or credit note kept for the books with the buying library's data only. */
export function invoiceWithoutContactPerson(invoice: Invoice): Invoice {
  return {
    ...invoice,
    buyer: { ...invoice.buyer, contactName: '', contactEmail: '' },
    buyerReference: REMOVED,
  };
}

/** Whether a document has already been stripped of its contact person. */
export function invoiceKeepsContactPerson(invoice: Invoice): boolean {
  return (
    invoice.buyer.contactName !== '' ||
    invoice.buyer.contactEmail !== '' ||
    invoice.buyerReference !== REMOVED
  );
}
