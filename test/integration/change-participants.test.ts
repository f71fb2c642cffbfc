import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { untilSwept } from '../support/background-work.ts';
import { asCoordinator } from '../support/coordinator.ts';
import { courseVariant, registrationBody, validEan, WHILE_OPEN } from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { mailsTo as mailsToAddress, type StoredMail } from '../support/mail-store.ts';

const COURSE = 'lille-hold-2016';
const base = `/admin/courses/${COURSE}`;
let api: TestApi;
let coordinator: Awaited<ReturnType<typeof asCoordinator>>;
const ids: Record<string, string> = {};

const person = (n: number, i: number) => ({ name: `Deltager ${n}.${i}`, email: `d${n}-${i}@example.dk` });

function signup(name: string, n: number, participants: number) {
  const b = registrationBody({}, participants);
  return api.post(`/courses/${COURSE}/registrations`, {
    ...b,
    library: { ...b.library, name, ean: validEan(500 + n) },
    contact: { ...b.contact, email: `kontakt${n}@example.dk` },
    invoiceEmail: `faktura${n}@example.dk`,
    participants: Array.from({ length: participants }, (_, i) => person(n, i)),
  });
}

const until = <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string) =>
  untilSwept(api.stack, read, done, what);

const detail = async (id: string) => (await coordinator.get(`${base}/registrations/${id}`)).body;
const mailsTo = (address: string) => mailsToAddress(api.stack.mailUrl, address);

beforeAll(async () => {
  api = await startTestApi({
    now: WHILE_OPEN,
    courses: [courseVariant(COURSE, { capacity: { participants: 5 } })],
  });
  coordinator = await asCoordinator(api.stack);
  ids.a = (await signup('Aabenraa Bibliotek', 1, 3)).body.registration.id;
  ids.b = (await signup('Billund Bibliotek', 2, 2)).body.registration.id;
  ids.c = (await signup('Esbjerg Bibliotek', 3, 1)).body.registration.id;
  await until(
    () => detail(ids.a ?? ''),
    (d) => d.documents.length === 1,
    'the first invoice',
  );
});
afterAll(() => api.stop());

describe('changing the participants of a registration', () => {
  it('replaces one and removes one: credit note, new invoice, a welcome, a goodbye and the new list to the contact', async () => {
    const { status, body } = await coordinator.put(`${base}/registrations/${ids.a}/participants`, {
      participants: [person(1, 0), { name: 'Ny Deltager', email: 'ny@example.dk' }],
    });
    expect(status).toBe(200);
    expect(body.registration.price.participants).toBe(2);

    const changed = await until(
      () => detail(ids.a ?? ''),
      (d) => d.documents.length === 3,
      'the credit note and the new invoice',
    );
    const [first, note, second] = changed.documents;
    expect(note).toMatchObject({ kind: 'credit-note', credits: first.number, total: first.total });
    expect(second.kind).toBe('invoice');
    expect(first.total - second.total).toBe(75000);
    expect(changed.registration.invoiceNumber).toBe(second.number);

    await until(
      () => mailsTo('ny@example.dk'),
      (m: StoredMail[]) => m.length === 1,
      'the welcome',
    );
    const removed = [...(await mailsTo('d1-1@example.dk')), ...(await mailsTo('d1-2@example.dk'))].filter(
      (m) => m.subject.startsWith('Du er afmeldt'),
    );
    expect(removed).toHaveLength(2);
    const toContact = await until(
      () => mailsTo('kontakt1@example.dk'),
      (m: StoredMail[]) => m.some((x) => x.subject.startsWith('Ændring af tilmelding')),
      'the change mail',
    );
    expect(toContact.find((m) => m.subject.startsWith('Ændring af tilmelding'))?.body.text).toContain(
      `Faktura ${first.number} krediteres`,
    );
    const invoiceMails = (await mailsTo('faktura1@example.dk')).map((m) => m.subject);
    expect(invoiceMails.filter((s) => s.startsWith('Faktura'))).toHaveLength(2);
    expect(invoiceMails.filter((s) => s.startsWith('Kreditnota'))).toHaveLength(1);
  });

  it('moves the waitlist up when a confirmed registration shrinks', async () => {
    await until(
      () => detail(ids.c ?? ''),
      (d) => d.registration.status === 'confirmed',
      'the promotion of the waiting library',
    );
    const totals = (await coordinator.get(`${base}/totals`)).body;
    expect(totals).toMatchObject({ libraries: 3, participants: 5, waitlistedLibraries: 0 });
  });

  it('refuses growing beyond the capacity with 409 CAPACITY_EXCEEDED, changing nothing', async () => {
    const before = await detail(ids.b ?? '');
    const { status, body } = await coordinator.put(`${base}/registrations/${ids.b}/participants`, {
      participants: [person(2, 0), person(2, 1), person(2, 2)],
    });
    expect(status).toBe(409);
    expect(body.error.code).toBe('CAPACITY_EXCEEDED');
    expect((await detail(ids.b ?? '')).registration.participants).toEqual(before.registration.participants);
  });

  it('checks the list as a signup does, naming the field in Danish', async () => {
    const { status, body } = await coordinator.put(`${base}/registrations/${ids.b}/participants`, {
      participants: [person(2, 0), { name: '', email: 'ikke-en-adresse' }],
    });
    expect(status).toBe(422);
    expect(body.error.fields).toEqual([
      { path: 'participants.1.name', message: 'Feltet skal udfyldes.' },
      { path: 'participants.1.email', message: 'Ugyldig e-mailadresse.' },
    ]);
    expect(
      (await coordinator.put(`${base}/registrations/${ids.b}/participants`, { participants: [] })).status,
    ).toBe(422);
  });

  it('keeps the invoice when only names change and the price stays', async () => {
    await coordinator.put(`${base}/registrations/${ids.b}/participants`, {
      participants: [{ ...person(2, 0), name: 'Nyt Navn' }, person(2, 1)],
    });
    const after = await until(
      () => detail(ids.b ?? ''),
      (d) => d.registration.participants[0].name === 'Nyt Navn' && !d.workPending,
      'the rename',
    );
    expect(after.documents).toHaveLength(1);
  });
});
