import type { ContactAddresses } from '#domain/course.ts';
import type { PlannedMail } from '../mail/mail-kind.ts';
import { buildRawMessage } from '../mail/mime.ts';
import type { Clock, Mailer, MailRecords } from './ports.ts';

export interface MailingDeps {
  store: MailRecords;
  mailer: Mailer;
  clock: Clock;
  senderAddress: string;
  /** Replies go to the coordinator, who answers the libraries' questions. */
  replyTo?: string;
}

/** Another worker holds the mail's claim: it sends the mail (or, if it died, the first run after its lease). */
export class MailClaimedByAnotherError extends Error {
  constructor(kind: string) {
    super(`${kind} mail is being sent by another worker`);
    this.name = 'MailClaimedByAnotherError';
  }
}

/**
 * Sends one mail at most once, whoever else tries: claim its dedupe key, send, record. The claim is given
 * back only when SES refused the mail; once SES has it, no later failure can lead to a second send.
 * The mail's `late` attachments are rendered only after the claim is won.
 */
export async function sendMailOnce(deps: MailingDeps, mail: PlannedMail): Promise<'sent' | 'already-sent'> {
  // The lease runs on the clock the sweep runs on, so a dead sender's mail goes out within a sweep or two
  // of that clock, however fast it runs.
  const claim = await deps.store.claimMail(mail.dedupeKey, deps.clock.now());
  if (claim === 'already-sent') return 'already-sent';
  // No address in the message: errors are logged, and the dedupe key holds the recipient.
  if (claim === 'claimed-by-another') throw new MailClaimedByAnotherError(mail.kind);
  let messageId: string;
  try {
    const attachments = [...mail.attachments, ...((await mail.late?.()) ?? [])];
    const raw = await buildRawMessage({
      from: deps.senderAddress,
      to: mail.to,
      cc: mail.cc && mail.cc.length > 0 ? mail.cc : undefined,
      replyTo: deps.replyTo,
      subject: mail.content.subject,
      text: mail.content.text,
      html: mail.content.html,
      attachments,
      headers: { 'X-Kursus-Dedupe-Key': mail.dedupeKey },
    });
    const recipients = [...mail.to, ...(mail.cc ?? [])];
    messageId = await deps.mailer.sendRaw({ from: deps.senderAddress, to: recipients, raw });
  } catch (error) {
    // SES did not take it: give the claim back so the next attempt sends (not after the lease).
    await persistently(() => deps.store.releaseMail(mail.dedupeKey));
    throw error;
  }
  await persistently(() =>
    deps.store.recordMailSent(
      {
        dedupeKey: mail.dedupeKey,
        kind: mail.kind,
        to: [...mail.to, ...(mail.cc ?? [])],
        subject: mail.content.subject,
        messageId,
        sentAt: deps.clock.now().toISOString(),
      },
      mail.registration,
    ),
  );
  return 'sent';
}

/** Attempts at the write after a send, over about three seconds. */
const RECORD_ATTEMPTS = 6;

/**
 * The writes around a send are retried through a burst of throttling longer than the SDK's own retries
 * ride out: once SES has a mail, an unrecorded send means a second copy when the claim's lease runs out,
 * and a claim not given back holds the mail until then.
 */
async function persistently(record: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await record();
    } catch (error) {
      if (attempt >= RECORD_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** (attempt - 1) * Math.random()));
    }
  }
}

/** The pipelines' mailing: replies go to the course's coordinator, where an address is configured. */
export function mailingOf(
  deps: Omit<MailingDeps, 'replyTo'> & { contactAddresses: ContactAddresses },
): MailingDeps {
  return { ...deps, replyTo: deps.contactAddresses.coordinator };
}
