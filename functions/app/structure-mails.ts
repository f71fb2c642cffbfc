import { certificatesDueAt, earnsCertificate } from '#domain/attendance.ts';
import type { ContactAddresses, Course } from '#domain/course.ts';
import { sessionDays } from '#domain/course.ts';
import { lastSessionEnd } from '#domain/retention.ts';
import { copenhagenInstant, formatDateInCopenhagen } from '#domain/time.ts';
import { slotStart } from '#domain/visit-round.ts';
import type { CertificateData } from '../documents/certificate-pdf.ts';
import { certificate, groupInvitation, type PlannedMail, planMail, visitBooked } from '../mail/catalogue.ts';
import { type CourseContact, courseContacts } from '../mail/contacts.ts';
import { loadCourse, participantKey, type StructureDeps, sessionOfKind } from './course-structure.ts';
import { linkFor, linkUrl } from './links.ts';
import type { CourseCatalogue, Ids, Mailer, MailRecords, StoredRegistration } from './ports.ts';
import { MailClaimedByAnotherError, mailingOf, sendMailOnce } from './send-mail.ts';
import { activeBookings } from './visit-round.ts';

export interface StructureMailDeps extends StructureDeps {
  store: StructureDeps['store'] & MailRecords & Pick<CourseCatalogue, 'listCourseIds'>;
  mailer: Mailer;
  ids: Ids;
  senderAddress: string;
  contactAddresses: ContactAddresses;
  /** Where the site is, for the links in the mails. */
  siteUrl: string;
  /** The certificate as PDF (another function renders it: pdf-lib is large). */
  renderCertificate: (data: CertificateData) => Promise<Uint8Array>;
}

/** Thrown when a run stops before its time is up; the next run (a retry, the sweep) sends the rest. */
export class StructureRunStoppedError extends Error {
  constructor(readonly sent: number) {
    super(
      `course structure mails stopped before the deadline after ${sent} sent; the next run sends the rest`,
    );
    this.name = 'StructureRunStoppedError';
  }
}

/** A mail the structure owes: its key, and how to write it (links are made only for mails still to send). */
interface StructureMail {
  dedupeKey: string;
  build: () => Promise<PlannedMail>;
}

/**
 * Sends whatever the course's structure owes and has not had: each booked visit's invitation to the
 * library's participants and leader, each group's invitation to its participants, and each certificate
 * once the last teaching day is over. Level-triggered like the registrations' work: the stream of the
 * structure items calls it, the sweep calls it again, and every mail still goes out once (its dedupe key
 * names what it says, so a moved visit or meeting gets a new invitation).
 */
export async function sendStructureMails(
  deps: StructureMailDeps,
  courseId: string,
  /** Milliseconds the run may still take (Lambda's remaining time less a margin); none: no limit. */
  timeLeftMs?: () => number,
): Promise<{ sent: number; failed: number }> {
  const { course, registrations } = await loadCourse(deps, courseId);
  const contacts = courseContacts(course, deps.contactAddresses);
  const now = deps.clock.now();
  const mails = [
    ...(await visitMails(deps, course, registrations, contacts, now)),
    ...(await groupMails(deps, course, registrations, contacts, now)),
    ...(await certificateMails(deps, course, registrations, contacts, now)),
  ];
  const sentBefore = new Set(registrations.flatMap((r) => (r.mailHistory ?? []).map((m) => m.dedupeKey)));
  let sent = 0;
  const failures: unknown[] = [];
  const mailing = mailingOf(deps);
  for (const owed of mails) {
    // Known from the mail history, without a write: the sweep asks every few minutes.
    if (sentBefore.has(owed.dedupeKey)) continue;
    // Killed between SES's answer and the record, a run would send that mail again: stop cleanly instead.
    if (timeLeftMs && timeLeftMs() <= 0) throw new StructureRunStoppedError(sent);
    try {
      if ((await sendMailOnce(mailing, await owed.build())) === 'sent') sent++;
    } catch (error) {
      // Another run is sending it right now (the sweep and the stream met): that run finishes it.
      if (!(error instanceof MailClaimedByAnotherError)) failures.push(error);
    }
  }
  if (failures.length > 0) {
    throw new AggregateError(failures, `${failures.length} of the course structure's mails not sent`);
  }
  return { sent, failed: 0 };
}

async function caseLink(deps: StructureMailDeps, courseId: string, registrationId: string, email: string) {
  const token = await linkFor(deps, {
    courseId,
    registrationId,
    participantKey: participantKey(registrationId, email),
  });
  return linkUrl(deps.siteUrl, token);
}

async function visitMails(
  deps: StructureMailDeps,
  course: Course,
  registrations: readonly StoredRegistration[],
  contacts: CourseContact[],
  now: Date,
): Promise<StructureMail[]> {
  const round = sessionOfKind(course, 'visit-round');
  if (!round) return [];
  const { value, version } = await deps.structure.getVisitPlan(course.id);
  const mails: StructureMail[] = [];
  for (const booking of activeBookings(value.bookings, registrations)) {
    const slot = value.slots.find((s) => s.id === booking.slotId);
    const registration = registrations.find((r) => r.id === booking.registrationId);
    // A visit that has begun needs no invitation any more.
    if (!slot || !registration || slotStart(slot) <= now) continue;
    for (const person of visitBooked.addressees(registration)) {
      const input = { course, contacts, person, now, registration, booking, slot, round, sequence: version };
      mails.push({
        dedupeKey: visitBooked.dedupeKey(input),
        build: async () =>
          planMail(visitBooked, {
            ...input,
            ...(person.participant && {
              caseLink: await caseLink(deps, course.id, registration.id, person.email),
            }),
          }),
      });
    }
  }
  return mails;
}

async function groupMails(
  deps: StructureMailDeps,
  course: Course,
  registrations: readonly StoredRegistration[],
  contacts: CourseContact[],
  now: Date,
): Promise<StructureMail[]> {
  const guidance = sessionOfKind(course, 'group-guidance');
  if (!guidance) return [];
  const { value, version } = await deps.structure.getGroupPlan(course.id);
  const byId = new Map(registrations.map((r) => [r.id, r]));
  // The save at which each library's meeting last changed: a moved meeting (or a library moved, even back)
  // is a new invitation.
  const revisionOf = (registrationId: string) => value.revisions?.[registrationId] ?? version;
  const mails: StructureMail[] = [];
  for (const group of value.groups) {
    const host = byId.get(group.hostRegistrationId);
    const members = group.members.flatMap((id) => byId.get(id) ?? []);
    if (!host || copenhagenInstant(group.date, group.start) <= now) continue;
    for (const registration of members) {
      for (const person of groupInvitation.addressees(registration)) {
        const revision = revisionOf(registration.id);
        const input = {
          course,
          contacts,
          person,
          now,
          registration,
          group,
          host,
          members,
          guidance,
          revision,
        };
        mails.push({
          dedupeKey: groupInvitation.dedupeKey(input),
          build: async () =>
            planMail(groupInvitation, {
              ...input,
              caseLink: await caseLink(deps, course.id, registration.id, person.email),
            }),
        });
      }
    }
  }
  return mails;
}

async function certificateMails(
  deps: StructureMailDeps,
  course: Course,
  registrations: readonly StoredRegistration[],
  contacts: CourseContact[],
  now: Date,
): Promise<StructureMail[]> {
  const due = certificatesDueAt(course);
  if (!due || now < due || structureMailsOver(course, now)) return [];
  const { value: attendance } = await deps.structure.getAttendance(course.id);
  const teachingDays = course.sessions.filter((s) => s.kind === 'teaching-day');
  const mails: StructureMail[] = [];
  for (const registration of registrations) {
    for (const participant of registration.participants) {
      const key = participantKey(registration.id, participant.email);
      if (!earnsCertificate(course, attendance, key, course.certificate?.minimumTeachingDays)) continue;
      const data: CertificateData = {
        participantName: participant.name,
        libraryName: registration.library.name,
        courseTitle: course.title,
        courseKind: course.kind,
        organiserName: course.organiser.name,
        teachingDays: teachingDays
          .filter((day) => attendance[day.id]?.includes(key))
          .map((day) => ({ title: day.title, date: sessionDays(day).from })),
        otherSessions: course.sessions
          .filter((s) => s.kind !== 'teaching-day')
          .map((s) => ({ title: s.title, ...sessionDays(s) })),
        issuedOn: formatDateInCopenhagen(now),
        signatories: course.contacts.map((c) => ({ name: c.name, title: c.title })),
      };
      const input = {
        course,
        registration,
        participant,
        participantKey: key,
        contacts,
        data,
        renderCertificate: deps.renderCertificate,
      };
      mails.push({
        dedupeKey: certificate.dedupeKey(input),
        build: async () => planMail(certificate, input),
      });
    }
  }
  return mails;
}

/** The sweep's share: every course's structure mails, one course's failure not stopping the others. */
export async function sweepStructureMails(
  deps: StructureMailDeps,
  options: { onFailure?: (courseId: string, error: unknown) => void; timeLeftMs?: () => number } = {},
): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (const courseId of await deps.store.listCourseIds()) {
    const course = await deps.store.getCourseDefinition(courseId);
    // A course whose last certificates are long due owes its structure nothing more: not read again.
    if (!course || structureMailsOver(course, deps.clock.now())) continue;
    try {
      sent += (await sendStructureMails(deps, courseId, options.timeLeftMs)).sent;
    } catch (error) {
      failed++;
      options.onFailure?.(courseId, error);
      if (error instanceof StructureRunStoppedError) break;
    }
  }
  return { sent, failed };
}

/** How long after they are due certificates still go out (attendance recorded late); then nothing more. */
const CERTIFICATE_GRACE_MS = 60 * 24 * 60 * 60 * 1000;

/** Whether the course's structure owes no more mail: its last session and the certificates' grace are over. */
export function structureMailsOver(course: Course, now: Date): boolean {
  const end = Math.max(lastSessionEnd(course).getTime(), certificatesDueAt(course)?.getTime() ?? 0);
  return now.getTime() > end + CERTIFICATE_GRACE_MS;
}
