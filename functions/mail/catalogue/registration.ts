import type { Course } from '#domain/course.ts';
import type { Invoice } from '#domain/invoice.ts';
import type { Registration } from '#domain/registration.ts';
import { courseCalendar } from '../../documents/calendar.ts';
import { cancellationMail, participantRemovedMail, participantsChangedMail } from '../change-templates.ts';
import type { CourseContact } from '../contacts.ts';
import { invoiceMail } from '../invoice-templates.ts';
import type { MailKind, PlannedMail } from '../mail-kind.ts';
import { calendarAttachment, type MailAttachment } from '../mime.ts';
import { confirmationMail, participantWelcomeMail, waitlistMail } from '../signup-templates.ts';

/** A registration as its mails read it: the signup, and what happened to it since. */
export type MailedRegistration = Registration & {
  promotedAt?: string;
  participantChanges?: readonly {
    version: number;
    removed: readonly { name: string; email: string }[];
    credited?: string;
  }[];
  documents?: readonly { kind: string; credits?: string }[];
  mailHistory?: readonly { kind: string; to: readonly string[] }[];
};

/** What every mail about one registration is written from. */
export interface RegistrationMail {
  course: Course;
  registration: MailedRegistration;
  contacts: readonly CourseContact[];
}

type Person = { name: string; email: string };

const toContact = ({ registration }: RegistrationMail) => ({ to: [registration.contact.email] });
const aboutRegistration = ({ registration }: { registration: MailedRegistration }) => ({
  courseId: registration.courseId,
  id: registration.id,
});
/** The course's sessions as a calendar file, stamped with the signup so every send carries the same events. */
const courseCalendarOf = ({ course, registration }: RegistrationMail) => [
  calendarAttachment(courseCalendar(course, { stamp: new Date(registration.createdAt) })),
];

/** Whether the participant's welcome went out (by the mail history): only they need to hear they are off. */
export function welcomed(registration: MailedRegistration, email: string): boolean {
  return (registration.mailHistory ?? []).some((m) => m.kind === welcome.kind && m.to.includes(email));
}

/** To the contact person of a confirmed registration (promoted from the waitlist: it says so). */
export const confirmation: MailKind<RegistrationMail> = {
  kind: 'confirmation',
  recipients: toContact,
  dedupeKey: ({ registration }) => `confirmation#${registration.id}`,
  template: ({ course, registration, contacts }) =>
    confirmationMail(course, registration, contacts, { promoted: registration.promotedAt !== undefined }),
  attachments: courseCalendarOf,
  about: aboutRegistration,
};

/**
 * To each participant of a confirmed registration. Sent once per stay on the list: one who was removed
 * (and told so) and later added again is welcomed again; one who merely stayed through a change is not.
 */
export const welcome: MailKind<RegistrationMail & { participant: Registration['participants'][number] }> = {
  kind: 'welcome',
  recipients: ({ participant }) => ({ to: [participant.email] }),
  dedupeKey: ({ registration, participant }) => {
    const removals = (registration.participantChanges ?? [])
      .filter((change) => change.removed.some((p) => p.email === participant.email))
      .map((change) => change.version);
    const base = `welcome#${registration.id}#${participant.email}`;
    return removals.length === 0 ? base : `${base}#${Math.max(...removals)}`;
  },
  template: ({ course, registration, participant, contacts }) =>
    participantWelcomeMail(course, registration, participant, contacts),
  attachments: courseCalendarOf,
  about: aboutRegistration,
};

/** To the contact person of a registration that got a waitlist place. */
export const waitlist: MailKind<RegistrationMail> = {
  kind: 'waitlist',
  recipients: toContact,
  dedupeKey: ({ registration }) => `waitlist#${registration.id}`,
  template: ({ course, registration, contacts }) => waitlistMail(course, registration, contacts),
  about: aboutRegistration,
};

/** An issued invoice or credit note with the OIOUBL document it was sent as. */
interface IssuedDocument {
  invoice: Invoice;
  oioubl: string;
}

/**
 * To the invoice recipient: an invoice or a credit note (the history calls both `invoice`), keyed by its
 * number, with its PDF (rendered by another function) and its OIOUBL document attached.
 */
export const invoice: MailKind<
  RegistrationMail & { issued: IssuedDocument; renderPdf: (invoice: Invoice) => Promise<Uint8Array> }
> = {
  kind: 'invoice',
  recipients: ({ issued }) => ({ to: [issued.invoice.buyer.contactEmail] }),
  dedupeKey: ({ issued }) => `invoice#${issued.invoice.number}`,
  template: ({ course, issued, contacts }) => invoiceMail(course, issued.invoice, contacts),
  late: async ({ issued: { invoice, oioubl }, renderPdf }): Promise<MailAttachment[]> => {
    const name = invoice.kind === 'invoice' ? 'faktura' : 'kreditnota';
    return [
      {
        filename: `${name}-${invoice.number}.pdf`,
        contentType: 'application/pdf',
        content: await renderPdf(invoice),
      },
      { filename: `${name}-${invoice.number}.xml`, contentType: 'application/xml', content: oioubl },
    ];
  },
  about: aboutRegistration,
};

/**
 * To the contact person of a cancelled registration, naming the credited invoices and the participants who
 * are told they are off.
 */
export const cancellation: MailKind<RegistrationMail> = {
  kind: 'cancellation',
  recipients: toContact,
  dedupeKey: ({ registration }) => `cancellation#${registration.id}`,
  template: ({ course, registration, contacts }) => {
    const credited = (registration.documents ?? []).flatMap((d) =>
      d.kind === 'credit-note' && d.credits ? [d.credits] : [],
    );
    return cancellationMail(course, registration, credited, contacts, toldOfCancellation(registration));
  },
  about: aboutRegistration,
};

/** Those who had their welcome hear of a cancellation; a waitlisted library's people never heard from us. */
export function toldOfCancellation(registration: MailedRegistration): Person[] {
  return registration.participants.filter((p) => welcomed(registration, p.email));
}

/** Those a change of the participant list removed, and whether each was welcomed and so is told. */
export function removedBy(
  registration: MailedRegistration,
  change: NonNullable<MailedRegistration['participantChanges']>[number],
): (Person & { told: boolean })[] {
  return change.removed.map((p) => ({ ...p, told: welcomed(registration, p.email) }));
}

/**
 * To a participant who was welcomed and is no longer registered: taken off by a change (keyed by its
 * version) or by the cancellation.
 */
export const participantRemoved: MailKind<
  RegistrationMail & { participant: Person; occasion: number | 'cancelled' }
> = {
  kind: 'participant-removed',
  recipients: ({ participant }) => ({ to: [participant.email] }),
  dedupeKey: ({ registration, participant, occasion }) =>
    `removed#${registration.id}#${occasion}#${participant.email}`,
  template: ({ course, registration, participant, contacts }) =>
    participantRemovedMail(course, registration, participant, contacts),
  about: aboutRegistration,
};

/** To the contact person, per change of the participant list: the new list, the price, the invoice's fate. */
export const participantsChanged: MailKind<
  RegistrationMail & { change: NonNullable<MailedRegistration['participantChanges']>[number] }
> = {
  kind: 'participants-changed',
  recipients: toContact,
  dedupeKey: ({ registration, change }) => `participants-changed#${registration.id}#${change.version}`,
  template: ({ course, registration, change, contacts }) =>
    participantsChangedMail(course, registration, removedBy(registration, change), change.credited, contacts),
  about: aboutRegistration,
};

/**
 * A mail the coordinator asked to have sent again: the original (its kind, recipients and content) under
 * the request's own key, so each request sends once and a later request sends again.
 */
export const resend = {
  dedupeKey: (registrationId: string, requestId: string) => `resend#${registrationId}#${requestId}`,
  of: (original: PlannedMail, registrationId: string, requestId: string): PlannedMail => ({
    ...original,
    dedupeKey: resend.dedupeKey(registrationId, requestId),
  }),
};
