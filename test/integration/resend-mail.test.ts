import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { untilSwept } from '../support/background-work.ts';
import { asCoordinator } from '../support/coordinator.ts';
import { registrationBody, validEan, WHILE_OPEN } from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { type StoredMail, sentMails } from '../support/mail-store.ts';

const base = '/admin/courses/samskabelse-2016';
let api: TestApi;
let coordinator: Awaited<ReturnType<typeof asCoordinator>>;
let id: string;

const until = <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string) =>
  untilSwept(api.stack, read, done, what);

const subjectsTo = async (address: string, prefix: string) =>
  (await sentMails(api.stack.mailUrl)).filter(
    (m: StoredMail) => m.destination.to.includes(address) && m.subject.startsWith(prefix),
  );

beforeAll(async () => {
  api = await startTestApi({ now: WHILE_OPEN });
  coordinator = await asCoordinator(api.stack);
  const b = registrationBody();
  const { body } = await api.post('/courses/samskabelse-2016/registrations', {
    ...b,
    library: { ...b.library, ean: validEan(601) },
    contact: { ...b.contact, email: 'kontakt@example.dk' },
    invoiceEmail: 'faktura@example.dk',
  });
  id = body.registration.id;
  await until(
    () => subjectsTo('faktura@example.dk', 'Faktura'),
    (m) => m.length === 1,
    'the invoice',
  );
});
afterAll(() => api.stop());

describe('resending a mail', () => {
  it('sends the confirmation once more, once however often the same request is repeated', async () => {
    const headers = { 'idempotency-key': 'gensend-bekraeftelse-1' };
    const first = await coordinator.post(
      `${base}/registrations/${id}/resend`,
      { what: 'confirmation' },
      headers,
    );
    const again = await coordinator.post(
      `${base}/registrations/${id}/resend`,
      { what: 'confirmation' },
      headers,
    );
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    const mails = await until(
      () => subjectsTo('kontakt@example.dk', 'Tilmelding bekræftet'),
      (m) => m.length === 2,
      'the resent confirmation',
    );
    await api.stack.sweepNow();
    expect(await subjectsTo('kontakt@example.dk', 'Tilmelding bekræftet')).toHaveLength(mails.length);
  });

  it('sends the standing invoice again with its PDF and OIOUBL, and shows it in the mail history', async () => {
    expect((await coordinator.post(`${base}/registrations/${id}/resend`, { what: 'invoice' })).status).toBe(
      202,
    );
    const mails = await until(
      () => subjectsTo('faktura@example.dk', 'Faktura'),
      (m) => m.length === 2,
      'the resent invoice',
    );
    expect(mails[1]?.attachments.map((a) => a.contentType).sort()).toEqual([
      'application/pdf',
      'application/xml',
    ]);
    const { body } = await coordinator.get(`${base}/registrations/${id}`);
    expect(body.mailHistory.filter((m: { kind: string }) => m.kind === 'invoice')).toHaveLength(2);
  });

  it('refuses an unknown kind of mail with 422 naming the field', async () => {
    const { status, body } = await coordinator.post(`${base}/registrations/${id}/resend`, { what: 'alt' });
    expect(status).toBe(422);
    expect(body.error.fields[0].path).toBe('what');
  });
});
