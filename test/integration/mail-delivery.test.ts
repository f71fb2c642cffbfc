import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  courseVariant,
  registrationBody,
  seedCourse,
  VALID_EANS,
  WHILE_OPEN,
  withLibrary,
} from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { attachment, clearMails, type StoredMail, waitForMails } from '../support/mail-store.ts';
import { validateOioubl } from '../support/oioubl-validator.ts';
import { pdfText } from '../support/pdf-text.ts';

const SEED = 'samskabelse-2016';
const FULL = 'fuldt-2016';

/** Unfolded ICS lines (RFC 5545 folds long lines with CRLF + space). */
const icsLines = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('\r\n');

describe('mail after a signup, through the stream and the local SES', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({
      now: WHILE_OPEN,
      courses: [seedCourse(), courseVariant(FULL, { capacity: { participants: 1 } })],
    });
  });
  afterAll(() => api.stop());
  beforeEach(() => clearMails(api.stack.mailUrl));

  let mails: StoredMail[];
  let registrationId: string;

  it('delivers one confirmation, one welcome per participant and one invoice, unprompted', async () => {
    const answer = await api.post(`/courses/${SEED}/registrations`, registrationBody({}, 3));
    expect(answer.status).toBe(201);
    registrationId = answer.body.registration.id;
    // Delivered by the stream alone (no sweep is asked for); the 2-second bar is measured by `npm run bench`.
    mails = await waitForMails(api.stack.mailUrl, 5, 10_000);
    const kinds = mails
      .map((m) => /^(Faktura KURSUS-0001|Tilmelding bekræftet|Velkommen)/.exec(m.subject)?.[1])
      .sort();
    expect(kinds).toEqual([
      'Faktura KURSUS-0001',
      'Tilmelding bekræftet',
      'Velkommen',
      'Velkommen',
      'Velkommen',
    ]);
    expect(
      mails
        .filter((m) => m.subject.startsWith('Velkommen'))
        .flatMap((m) => m.destination.to)
        .sort(),
    ).toEqual(['deltager1@example.dk', 'deltager2@example.dk', 'deltager3@example.dk']);
    const invoice = mails.find((m) => m.subject.startsWith('Faktura'));
    expect(invoice?.destination.to).toEqual(['faktura@example.dk']);
    const confirmation = mails.find((m) => m.subject.startsWith('Tilmelding'));
    expect(confirmation?.destination.to).toEqual(['anne@example.dk']);
    expect(confirmation?.body.text).toContain('12.200,00 kr.');
    expect(confirmation?.body.html).toContain('<');
  });

  it('attaches an invoice PDF with the number, the EAN and the total, and the OIOUBL document', async () => {
    const invoice = mails.find((m) => m.subject.startsWith('Faktura')) as StoredMail;
    const text = await pdfText(attachment(invoice, /\.pdf$/));
    expect(text).toContain('KURSUS-0001');
    expect(text).toContain(VALID_EANS[0]);
    expect(text).toContain('12.200,00');
    const xml = attachment(invoice, /\.xml$/).toString('utf8');
    expect(xml).toMatch(new RegExp(`<cbc:EndpointID schemeAgencyID="9" schemeID="GLN">${VALID_EANS[0]}<`));
    expect(xml).toContain('<cbc:ID>KURSUS-0001</cbc:ID>');
    // The very document that went out passes the official OIOUBL 2.1 validation (XSD + schematron).
    expect(await validateOioubl([{ name: 'sent', xml }])).toEqual({ sent: [] });
  });

  it('attaches a calendar with the three teaching days at 9.00 Copenhagen time and the two rounds as weeks', async () => {
    const confirmation = mails.find((m) => m.subject.startsWith('Tilmelding')) as StoredMail;
    const lines = icsLines(attachment(confirmation, /\.ics$/).toString('utf8'));
    expect(lines.filter((l) => l.startsWith('DTSTART:'))).toEqual([
      'DTSTART:20160307T080000Z',
      'DTSTART:20160510T070000Z',
      'DTSTART:20160825T070000Z',
    ]);
    expect(lines.filter((l) => l.startsWith('DTSTART;VALUE=DATE:'))).toEqual([
      'DTSTART;VALUE=DATE:20160314',
      'DTSTART;VALUE=DATE:20160613',
    ]);
    const welcome = mails.find((m) => m.subject.startsWith('Velkommen')) as StoredMail;
    expect(icsLines(attachment(welcome, /\.ics$/).toString('utf8'))).toContain('DTSTART:20160307T080000Z');
  });

  it('records each send, with the SES message id, in the registration mail history and sends nothing twice', async () => {
    const items = await api.itemsOfCourse(SEED);
    const stored = items.find((i) => i.id === registrationId) as {
      mailHistory: { messageId: string }[];
      owedPk?: string;
    };
    expect(stored.mailHistory.map((m) => m.messageId).sort()).toEqual(mails.map((m) => m.messageId).sort());
    expect(stored.owedPk).toBeUndefined();
    await api.stack.sweepNow();
    expect(await waitForMails(api.stack.mailUrl, 1, 300)).toEqual([]);
  });

  it('confirms a waitlist place by mail, without an invoice', async () => {
    await api.post(
      `/courses/${FULL}/registrations`,
      withLibrary(registrationBody({}, 2), { ean: VALID_EANS[1] }),
    );
    const arrived = await waitForMails(api.stack.mailUrl, 1, 3000);
    await api.stack.sweepNow();
    const all = await waitForMails(api.stack.mailUrl, 2, 300);
    expect(all).toHaveLength(1);
    expect(arrived[0]?.subject).toMatch(/^Venteliste/);
    expect(arrived[0]?.body.text).toContain('ingen faktura');
    const [waiting] = (await api.itemsOfCourse(FULL)).filter((i) => i.type === 'registration');
    expect(waiting).toMatchObject({ status: 'waitlisted' });
    expect(waiting).not.toHaveProperty('invoiceNumber');
  });
});
