import { type Course, type CourseSession, signupClosesAt } from './course.ts';
import type { Registration, RegistrationStatus } from './registration.ts';
import { sessionTimes } from './session-text.ts';
import { copenhagenInstant, copenhagenLocalTime } from './time.ts';

/**
 * The reminder plan: a pure function of the course and its reminder policy (`course.reminders`). Which
 * reminders, when (an instant, planned on Copenhagen wall clocks), with which template; and, given the
 * registrations, to whom. No clock is read here: `now` is always a parameter.
 */

type SessionReminderRule = NonNullable<Course['reminders']['sessions'][CourseSession['kind']]>[number];

export type ReminderTemplate = SessionReminderRule['template'] | 'signup-deadline' | 'final-list';
export type ReminderKind = 'session' | 'signup-deadline' | 'final-list';

export interface PlannedReminder {
  /** Stable and schedule-name-safe (`^[a-z0-9-]{1,48}$`): `day-1-7d`, `visits-7d`, `deadline-1d`, `final-list`. */
  id: string;
  kind: ReminderKind;
  /** Set for session reminders. */
  sessionId?: string;
  template: ReminderTemplate;
  /** When it is sent. */
  at: Date;
  /** `at` on Copenhagen wall clocks, e.g. `2016-02-29T09:00` (what a scheduler in that time zone is given). */
  localTime: string;
  /**
   * The end of its grace window (exclusive): a late reminder may be sent until then, never after. A session
   * reminder until the session starts, a deadline reminder until signup closes, the final list for a week.
   */
  notAfter: Date;
}

export const FINAL_LIST_REMINDER_ID = 'final-list';
const REMINDER_ID = /^[a-z0-9-]{1,48}$/;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const FINAL_LIST_GRACE = 7 * DAY;

/** Whether a string could name a reminder (and so a schedule) at all. */
export function isReminderId(value: string): boolean {
  return REMINDER_ID.test(value);
}

/** Every reminder of the course, earliest first (ties by id), whether its time has passed or not. */
export function reminderPlan(course: Course): PlannedReminder[] {
  const policy = course.reminders;
  const plan: PlannedReminder[] = [];
  for (const session of course.sessions) {
    const firstDay = session.when.type === 'timed' ? session.when.date : session.when.from;
    const startsAt = new Date(sessionTimes(session).startsAt);
    for (const rule of policy.sessions[session.kind] ?? []) {
      plan.push({
        id: `${session.id}-${rule.key}`,
        kind: 'session',
        sessionId: session.id,
        template: rule.template,
        ...wallClock(daysBefore(firstDay, rule.daysBefore), rule.at),
        notAfter: startsAt,
      });
    }
  }
  const closesAt = signupClosesAt(course);
  for (const rule of policy.signupDeadline) {
    plan.push({
      id: `deadline-${rule.key}`,
      kind: 'signup-deadline',
      template: 'signup-deadline',
      ...wallClock(daysBefore(course.signup.deadline, rule.daysBefore), rule.at),
      notAfter: closesAt,
    });
  }
  if (policy.finalList) {
    const at = new Date(closesAt.getTime() + policy.finalList.minutesAfterDeadline * MINUTE);
    plan.push({
      id: FINAL_LIST_REMINDER_ID,
      kind: 'final-list',
      template: 'final-list',
      at,
      localTime: copenhagenLocalTime(at),
      notAfter: new Date(at.getTime() + FINAL_LIST_GRACE),
    });
  }
  assertWellNamed(plan);
  return plan.sort((a, b) => a.at.getTime() - b.at.getTime() || compare(a.id, b.id));
}

/** The reminders still to come: those whose time has passed are not planned (scheduled) again. */
export function upcomingReminders(course: Course, now: Date): PlannedReminder[] {
  return reminderPlan(course).filter((r) => r.at.getTime() > now.getTime());
}

/**
 * The reminders that may be sent now: their time has come and their grace window has not ended. Of the
 * visit round's booking reminders, and of its case mails, only the latest due is sent late: slots published
 * after both booking reminders ask once, and a participant added just before the round gets the reminder
 * with the link, not the invitation and the reminder together.
 */
export function dueReminders(course: Course, now: Date): PlannedReminder[] {
  const due = reminderPlan(course).filter((r) => isDue(r, now));
  return due.filter(
    (r) =>
      !due.some(
        (later) => later.at > r.at && familyOf(later) === familyOf(r) && later.sessionId === r.sessionId,
      ),
  );
}

/** Reminders of one family say the same thing for the same session: the later replaces the earlier. */
function familyOf(reminder: PlannedReminder): string {
  if (reminder.template === 'visit-booking') return 'visit-booking';
  if (reminder.template === 'case-invitation' || reminder.template === 'case-missing') return 'case';
  return reminder.id;
}

export function isDue(reminder: PlannedReminder, now: Date): boolean {
  return reminder.at.getTime() <= now.getTime() && now.getTime() < reminder.notAfter.getTime();
}

/** The reminder a schedule names, if the course (as it is now) still plans it. */
export function findReminder(course: Course, reminderId: string): PlannedReminder | undefined {
  return reminderPlan(course).find((r) => r.id === reminderId);
}

// ---------------------------------------------------------------------------------------------------------
// Recipients

/** What recipient rules need of a registration (a stored registration satisfies it). */
export type ReminderRegistration = Pick<
  Registration,
  'id' | 'library' | 'contact' | 'participants' | 'price' | 'pricing'
> & { status: RegistrationStatus | 'cancelled' };

/**
 * What the visit round's reminders need of the course's structure: whether there is anything to book yet,
 * who has booked, and who has written their case.
 */
export interface ReminderStructure {
  slotsPublished: boolean;
  hasVisit(registrationId: string): boolean;
  hasCase(registrationId: string, participantEmail: string): boolean;
}

/** The templates that go by the course's structure (visits booked, cases written). */
export const STRUCTURE_TEMPLATES: readonly ReminderTemplate[] = [
  'visit-booking',
  'case-invitation',
  'case-missing',
];

/** The course's coordinator; the address is configuration and may be missing. */
export interface ReminderCoordinator {
  name: string;
  email?: string;
}

export type ReminderAudience = 'participant' | 'contact' | 'coordinator';

/** One mail of a reminder: exactly one addressee in `to` (the mail catalogue keys the mail by them). */
export interface ReminderMail {
  to: string[];
  cc: string[];
  audience: ReminderAudience;
  /** The addressee's name, for the greeting. */
  name: string;
  /** The registration the mail is about (absent for the coordinator). */
  registrationId?: string;
  /** Set on a participant's mail. */
  participantEmail?: string;
}

/**
 * Who receives a reminder. Only confirmed registrations are reminded (never waitlisted or cancelled ones),
 * and a person (e-mail, case-insensitively) is in at most one mail of a reminder, to or cc:
 * - teaching day: one mail per participant; the library's contact person in cc on one of them (the
 *   library's first participant's), not at all if they receive the reminder anyway;
 * - visit round / group guidance: one mail per participant and one to the contact person;
 * - signup deadline: the coordinator's status summary (if an address is configured) and the contact
 *   persons of libraries that may still add participants within their package;
 * - final list: the coordinator.
 * Registrations are taken in id order, so the same registrations always give the same mails.
 */
export function reminderRecipients(
  reminder: PlannedReminder,
  course: Course,
  registrations: readonly ReminderRegistration[],
  coordinator: ReminderCoordinator,
  structure?: ReminderStructure,
): ReminderMail[] {
  const confirmed = registrations.filter((r) => r.status === 'confirmed').sort((a, b) => compare(a.id, b.id));
  const mails = new MailList();
  if (STRUCTURE_TEMPLATES.includes(reminder.template)) {
    return structureRecipients(reminder, confirmed, structure);
  }
  switch (reminder.kind) {
    case 'session': {
      const session = course.sessions.find((s) => s.id === reminder.sessionId);
      if (session === undefined) return [];
      const firstMailOf = new Map<string, ReminderMail>();
      for (const registration of confirmed) {
        for (const participant of registration.participants) {
          const mail = mails.add(participant.email, participant.name, 'participant', {
            registrationId: registration.id,
            participantEmail: participant.email,
          });
          if (mail && !firstMailOf.has(registration.id)) firstMailOf.set(registration.id, mail);
        }
      }
      for (const registration of confirmed) {
        const { email, name } = registration.contact;
        const first = firstMailOf.get(registration.id);
        // A library whose participants all got their mail through another library: the contact gets one.
        if (session.kind === 'teaching-day' && first !== undefined) mails.cc(first, email);
        else mails.add(email, name, 'contact', { registrationId: registration.id });
      }
      break;
    }
    case 'signup-deadline': {
      if (coordinator.email) mails.add(coordinator.email, coordinator.name, 'coordinator');
      if (courseIsFull(course, confirmed)) break;
      for (const registration of confirmed) {
        if (packageRoom(course, registration) > 0)
          mails.add(registration.contact.email, registration.contact.name, 'contact', {
            registrationId: registration.id,
          });
      }
      break;
    }
    case 'final-list':
      if (coordinator.email) mails.add(coordinator.email, coordinator.name, 'coordinator');
      break;
  }
  return mails.list;
}

/**
 * The visit round's own reminders: booking goes to the contact persons of libraries without a visit (once
 * there are slots to book), the case's link to every participant, the gentle reminder to those without one.
 */
function structureRecipients(
  reminder: PlannedReminder,
  confirmed: readonly ReminderRegistration[],
  structure: ReminderStructure | undefined,
): ReminderMail[] {
  if (!structure) throw new Error(`reminder ${reminder.id} needs the course's structure`);
  const all: ReminderMail[] = [];
  for (const registration of confirmed) {
    // Each mail carries one library's or one person's link: a contact person of two libraries gets both
    // links, so these mails are one per registration, not one per person.
    const mails = new MailList();
    all.push(...structureMailsOf(reminder, registration, mails, structure));
  }
  return all;
}

function structureMailsOf(
  reminder: PlannedReminder,
  registration: ReminderRegistration,
  mails: MailList,
  structure: ReminderStructure,
): ReminderMail[] {
  if (reminder.template === 'visit-booking') {
    if (!structure.slotsPublished || structure.hasVisit(registration.id)) return [];
    mails.add(registration.contact.email, registration.contact.name, 'contact', {
      registrationId: registration.id,
    });
    return mails.list;
  }
  for (const participant of registration.participants) {
    if (reminder.template === 'case-missing' && structure.hasCase(registration.id, participant.email))
      continue;
    mails.add(participant.email, participant.name, 'participant', {
      registrationId: registration.id,
      participantEmail: participant.email,
    });
  }
  return mails.list;
}

/**
 * How many participants a registration may still add without buying another package: its packages hold
 * `participantsPerPackage` each (as quoted at signup), but never more than a registration may have.
 */
export function packageRoom(
  course: Course,
  registration: Pick<ReminderRegistration, 'participants' | 'price' | 'pricing'>,
): number {
  const held = Math.min(
    registration.price.packages * registration.pricing.participantsPerPackage,
    course.signup.maxParticipantsPerRegistration,
  );
  return Math.max(0, held - registration.participants.length);
}

function courseIsFull(course: Course, confirmed: readonly ReminderRegistration[]): boolean {
  if (course.capacity === undefined) return false;
  const participants = confirmed.reduce((sum, r) => sum + r.participants.length, 0);
  return participants >= course.capacity.participants;
}

/** The mails of one reminder, with everyone already reached (to or cc), so nobody is reached twice. */
class MailList {
  readonly list: ReminderMail[] = [];
  private readonly reached = new Set<string>();

  add(
    email: string,
    name: string,
    audience: ReminderAudience,
    about: Pick<ReminderMail, 'registrationId' | 'participantEmail'> = {},
  ): ReminderMail | undefined {
    if (!this.reach(email)) return undefined;
    const mail: ReminderMail = {
      to: [email],
      cc: [],
      audience,
      name,
      ...about,
    };
    this.list.push(mail);
    return mail;
  }

  cc(mail: ReminderMail, email: string): void {
    if (this.reach(email)) mail.cc.push(email);
  }

  private reach(email: string): boolean {
    const key = normalEmail(email);
    if (this.reached.has(key)) return false;
    this.reached.add(key);
    return true;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Calendar arithmetic

/** `days` calendar days before a YYYY-MM-DD date (no time zone involved). */
function daysBefore(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - days)).toISOString().slice(0, 10);
}

/** The instant of a Copenhagen wall-clock time, and that time as the clocks then read it. */
function wallClock(date: string, time: string): { at: Date; localTime: string } {
  const at = copenhagenInstant(date, time);
  // Read back rather than concatenated: a time skipped by the spring DST switch reads as the real one.
  return { at, localTime: copenhagenLocalTime(at) };
}

function assertWellNamed(plan: readonly PlannedReminder[]): void {
  const seen = new Set<string>();
  for (const { id } of plan) {
    // The course schema rules both out; a course built in code without it must not reach a scheduler.
    if (!isReminderId(id)) throw new Error(`reminder id ${id} is not a valid schedule name`);
    if (seen.has(id)) throw new Error(`reminder id ${id} is planned twice`);
    seen.add(id);
  }
}

function normalEmail(email: string): string {
  return email.trim().toLowerCase();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
