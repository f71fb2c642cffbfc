import type { ContactAddresses, Course } from '#domain/course.ts';
import { buildCreditNote, buildInvoice, creditNoteSeries, type Seller } from '#domain/invoice.ts';
import { personalDataGone } from '#domain/retention.ts';
import { formatDateInCopenhagen } from '#domain/time.ts';
import { courseCalendar } from '../mail/calendar.ts';
import { type CourseContact, courseContacts } from '../mail/contacts.ts';
import { calendarAttachment, type MailAttachment } from '../mail/mime.ts';
import { renderOioubl } from '../mail/oioubl.ts';
import {
  cancellationMail,
  confirmationMail,
  invoiceMail,
  participantRemovedMail,
  participantsChangedMail,
  participantWelcomeMail,
  waitlistMail,
} from '../mail/templates.ts';
import { findCourse } from './find-course.ts';
import type {
  Clock,
  CourseCatalogue,
  Ledger,
  Mailer,
  MailRecords,
  OwedWork,
  Registrations,
  StoredInvoice,
  StoredRegistration,
} from './ports.ts';
import { type MailingDeps, type PlannedMail, sendMailOnce } from './send-mail.ts';

/** The seller's own facts that are configuration, not course data. */
export type SellerSettings = Pick<Seller, 'cvr' | 'bankRegNo' | 'bankAccountNo'>;

export interface FulfilmentDeps {
  store: CourseCatalogue & Registrations & Ledger & MailRecords & OwedWork;
  mailer: Mailer;
  clock: Clock;
  senderAddress: string;
  seller: SellerSettings;
  contactAddresses: ContactAddresses;
  /** The PDF of a stored invoice or credit note (another function renders it: pdf-lib is large). */
  renderPdf: (invoice: import('#domain/invoice.ts').Invoice) => Promise<Uint8Array>;
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
  const read = await deps.store.getRegistration(key.courseId, key.registrationId);
  if (!read?.owed) return;
  // Its people's data is being removed: nothing more goes to them (a command that slipped in is dropped).
  if (personalDataGone(read)) {
    await deps.store.settle(read);
    return;
  }
  const { course, counters } = await findCourse(deps.store, key.courseId);
  const contacts = courseContacts(course, deps.contactAddresses);

  // Invoices a cancellation or a price change left standing are credited before anything else.
  const registration = await creditAndMail(deps, course, read, contacts);
  if (registration.status === 'cancelled') {
    // A change just before the cancel may not have told its removed participants yet: they still hear.
    for (const mail of changeMails(course, registration, contacts)) {
      if (mail.kind === 'participant-removed') await sendMailOnce(mailing(deps), mail);
    }
    await sendCancellation(deps, course, registration, contacts);
    await promoteWaitlisted(deps, course);
    await deps.store.settle(registration);
    return;
  }
  // The library hears back first; issuing and rendering the invoice comes after.
  for (const mail of planMails(course, registration, contacts)) await sendMailOnce(mailing(deps), mail);
  for (const mail of changeMails(course, registration, contacts)) await sendMailOnce(mailing(deps), mail);
  let invoice: StoredInvoice | undefined;
  if (registration.status === 'confirmed') {
    const issued = await invoiceFor(deps, course, registration);
    invoice = issued;
    await sendMailOnce(mailing(deps), invoiceMailOf(course, registration, issued, contacts), () =>
      invoiceAttachments(deps, issued),
    );
  }
  await sendResends(deps, course, registration, invoice, contacts);
  // A registration that shrank may have freed seats: the waitlist moves up if it can.
  if (counters.waitlistedLibraries > 0 && (registration.participantChanges?.length ?? 0) > 0) {
    await promoteWaitlisted(deps, course);
  }
  await deps.store.settle(registration);
}

/**
 * Each invoice left to be credited gets its credit note (own gap-free series) and each credit note its
 * mail. Credit notes issued on an earlier pass are mailed only if that mail never went out (the dedupe
 * key is the credit note's number). Returns the registration as it is after crediting.
 */
async function creditAndMail(
  deps: FulfilmentDeps,
  course: Course,
  registration: StoredRegistration,
  contacts: CourseContact[],
): Promise<StoredRegistration> {
  const series = creditNoteSeries(course.invoicing.series);
  const issueDate = formatDateInCopenhagen(deps.clock.now());
  for (const invoiceNumber of registration.toCredit ?? []) {
    const invoice = await deps.store.getInvoice(invoiceNumber);
    if (!invoice) throw new Error(`invoice ${invoiceNumber} to credit cannot be read`);
    await deps.store.issueCreditNote(registration, invoiceNumber, series, (sequence) => {
      const note = buildCreditNote(invoice.invoice, { sequence, issueDate, series });
      return { invoice: note, oioubl: renderOioubl(note) };
    });
  }
  const current =
    (registration.toCredit?.length ?? 0) > 0
      ? ((await deps.store.getRegistration(registration.courseId, registration.id)) ?? registration)
      : registration;
  for (const document of current.documents ?? []) {
    if (document.kind !== 'credit-note') continue;
    const note = await deps.store.getInvoice(document.number);
    if (note) {
      await sendMailOnce(mailing(deps), invoiceMailOf(course, current, note, contacts), () =>
        invoiceAttachments(deps, note),
      );
    }
  }
  return current;
}

/**
 * The contact's confirmation of a cancellation, naming the invoices that were credited, and a word to
 * each participant who had a welcome (with its calendar), so nobody turns up for a cancelled seat. A
 * waitlisted registration's participants never heard from us, so they hear nothing now either.
 */
async function sendCancellation(
  deps: FulfilmentDeps,
  course: Course,
  registration: StoredRegistration,
  contacts: CourseContact[],
) {
  const credited = (registration.documents ?? []).flatMap((d) =>
    d.kind === 'credit-note' && d.credits ? [d.credits] : [],
  );
  const told = registration.participants.filter((p) => welcomed(registration, p.email));
  for (const participant of told) {
    await sendMailOnce(mailing(deps), {
      registration,
      dedupeKey: `removed#${registration.id}#cancelled#${participant.email}`,
      kind: 'participant-removed',
      to: [participant.email],
      content: participantRemovedMail(course, registration, participant, contacts),
      attachments: [],
    });
  }
  await sendMailOnce(mailing(deps), {
    registration,
    dedupeKey: `cancellation#${registration.id}`,
    kind: 'cancellation',
    to: [registration.contact.email],
    content: cancellationMail(course, registration, credited, contacts, told),
    attachments: [],
  });
}

/** Whether the participant's welcome went out (by the mail history): only they need to hear they are off. */
function welcomed(registration: StoredRegistration, email: string): boolean {
  return (registration.mailHistory ?? []).some((m) => m.kind === 'welcome' && m.to.includes(email));
}

/**
 * A participant's welcome is sent once per stay on the list: one who was removed (and told so) and
 * later added again is welcomed again; one who merely stayed through a change is not.
 */
function welcomeKey(registration: StoredRegistration, email: string): string {
  const removals = (registration.participantChanges ?? [])
    .filter((change) => change.removed.some((p) => p.email === email))
    .map((change) => change.version);
  const base = `welcome#${registration.id}#${email}`;
  return removals.length === 0 ? base : `${base}#${Math.max(...removals)}`;
}

/** What the coordinator asked to have sent again, each request once (keyed by its id). */
async function sendResends(
  deps: FulfilmentDeps,
  course: Course,
  registration: StoredRegistration,
  invoice: StoredInvoice | undefined,
  contacts: CourseContact[],
) {
  for (const request of registration.resendRequests ?? []) {
    const dedupeKey = `resend#${registration.id}#${request.id}`;
    if (request.what === 'invoice') {
      if (!invoice) continue;
      await sendMailOnce(
        mailing(deps),
        { ...invoiceMailOf(course, registration, invoice, contacts), dedupeKey },
        () => invoiceAttachments(deps, invoice),
      );
      continue;
    }
    const [original] = planMails(course, registration, contacts);
    if (original) await sendMailOnce(mailing(deps), { ...original, dedupeKey });
  }
}

/** Per change of the participant list: a word to each removed participant and the new list to the contact. */
function changeMails(
  course: Course,
  registration: StoredRegistration,
  contacts: CourseContact[],
): PlannedMail[] {
  return (registration.participantChanges ?? []).flatMap((change) => {
    // Only someone who was welcomed has anything to be told; a waitlisted library's people were not.
    const removed = change.removed.map((p) => ({ ...p, told: welcomed(registration, p.email) }));
    return [
      ...removed
        .filter((participant) => participant.told)
        .map((participant) => ({
          registration,
          dedupeKey: `removed#${registration.id}#${change.version}#${participant.email}`,
          kind: 'participant-removed',
          to: [participant.email],
          content: participantRemovedMail(course, registration, participant, contacts),
          attachments: [],
        })),
      {
        registration,
        dedupeKey: `participants-changed#${registration.id}#${change.version}`,
        kind: 'participants-changed',
        to: [registration.contact.email],
        content: participantsChangedMail(course, registration, removed, change.credited, contacts),
        attachments: [],
      },
    ];
  });
}

/**
 * Seats were freed: the waitlist moves up strictly in signup order. The first waiting library is
 * confirmed if all its participants fit; if not, nobody behind it jumps ahead (the rule signups follow).
 * A promoted registration owes its confirmation and invoice, which the stream then sends like a signup's.
 */
export async function promoteWaitlisted(deps: FulfilmentDeps, course: Course): Promise<string[]> {
  const capacity = course.capacity?.participants;
  if (capacity === undefined) return [];
  const promoted: string[] = [];
  for (let round = 0; round < 1000; round++) {
    const waiting = (await deps.store.listRegistrations(course.id))
      .filter((r) => r.status === 'waitlisted')
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    const [head] = waiting;
    if (!head) return promoted;
    const outcome = await deps.store.promote(head, capacity, deps.clock.now());
    if (outcome === 'no-room') return promoted;
    if (outcome === 'promoted') promoted.push(head.id);
  }
  return promoted;
}

/** The organiser as the seller on invoices and credit notes. */
function sellerOf(deps: FulfilmentDeps, course: Course): Seller {
  const organiser = course.organiser.address;
  return {
    ...deps.seller,
    name: course.organiser.name,
    street: organiser.street,
    postalCode: organiser.postalCode,
    city: organiser.city,
    email: deps.contactAddresses.coordinator ?? deps.senderAddress,
  };
}

async function invoiceFor(deps: FulfilmentDeps, course: Course, registration: StoredRegistration) {
  if (registration.invoiceNumber) {
    const issued = await deps.store.getInvoice(registration.invoiceNumber);
    if (issued) return issued;
  }
  const seller = sellerOf(deps, course);
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
      content: confirmationMail(course, registration, contacts, {
        promoted: registration.promotedAt !== undefined,
      }),
      attachments: calendar,
    },
    ...registration.participants.map((participant) => ({
      registration,
      dedupeKey: welcomeKey(registration, participant.email),
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

async function invoiceAttachments(
  deps: Pick<FulfilmentDeps, 'renderPdf'>,
  { invoice, oioubl }: StoredInvoice,
): Promise<MailAttachment[]> {
  const name = invoice.kind === 'invoice' ? 'faktura' : 'kreditnota';
  return [
    {
      filename: `${name}-${invoice.number}.pdf`,
      contentType: 'application/pdf',
      content: await deps.renderPdf(invoice),
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
