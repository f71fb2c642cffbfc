import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { untilSwept } from '../support/background-work.ts';
import { asCoordinator } from '../support/coordinator.ts';
import { courseVariant, registrationBody, validEan, WHILE_OPEN } from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { attachment, type StoredMail, sentMails } from '../support/mail-store.ts';
import { validateOioubl } from '../support/oioubl-validator.ts';

/**
 * What the coordinator's commands look like from outside, through the local gateway with a coordinator's
 * token, beyond the main paths of cancel-registration, change-participants and resend-mail: double clicks,
 * the waitlist's own cases, and the e-invoice of a credit note after a price change.
 */
const COURSE = 'kommando-hold-2016';
const base = `/admin/courses/${COURSE}`;
let api: TestApi;
let coordinator: Awaited<ReturnType<typeof asCoordinator>>;
const ids: Record<string, string> = {};

const person = (n: number, i: number) => ({ name: `Deltager ${n}.${i}`, email: `k${n}-${i}@example.dk` });

async function signup(n: number, participants: number) {
  const b = registrationBody({}, participants);
  const { body } = await api.post(`/courses/${COURSE}/registrations`, {
    ...b,
    library: { ...b.library, name: `Bibliotek ${n}`, ean: validEan(800 + n) },
    contact: { ...b.contact, email: `kontakt${n}@example.dk` },
    invoiceEmail: `faktura${n}@example.dk`,
    participants: Array.from({ length: participants }, (_, i) => person(n, i)),
  });
  return body.registration as { id: string; status: string };
}

const until = <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string) =>
  untilSwept(api.stack, read, done, what);

const detail = async (id: string) => (await coordinator.get(`${base}/registrations/${id}`)).body;
const settled = (id: string, what: string) =>
  until(
    () => detail(id),
    (d) => !d.workPending,
    what,
  );
const mailsTo = async (address: string, prefix = '') =>
  (await sentMails(api.stack.mailUrl)).filter(
    (m: StoredMail) => m.destination.to.includes(address) && m.subject.startsWith(prefix),
  );

beforeAll(async () => {
  api = await startTestApi({
    now: WHILE_OPEN,
    courses: [courseVariant(COURSE, { capacity: { participants: 5 } })],
  });
  coordinator = await asCoordinator(api.stack);
  ids.a = (await signup(1, 3)).id;
  ids.b = (await signup(2, 2)).id;
  const waiting = await signup(3, 2);
  expect(waiting.status).toBe('waitlisted');
  ids.c = waiting.id;
  ids.d = (await signup(4, 1)).id;
  for (const id of Object.values(ids)) await settled(id, 'the signups’ mails and invoices');
});
afterAll(() => api.stop());

describe('the coordinator’s commands, seen from outside', () => {
  it('credits after a price change with a credit note whose OIOUBL passes the validator', async () => {
    // Five seats, five taken: a confirmed registration may not grow.
    const grown = await coordinator.put(`${base}/registrations/${ids.a}/participants`, {
      participants: [person(1, 0), person(1, 1), person(1, 2), person(1, 3)],
    });
    expect(grown.status).toBe(409);
    const smaller = await coordinator.put(`${base}/registrations/${ids.a}/participants`, {
      participants: [person(1, 0)],
    });
    expect(smaller.status).toBe(200);
    expect(smaller.body.registration.invoiceNumber).toBeUndefined();
    const [note] = await until(
      () => mailsTo('faktura1@example.dk', 'Kreditnota'),
      (m) => m.length === 1,
      'the credit note',
    );
    const xml = attachment(note as StoredMail, /\.xml$/).toString('utf8');
    expect(await validateOioubl([{ name: 'credit note', xml }])).toEqual({ 'credit note': [] });
    await until(
      () => mailsTo('faktura1@example.dk', 'Faktura'),
      (m) => m.length === 2,
      'the new invoice',
    );
  });

  it('moves the first waiting library up once its seats are free, telling it a seat came free; the next waits', async () => {
    const promoted = await until(
      () => detail(ids.c ?? ''),
      (d) => d.registration.status === 'confirmed' && d.documents.length === 1,
      'the promotion',
    );
    expect(promoted.registration.invoiceNumber).toBe(promoted.documents[0].number);
    const [confirmation] = await until(
      () => mailsTo('kontakt3@example.dk', 'Tilmelding bekræftet'),
      (m) => m.length === 1,
      'the confirmation of the promoted library',
    );
    expect(confirmation?.body.text).toContain('er rykket op fra ventelisten');
    expect(await mailsTo(person(3, 0).email, 'Velkommen')).toHaveLength(1);
    expect((await detail(ids.d ?? '')).registration.status).toBe('waitlisted');
  });

  it('sends one change mail when the same list is saved twice at once, as a double click does', async () => {
    const list = { participants: [person(2, 0), { name: 'Ny Deltager', email: 'ny2@example.dk' }] };
    const answers = await Promise.all([
      coordinator.put(`${base}/registrations/${ids.b}/participants`, list),
      coordinator.put(`${base}/registrations/${ids.b}/participants`, list),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await settled(ids.b ?? '', 'the change');
    await api.stack.sweepNow();
    expect(await mailsTo('kontakt2@example.dk', 'Ændring af tilmelding')).toHaveLength(1);
    expect(await mailsTo('ny2@example.dk', 'Velkommen')).toHaveLength(1);
    expect(await mailsTo(person(2, 1).email, 'Du er afmeldt')).toHaveLength(1);
    // Same number of people, same price: the invoice stands.
    expect((await detail(ids.b ?? '')).documents).toHaveLength(1);
  });

  it('cancels once when two cancels arrive together: one credit note, one mail, each participant told', async () => {
    const answers = await Promise.all([
      coordinator.post(`${base}/registrations/${ids.b}/cancel`, { reason: 'Afbud pr. telefon' }),
      coordinator.post(`${base}/registrations/${ids.b}/cancel`),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers[0]?.body).toEqual(answers[1]?.body);
    const done = await until(
      () => detail(ids.b ?? ''),
      (d) => d.documents.length === 2 && !d.workPending,
      'the credit note',
    );
    expect(done.documents.map((d: { kind: string }) => d.kind)).toEqual(['invoice', 'credit-note']);
    expect(await mailsTo('kontakt2@example.dk', 'Afmelding bekræftet')).toHaveLength(1);
    expect(await mailsTo('faktura2@example.dk', 'Kreditnota')).toHaveLength(1);
    expect(await mailsTo(person(2, 0).email, 'Du er afmeldt')).toHaveLength(1);
    expect(await mailsTo('ny2@example.dk', 'Du er afmeldt')).toHaveLength(1);
    // Removed earlier and told then: not told again.
    expect(await mailsTo(person(2, 1).email, 'Du er afmeldt')).toHaveLength(1);
    await until(
      () => detail(ids.d ?? ''),
      (d) => d.registration.status === 'confirmed',
      'the next waiting library moving up',
    );
  });

  it('cancels a waiting library without a credit note, and its participants, never welcomed, hear nothing', async () => {
    const waiting = await signup(5, 2);
    expect(waiting.status).toBe('waitlisted');
    await settled(waiting.id, 'the waitlist mail');
    expect((await coordinator.post(`${base}/registrations/${waiting.id}/cancel`)).status).toBe(200);
    const done = await settled(waiting.id, 'the cancellation');
    expect(done.documents).toEqual([]);
    const [mail] = await until(
      () => mailsTo('kontakt5@example.dk', 'Afmelding bekræftet'),
      (m) => m.length === 1,
      'the cancellation mail',
    );
    expect(mail?.body.text).toContain('I skal ikke betale noget');
    expect(await mailsTo(person(5, 0).email)).toEqual([]);
    const totals = (await coordinator.get(`${base}/totals`)).body;
    expect(totals).toMatchObject({ libraries: 3, participants: 4, waitlistedLibraries: 0 });
  });

  it('refuses a cancel body with an unknown field, and resending to a cancelled registration, in Danish', async () => {
    const unknown = await coordinator.post(`${base}/registrations/${ids.c}/cancel`, { grund: 'x' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.fields).toEqual([
      { path: 'grund', message: 'Ukendt felt: kun reason kan angives.' },
    ]);
    expect((await detail(ids.c ?? '')).registration.status).toBe('confirmed');
    const resend = await coordinator.post(`${base}/registrations/${ids.b}/resend`, { what: 'confirmation' });
    expect(resend.status).toBe(409);
    expect(resend.body.error.message).toBe('Tilmeldingen er afmeldt og kan ikke ændres.');
  });

  it('answers 404 for an id that is no registration id, on every command', async () => {
    for (const [method, action] of [
      ['post', 'cancel'],
      ['put', 'participants'],
      ['post', 'resend'],
    ] as const) {
      const { status, body } = await coordinator[method](`${base}/registrations/ikke-et-id/${action}`, {
        participants: [person(9, 0)],
        what: 'confirmation',
      });
      expect(status).toBe(404);
      expect(body.error.code).toBe('REGISTRATION_NOT_FOUND');
    }
  });
});
