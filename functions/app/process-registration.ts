import type { ContactAddresses, Course } from '#domain/course.ts';
import { buildInvoice, type Seller } from '#domain/invoice.ts';
import { formatDateInCopenhagen } from '#domain/time.ts';
import { courseCalendar } from '../mail/calendar.ts';
import { type CourseContact, courseContacts } from '../mail/contacts.ts';
import { renderInvoicePdf } from '../mail/invoice-pdf.ts';
import { calendarAttachment, type MailAttachment } from '../mail/mime.ts';
import { renderOioubl } from '../mail/oioubl.ts';
import { confirmationMail, invoiceMail, participantWelcomeMail, waitlistMail } from '../mail/templates.ts';
import { findCourse } from './find-course.ts';
import type {
  Clock,
  FulfilmentStore,
  Mailer,
  RegistrationStore,
  ReminderStore,
  StoredInvoice,
  StoredRegistration,
} from './ports.ts';
import { type MailingDeps, type PlannedMail, sendMailOnce } from './send-mail.ts';

/** The seller's own facts that are configuration, not course data. */
export type SellerSettings = Pick<Seller, 'cvr' | 'bankRegNo' | 'bankAccountNo'>;

export interface FulfilmentDeps {
  store: RegistrationStore & FulfilmentStore & ReminderStore;
  mailer: Mailer;
  clock: Clock;
  senderAddress: string;
  seller: SellerSettings;
  contactAddresses: ContactAddresses;
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
  for (const mail of planMails(course, registration, contacts)) await sendMailOnce(mailing(deps), mail);
  if (registration.status === 'confirmed') {
    const invoice = await invoiceFor(deps, course, registration);
    await sendMailOnce(mailing(deps), invoiceMailOf(course, registration, invoice, contacts), () =>
      invoiceAttachments(invoice),
    );
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
        registration,
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
      registration,
      dedupeKey: `confirmation#${registration.id}`,
      kind: 'confirmation',
      to: [registration.contact.email],
      content: confirmationMail(course, registration, contacts),
      attachments: calendar,
    },
    ...registration.participants.map((participant) => ({
      registration,
      dedupeKey: `welcome#${registration.id}#${participant.email}`,
      kind: 'welcome',
      to: [participant.email],
      content: participantWelcomeMail(course, registration, participant, contacts),
      attachments: calendar,
    })),
  ];
}

function invoiceMailOf(
  course: Course,
  registration: StoredRegistration,
  { invoice }: StoredInvoice,
  contacts: CourseContact[],
): PlannedMail {
  return {
    registration,
    dedupeKey: `invoice#${invoice.number}`,
    kind: 'invoice',
    to: [invoice.buyer.contactEmail],
    content: invoiceMail(course, invoice, contacts),
    attachments: [],
  };
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

function mailing(deps: FulfilmentDeps): MailingDeps {
  return { ...deps, replyTo: deps.contactAddresses.coordinator };
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
