import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { untilSwept } from '../support/background-work.ts';
import { asCoordinator } from '../support/coordinator.ts';
import { courseVariant, registrationBody, validEan, WHILE_OPEN } from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { attachment, mailsTo as mailsToAddress, type StoredMail } from '../support/mail-store.ts';
import { validateOioubl } from '../support/oioubl-validator.ts';
import { apiFetch } from '../support/openapi-validation.ts';
import { pdfText } from '../support/pdf-text.ts';

const COURSE = 'lille-hold-2016';
const base = `/admin/courses/${COURSE}`;
let api: TestApi;
let coordinator: Awaited<ReturnType<typeof asCoordinator>>;
const ids: Record<string, string> = {};

function signup(name: string, n: number, participants: number) {
  const b = registrationBody({}, participants);
  return api.post(`/courses/${COURSE}/registrations`, {
    ...b,
    library: { ...b.library, name, ean: validEan(400 + n) },
    contact: { ...b.contact, email: `kontakt${n}@example.dk` },
    invoiceEmail: `faktura${n}@example.dk`,
    participants: b.participants.map((p, i) => ({ ...p, email: `d${n}-${i}@example.dk` })),
  });
}

const until = <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string) =>
  untilSwept(api.stack, read, done, what);

const detail = async (id: string) => (await coordinator.get(`${base}/registrations/${id}`)).body;
const mailsTo = (address: string) => mailsToAddress(api.stack.mailUrl, address);

beforeAll(async () => {
  api = await startTestApi({
    now: WHILE_OPEN,
    courses: [courseVariant(COURSE, { capacity: { participants: 4 } })],
  });
  coordinator = await asCoordinator(api.stack);
  for (const [n, name, people, status] of [
    [1, 'Aabenraa Bibliotek', 2, 'confirmed'],
    [2, 'Billund Bibliotek', 2, 'confirmed'],
    [3, 'Esbjerg Bibliotek', 2, 'waitlisted'],
    [4, 'Fanø Bibliotek', 1, 'waitlisted'],
  ] as const) {
    const { body } = await signup(name, n, people);
    expect(body.registration.status).toBe(status);
    ids[name] = body.registration.id;
  }
  await until(
    () => detail(ids['Aabenraa Bibliotek'] ?? ''),
    (d) => d.documents.length === 1,
    'the first invoice',
  );
});
afterAll(() => api.stop());

describe('cancelling a registration', () => {
  it('answers at once and the same way to a second click, changing nothing more', async () => {
    const id = ids['Aabenraa Bibliotek'] ?? '';
    const first = await coordinator.post(`${base}/registrations/${id}/cancel`);
    const second = await coordinator.post(`${base}/registrations/${id}/cancel`);
    expect(first.status).toBe(200);
    expect(first.body.registration).toMatchObject({ id, status: 'cancelled' });
    expect(second.body).toEqual(first.body);
  });

  it('credits the invoice with a credit note in its own gap-free series, mailed with PDF and OIOUBL', async () => {
    const cancelled = await until(
      () => detail(ids['Aabenraa Bibliotek'] ?? ''),
      (d) => d.documents.length === 2,
      'the credit note',
    );
    const [invoice, note] = cancelled.documents;
    expect(note).toMatchObject({ kind: 'credit-note', number: 'KURSUS-K-0001', credits: invoice.number });
    expect(note.total).toBe(invoice.total);
    expect(cancelled.registration.status).toBe('cancelled');
    expect(cancelled.registration).not.toHaveProperty('invoiceNumber');

    const [creditMail] = await until(
      () => mailsTo('faktura1@example.dk'),
      (mails: StoredMail[]) => mails.some((m) => m.subject.startsWith('Kreditnota')),
      'the credit note mail',
    ).then((mails) => mails.filter((m) => m.subject.startsWith('Kreditnota')));
    expect(creditMail?.subject).toContain(`krediterer faktura ${invoice.number}`);
    const text = await pdfText(attachment(creditMail as StoredMail, /\.pdf$/));
    expect(text).toContain('KURSUS-K-0001');
    const xml = attachment(creditMail as StoredMail, /\.xml$/).toString('utf8');
    expect(xml).toContain('<CreditNote');
    expect(await validateOioubl([{ name: 'credit note', xml }])).toEqual({ 'credit note': [] });
  });

  it("confirms the cancellation to the library's contact, once", async () => {
    const mails = await until(
      () => mailsTo('kontakt1@example.dk'),
      (m: StoredMail[]) => m.some((x) => x.subject.startsWith('Afmelding bekræftet')),
      'the cancellation mail',
    );
    const cancellations = mails.filter((m) => m.subject.startsWith('Afmelding bekræftet'));
    expect(cancellations).toHaveLength(1);
    expect(cancellations[0]?.body.text).toContain('krediteres');
  });

  it('promotes the first library on the waitlist, which is then confirmed, invoiced and told; the next still waits', async () => {
    const promoted = await until(
      () => detail(ids['Esbjerg Bibliotek'] ?? ''),
      (d) => d.registration.status === 'confirmed' && d.documents.length === 1,
      'the promotion and its invoice',
    );
    expect(promoted.documents[0].kind).toBe('invoice');
    const mails = await until(
      () => mailsTo('kontakt3@example.dk'),
      (m: StoredMail[]) => m.some((x) => x.subject.startsWith('Tilmelding bekræftet')),
      'the confirmation of the promoted library',
    );
    expect(mails.filter((m) => m.subject.startsWith('Tilmelding bekræftet'))).toHaveLength(1);
    expect((await detail(ids['Fanø Bibliotek'] ?? '')).registration.status).toBe('waitlisted');

    const totals = (await coordinator.get(`${base}/totals`)).body;
    expect(totals).toMatchObject({
      libraries: 2,
      participants: 4,
      waitlistedLibraries: 1,
      waitlistedParticipants: 1,
    });
    expect(totals.credited).toBe(totals.invoiced - totals.outstanding);
    expect(totals.credited).toBeGreaterThan(0);
  });

  it('releases the library, which may sign up again (behind the waitlist)', async () => {
    const again = await signup('Aabenraa Bibliotek', 1, 1);
    expect(again.status).toBe(201);
    expect(again.body.registration.status).toBe('waitlisted');
  });

  it('answers 404 for an unknown registration and 401 without a token', async () => {
    expect(
      (await coordinator.post(`${base}/registrations/0190a1b2-c3d4-7e5f-8a9b-000000000000/cancel`)).status,
    ).toBe(404);
    const anonymous = await apiFetch(
      `${api.stack.url}${base}/registrations/${ids['Billund Bibliotek']}/cancel`,
      {
        method: 'POST',
      },
    );
    expect(anonymous.status).toBe(401);
    expect((await detail(ids['Billund Bibliotek'] ?? '')).registration.status).toBe('confirmed');
  });
});
