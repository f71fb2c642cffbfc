import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoDbStore } from '#adapters/dynamodb-fulfilment-store.ts';
import { createDocumentClient } from '#adapters/dynamodb-store.ts';
import type { StoredInvoice, StoredRegistration } from '#app/ports.ts';
import { buildCreditNote, buildInvoice } from '#domain/invoice.ts';
import { priceRegistration } from '#domain/pricing.ts';
import { EXAMPLE_SELLER, seedCourse } from '../../support/fixtures.ts';
import { aRegistration } from '../../support/registrations.ts';

const db = mockClient(DynamoDBDocumentClient);
afterEach(() => db.reset());

const store = new DynamoDbStore(createDocumentClient(), 'table');
const course = seedCourse();
const ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const AT = new Date('2016-01-21T10:00:00.000Z');

const stored = (overrides: Partial<StoredRegistration> = {}, participantCount = 2): StoredRegistration => ({
  ...aRegistration({ id: ID }, { participantCount }),
  owed: false,
  owedVersion: 3,
  ...overrides,
});

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

const transactItems = (call = 0) =>
  db.commandCalls(TransactWriteCommand)[call]?.args[0].input.TransactItems ?? [];

describe('cancelling in one transaction', () => {
  it('cancels, keeps the reason, releases the EAN, lowers the confirmed counters and leaves the invoice to be credited', async () => {
    db.on(TransactWriteCommand).resolves({});
    const outcome = await store.cancelRegistration(stored({ invoiceNumber: 'KURSUS-0007' }), {
      at: AT,
      reason: 'Sygdom',
    });
    expect(outcome).toBe('cancelled');
    const [registration, guard, counters] = transactItems();
    expect(registration?.Update?.UpdateExpression).toContain('cancellationReason = :reason');
    expect(registration?.Update?.UpdateExpression).toContain('REMOVE invoiceNumber ADD toCredit :invoice');
    expect(registration?.Update?.ConditionExpression).toBe(
      '#status = :was AND owedVersion = :read AND invoiceNumber = :number',
    );
    expect(registration?.Update?.ExpressionAttributeValues).toMatchObject({
      ':was': 'confirmed',
      ':read': 3,
      ':number': 'KURSUS-0007',
      ':invoice': new Set(['KURSUS-0007']),
      ':owed': 'OWED',
    });
    expect(guard?.Delete?.Key).toEqual({ PK: `COURSE#${course.id}`, SK: 'LIB#5798000000001' });
    expect(counters?.Update?.ExpressionAttributeNames).toEqual({
      '#participants': 'confirmedParticipants',
      '#libraries': 'confirmedLibraries',
    });
    expect(counters?.Update?.ExpressionAttributeValues).toEqual({ ':participants': -2, ':minusOne': -1 });
  });

  it('lowers the waitlist counters for a waitlisted registration, which has no invoice to credit', async () => {
    db.on(TransactWriteCommand).resolves({});
    await store.cancelRegistration(stored({ status: 'waitlisted' }), { at: AT });
    const [registration, , counters] = transactItems();
    expect(registration?.Update?.UpdateExpression).not.toContain('toCredit');
    expect(registration?.Update?.ConditionExpression).toContain('attribute_not_exists(invoiceNumber)');
    expect(counters?.Update?.ExpressionAttributeNames?.['#participants']).toBe('waitlistedParticipants');
  });

  it('answers "changed" when the registration moved on since it was read, so the caller reads again', async () => {
    db.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    expect(await store.cancelRegistration(stored(), { at: AT })).toBe('changed');
  });
});

describe('changing participants in one transaction', () => {
  const three = stored({}, 3);
  const change = (participants: StoredRegistration['participants']) => ({
    participants,
    price: priceRegistration(course, participants.length),
    capacity: 10,
    at: AT,
  });

  it('leaves the standing invoice to be credited when the price moves, and records who was removed', async () => {
    db.on(TransactWriteCommand).resolves({});
    const kept = three.participants.slice(0, 2);
    await store.changeParticipants({ ...three, invoiceNumber: 'KURSUS-0007' }, change(kept));
    const [registration, counters] = transactItems();
    expect(registration?.Update?.UpdateExpression).toContain('REMOVE invoiceNumber ADD toCredit :invoice');
    expect(registration?.Update?.ConditionExpression).toBe('owedVersion = :read AND invoiceNumber = :number');
    expect(registration?.Update?.ExpressionAttributeValues?.[':change']).toEqual([
      {
        version: 4,
        at: AT.toISOString(),
        removed: [{ name: three.participants[2]?.name, email: three.participants[2]?.email }],
        credited: 'KURSUS-0007',
      },
    ]);
    expect(counters?.Update?.ExpressionAttributeValues).toEqual({ ':delta': -1 });
    expect(counters?.Update?.ConditionExpression).toBeUndefined();
  });

  it('keeps the invoice when only names change, and then leaves the counters alone', async () => {
    db.on(TransactWriteCommand).resolves({});
    const renamed = three.participants.map((p) => ({ ...p, name: `${p.name} Ny` }));
    await store.changeParticipants({ ...three, invoiceNumber: 'KURSUS-0007' }, change(renamed));
    const items = transactItems();
    expect(items).toHaveLength(1);
    expect(items[0]?.Update?.UpdateExpression).not.toContain('toCredit');
  });

  it('checks the capacity when a confirmed registration grows, answering "no-room" when it is full', async () => {
    db.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
    const grown = [...three.participants, { name: 'Ny', email: 'ny@example.dk' }];
    expect(await store.changeParticipants(three, change(grown))).toBe('no-room');
    const counters = transactItems()[1]?.Update;
    expect(counters?.ConditionExpression).toContain('#participants <= :room');
    expect(counters?.ExpressionAttributeValues).toEqual({ ':delta': 1, ':room': 9 });
  });

  it('answers "changed" when an invoice was issued or the list changed meanwhile', async () => {
    db.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    expect(await store.changeParticipants(three, change(three.participants.slice(0, 1)))).toBe('changed');
  });
});

describe('moving a waiting library up', () => {
  it('confirms it only as read and only if its participants fit, moving the counters with it', async () => {
    db.on(TransactWriteCommand).resolves({});
    expect(await store.promote(stored({ status: 'waitlisted' }), 4, AT)).toBe('promoted');
    const [registration, counters] = transactItems();
    expect(registration?.Update?.ConditionExpression).toBe('#status = :waitlisted AND owedVersion = :read');
    expect(counters?.Update?.ExpressionAttributeValues).toMatchObject({ ':n': 2, ':room': 2 });
  });

  it('tells a full course ("no-room") from a registration that moved on ("changed")', async () => {
    db.on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'ConditionalCheckFailed'))
      .rejectsOnce(cancelled('ConditionalCheckFailed', 'None'));
    expect(await store.promote(stored({ status: 'waitlisted' }), 4, AT)).toBe('no-room');
    expect(await store.promote(stored({ status: 'waitlisted' }), 4, AT)).toBe('changed');
  });
});

describe('issuing invoices and credit notes', () => {
  const registration = stored();
  const render = (sequence: number): StoredInvoice => ({
    invoice: buildInvoice(course, registration, EXAMPLE_SELLER, { sequence, issueDate: '2016-01-21' }),
    oioubl: '<Invoice/>',
  });

  it('invoices only the price the registration still has, so a change saved meanwhile is never invoiced wrong', async () => {
    db.on(GetCommand).resolves({ Item: { lastNumber: 6 } });
    db.on(TransactWriteCommand).resolves({});
    const issued = await store.issueInvoice(registration, 'KURSUS', render);
    expect(issued.invoice.number).toBe('KURSUS-0007');
    const mark = transactItems()[2]?.Update;
    expect(mark?.ConditionExpression).toContain('#price.#total = :total');
    expect(mark?.ExpressionAttributeValues).toMatchObject({
      ':total': registration.price.total,
      ':participants': 2,
      ':line': [
        { number: 'KURSUS-0007', kind: 'invoice', total: registration.price.total, issueDate: '2016-01-21' },
      ],
    });
  });

  it('numbers a credit note in its own series and takes the invoice out of those to credit in the same transaction', async () => {
    const invoice = render(7).invoice;
    db.on(GetCommand).resolves({ Item: { lastNumber: 2 } });
    db.on(TransactWriteCommand).resolves({});
    const note = await store.issueCreditNote(
      { ...registration, toCredit: ['KURSUS-0007'] },
      'KURSUS-0007',
      'KURSUS-K',
      (sequence) => ({
        invoice: buildCreditNote(invoice, { sequence, issueDate: '2016-01-22', series: 'KURSUS-K' }),
        oioubl: '<CreditNote/>',
      }),
    );
    expect(note.invoice.number).toBe('KURSUS-K-0003');
    const [series, item, mark] = transactItems();
    expect(series?.Update?.Key).toEqual({ PK: 'SERIES#KURSUS-K', SK: 'SERIES' });
    expect(item?.Put?.Item).toMatchObject({ PK: 'INVOICE#KURSUS-K-0003', oioubl: '<CreditNote/>' });
    expect(mark?.Update?.ConditionExpression).toBe('contains(toCredit, :number)');
    expect(mark?.Update?.ExpressionAttributeValues?.[':line']).toEqual([
      {
        number: 'KURSUS-K-0003',
        kind: 'credit-note',
        total: invoice.total,
        issueDate: '2016-01-22',
        credits: 'KURSUS-0007',
      },
    ]);
  });
});

describe('recording a resend request', () => {
  it('records each request id once, so a repeated request is one request', async () => {
    db.on(UpdateCommand).rejects(Object.assign(new Error('no'), { name: 'ConditionalCheckFailedException' }));
    await expect(
      store.requestResend(stored(), { id: 'klik-0001', what: 'invoice', at: AT.toISOString() }),
    ).resolves.toBeUndefined();
    expect(db.commandCalls(UpdateCommand)[0]?.args[0].input.ConditionExpression).toContain(
      'NOT contains(resendIds, :requestId)',
    );
  });
});
