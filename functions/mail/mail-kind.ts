import type { MailContent } from './blocks.ts';
import type { MailAttachment } from './mime.ts';

/** Whom one mail is addressed to. */
export interface Recipients {
  to: string[];
  cc?: string[];
}

/** One mail, ready for the one claim/send/record path (app/send-mail.ts). */
export interface PlannedMail extends Recipients {
  /** What the mail is (`confirmation#<registration>`, `reminder#<course>#<reminder>#<person>`): sent once. */
  dedupeKey: string;
  kind: string;
  content: MailContent;
  attachments: MailAttachment[];
  /** Rendered only once the claim is won: an invoice PDF for a mail that already went out is wasted work. */
  late?: () => Promise<MailAttachment[]>;
  /** The registration whose mail history records the send, if the mail is about one. */
  registration?: { courseId: string; id: string };
}

/**
 * One kind of mail, declared once in the catalogue (catalogue.ts): whom it goes to, how it is written, and
 * the key that makes it go out once. The key is the id of the stored mail record and names the mail in the
 * history: its form never changes, or mails already sent would go out again.
 */
export interface MailKind<Input> {
  /** What the mail history calls the mail. */
  readonly kind: string;
  recipients(input: Input): Recipients;
  dedupeKey(input: Input): string;
  template(input: Input): MailContent;
  /** The attachments that cost little (a calendar, a CSV). */
  attachments?(input: Input): MailAttachment[];
  /** The attachments rendered by another function (PDFs), made only for a mail that is still to go out. */
  late?(input: Input): Promise<MailAttachment[]>;
  /** The registration whose mail history records the send. */
  about(input: Input): { courseId: string; id: string } | undefined;
}

/** The mail of one kind for one input, as the claim/send/record path takes it. */
export function planMail<Input>(mailKind: MailKind<Input>, input: Input): PlannedMail {
  const { late } = mailKind;
  const registration = mailKind.about(input);
  return {
    dedupeKey: mailKind.dedupeKey(input),
    kind: mailKind.kind,
    ...mailKind.recipients(input),
    content: mailKind.template(input),
    attachments: mailKind.attachments?.(input) ?? [],
    ...(late && { late: () => late(input) }),
    ...(registration && { registration }),
  };
}
