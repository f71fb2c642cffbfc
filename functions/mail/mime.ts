import MailComposer from 'nodemailer/lib/mail-composer/index.js';

/** Calendar clients (Outlook in particular) offer "add to calendar" only with the method parameter. */
export const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8; method=PUBLISH';

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer | Uint8Array | string;
}

export interface OutgoingMail {
  from: string;
  to: string[];
  cc?: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachment[];
  headers?: Record<string, string>;
}

export function calendarAttachment(ics: string, filename = 'kursus.ics'): MailAttachment {
  return { filename, contentType: ICS_CONTENT_TYPE, content: ics };
}

/**
 * The complete RFC 5322 message (headers, multipart/alternative text + HTML, attachments) as SES
 * SendRawEmail takes it. Non-ASCII headers are MIME-encoded and bodies UTF-8 by the composer.
 */
export async function buildRawMessage(message: OutgoingMail): Promise<Buffer> {
  if (message.to.length === 0) throw new Error('En mail skal have mindst én modtager.');
  const composer = new MailComposer({
    from: message.from,
    to: message.to,
    cc: message.cc,
    replyTo: message.replyTo,
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: message.headers,
    attachments: message.attachments?.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: typeof a.content === 'string' ? a.content : toBuffer(a.content),
    })),
    // Templates write "\n"; quoted-printable would carry bare LFs through, which RFC 5322 forbids.
    newline: 'win',
    // Content is always given inline; never let a value be read as a file path or URL to fetch.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}

function toBuffer(bytes: Buffer | Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
