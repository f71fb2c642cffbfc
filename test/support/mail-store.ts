/** A mail as the local SES keeps it (aws-ses-v2-local parses every raw message with mailparser). */
export interface StoredMail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments: { filename?: string; contentType: string; content: string }[];
}

export async function sentMails(mailUrl: string): Promise<StoredMail[]> {
  const response = await fetch(`${mailUrl}/store`);
  return ((await response.json()) as { emails: StoredMail[] }).emails;
}

export async function clearMails(mailUrl: string): Promise<void> {
  await fetch(`${mailUrl}/clear-store`, { method: 'POST' });
}

/** Waits until `count` mails have arrived (or the time is up) and returns what is there. */
export async function waitForMails(mailUrl: string, count: number, timeoutMs: number): Promise<StoredMail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = await sentMails(mailUrl);
    if (mails.length >= count || Date.now() > deadline) return mails;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function attachment(mail: StoredMail, filenamePattern: RegExp) {
  const found = mail.attachments.find((a) => a.filename && filenamePattern.test(a.filename));
  if (!found) throw new Error(`no attachment matching ${filenamePattern} in "${mail.subject}"`);
  return Buffer.from(found.content, 'base64');
}

/** Every mail the local SES holds that went to this address. */
export async function mailsTo(mailUrl: string, address: string): Promise<StoredMail[]> {
  return (await sentMails(mailUrl)).filter((m) => m.destination.to.includes(address));
}
