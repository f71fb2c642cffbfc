import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDynamoDbStore } from '#adapters/dynamodb-store.ts';
import { dynamoDbStructure } from '#adapters/dynamodb-structure-store.ts';
import { createDocumentClient, DynamoTable } from '#adapters/dynamodb-table.ts';
import type { Store, StoredInvoice, StoredRegistration } from '#app/ports.ts';
import { buildCreditNote, buildInvoice, creditNoteSeries } from '#domain/invoice.ts';
import { priceRegistration } from '#domain/pricing.ts';
import type { Registration } from '#domain/registration.ts';
import { itemKeys } from '../../functions/table-layout.ts';
import { LOCAL_REGION, localAwsCredentials } from '../../local/aws-env.ts';
import { ensureTable } from '../../local/table.ts';
import { courseVariant, EXAMPLE_SELLER, registrationBody, validEan } from '../support/fixtures.ts';
import { aRegistration } from '../support/registrations.ts';

/**
 * Each aggregate's adapter against DynamoDB Local, in a table of its own made as `npm start` makes it: the
 * conditions and transactions that keep concurrent writers honest, tested where they are enforced.
 */
let client: DynamoDBClient;
let table: DynamoTable;
let store: Store;

beforeAll(async () => {
  client = new DynamoDBClient({
    endpoint: inject('dynamoDbEndpoint'),
    region: LOCAL_REGION,
    credentials: localAwsCredentials,
  });
  const tableName = `persistence-${randomUUID()}`;
  await ensureTable(client, tableName);
  table = new DynamoTable(createDocumentClient(client), tableName);
  store = createDynamoDbStore(table.db, tableName);
});

afterAll(() => client.destroy());

const AT = new Date('2016-01-21T10:00:00.000Z');
let courses = 0;

/** A course of its own for each test, holding `capacity` participants. */
async function aCourse(capacity?: number) {
  const course = courseVariant(
    `lager-${++courses}`,
    capacity ? { capacity: { participants: capacity } } : {},
  );
  await store.putCourse(course);
  let libraries = 0;
  const registration = (participantCount = 1, overrides: Partial<Registration> = {}) =>
    aRegistration(
      {
        id: `reg-${++libraries}`,
        courseId: course.id,
        createdAt: `2016-01-20T09:0${libraries}:00.000Z`,
        ...overrides,
      },
      {
        course,
        participantCount,
        body: { library: { ...registrationBody().library, ean: validEan(libraries) } },
      },
    );
  const signUp = async (participantCount = 1) => {
    const made = registration(participantCount);
    await store.saveRegistration({ registration: made, participantCapacity: capacity });
    return read(made);
  };
  const read = async (r: { id: string }) =>
    (await store.getRegistration(course.id, r.id)) as StoredRegistration;
  const counters = async () => (await store.getCourse(course.id))?.counters;
  return { course, registration, signUp, read, counters };
}

/** The course's counters: its confirmed, and its waiting, libraries and participants. */
const counted = (confirmed: { libraries: number; participants: number }, waiting: typeof confirmed) => ({
  confirmedLibraries: confirmed.libraries,
  confirmedParticipants: confirmed.participants,
  waitlistedLibraries: waiting.libraries,
  waitlistedParticipants: waiting.participants,
});

const invoiceRender =
  (course: ReturnType<typeof courseVariant>, registration: StoredRegistration) => (sequence: number) => {
    const invoice = buildInvoice(course, registration, EXAMPLE_SELLER, { sequence, issueDate: '2016-01-21' });
    return { invoice, oioubl: '<Invoice/>' } satisfies StoredInvoice;
  };

describe('signing up', () => {
  it('takes one registration per library, and one per idempotency key', async () => {
    const { course, registration, counters } = await aCourse(10);
    const first = registration(2);
    const idempotency = {
      key: randomUUID(),
      fingerprint: 'fp',
      now: AT,
      expiresAt: new Date('2016-01-22T10:00:00Z'),
    };
    expect(await store.saveRegistration({ registration: first, idempotency })).toEqual({
      kind: 'saved',
      status: 'confirmed',
    });
    expect(await store.saveRegistration({ registration: { ...first, id: 'again' } })).toEqual({
      kind: 'library-already-registered',
    });
    const other = registration(1);
    expect(await store.saveRegistration({ registration: other, idempotency })).toEqual({
      kind: 'idempotency-key-taken',
    });
    expect((await store.getIdempotency(idempotency.key, AT))?.receipt.registration).toEqual({
      id: first.id,
      courseId: course.id,
      status: 'confirmed',
    });
    expect(await counters()).toMatchObject({ confirmedLibraries: 1, confirmedParticipants: 2 });
  });

  it('waitlists whoever does not fit, and everyone after them, first come first served', async () => {
    const { signUp, counters } = await aCourse(3);
    expect((await signUp(2)).status).toBe('confirmed');
    expect((await signUp(2)).status).toBe('waitlisted');
    expect((await signUp(1)).status).toBe('waitlisted');
    expect(await counters()).toEqual(
      counted({ libraries: 1, participants: 2 }, { libraries: 2, participants: 3 }),
    );
  });

  it('refuses an address past its limit, and names the field that holds it', async () => {
    const { registration } = await aCourse();
    const floodLimits = {
      addresses: [{ address: 'fælles@example.dk', path: 'contact.email' }],
      perAddress: 1,
    };
    expect((await store.saveRegistration({ registration: registration(), floodLimits })).kind).toBe('saved');
    expect(await store.saveRegistration({ registration: registration(), floodLimits })).toEqual({
      kind: 'address-limit-reached',
      path: 'contact.email',
    });
  });
});

describe('cancelling', () => {
  it('refuses a cancellation read before a participant change, and then frees the seats and the library', async () => {
    const { course, signUp, read, registration, counters } = await aCourse(10);
    const before = await signUp(3);
    await store.issueInvoice(before, course.invoicing.series, invoiceRender(course, before));
    const invoiced = await read(before);
    const change = {
      participants: invoiced.participants.slice(0, 2),
      price: priceRegistration(course, 2),
      at: AT,
    };
    expect(await store.changeParticipants(invoiced, change)).toBe('saved');

    expect(await store.cancelRegistration(invoiced, { at: AT })).toBe('changed');
    const changed = await read(before);
    expect(await store.cancelRegistration(changed, { at: AT, reason: 'Sygdom' })).toBe('cancelled');

    const cancelled = await read(before);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancellationReason: 'Sygdom', owed: true });
    // The change credited the first invoice; nothing stood when it was cancelled.
    expect(cancelled.toCredit).toEqual([invoiced.invoiceNumber]);
    expect(await counters()).toMatchObject({ confirmedLibraries: 0, confirmedParticipants: 0 });
    const again = { ...registration(1), id: 'reg-again', library: before.library };
    expect((await store.saveRegistration({ registration: again })).kind).toBe('saved');
  });

  it('leaves the invoice that stood to be credited, once', async () => {
    const { course, signUp, read } = await aCourse();
    const signedUp = await signUp(1);
    const invoice = await store.issueInvoice(
      signedUp,
      course.invoicing.series,
      invoiceRender(course, signedUp),
    );
    expect(await store.cancelRegistration(await read(signedUp), { at: AT })).toBe('cancelled');
    const cancelled = await read(signedUp);
    expect(cancelled.invoiceNumber).toBeUndefined();
    expect(cancelled.toCredit).toEqual([invoice.invoice.number]);

    const series = creditNoteSeries(course.invoicing.series);
    const render = (sequence: number) => ({
      invoice: buildCreditNote(invoice.invoice, { sequence, issueDate: '2016-01-22', series }),
      oioubl: '<CreditNote/>',
    });
    const note = await store.issueCreditNote(cancelled, invoice.invoice.number, series, render);
    const sameNote = await store.issueCreditNote(cancelled, invoice.invoice.number, series, render);
    expect(sameNote.invoice.number).toBe(note.invoice.number);
    const credited = await read(signedUp);
    expect(credited.toCredit).toBeUndefined();
    expect(credited.documents?.map((d) => d.kind)).toEqual(['invoice', 'credit-note']);
  });
});

describe('moving the waitlist up', () => {
  it('promotes only when the participants fit, and only as read', async () => {
    const { signUp, read, counters } = await aCourse(3);
    const confirmed = await signUp(2);
    const waiting = await signUp(2);
    expect(await store.promote(waiting, 3, AT)).toBe('no-room');

    expect(await store.cancelRegistration(confirmed, { at: AT })).toBe('cancelled');
    const stale = { ...waiting, owedVersion: 0 };
    expect(await store.promote(stale, 3, AT)).toBe('changed');
    expect(await store.promote(waiting, 3, AT)).toBe('promoted');
    expect(await read(waiting)).toMatchObject({
      status: 'confirmed',
      promotedAt: AT.toISOString(),
      owedVersion: 2,
    });
    expect(await counters()).toEqual(
      counted({ libraries: 1, participants: 2 }, { libraries: 0, participants: 0 }),
    );
  });

  it('refuses a confirmed registration more participants than the course has room for', async () => {
    const { course, signUp } = await aCourse(3);
    const signedUp = await signUp(2);
    const extra = {
      ...signedUp.participants[0],
      email: 'ny@example.dk',
    } as Registration['participants'][number];
    const grow = (participants: Registration['participants']) => ({
      participants,
      price: priceRegistration(course, participants.length),
      capacity: 3,
      at: AT,
    });
    expect(
      await store.changeParticipants(
        signedUp,
        grow([...signedUp.participants, extra, { ...extra, email: 'to@example.dk' }]),
      ),
    ).toBe('no-room');
    expect(await store.changeParticipants(signedUp, grow([...signedUp.participants, extra]))).toBe('saved');
  });
});

describe('invoice numbers', () => {
  it('are gap-free under twenty simultaneous issues, each registration invoiced once', async () => {
    const { course, signUp } = await aCourse();
    const registrations = await Promise.all(Array.from({ length: 20 }, () => signUp(1)));
    const series = `SAMTIDIG-${randomUUID().slice(0, 8)}`;
    const render = (r: StoredRegistration) => (sequence: number) => ({
      ...invoiceRender(course, r)(sequence),
      invoice: { ...invoiceRender(course, r)(sequence).invoice, number: `${series}-${sequence}`, sequence },
    });
    const issued = await Promise.all(registrations.map((r) => store.issueInvoice(r, series, render(r))));
    expect(issued.map((i) => i.invoice.sequence).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    const first = registrations[0] as StoredRegistration;
    expect((await store.issueInvoice(first, series, render(first))).invoice.number).toBe(
      issued[0]?.invoice.number,
    );
  });
});

describe('mail records', () => {
  const minutes = (n: number) => new Date(AT.getTime() + n * 60_000);
  const sentEntry = (dedupeKey: string, messageId = 'm-1') => ({
    dedupeKey,
    kind: 'confirmation',
    to: ['a@example.dk'],
    subject: 'Emne',
    messageId,
    sentAt: AT.toISOString(),
  });

  it('let one sender claim a mail, record it sent, and never send it again', async () => {
    const key = `mail-${randomUUID()}`;
    expect(await store.claimMail(key, AT)).toBe('claimed');
    expect(await store.claimMail(key, AT)).toBe('claimed-by-another');
    await store.recordMailSent(sentEntry(key));
    await store.releaseMail(key);
    expect(await store.claimMail(key, minutes(60))).toBe('already-sent');
  });

  it("give a claim back after a failed send, and let a dead sender's claim be retaken after its lease on the sender's clock", async () => {
    const released = `mail-${randomUUID()}`;
    expect(await store.claimMail(released, AT)).toBe('claimed');
    await store.releaseMail(released);
    expect(await store.claimMail(released, AT)).toBe('claimed');

    const crashed = `mail-${randomUUID()}`;
    expect(await store.claimMail(crashed, AT)).toBe('claimed');
    expect(await store.claimMail(crashed, minutes(3))).toBe('claimed-by-another');
    expect(await store.claimMail(crashed, minutes(4.5))).toBe('claimed');
  });

  it('let a claim dated ahead of the clock (a run on another clock) be retaken at once, but not one a few seconds ahead', async () => {
    const fromTheFuture = `mail-${randomUUID()}`;
    expect(await store.claimMail(fromTheFuture, minutes(24 * 60))).toBe('claimed');
    expect(await store.claimMail(fromTheFuture, AT)).toBe('claimed');

    const slightlyAhead = `mail-${randomUUID()}`;
    expect(await store.claimMail(slightlyAhead, minutes(0.5))).toBe('claimed');
    expect(await store.claimMail(slightlyAhead, AT)).toBe('claimed-by-another');
  });

  it("record the mail in its registration's history, once however often it is recorded", async () => {
    const { course, signUp, read } = await aCourse();
    const signedUp = await signUp();
    const entry = sentEntry(`mail-${randomUUID()}`, 'm-2');
    await store.claimMail(entry.dedupeKey, AT);
    await store.recordMailSent(entry, { courseId: course.id, id: signedUp.id });
    await store.recordMailSent({ ...entry, messageId: 'm-3' }, { courseId: course.id, id: signedUp.id });
    expect((await read(signedUp)).mailHistory).toEqual([entry]);
    expect(await table.get(itemKeys.mail(entry.dedupeKey))).toMatchObject({
      status: 'sent',
      messageId: 'm-2',
    });
  });

  it('record a mail about a registration that is gone or stripped of its people, without a history line', async () => {
    const { course, signUp, read } = await aCourse();
    const stripped = await signUp();
    await table.update({
      Key: itemKeys.registration(course.id, stripped.id),
      UpdateExpression: 'SET personalDataRemovedAt = :at',
      ExpressionAttributeValues: { ':at': AT.toISOString() },
    });
    const toStripped = sentEntry(`mail-${randomUUID()}`);
    await store.recordMailSent(toStripped, { courseId: course.id, id: stripped.id });
    expect((await read(stripped)).mailHistory).toBeUndefined();

    const toNobody = sentEntry(`mail-${randomUUID()}`);
    await store.recordMailSent(toNobody, { courseId: course.id, id: 'reg-never-stored' });
    for (const { dedupeKey } of [toStripped, toNobody]) {
      expect(await store.claimMail(dedupeKey, minutes(60))).toBe('already-sent');
    }
  });
});

describe('owed work', () => {
  it('is listed until settled, and a settle of an older read leaves newer work owed', async () => {
    const { course, signUp, read } = await aCourse();
    const signedUp = await signUp();
    const listed = async () =>
      (await store.listOwed(1000)).some((k) => k.registrationId === signedUp.id && k.courseId === course.id);
    expect(await listed()).toBe(true);

    await store.requestResend(signedUp, { id: 'klik-1', what: 'confirmation', at: AT.toISOString() });
    await store.requestResend(signedUp, { id: 'klik-1', what: 'confirmation', at: AT.toISOString() });
    await store.settle(signedUp);
    const resent = await read(signedUp);
    expect(resent).toMatchObject({ owed: true, owedVersion: 2 });
    expect(resent.resendRequests).toHaveLength(1);

    await store.postpone({ courseId: course.id, registrationId: signedUp.id });
    await store.settle(resent);
    expect((await read(signedUp)).owed).toBe(false);
    expect(await listed()).toBe(false);
  });
});

describe('removing personal data', () => {
  it('marks, strips and lets TTL delete a registration that owes nothing, and no other', async () => {
    const { course, signUp, read } = await aCourse();
    const owing = await signUp();
    expect(await store.beginPersonalDataRemoval(owing, AT)).toBe('changed');
    await store.settle(owing);
    const settled = await read(owing);
    expect(await store.beginPersonalDataRemoval(settled, AT)).toBe('begun');
    expect(await store.removePersonalData(await read(owing), AT, new Date('2022-01-01T00:00:00Z'))).toBe(
      'removed',
    );
    const removed = (await table.get(itemKeys.registration(course.id, owing.id))) as Record<string, unknown>;
    expect(removed).toMatchObject({ personalDataRemovedAt: AT.toISOString(), expiresAt: 1640995200 });
    expect(JSON.stringify(removed)).not.toContain(owing.contact.email);

    await store.markPersonalDataRemoved(course.id, AT);
    expect(await store.personalDataRemovedAt(course.id)).toBe(AT.toISOString());
  });
});

describe('the course structure', () => {
  it('writes a part only at the version it was read', async () => {
    const { course } = await aCourse();
    const structure = dynamoDbStructure(table);
    expect(await structure.saveVisitPlan(course.id, { slots: [], bookings: [] }, 0)).toBe('saved');
    expect(await structure.saveVisitPlan(course.id, { slots: [], bookings: [] }, 0)).toBe('changed');
    expect((await structure.getVisitPlan(course.id)).version).toBe(1);
  });

  it('gives an owner one link, however many mails ask for it at once', async () => {
    const { course } = await aCourse();
    const structure = dynamoDbStructure(table);
    const owner = { courseId: course.id, registrationId: 'reg-1' };
    const tokens = await Promise.all(
      ['a', 'b', 'c'].map((t) => structure.linkToken(owner, `${t}-${randomUUID()}`)),
    );
    expect(new Set(tokens).size).toBe(1);
    expect(await structure.findLink(tokens[0] as string)).toEqual(owner);
  });
});
