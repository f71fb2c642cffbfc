import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDynamoDbStore } from '#adapters/dynamodb-store.ts';
import { createDocumentClient } from '#adapters/dynamodb-table.ts';
import { SesMailer } from '#adapters/ses-mailer.ts';
import type { Mailer, StoredRegistration } from '#app/ports.ts';
import type { Invoice } from '#domain/invoice.ts';
import type { Registration } from '#domain/registration.ts';
import { LOCAL_REGION, localAwsCredentials } from '../../local/aws-env.ts';
import { ensureTable } from '../../local/table.ts';
import { registrationBody, validEan, WHILE_OPEN, withLibrary } from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { sentMails } from '../support/mail-store.ts';
import { aRegistration } from '../support/registrations.ts';

/** SES that refuses about 30 % of sends, as during throttling or an outage. */
function flakyMailer(failureRate: number): Mailer & { failures: number } {
  let real: SesMailer | undefined;
  const flaky = {
    failures: 0,
    async sendRaw(message: Parameters<Mailer['sendRaw']>[0]) {
      if (Math.random() < failureRate) {
        flaky.failures++;
        throw new Error('Throttling: Maximum sending rate exceeded.');
      }
      // Created on first use: the local SES endpoint is known only once the stack runs.
      real ??= new SesMailer(new SESClient({}));
      return real.sendRaw(message);
    },
  };
  return flaky;
}

const stored = (registration: Registration): StoredRegistration => ({
  ...registration,
  owed: true,
  owedVersion: 1,
});

/** Only numbering is under test here: the invoice's content is irrelevant. */
const fakeInvoice = {} as Invoice;

describe('mail when SES fails 30 % of the time', () => {
  let api: TestApi;
  const mailer = flakyMailer(0.3);

  beforeAll(async () => {
    api = await startTestApi({ now: WHILE_OPEN, mailer });
  });
  afterAll(() => api.stop());

  it('still ends with exactly one confirmation, one welcome and one invoice per registration after sweeps', async () => {
    const registrations = 50;
    for (let n = 1; n <= registrations; n++) {
      const body = withLibrary(
        registrationBody({
          contact: { name: `Kontakt ${n}`, email: `kontakt${n}@example.dk`, phone: '+45 12 34 56 78' },
          invoiceEmail: '',
        }),
        { ean: validEan(n) },
      );
      body.participants = [
        { ...body.participants[0], email: `deltager-${n}@example.dk` } as (typeof body.participants)[number],
      ];
      expect((await api.post('/courses/samskabelse-2016/registrations', body)).status).toBe(201);
    }
    // The stream works alongside; sweeps (every 5 minutes in AWS) finish whatever it could not.
    for (let sweep = 0; sweep < 40; sweep++) {
      await api.stack.sweepNow();
      const owed = (await api.itemsOfCourse('samskabelse-2016')).filter((i) => i.owedPk !== undefined);
      if (owed.length === 0) break;
    }
    expect((await api.itemsOfCourse('samskabelse-2016')).filter((i) => i.owedPk !== undefined)).toEqual([]);
    expect(mailer.failures).toBeGreaterThan(0);

    const mails = await sentMails(api.stack.mailUrl);
    const countBy = (kind: RegExp) => {
      const perRecipient = new Map<string, number>();
      for (const mail of mails.filter((m) => kind.test(m.subject))) {
        for (const to of mail.destination.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
      }
      return perRecipient;
    };
    const confirmations = countBy(/^Tilmelding bekræftet/);
    const invoices = countBy(/^Faktura/);
    const welcomes = countBy(/^Velkommen/);
    expect(confirmations.size).toBe(registrations);
    expect(invoices.size).toBe(registrations);
    expect(welcomes.size).toBe(registrations);
    expect(
      [...confirmations.values(), ...invoices.values(), ...welcomes.values()].every((n) => n === 1),
    ).toBe(true);
    expect(mails).toHaveLength(3 * registrations);
  }, 180_000);
});

describe('invoice numbers under concurrency', () => {
  it('gives 100 simultaneous invoice issues the numbers 1 to 100, without a gap or a duplicate', async () => {
    // A table of its own, with no stream consumer issuing invoices alongside.
    const client = new DynamoDBClient({
      endpoint: inject('dynamoDbEndpoint'),
      region: LOCAL_REGION,
      credentials: localAwsCredentials,
    });
    const tableName = `numbers-${randomUUID()}`;
    await ensureTable(client, tableName);
    const store = createDynamoDbStore(createDocumentClient(client), tableName);
    const libraryWith = (n: number) => ({ library: { ...registrationBody().library, ean: validEan(n) } });
    const registrations = Array.from({ length: 100 }, (_, i) =>
      stored(aRegistration({ id: `reg-${i}` }, { body: libraryWith(i + 1) })),
    );
    for (const registration of registrations) await store.saveRegistration({ registration });
    const render = (sequence: number) => ({
      invoice: { ...fakeInvoice, number: `SAMTIDIG-${sequence}`, sequence },
      oioubl: '<Invoice/>',
    });

    const issued = await Promise.all(registrations.map((r) => store.issueInvoice(r, 'SAMTIDIG', render)));
    expect(issued.map((i) => i.invoice.sequence).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    // Each registration points at its own stored invoice.
    const invoiceNumbers = await Promise.all(
      registrations.map(async (r) => (await store.getRegistration(r.courseId, r.id))?.invoiceNumber),
    );
    expect(new Set(invoiceNumbers).size).toBe(100);
    expect((await store.getInvoice('SAMTIDIG-100'))?.invoice.sequence).toBe(100);

    // Issuing again for an invoiced registration returns its invoice, and the refused attempt uses up no number.
    const again = await store.issueInvoice(registrations[0] as StoredRegistration, 'SAMTIDIG', render);
    expect(again.invoice.number).toBe(issued[0]?.invoice.number);
    const latecomer = stored(aRegistration({ id: 'reg-late' }, { body: libraryWith(101) }));
    await store.saveRegistration({ registration: latecomer });
    expect((await store.issueInvoice(latecomer, 'SAMTIDIG', render)).invoice.sequence).toBe(101);
    client.destroy();
  }, 180_000);
});
