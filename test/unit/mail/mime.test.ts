import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { courseCalendar } from '../../../functions/documents/calendar.ts';
import { buildRawMessage, calendarAttachment, type OutgoingMail } from '../../../functions/mail/mime.ts';
import { seedCourse } from '../../support/fixtures.ts';

// Every byte value, so any text-mode mangling of the "PDF" shows up.
const pdfBytes = new Uint8Array([...Buffer.from('%PDF-1.7\n'), ...Array.from({ length: 256 }, (_, i) => i)]);
const ics = courseCalendar(seedCourse());

const message: OutgoingMail = {
  from: 'Herning Bibliotekerne <kursus@example.dk>',
  to: ['Anne Østergård <anne@example.dk>'],
  cc: ['faktura@example.dk'],
  replyTo: 'lone.westphall@example.dk',
  subject: 'Tilmelding bekræftet: Samskabelse – æøå ÆØÅ',
  text: 'Kære Anne Østergård\n\nTak for tilmeldingen.\n',
  html: '<p>Kære Anne Østergård</p><p>Tak for tilmeldingen.</p>',
  attachments: [
    calendarAttachment(ics, 'samskabelse-2016.ics'),
    { filename: 'faktura-KURSUS-0007.pdf', contentType: 'application/pdf', content: pdfBytes },
  ],
  headers: { 'X-Kursus-Registration': 'reg-1' },
};

describe('the raw MIME message', () => {
  it('parses back with the Danish subject, the addresses and custom headers intact', async () => {
    const parsed = await simpleParser(await buildRawMessage(message));
    expect(parsed.subject).toBe('Tilmelding bekræftet: Samskabelse – æøå ÆØÅ');
    expect(parsed.from?.value).toEqual([{ name: 'Herning Bibliotekerne', address: 'kursus@example.dk' }]);
    const to = Array.isArray(parsed.to) ? parsed.to : [parsed.to];
    expect(to[0]?.value).toEqual([{ name: 'Anne Østergård', address: 'anne@example.dk' }]);
    expect(parsed.replyTo?.text).toBe('lone.westphall@example.dk');
    expect(parsed.headers.get('x-kursus-registration')).toBe('reg-1');
  });

  it('carries both a plain-text and an HTML part', async () => {
    const parsed = await simpleParser(await buildRawMessage(message));
    expect(parsed.text).toBe(message.text);
    expect(parsed.html).toContain('<p>Kære Anne Østergård</p>');
  });

  it('attaches the calendar and the PDF with their names, content types and exact bytes', async () => {
    const parsed = await simpleParser(await buildRawMessage(message));
    const [calendar, pdf] = parsed.attachments;
    expect(calendar?.filename).toBe('samskabelse-2016.ics');
    expect(calendar?.contentType).toBe('text/calendar');
    expect(calendar?.content.equals(Buffer.from(ics, 'utf8'))).toBe(true);
    expect(pdf?.filename).toBe('faktura-KURSUS-0007.pdf');
    expect(pdf?.contentType).toBe('application/pdf');
    expect(pdf?.content.equals(Buffer.from(pdfBytes))).toBe(true);
  });

  it('marks the calendar as UTF-8 and published, so clients offer to add it', async () => {
    const parsed = await simpleParser(await buildRawMessage(message));
    const contentType = parsed.attachments[0]?.headers.get('content-type');
    expect(contentType).toMatchObject({
      value: 'text/calendar',
      params: { charset: 'utf-8', method: 'PUBLISH' },
    });
  });

  it('ends every line with CRLF, as SES and RFC 5322 expect', async () => {
    const raw = (await buildRawMessage(message)).toString('latin1');
    expect(raw.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('refuses a message without recipients', async () => {
    await expect(buildRawMessage({ ...message, to: [] })).rejects.toThrow('mindst én modtager');
  });
});
