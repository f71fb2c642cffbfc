import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { untilSwept } from '../support/background-work.ts';
import { asCoordinator } from '../support/coordinator.ts';
import { courseVariant, registrationBody, validEan, WHILE_OPEN } from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { validateOioubl } from '../support/oioubl-validator.ts';
import { apiFetch } from '../support/openapi-validation.ts';
import { pdfText } from '../support/pdf-text.ts';

const COURSE = 'glemsel-2016';
const base = `/admin/courses/${COURSE}`;
const RETENTION_DAYS = 30;
// The course's last session ends 25 August 2016 at 16.00; the people's data goes 30 days later.
const REMOVAL_DUE = new Date('2016-09-24T16:00:00+02:00');

let api: TestApi;
let coordinator: Awaited<ReturnType<typeof asCoordinator>>;
const ids: string[] = [];
const people: string[] = [];

function signup(n: number, comment: string) {
  const body = registrationBody({}, 3);
  const request = {
    ...body,
    library: { ...body.library, name: `Bibliotek nr. ${n}`, ean: validEan(700 + n) },
    contact: { name: `Karen Kontakt ${n}`, email: `kontakt${n}@example.dk`, phone: `+45 70 00 00 0${n}` },
    leader: { name: `Lars Leder ${n}`, email: `leder${n}@example.dk` },
    invoiceEmail: `faktura${n}@example.dk`,
    participants: body.participants.map((p, i) => ({
      ...p,
      name: `Pia Deltager ${n}-${i}`,
      email: `deltager${n}-${i}@example.dk`,
      dietaryNeeds: 'Glutenfri',
    })),
    comment,
  };
  people.push(
    request.contact.name,
    request.contact.email,
    request.contact.phone,
    request.leader.name,
    request.leader.email,
    request.invoiceEmail,
    ...request.participants.flatMap((p) => [p.name, p.email]),
  );
  return api.post(`/courses/${COURSE}/registrations`, request);
}

const detail = async (id: string) => (await coordinator.get(`${base}/registrations/${id}`)).body;
const sweep = async () => (await api.stack.sweepNow()) as unknown as Record<string, number>;

/** Everything the table holds about the course and its registrations, as one text to search. */
async function storedText(): Promise<string> {
  const items = await api.itemsOfCourse(COURSE);
  const numbers = (await Promise.all(ids.map(detail))).flatMap((d) =>
    d.documents.map((doc: { number: string }) => doc.number),
  );
  const invoices = await Promise.all(numbers.map((n) => api.itemsUnder(`INVOICE#${n}`)));
  return JSON.stringify([items, invoices]);
}

beforeAll(async () => {
  api = await startTestApi({
    now: WHILE_OPEN,
    courses: [courseVariant(COURSE)],
    personalDataRetentionDays: RETENTION_DAYS,
  });
  coordinator = await asCoordinator(api.stack);
  for (const [n, comment] of [
    [1, 'Karen Kontakt 1 er syg i uge 11'],
    [2, ''],
  ] as const) {
    const { status, body } = await signup(n, comment);
    expect(status).toBe(201);
    ids.push(body.registration.id);
  }
  const settled = (count: [number, number], what: string) =>
    untilSwept(
      api.stack,
      () => Promise.all(ids.map(detail)),
      (details) => details.every((d, i) => d.documents.length === count[i] && !d.workPending),
      what,
    );
  await settled([1, 1], 'both invoices and their mails');
  // The second library cancels: its invoice is credited, and both documents are kept for the books.
  const cancel = await coordinator.post(`${base}/registrations/${ids[1]}/cancel`, {
    reason: 'Lars Leder 2 ringede',
  });
  expect(cancel.status).toBe(200);
  await settled([1, 2], 'the credit note and its mails');
});
afterAll(() => api.stop());

describe("the people's data of a finished course", () => {
  it('is kept until the retention period after the last session has run out', async () => {
    api.stack.clock.set(new Date(REMOVAL_DUE.getTime() - 60_000));
    expect((await sweep()).personalDataRemoved).toBe(0);
    const text = await storedText();
    for (const value of people) expect(text).toContain(value);
  });

  it('is removed by the sweep once it has, from registrations, invoices, mail records and counters', async () => {
    const before = await Promise.all(ids.map(detail));
    const mailKeys = before.flatMap((d) => d.mailHistory.map((m: { dedupeKey: string }) => m.dedupeKey));
    expect(mailKeys.length).toBeGreaterThan(5);

    api.stack.clock.set(REMOVAL_DUE);
    expect((await sweep()).personalDataRemoved).toBe(2);

    const text = await storedText();
    for (const value of [...people, 'Glutenfri', 'syg i uge 11', 'ringede'])
      expect(text).not.toContain(value);
    for (const key of mailKeys) expect(await api.itemsUnder(`MAIL#${key}`)).toEqual([]);
    const items = await api.itemsOfCourse(COURSE);
    expect(items.filter((item) => String(item.SK).startsWith('ADDR#'))).toEqual([]);
    const removedAt = String(items.find((item) => item.SK === 'STATS')?.personalDataRemovedAt);
    expect(Date.parse(removedAt)).toBeGreaterThanOrEqual(REMOVAL_DUE.getTime());
  });

  it('leaves what each library bought: the library, how many took part, the price and the ledger', async () => {
    const [kept, cancelled] = await Promise.all(ids.map(detail));
    expect(kept.registration).toMatchObject({
      status: 'confirmed',
      library: { name: 'Bibliotek nr. 1', ean: validEan(701) },
      invoiceReference: 'PO-4711',
      contact: { name: 'Slettet' },
      participants: [{ name: 'Deltager 1' }, { name: 'Deltager 2' }, { name: 'Deltager 3' }],
      price: { participants: 3, total: 1220000 },
    });
    expect(kept.documents).toHaveLength(1);
    expect(cancelled.registration.status).toBe('cancelled');
    expect(cancelled.documents.map((d: { kind: string }) => d.kind)).toEqual(['invoice', 'credit-note']);
  });

  it('keeps every invoice and credit note for the books with the library alone, still valid OIOUBL, until TTL ends the bookkeeping period', async () => {
    const numbers = (await Promise.all(ids.map(detail))).flatMap((d) =>
      d.documents.map((doc: { number: string }) => doc.number),
    );
    expect(numbers).toHaveLength(3);
    const kept = [];
    for (const number of numbers) {
      const [item] = await api.itemsUnder(`INVOICE#${number}`);
      // Five years from the end of 2016, the year the documents are dated: 1 January 2022, Copenhagen.
      expect(item?.expiresAt).toBe(Date.parse('2022-01-01T00:00:00+01:00') / 1000);
      expect(String(item?.oioubl)).toContain('Bibliotek nr.');
      kept.push({ name: number, xml: String(item?.oioubl) });

      const response = await apiFetch(`${api.stack.url}/admin/invoices/${number}/pdf`, {
        headers: { authorization: `Bearer ${coordinator.token}` },
      });
      expect(response.status).toBe(200);
      const text = await pdfText(new Uint8Array(await response.arrayBuffer()));
      expect(text).toContain('Bibliotek nr.');
      expect(text).toContain('Att.: Slettet');
      for (const value of people) expect(text).not.toContain(value);
    }
    expect(await validateOioubl(kept)).toEqual(Object.fromEntries(numbers.map((n) => [n, []])));
  });

  it('is not looked for again, and a second sweep changes nothing', async () => {
    const before = await storedText();
    expect(await sweep()).toMatchObject({ personalDataRemoved: 0, personalDataPostponed: 0 });
    expect(await storedText()).toBe(before);
  });

  it('cannot come back: the coordinator can no longer cancel, resend to or change the registration', async () => {
    const before = await storedText();
    const path = `${base}/registrations/${ids[0]}`;
    const answers = [
      await coordinator.post(`${path}/cancel`),
      await coordinator.post(`${path}/resend`, { what: 'confirmation' }),
      await coordinator.put(`${path}/participants`, {
        participants: [{ name: 'Ny Deltager', email: 'ny@example.dk' }],
      }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(409);
      expect(answer.body.error.code).toBe('PERSONAL_DATA_REMOVED');
    }
    expect(await sweep()).toMatchObject({ personalDataRemoved: 0 });
    expect(await storedText()).toBe(before);
  });

  it('is gone from the coordinator’s export of everything stored about a registration', async () => {
    const exported = await coordinator.get(`${base}/registrations/${ids[0]}/export`);
    expect(exported.status).toBe(200);
    for (const value of people) expect(exported.text).not.toContain(value);
    expect(exported.text).toContain('Bibliotek nr. 1');
  });
});
