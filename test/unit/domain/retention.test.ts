import { describe, expect, it } from 'vitest';
import { buildInvoice } from '#domain/invoice.ts';
import {
  endOfBookkeeping,
  invoiceKeepsContactPerson,
  invoiceWithoutContactPerson,
  lastSessionEnd,
  personalDataExpired,
  withoutPersonalData,
} from '#domain/retention.ts';
import { courseVariant, EXAMPLE_SELLER, seedCourse } from '../../support/fixtures.ts';
import { aRegistration } from '../../support/registrations.ts';

describe("a course's retention period", () => {
  const course = seedCourse();

  it('runs from the end of its last session, day 3 at 16.00 in Herning', () => {
    expect(lastSessionEnd(course)).toEqual(new Date('2016-08-25T16:00:00+02:00'));
  });

  it('ends the configured number of days later, to the minute', () => {
    // 180 × 24 hours after 25 August 16.00 summer time: 15.00 winter time.
    const due = new Date('2017-02-21T15:00:00+01:00');
    expect(personalDataExpired(course, 180, new Date(due.getTime() - 60_000))).toBe(false);
    expect(personalDataExpired(course, 180, due)).toBe(true);
  });

  it('counts a session that spans days to the end of its last day', () => {
    const spanning = courseVariant('spaend', {
      sessions: [
        {
          ...course.sessions[0],
          when: { type: 'span', from: '2016-06-13', to: '2016-06-17' },
        } as (typeof course.sessions)[number],
      ],
    });
    expect(lastSessionEnd(spanning)).toEqual(new Date('2016-06-18T00:00:00+02:00'));
  });
});

describe('the bookkeeping period of kept invoices', () => {
  it('ends five years after the end of the year of the latest document', () => {
    const end = endOfBookkeeping(['2016-02-10', '2017-03-01'], new Date('2020-01-01T00:00:00Z'));
    expect(end).toEqual(new Date('2023-01-01T00:00:00+01:00'));
  });

  it('runs from the year of removal for a registration that was never invoiced', () => {
    expect(endOfBookkeeping([], new Date('2017-02-21T15:00:00Z'))).toEqual(
      new Date('2023-01-01T00:00:00+01:00'),
    );
  });
});

describe('a registration without its people', () => {
  const registration = {
    ...aRegistration({}, { participantCount: 3 }),
    mailHistory: [
      {
        dedupeKey: 'welcome#r#aase@example.dk',
        kind: 'confirmation',
        to: ['anne@example.dk'],
        subject: 'Tilmelding modtaget',
        messageId: 'm-1',
        sentAt: '2016-01-20T09:00:01.000Z',
      },
    ],
    participantChanges: [
      { version: 2, at: '2016-02-01T10:00:00.000Z', removed: [{ name: 'Åse', email: 'a@example.dk' }] },
    ],
  };
  const removal = withoutPersonalData(registration);

  it('names no contact, leader or participant, and keeps how many took part', () => {
    expect(removal.contact).toEqual({ name: 'Slettet', email: '', phone: '' });
    expect(removal.leader).toEqual({ name: 'Slettet', email: '' });
    expect(removal.participants).toEqual([
      { name: 'Deltager 1', email: '' },
      { name: 'Deltager 2', email: '' },
      { name: 'Deltager 3', email: '' },
    ]);
  });

  it('keeps which mails were sent and which changes were made, but not to whom', () => {
    expect(removal.mailHistory).toEqual([
      { ...registration.mailHistory[0], to: [], dedupeKey: 'welcome#r#slettet' },
    ]);
    expect(removal.participantChanges).toEqual([{ version: 2, at: '2016-02-01T10:00:00.000Z', removed: [] }]);
  });

  it('drops the free texts and the invoice mailbox outright', () => {
    expect(removal.remove).toEqual(['invoiceEmail', 'comment', 'cancellationReason']);
  });
});

describe('an invoice kept for the books', () => {
  const invoice = buildInvoice(seedCourse(), aRegistration(), EXAMPLE_SELLER, {
    sequence: 1,
    issueDate: '2016-02-10',
  });
  const kept = invoiceWithoutContactPerson(invoice);

  it('holds the buying library, its EAN and its order reference, and no person', () => {
    expect(kept.buyer).toEqual({ ...invoice.buyer, contactName: '', contactEmail: '' });
    expect(kept.buyerReference).toBe('Slettet');
    expect(kept.orderReference).toBe(invoice.orderReference);
    expect(kept.total).toBe(invoice.total);
  });

  it('is recognised as already stripped, so a repeated run leaves it be', () => {
    expect(invoiceKeepsContactPerson(invoice)).toBe(true);
    expect(invoiceKeepsContactPerson(kept)).toBe(false);
  });
});
