import type { Course } from './course.ts';
import { danishExcelCsv } from './csv.ts';
import type { ReminderRegistration } from './reminders.ts';

/**
 * The coordinator's final list after the signup deadline: one row per confirmed participant, then the
 * totals the coordinator orders by (books, catering). Pure: the caller attaches it to a mail.
 */

export type FinalListRegistration = Pick<
  ReminderRegistration,
  'id' | 'status' | 'library' | 'contact' | 'participants'
>;

export interface CourseTotals {
  /** Confirmed libraries and their participants. */
  libraries: number;
  participants: number;
  /** participants × the course book per participant. */
  booksToOrder: number;
  /** Every confirmed participant eats: the catering count. */
  cateringCount: number;
  /** Confirmed participants who gave dietary needs. */
  withDietaryNeeds: number;
  waitlistedLibraries: number;
  waitlistedParticipants: number;
}

/** The totals of the registrations so far (cancelled ones count nowhere). */
export function courseTotals(course: Course, registrations: readonly FinalListRegistration[]): CourseTotals {
  const confirmed = registrations.filter((r) => r.status === 'confirmed');
  const waitlisted = registrations.filter((r) => r.status === 'waitlisted');
  const participants = confirmed.flatMap((r) => r.participants);
  return {
    libraries: confirmed.length,
    participants: participants.length,
    booksToOrder: participants.length * course.book.perParticipant,
    cateringCount: participants.length,
    withDietaryNeeds: participants.filter((p) => (p.dietaryNeeds ?? '').trim() !== '').length,
    waitlistedLibraries: waitlisted.length,
    waitlistedParticipants: waitlisted.reduce((sum, r) => sum + r.participants.length, 0),
  };
}

const HEADER = [
  'Bibliotek',
  'Kommune',
  'EAN',
  'Deltager',
  'E-mail',
  'Stilling',
  'Kosthensyn',
  'Kontaktperson',
  'Kontaktpersonens e-mail',
];

/**
 * The final list as CSV for Danish Excel (see csv.ts). Rows are sorted by library, then participant (Danish order); the
 * totals follow after an empty row, every row padded to the same number of fields.
 */
export function finalListCsv(course: Course, registrations: readonly FinalListRegistration[]): string {
  const collator = new Intl.Collator('da');
  const rows = registrations
    .filter((r) => r.status === 'confirmed')
    .flatMap((r) =>
      r.participants.map((p) => [
        r.library.name,
        r.library.municipality,
        r.library.ean,
        p.name,
        p.email,
        p.jobTitle ?? '',
        p.dietaryNeeds ?? '',
        r.contact.name,
        r.contact.email,
      ]),
    )
    .sort((a, b) => collator.compare(a[0] ?? '', b[0] ?? '') || collator.compare(a[3] ?? '', b[3] ?? ''));
  const totals = courseTotals(course, registrations);
  const summary = [
    [],
    ['Biblioteker', String(totals.libraries)],
    ['Deltagere', String(totals.participants)],
    ['Bøger at bestille', String(totals.booksToOrder)],
    ['Forplejning (antal)', String(totals.cateringCount)],
    ['Deltagere med kosthensyn', String(totals.withDietaryNeeds)],
  ];
  return danishExcelCsv([HEADER, ...rows, ...summary]);
}
