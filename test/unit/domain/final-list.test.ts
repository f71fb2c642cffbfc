import { describe, expect, it } from 'vitest';
import type { Course } from '#domain/course.ts';
import { courseTotals, type FinalListRegistration, finalListCsv } from '#domain/final-list.ts';
import { courseVariant, seedCourse, VALID_EANS } from '../../support/fixtures.ts';
import { aRegistration } from '../../support/registrations.ts';

interface Person {
  name: string;
  email: string;
  jobTitle?: string;
  dietaryNeeds?: string;
}

function libraryRegistration(
  n: number,
  library: string,
  participants: Person[],
  status: FinalListRegistration['status'] = 'confirmed',
  course: Course = seedCourse(),
): FinalListRegistration {
  const registration = aRegistration({ id: `reg-${n}` }, { course, participantCount: participants.length });
  return {
    ...registration,
    status,
    library: {
      ...registration.library,
      name: library,
      municipality: `Kommune ${n}`,
      ean: VALID_EANS[n] ?? '',
    },
    contact: { ...registration.contact, name: `Kontakt ${n}`, email: `kontakt${n}@example.dk` },
    participants,
  };
}

/** The CSV's lines without the byte order mark (no field in these tests holds a line break). */
const linesOf = (csv: string) => csv.slice(1).split('\r\n');

const vejle = libraryRegistration(1, 'Vejle Bibliotekerne', [
  { name: 'Bo Ørsted', email: 'bo@example.dk', jobTitle: 'Bibliotekar', dietaryNeeds: 'Vegetar' },
  { name: 'Anne Æbelø', email: 'anne@example.dk' },
]);
const aero = libraryRegistration(2, 'Ærø Bibliotek', [{ name: 'Åse Møller', email: 'aase@example.dk' }]);
const aarhus = libraryRegistration(3, 'Århus Bibliotekerne', [{ name: 'Carl', email: 'carl@example.dk' }]);

describe('the final list as CSV', () => {
  const course = seedCourse();

  it('starts with a byte order mark, separates fields with semicolons and ends lines with CRLF', () => {
    const csv = finalListCsv(course, [vejle]);
    expect(csv.startsWith('\uFEFFBibliotek;Kommune;EAN;Deltager;E-mail;Stilling;Kosthensyn;')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('has one row per confirmed participant, libraries in Danish alphabetical order (Æ before Å)', () => {
    const lines = linesOf(finalListCsv(course, [aarhus, aero, vejle]));
    expect(lines.slice(0, 5)).toEqual([
      'Bibliotek;Kommune;EAN;Deltager;E-mail;Stilling;Kosthensyn;Kontaktperson;Kontaktpersonens e-mail',
      `Vejle Bibliotekerne;Kommune 1;${VALID_EANS[1]};Anne Æbelø;anne@example.dk;;;Kontakt 1;kontakt1@example.dk`,
      `Vejle Bibliotekerne;Kommune 1;${VALID_EANS[1]};Bo Ørsted;bo@example.dk;Bibliotekar;Vegetar;Kontakt 1;kontakt1@example.dk`,
      `Ærø Bibliotek;Kommune 2;${VALID_EANS[2]};Åse Møller;aase@example.dk;;;Kontakt 2;kontakt2@example.dk`,
      `Århus Bibliotekerne;Kommune 3;${VALID_EANS[3]};Carl;carl@example.dk;;;Kontakt 3;kontakt3@example.dk`,
    ]);
  });

  it('leaves out waitlisted and cancelled registrations, in the rows and in the totals', () => {
    const csv = finalListCsv(course, [
      vejle,
      { ...aero, status: 'waitlisted' },
      { ...aarhus, status: 'cancelled' },
    ]);
    expect(csv).not.toContain('Ærø');
    expect(csv).not.toContain('Århus');
    expect(linesOf(csv)).toContain('Biblioteker;1;;;;;;;');
  });

  it('sums libraries, participants, books to order, catering and dietary needs after an empty row', () => {
    const lines = linesOf(finalListCsv(course, [aarhus, aero, vejle]));
    expect(lines.slice(5)).toEqual([
      ';;;;;;;;',
      'Biblioteker;3;;;;;;;',
      'Deltagere;4;;;;;;;',
      'Bøger at bestille;4;;;;;;;',
      'Forplejning (antal);4;;;;;;;',
      'Deltagere med kosthensyn;1;;;;;;;',
      '',
    ]);
  });

  it('quotes a field holding a semicolon, a quote or a line break, doubling the quotes', () => {
    const odd = libraryRegistration(1, 'Bibliotek; "Filial" Nord', [
      { name: 'Åse', email: 'aase@example.dk', dietaryNeeds: 'Ingen nødder\nog ingen gluten' },
    ]);
    const csv = finalListCsv(course, [odd]);
    expect(csv).toContain('"Bibliotek; ""Filial"" Nord";Kommune 1;');
    expect(csv).toContain(';"Ingen nødder\nog ingen gluten";');
  });

  it('keeps a spreadsheet from running text from the public form as a formula', () => {
    const csv = finalListCsv(course, [
      libraryRegistration(1, '=HYPERLINK("http://example.dk")', [
        { name: '+Åse', email: 'aase@example.dk', jobTitle: '-1', dietaryNeeds: '@SUM(A1)' },
      ]),
    ]);
    const row = linesOf(csv)[1] ?? '';
    expect(row.startsWith(`"'=HYPERLINK(""http://example.dk"")";`)).toBe(true);
    expect(row).toContain(";'+Åse;aase@example.dk;'-1;'@SUM(A1);");
  });

  it('is only the header and zero totals when nobody is registered', () => {
    expect(linesOf(finalListCsv(course, []))).toEqual([
      'Bibliotek;Kommune;EAN;Deltager;E-mail;Stilling;Kosthensyn;Kontaktperson;Kontaktpersonens e-mail',
      ';;;;;;;;',
      'Biblioteker;0;;;;;;;',
      'Deltagere;0;;;;;;;',
      'Bøger at bestille;0;;;;;;;',
      'Forplejning (antal);0;;;;;;;',
      'Deltagere med kosthensyn;0;;;;;;;',
      '',
    ]);
  });
});

describe('the course totals', () => {
  it('order as many books as the course hands out per participant', () => {
    const twoBooks = courseVariant('to-boeger', { book: { ...seedCourse().book, perParticipant: 2 } });
    expect(courseTotals(twoBooks, [vejle, aero])).toMatchObject({ participants: 3, booksToOrder: 6 });
  });

  it('count confirmed and waitlisted apart and cancelled nowhere', () => {
    const totals = courseTotals(seedCourse(), [
      vejle,
      { ...aero, status: 'waitlisted' },
      { ...aarhus, status: 'cancelled' },
    ]);
    expect(totals).toEqual({
      libraries: 1,
      participants: 2,
      booksToOrder: 2,
      cateringCount: 2,
      withDietaryNeeds: 1,
      waitlistedLibraries: 1,
      waitlistedParticipants: 1,
    });
  });
});
