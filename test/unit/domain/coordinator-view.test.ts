import { describe, expect, it } from 'vitest';
import { coordinatorTotals, ParticipantExport, participantsCsv } from '#domain/coordinator-view.ts';
import { registrationBody, seedCourse } from '../../support/fixtures.ts';
import { aRegistration } from '../../support/registrations.ts';

const course = seedCourse();
/** Body overrides changing only the library, so the participant count still comes from the options. */
const library = (changes: Record<string, string>) => ({
  library: { ...registrationBody().library, ...changes },
});

const confirmed = aRegistration(
  {
    id: 'a',
    createdAt: '2016-01-20T09:00:00.000Z',
    invoiceNumber: 'KURSUS-0001',
    documents: [{ number: 'KURSUS-0001', kind: 'invoice', total: 1220000, issueDate: '2016-01-20' }],
  } as never,
  { participantCount: 3 },
);
const waitlisted = aRegistration(
  { id: 'b', status: 'waitlisted', createdAt: '2016-01-21T09:00:00.000Z' },
  { participantCount: 2, body: library({ name: 'Ærø Bibliotek', ean: '5798000000018' }) },
);
const cancelled = aRegistration(
  {
    id: 'c',
    status: 'cancelled',
    createdAt: '2016-01-19T09:00:00.000Z',
    documents: [
      { number: 'KURSUS-0002', kind: 'invoice', total: 1070000, issueDate: '2016-01-19' },
      {
        number: 'KREDIT-0001',
        kind: 'credit-note',
        total: 1070000,
        issueDate: '2016-01-25',
        credits: 'KURSUS-0002',
      },
    ],
  } as never,
  { participantCount: 1 },
);

describe('the coordinator totals', () => {
  it('count confirmed people, books and catering, group dietary needs, and keep the waitlist apart', () => {
    const vegetarian = aRegistration(
      { id: 'd' },
      { participantCount: 2, body: library({ ean: '5798000000025' }) },
    );
    vegetarian.participants[1] = { ...vegetarian.participants[1], dietaryNeeds: ' vegetar ' } as never;
    const totals = coordinatorTotals(course, [confirmed, waitlisted, cancelled, vegetarian]);
    expect(totals).toMatchObject({
      libraries: 2,
      participants: 5,
      booksToOrder: 5,
      cateringCount: 5,
      waitlistedLibraries: 1,
      waitlistedParticipants: 2,
      cancelledLibraries: 1,
      dietaryNeeds: [{ needs: 'Vegetar', participants: 3 }],
    });
  });

  it('add up what was invoiced and credited, what is outstanding, and what is not invoiced yet', () => {
    const uninvoiced = aRegistration({ id: 'e' }, { participantCount: 1 });
    const totals = coordinatorTotals(course, [confirmed, waitlisted, cancelled, uninvoiced]);
    expect(totals).toMatchObject({
      invoiced: 1220000 + 1070000,
      credited: 1070000,
      outstanding: 1220000,
      notYetInvoiced: 1070000,
    });
  });
});

describe('the participant export for Danish Excel', () => {
  const csv = participantsCsv([waitlisted, cancelled, confirmed]);
  const bytes = Buffer.from(csv, 'utf8');
  const lines = csv.slice(1).split('\r\n');

  it('starts with a UTF-8 byte order mark and separates fields with semicolons and lines with CRLF', () => {
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(lines[0]).toBe(
      'Status;Bibliotek;Kommune;EAN;Deltager;E-mail;Stilling;Kosthensyn;Kontaktperson;Kontaktpersonens e-mail;Ordrenummer;Fakturanummer;Fakturabeløb (kr.);Tilmeldt',
    );
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('comes out the same when the registrations arrive a page at a time, confirmed still first', () => {
    const paged = new ParticipantExport();
    paged.add([waitlisted]);
    paged.add([cancelled, confirmed]);
    expect(paged.toString()).toBe(csv);
  });

  it('writes one row per participant, confirmed first, with the invoice as a number Excel can sum', () => {
    const rows = lines.slice(1, -1).map((line) => line.split(';'));
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => r[0])).toEqual([
      'Bekræftet',
      'Bekræftet',
      'Bekræftet',
      'Venteliste',
      'Venteliste',
    ]);
    expect(rows[0]).toEqual([
      'Bekræftet',
      'Silkeborg Bibliotekerne',
      'Silkeborg',
      '5798000000001',
      'Åse Møller 1',
      'deltager1@example.dk',
      'Bibliotekar',
      'Vegetar',
      'Anne Østergård',
      'anne@example.dk',
      'PO-4711',
      'KURSUS-0001',
      '12200,00',
      '2016-01-20',
    ]);
    expect(rows[3]?.[1]).toBe('Ærø Bibliotek');
    expect(rows[3]?.[11]).toBe('');
  });

  it('keeps Danish letters intact as UTF-8 bytes', () => {
    expect(bytes.includes(Buffer.from('Ærø Bibliotek', 'utf8'))).toBe(true);
    expect(bytes.includes(Buffer.from([0xc3, 0x86]))).toBe(true); // Æ
  });

  it('neutralises formulas and quotes fields that hold the separator', () => {
    const hostile = aRegistration(
      { id: 'f' },
      { body: library({ name: '=HYPERLINK("http://x";"klik")', ean: '5798000000032' }) },
    );
    const [, row] = participantsCsv([hostile]).slice(1).split('\r\n');
    expect(row?.startsWith(`Bekræftet;"'=HYPERLINK(""http://x"";""klik"")";`)).toBe(true);
  });
});
