import type { ContactAddresses, Course } from '#domain/course.ts';
import { buildInvoice, type Seller } from '#domain/invoice.ts';
import { formatDateInCopenhagen } from '#domain/time.ts';
import { courseCalendar } from '../mail/calendar.ts';
import { type CourseContact, courseContacts } from '../mail/contacts.ts';
import { renderInvoicePdf } from '../mail/invoice-pdf.ts';
import { buildRawMessage, calendarAttachment, type MailAttachment } from '../mail/mime.ts';
import { renderOioubl } from '../mail/oioubl.ts';
import {
  confirmationMail,
  invoiceMail,
  type MailContent,
  participantWelcomeMail,
  waitlistMail,
} from '../mail/templates.ts';
import { findCourse } from './find-course.ts';
import type {
  Clock,
  FulfilmentStore,
  Mailer,
  RegistrationStore,
  StoredInvoice,
  StoredRegistration,
} from './ports.ts';

/** The seller's own facts that are configuration, not course data. */
export type SellerSettings = Pick<Seller, 'cvr' | 'bankRegNo' | 'bankAccountNo'>;

export interface FulfilmentDeps {
  store: RegistrationStore & FulfilmentStore;
  mailer: Mailer;
  clock: Clock;
  senderAddress: string;
  seller: SellerSettings;
  contactAddresses: ContactAddresses;
}

interface PlannedMail {
  dedupeKey: string;
  kind: string;
  to: string[];
  content: MailContent;
  attachments: MailAttachment[];
}

/**
 * Does whatever is still owed to one registration: send the confirmation or waitlist mail and each
 * participant's welcome, issue the invoice (confirmed only) and send it, then settle. Every step
 * is idempotent, so the stream and the sweep may both call this for the same registration, any number of
 * times, and each mail still goes out once.
 */
export async function processRegistration(
  deps: FulfilmentDeps,
  key: { courseId: string; registrationId: string },
): Promise<void> {
  const registration = await deps.store.getRegistration(key.courseId, key.registrationId);
  if (!registration?.owed) return;
  const { course } = await findCourse(deps.store, key.courseId);
  const contacts = courseContacts(course, deps.contactAddresses);

  // The library hears back first; issuing and rendering the invoice comes after.
  for (const mail of planMails(course, registration, contacts)) await sendOnce(deps, registration, mail);
  if (registration.status === 'confirmed') {
    const invoice = await invoiceFor(deps, course, registration);
    await sendOnce(deps, registration, invoiceMailOf(course, invoice, contacts), invoice);
  }
  await deps.store.settle(registration);
}

async function invoiceFor(deps: FulfilmentDeps, course: Course, registration: StoredRegistration) {
  if (registration.invoiceNumber) {
    const issued = await deps.store.getInvoice(registration.invoiceNumber);
    if (issued) return issued;
  }
  const organiser = course.organiser.address;
  const seller: Seller = {
    ...deps.seller,
    name: course.organiser.name,
    street: organiser.street,
    postalCode: organiser.postalCode,
    city: organiser.city,
    email: deps.contactAddresses.coordinator ?? deps.senderAddress,
  };
  const issueDate = formatDateInCopenhagen(deps.clock.now());
  return deps.store.issueInvoice(registration, course.invoicing.series, (sequence) => {
    const invoice = buildInvoice(course, registration, seller, { sequence, issueDate });
    return { invoice, oioubl: renderOioubl(invoice) };
  });
}

function planMails(
  course: Course,
  registration: StoredRegistration,
  contacts: CourseContact[],
): PlannedMail[] {
  const calendar = [calendarAttachment(courseCalendar(course, { stamp: new Date(registration.createdAt) }))];
  if (registration.status === 'waitlisted') {
    return [
      {
        dedupeKey: `waitlist#${registration.id}`,
        kind: 'waitlist',
        to: [registration.contact.email],
        content: waitlistMail(course, registration, contacts),
        attachments: [],
      },
    ];
  }
  return [
    {
      dedupeKey: `confirmation#${registration.id}`,
      kind: 'confirmation',
      to: [registration.contact.email],
      content: confirmationMail(course, registration, contacts),
      attachments: calendar,
    },
    ...registration.participants.map((participant) => ({
      dedupeKey: `welcome#${registration.id}#${participant.email}`,
      kind: 'welcome',
      to: [participant.email],
      content: participantWelcomeMail(course, registration, participant, contacts),
      attachments: calendar,
    })),
  ];
}

function invoiceMailOf(course: Course, { invoice }: StoredInvoice, contacts: CourseContact[]): PlannedMail {
  return {
    dedupeKey: `invoice#${invoice.number}`,
    kind: 'invoice',
    to: [invoice.buyer.contactEmail],
    content: invoiceMail(course, invoice, contacts),
    attachments: [],
  };
}

async function sendOnce(
  deps: FulfilmentDeps,
  registration: StoredRegistration,
  mail: PlannedMail,
  invoice?: StoredInvoice,
): Promise<void> {
  const claim = await deps.store.claimMail(mail.dedupeKey);
  if (claim === 'already-sent') return;
  // No address in the message: errors are logged, and the dedupe key holds the recipient.
  if (claim === 'claimed-by-another') throw new Error(`${mail.kind} mail is being sent by another worker`);
  let messageId: string;
  try {
    const attachments = [...mail.attachments];
    // Rendered only once the send is ours: a PDF for a mail that already went out is wasted work.
    if (invoice) attachments.push(...(await invoiceAttachments(invoice)));
    const raw = await buildRawMessage({
      from: deps.senderAddress,
      to: mail.to,
      replyTo: deps.contactAddresses.coordinator,
      subject: mail.content.subject,
      text: mail.content.text,
      html: mail.content.html,
      attachments,
      headers: { 'X-Kursus-Dedupe-Key': mail.dedupeKey },
    });
    messageId = await deps.mailer.sendRaw({ from: deps.senderAddress, to: mail.to, raw });
  } catch (error) {
    // SES did not take it: give the claim back so the next attempt sends.
    await deps.store.releaseMail(mail.dedupeKey);
    throw error;
  }
  // SES took it: from here on the claim is never released, so no failure below can cause a second send.
  await deps.store.recordMailSent(registration, {
    dedupeKey: mail.dedupeKey,
    kind: mail.kind,
    to: mail.to,
    subject: mail.content.subject,
    messageId,
    sentAt: deps.clock.now().toISOString(),
  });
}

async function invoiceAttachments({ invoice, oioubl }: StoredInvoice): Promise<MailAttachment[]> {
  const name = invoice.kind === 'invoice' ? 'faktura' : 'kreditnota';
  return [
    {
      filename: `${name}-${invoice.number}.pdf`,
      contentType: 'application/pdf',
      content: await renderInvoicePdf(invoice),
    },
    { filename: `${name}-${invoice.number}.xml`, contentType: 'application/xml', content: oioubl },
  ];
}

/**
 * Finishes every registration that still owes something. One failure does not stop the others, and a
 * failing registration moves to the back of the queue, so a few poisoned ones cannot crowd out the rest.
 */
export async function sweep(
  deps: FulfilmentDeps,
  limit = 100,
  onFailure: (registrationId: string, error: unknown) => void = () => undefined,
): Promise<{ processed: number; failed: number }> {
  const owed = await deps.store.listOwed(limit);
  let failed = 0;
  for (const key of owed) {
    try {
      await processRegistration(deps, key);
    } catch (error) {
      failed++;
      onFailure(key.registrationId, error);
      await deps.store.postpone(key).catch(() => undefined);
    }
  }
  return { processed: owed.length - failed, failed };
}
