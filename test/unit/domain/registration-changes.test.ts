import { describe, expect, it } from 'vitest';
import { buildCreditNote, buildInvoice } from '#domain/invoice.ts';
import { ledgerLineOf } from '#domain/ledger.ts';
import { priceRegistration } from '#domain/pricing.ts';
import {
  creditNoteFor,
  decideCancellation,
  decideParticipantChange,
  decidePromotion,
  decideSignup,
  hasRoom,
  type RegistrationAsRead,
} from '#domain/registration-changes.ts';
import { EXAMPLE_SELLER, seedCourse } from '../../support/fixtures.ts';
import { aRegistration } from '../../support/registrations.ts';

const course = seedCourse();
const AT = new Date('2016-01-21T10:00:00.000Z');

const read = (overrides: Partial<RegistrationAsRead> = {}, participantCount = 2): RegistrationAsRead => ({
  ...aRegistration({}, { participantCount }),
  owedVersion: 3,
  ...overrides,
});

describe('a signup', () => {
  const registration = aRegistration({}, { participantCount: 3 });

  it('is confirmed if its participants fit, and must then find the seats free and nobody waiting', () => {
    const decision = decideSignup(registration, 10);
    expect(decision.status).toBe('confirmed');
    expect(decision.counters).toEqual({ confirmedParticipants: 3, confirmedLibraries: 1 });
    expect(decision.room).toEqual({ counter: 'confirmedParticipants', atMost: 7 });
    expect(decision.queueMustBeEmpty).toBe(true);
  });

  it('waits, counted on the waitlist, when the capacity refused it', () => {
    const decision = decideSignup(registration, 10, 'waitlist');
    expect(decision.status).toBe('waitlisted');
    expect(decision.counters).toEqual({ waitlistedParticipants: 3, waitlistedLibraries: 1 });
    expect(decision.room).toBeUndefined();
    expect(decision.queueMustBeEmpty).toBe(false);
  });

  it('goes straight to the waitlist when it is larger than the whole course', () => {
    expect(decideSignup(registration, 2).status).toBe('waitlisted');
  });

  it('is confirmed without a check on a course with no capacity', () => {
    const decision = decideSignup(registration, undefined);
    expect(decision.status).toBe('confirmed');
    expect(decision.room).toBeUndefined();
  });

  it('owes its first work from the moment it was made, as version 1', () => {
    expect(decideSignup(registration, 10).owed).toEqual({ since: registration.createdAt, version: 1 });
  });
});

describe('a cancellation', () => {
  it("frees the confirmed library's seats and credits the invoice that stood", () => {
    const decision = decideCancellation(read({ invoiceNumber: 'KURSUS-0007' }), { at: AT, reason: 'Sygdom' });
    expect(decision).toEqual({
      cancelledAt: AT.toISOString(),
      reason: 'Sygdom',
      credit: 'KURSUS-0007',
      counters: { confirmedParticipants: -2, confirmedLibraries: -1 },
      owed: { since: AT.toISOString(), version: 4 },
    });
  });

  it('takes a waiting library out of the queue, with nothing to credit', () => {
    const decision = decideCancellation(read({ status: 'waitlisted' }), { at: AT });
    expect(decision.counters).toEqual({ waitlistedParticipants: -2, waitlistedLibraries: -1 });
    expect(decision.credit).toBeUndefined();
    expect(decision.reason).toBeUndefined();
  });

  it('owes its mails as version 1 when nothing was owed before', () => {
    expect(decideCancellation(read({ owedVersion: undefined }), { at: AT }).owed.version).toBe(1);
  });
});

describe('a change of participants', () => {
  const three = read({ invoiceNumber: 'KURSUS-0007' }, 3);
  const change = (participants: RegistrationAsRead['participants'], capacity = 10) => ({
    participants,
    price: priceRegistration(course, participants.length),
    capacity,
    at: AT,
  });

  it('credits the invoice when the price moves (so the new price is invoiced afresh), and names who left', () => {
    const decision = decideParticipantChange(three, change(three.participants.slice(0, 2)));
    const left = three.participants[2];
    expect(decision.credit).toBe('KURSUS-0007');
    expect(decision.counters).toEqual({ confirmedParticipants: -1 });
    expect(decision.room).toBeUndefined();
    expect(decision.record).toEqual({
      version: 4,
      at: AT.toISOString(),
      removed: [{ name: left?.name, email: left?.email }],
      credited: 'KURSUS-0007',
    });
  });

  it('keeps the invoice and the counters when only names change', () => {
    const renamed = three.participants.map((p) => ({ ...p, name: `${p.name} Ny` }));
    const decision = decideParticipantChange(three, change(renamed));
    expect(decision.credit).toBeUndefined();
    expect(decision.counters).toEqual({});
    expect(decision.record.removed).toEqual([]);
  });

  it('needs room for the added participants when a confirmed registration grows', () => {
    const grown = [...three.participants, { ...three.participants[0], name: 'Ny', email: 'ny@example.dk' }];
    const decision = decideParticipantChange(three, change(grown as RegistrationAsRead['participants'], 10));
    expect(decision.counters).toEqual({ confirmedParticipants: 1 });
    expect(decision.room).toEqual({ counter: 'confirmedParticipants', atMost: 9 });
  });

  it('needs no room when a waiting registration grows: it counts on the waitlist', () => {
    const waiting = read({ status: 'waitlisted' }, 1);
    const grown = [...waiting.participants, { ...waiting.participants[0], email: 'ny@example.dk' }];
    const decision = decideParticipantChange(waiting, change(grown as RegistrationAsRead['participants']));
    expect(decision.counters).toEqual({ waitlistedParticipants: 1 });
    expect(decision.room).toBeUndefined();
  });
});

describe('a promotion from the waitlist', () => {
  it('moves the library and its participants from the waitlist to the confirmed, if they fit now', () => {
    const decision = decidePromotion(read({ status: 'waitlisted' }), 4, AT);
    expect(decision.counters).toEqual({
      confirmedParticipants: 2,
      confirmedLibraries: 1,
      waitlistedParticipants: -2,
      waitlistedLibraries: -1,
    });
    expect(decision.room).toEqual({ counter: 'confirmedParticipants', atMost: 2 });
    expect(decision.owed).toEqual({ since: AT.toISOString(), version: 4 });
    expect(decision.promotedAt).toBe(AT.toISOString());
  });

  it('fits while the confirmed participants leave the room, and not one past it', () => {
    const { room } = decidePromotion(read({ status: 'waitlisted' }), 4, AT);
    expect(hasRoom({ confirmedParticipants: 2 }, room)).toBe(true);
    expect(hasRoom({ confirmedParticipants: 3 }, room)).toBe(false);
    expect(hasRoom({}, room)).toBe(true);
  });
});

describe('crediting an invoice', () => {
  const registration = aRegistration();
  const invoice = buildInvoice(course, registration, EXAMPLE_SELLER, {
    sequence: 7,
    issueDate: '2016-01-21',
  });
  const note = buildCreditNote(invoice, { sequence: 3, issueDate: '2016-01-22', series: 'KURSUS-K' });

  it('adds a ledger line that names the invoice it credits', () => {
    expect(ledgerLineOf(note)).toEqual({
      number: note.number,
      kind: 'credit-note',
      total: invoice.total,
      issueDate: '2016-01-22',
      credits: invoice.number,
    });
  });

  it('is done once: the credit note already issued for the invoice is found again', () => {
    const documents = [ledgerLineOf(invoice), ledgerLineOf(note)];
    expect(creditNoteFor({ documents }, invoice.number)?.number).toBe(note.number);
    expect(creditNoteFor({ documents: [ledgerLineOf(invoice)] }, invoice.number)).toBeUndefined();
  });
});
