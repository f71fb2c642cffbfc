import { describe, expect, it } from 'vitest';
import type { ValidationError } from '#domain/errors.ts';
import { buildCreditNote, buildInvoice, creditNoteSeries } from '#domain/invoice.ts';
import { ledgerTotals } from '#domain/ledger.ts';
import { parseParticipants } from '#domain/registration.ts';
import { EXAMPLE_SELLER, seedCourse } from '../../support/fixtures.ts';
import { aRegistration } from '../../support/registrations.ts';

const course = seedCourse();
const problems = (raw: unknown) => {
  try {
    parseParticipants(raw, course);
    return [];
  } catch (error) {
    return (error as ValidationError).fields;
  }
};

describe('a new participant list for an existing registration', () => {
  it('is normalised as at signup: trimmed, addresses in lower case, empty optional fields left out', () => {
    const [participant] = parseParticipants(
      [{ name: ' Åse Møller ', email: ' AASE@Example.DK ', jobTitle: '', dietaryNeeds: 'Vegetar' }],
      course,
    );
    expect(participant).toEqual({ name: 'Åse Møller', email: 'aase@example.dk', dietaryNeeds: 'Vegetar' });
  });

  it('names each broken field with the signup’s path and Danish message', () => {
    expect(problems([{ name: '', email: 'ikke-en-adresse', alder: 40 }])).toEqual([
      { path: 'participants.0.name', message: 'Feltet skal udfyldes.' },
      { path: 'participants.0.email', message: 'Ugyldig e-mailadresse.' },
      { path: 'participants.0.alder', message: 'Ukendt felt.' },
    ]);
  });

  it('keeps the course’s limits: at least one, at most five, no address twice', () => {
    expect(problems([])).toEqual([{ path: 'participants', message: 'Der skal være mindst én deltager.' }]);
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `P ${i}`, email: `p${i}@example.dk` }));
    expect(problems(six)).toEqual([
      { path: 'participants', message: 'Der kan højst tilmeldes 5 deltagere pr. bibliotek.' },
    ]);
    expect(problems([six[0], { ...six[1], email: 'P0@example.dk' }])).toEqual([
      { path: 'participants.1.email', message: 'Samme e-mailadresse som deltager 1.' },
    ]);
  });

  it('refuses something that is not a list, and a missing list, as a signup would', () => {
    expect(problems('Åse')).toEqual([
      { path: 'participants', message: 'Forkert type: forventede en liste.' },
    ]);
    expect(problems(undefined)).toEqual([{ path: 'participants', message: 'Feltet skal udfyldes.' }]);
  });
});

describe('the credit note of a cancellation or a price change', () => {
  const invoice = buildInvoice(course, aRegistration({}, { participantCount: 3 }), EXAMPLE_SELLER, {
    sequence: 7,
    issueDate: '2016-01-20',
  });
  const note = buildCreditNote(invoice, {
    sequence: 1,
    issueDate: '2016-02-01',
    series: creditNoteSeries(invoice.series),
  });

  it('is numbered in the credit notes’ own series beside the invoices’: KURSUS-K-0001', () => {
    expect(note).toMatchObject({ kind: 'credit-note', series: 'KURSUS-K', number: 'KURSUS-K-0001' });
  });

  it('credits the whole invoice, dated the day it is issued, with nothing falling due later', () => {
    expect(note).toMatchObject({
      creditsInvoiceNumber: 'KURSUS-0007',
      total: invoice.total,
      lines: invoice.lines,
      issueDate: '2016-02-01',
      dueDate: '2016-02-01',
    });
  });

  it('leaves nothing outstanding once it stands beside its invoice in the ledger', () => {
    const ledger = {
      price: { total: invoice.total },
      createdAt: '2016-01-20T09:00:00.000Z',
      documents: [
        { number: invoice.number, kind: 'invoice' as const, total: invoice.total, issueDate: '2016-01-20' },
        {
          number: note.number,
          kind: 'credit-note' as const,
          total: note.total,
          issueDate: '2016-02-01',
          credits: invoice.number,
        },
      ],
    };
    expect(ledgerTotals([ledger])).toEqual({ invoiced: 1220000, credited: 1220000, outstanding: 0 });
  });
});
