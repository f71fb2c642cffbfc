import type { Course, CourseSession } from '#domain/course.ts';
import type { GuidanceGroup } from '#domain/group-guidance.ts';
import type { Registration } from '#domain/registration.ts';
import { copenhagenInstant } from '#domain/time.ts';
import { slotStart, type VisitBooking, type VisitSlot } from '#domain/visit-round.ts';
import { libraryAppointmentCalendar } from '../../documents/calendar.ts';
import type { CertificateData } from '../../documents/certificate-pdf.ts';
import type { CourseContact } from '../contacts.ts';
import type { MailKind } from '../mail-kind.ts';
import { calendarAttachment } from '../mime.ts';
import { certificateMail, groupInvitationMail, slotText, visitBookedMail } from '../structure-templates.ts';

/** How long a group's meeting is put in the calendar: the course gives a start, not an end. */
const GROUP_MEETING_MINUTES = 180;

type Library = Pick<Registration, 'id' | 'library'>;

/** One person a library's invitation goes to, and whether they take part (and so have a case to write). */
interface Invitee {
  name: string;
  email: string;
  participant: boolean;
}

/** Each person once per library, however many roles they have (a leader may also take part). */
function peopleOf(
  registration: Pick<Registration, 'participants' | 'leader'>,
  withLeader: boolean,
): Invitee[] {
  const people = new Map<string, Invitee>();
  for (const p of registration.participants) {
    people.set(p.email.toLowerCase(), { name: p.name, email: p.email, participant: true });
  }
  const { leader } = registration;
  if (withLeader && !people.has(leader.email.toLowerCase())) {
    people.set(leader.email.toLowerCase(), { name: leader.name, email: leader.email, participant: false });
  }
  return [...people.values()];
}

/** What a structure invitation is written from; the case link is made only for a mail still to send. */
interface Invitation {
  course: Course;
  contacts: readonly CourseContact[];
  person: Invitee;
  caseLink?: string;
  /** When the invitation is written: its calendar's stamp. */
  now: Date;
}

const toPerson = ({ person }: Invitation) => ({ to: [person.email] });
const aboutLibrary = ({ course, registration }: { course: Course; registration: Library }) => ({
  courseId: course.id,
  id: registration.id,
});

/**
 * To each participant of a library with a booked visit, and its leader: the time, the place, the calendar
 * invitation. The key names this booking (a move back is a booking of its own) at this slot's time, so a
 * moved visit is a new invitation.
 */
export const visitBooked: MailKind<
  Invitation & {
    registration: Library;
    booking: Pick<VisitBooking, 'bookedAt'>;
    slot: VisitSlot;
    round: CourseSession;
    /** The visit plan's version: the calendar's sequence. */
    sequence: number;
  }
> & { addressees: typeof visitAddressees } = {
  kind: 'visit-booked',
  addressees: visitAddressees,
  recipients: toPerson,
  dedupeKey: ({ course, registration, booking, slot, person }) =>
    `visit#${course.id}#${registration.id}#${booking.bookedAt}@${slot.date}T${slot.start}#${person.email.toLowerCase()}`,
  template: ({ course, registration, slot, person, caseLink, contacts, round }) =>
    visitBookedMail(
      course,
      registration,
      slot,
      { name: person.name, ...(caseLink && { caseLink }) },
      contacts,
      round,
    ),
  attachments: ({ course, round, registration, slot, sequence, now }) => [
    calendarAttachment(
      libraryAppointmentCalendar(
        course,
        round,
        {
          kind: 'visit',
          registrationId: registration.id,
          host: registration,
          start: slotStart(slot),
          minutes: slot.durationMinutes,
          sequence,
          when: slotText(slot),
        },
        now,
      ),
      'besoeg.ics',
    ),
  ],
  about: aboutLibrary,
};

/** The visit comes to the library's participants and its leader. */
function visitAddressees(registration: Pick<Registration, 'participants' | 'leader'>): Invitee[] {
  return peopleOf(registration, true);
}

/**
 * To each participant of a library in a guidance group: where and when the group meets. The key names the
 * save at which the library's meeting last changed, so a moved meeting (or a library moved) is a new one.
 */
export const groupInvitation: MailKind<
  Invitation & {
    registration: Library;
    group: GuidanceGroup;
    host: Pick<Registration, 'library'>;
    members: readonly Pick<Registration, 'library'>[];
    guidance: CourseSession;
    revision: number;
  }
> & { addressees: typeof groupAddressees } = {
  kind: 'group-invitation',
  addressees: groupAddressees,
  recipients: toPerson,
  dedupeKey: ({ course, registration, revision, person }) =>
    `group#${course.id}#${registration.id}#${revision}#${person.email.toLowerCase()}`,
  template: ({ course, group, host, members, person, caseLink, contacts, guidance }) =>
    groupInvitationMail(
      course,
      group,
      { host, members },
      { name: person.name, ...(caseLink !== undefined && { caseLink }) },
      contacts,
      guidance,
    ),
  attachments: ({ course, guidance, registration, group, host, revision, now }) => [
    calendarAttachment(
      libraryAppointmentCalendar(
        course,
        guidance,
        {
          kind: 'group',
          registrationId: registration.id,
          host,
          start: copenhagenInstant(group.date, group.start),
          minutes: GROUP_MEETING_MINUTES,
          sequence: revision,
        },
        now,
      ),
      'gruppevejledning.ics',
    ),
  ],
  about: aboutLibrary,
};

/** The group's meeting is for the participants; their leader was at the visit. */
function groupAddressees(registration: Pick<Registration, 'participants' | 'leader'>): Invitee[] {
  return peopleOf(registration, false);
}

/** To a participant who earned the course certificate: the certificate PDF, rendered by another function. */
export const certificate: MailKind<{
  course: Course;
  registration: Library;
  participant: { name: string; email: string };
  /** The participant's key in the attendance record. */
  participantKey: string;
  contacts: readonly CourseContact[];
  data: CertificateData;
  renderCertificate: (data: CertificateData) => Promise<Uint8Array>;
}> = {
  kind: 'certificate',
  recipients: ({ participant }) => ({ to: [participant.email] }),
  dedupeKey: ({ course, registration, participantKey }) =>
    `certificate#${course.id}#${registration.id}#${participantKey}`,
  template: ({ course, participant, contacts }) => certificateMail(course, participant, contacts),
  late: async ({ data, renderCertificate }) => [
    { filename: 'kursusbevis.pdf', contentType: 'application/pdf', content: await renderCertificate(data) },
  ],
  about: aboutLibrary,
};
