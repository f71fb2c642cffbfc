import { readFileSync } from 'node:fs';
import { type Course, parseCourse } from '#domain/course.ts';
import type { Seller } from '#domain/invoice.ts';

export const SEED_COURSE_FILE = new URL('../../courses/samskabelse-2016.json', import.meta.url);

export function seedCourse(): Course {
  return parseCourse(JSON.parse(readFileSync(SEED_COURSE_FILE, 'utf8')), 'courses/samskabelse-2016.json');
}

/** A copy of the seed course with another id and, optionally, other facts (e.g. a capacity). */
export function courseVariant(id: string, changes: Partial<Course> = {}): Course {
  return { ...seedCourse(), id, ...changes };
}

/** Instants on Copenhagen clocks around the seed course's deadline (Monday 8 February 2016). */
export const WHILE_OPEN = new Date('2016-01-20T10:00:00+01:00');
export const LAST_MINUTE = new Date('2016-02-08T23:59:59+01:00');
export const AFTER_DEADLINE = new Date('2016-02-09T00:00:00+01:00');

/** EANs with valid GS1 check digits, one per test library. */
export const VALID_EANS = [
  '5798000000001',
  '5798000000018',
  '5798000000025',
  '5798000000032',
  '5798000000049',
];

export function registrationBody(overrides: Record<string, unknown> = {}, participantCount = 1) {
  return {
    library: {
      name: 'Silkeborg Bibliotekerne',
      municipality: 'Silkeborg',
      address: 'Hostrupsgade 41',
      postalCode: '8600',
      city: 'Silkeborg',
      ean: VALID_EANS[0],
      cvr: '29189781',
    },
    contact: { name: 'Anne Østergård', email: 'anne@example.dk', phone: '+45 12 34 56 78' },
    leader: { name: 'Bent Ærø', email: 'bent@example.dk' },
    participants: Array.from({ length: participantCount }, (_, i) => ({
      name: `Åse Møller ${i + 1}`,
      email: `deltager${i + 1}@example.dk`,
      jobTitle: 'Bibliotekar',
      dietaryNeeds: i === 0 ? 'Vegetar' : '',
    })),
    invoiceEmail: 'faktura@example.dk',
    invoiceReference: 'PO-4711',
    comment: '',
    consent: true,
    ...overrides,
  };
}

export function withLibrary(body: ReturnType<typeof registrationBody>, library: Record<string, unknown>) {
  return { ...body, library: { ...body.library, ...library } };
}

/** The organiser as invoice seller (example CVR and bank account). */
export const EXAMPLE_SELLER: Seller = {
  name: 'Centralbibliotek / Herning Bibliotekerne',
  street: 'Østergade 8',
  postalCode: '7400',
  city: 'Herning',
  cvr: '29189919',
  email: 'kursus@example.dk',
  bankRegNo: '1234',
  bankAccountNo: '0001234567',
};

/** The n-th of a series of distinct EANs with valid GS1 check digits (for tests needing many libraries). */
export function validEan(n: number, prefix = '579800'): string {
  const body = `${prefix}${String(n).padStart(12 - prefix.length, '0')}`;
  const sum = [...body].reverse().reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}
