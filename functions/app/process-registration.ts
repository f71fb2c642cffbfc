import type { ContactAddresses, Course } from '#domain/course.ts';
import { buildCreditNote, buildInvoice, creditNoteSeries, type Seller } from '#domain/invoice.ts';
import { personalDataGone } from '#domain/retention.ts';
import { formatDateInCopenhagen } from '#domain/time.ts';
import { renderOioubl } from '../documents/oioubl.ts';
import {
  cancellation,
  confirmation,
  invoice as invoiceKind,
  type PlannedMail,
  participantRemoved,
  participantsChanged,
  planMail,
  type RegistrationMail,
  removedBy,
  resend,
  toldOfCancellation,
  waitlist,
  welcome,
} from '../mail/catalogue.ts';
import { type CourseContact, courseContacts } from '../mail/contacts.ts';
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
import { mailingOf, sendMailOnce } from './send-mail.ts';

/** A registration with work owed, as its mails are written from it. */
type RegistrationOwing = RegistrationMail & { registration: StoredRegistration };

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
  const about = { course, registration, contacts };
  if (registration.status === 'cancelled') {
    // A change just before the cancel may not have told its removed participants yet: they still hear.
    for (const mail of changeMails(about)) {
      if (mail.kind === participantRemoved.kind) await sendMailOnce(mailingOf(deps), mail);
    }
    await sendCancellation(deps, about);
    await promoteWaitlisted(deps, course);
    await deps.store.settle(registration);
    return;
  }
  // The library hears back first; issuing and rendering the invoice comes after.
  for (const mail of signupMails(about)) await sendMailOnce(mailingOf(deps), mail);
  for (const mail of changeMails(about)) await sendMailOnce(mailingOf(deps), mail);
  let invoice: StoredInvoice | undefined;
  if (registration.status === 'confirmed') {
    const issued = await invoiceFor(deps, course, registration);
    invoice = issued;
    await sendMailOnce(mailingOf(deps), invoiceMailOf(deps, about, issued));
  }
  await sendResends(deps, about, invoice);
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
      await sendMailOnce(
        mailingOf(deps),
        invoiceMailOf(deps, { course, registration: current, contacts }, note),
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
async function sendCancellation(deps: FulfilmentDeps, about: RegistrationOwing) {
  for (const participant of toldOfCancellation(about.registration)) {
    await sendMailOnce(
      mailingOf(deps),
      planMail(participantRemoved, { ...about, participant, occasion: 'cancelled' }),
    );
  }
  await sendMailOnce(mailingOf(deps), planMail(cancellation, about));
}

/** What the coordinator asked to have sent again, each request once (keyed by its id). */
async function sendResends(
  deps: FulfilmentDeps,
  about: RegistrationOwing,
  invoice: StoredInvoice | undefined,
) {
  const { registration } = about;
  for (const request of registration.resendRequests ?? []) {
    if (request.what === 'invoice') {
      if (!invoice) continue;
      await sendMailOnce(
        mailingOf(deps),
        resend.of(invoiceMailOf(deps, about, invoice), registration.id, request.id),
      );
      continue;
    }
    const [original] = signupMails(about);
    if (original) await sendMailOnce(mailingOf(deps), resend.of(original, registration.id, request.id));
  }
}

/** Per change of the participant list: a word to each removed participant, the new list to the contact. */
function changeMails(about: RegistrationOwing): PlannedMail[] {
  return (about.registration.participantChanges ?? []).flatMap((change) => [
    ...removedBy(about.registration, change)
      .filter((participant) => participant.told)
      .map((participant) =>
        planMail(participantRemoved, { ...about, participant, occasion: change.version }),
      ),
    planMail(participantsChanged, { ...about, change }),
  ]);
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

/** A waitlisted library hears that it waits; a confirmed one gets its confirmation and each participant a welcome. */
function signupMails(about: RegistrationOwing): PlannedMail[] {
  if (about.registration.status === 'waitlisted') return [planMail(waitlist, about)];
  return [
    planMail(confirmation, about),
    ...about.registration.participants.map((participant) => planMail(welcome, { ...about, participant })),
  ];
}

function invoiceMailOf(
  deps: Pick<FulfilmentDeps, 'renderPdf'>,
  about: RegistrationOwing,
  issued: StoredInvoice,
) {
  return planMail(invoiceKind, { ...about, issued, renderPdf: deps.renderPdf });
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
