import type { ContactAddresses, Course } from '#domain/course.ts';
import {
  dueReminders,
  findReminder,
  isDue,
  type PlannedReminder,
  type ReminderStructure,
  reminderRecipients,
  STRUCTURE_TEMPLATES,
} from '#domain/reminders.ts';
import { reminderKinds, reminderMail } from '../mail/catalogue.ts';
import { coordinatorOf, courseContacts } from '../mail/contacts.ts';
import type { ReminderMailInput } from '../mail/reminder-input.ts';
import { participantKey } from './course-structure.ts';
import { findCourse } from './find-course.ts';
import { linkFor, linkUrl } from './links.ts';
import type {
  Clock,
  CourseCatalogue,
  Ids,
  Ledger,
  Mailer,
  MailRecords,
  OwedWork,
  Registrations,
  StructureStore,
} from './ports.ts';
import { mailingOf, sendMailOnce } from './send-mail.ts';

export interface ReminderDeps {
  store: CourseCatalogue & Registrations & Ledger & MailRecords & OwedWork;
  mailer: Mailer;
  clock: Clock;
  senderAddress: string;
  contactAddresses: ContactAddresses;
  /** For the visit round's reminders: the structure they go by, and the links they carry. */
  structure?: StructureStore;
  ids?: Ids;
  siteUrl?: string;
}

export type ReminderOutcome =
  | { status: 'sent'; sent: number; alreadySent: number }
  | { status: 'not-due' | 'unknown-reminder' };

/** Thrown when a run stops before its time is up, so Lambda's retry of the invocation (or the sweep) sends the rest. */
export class ReminderRunStoppedError extends Error {
  constructor(
    readonly sent: number,
    readonly left: number,
  ) {
    super(`reminder run stopped before its deadline: ${sent} sent, ${left} left for the next run`);
    this.name = 'ReminderRunStoppedError';
  }
}

/**
 * Sends one planned reminder to everyone it is for, each person once (mail records keyed
 * `reminder#<course>#<reminder>#<person>`), so the scheduler, a retry and the sweep may all call it. It
 * tries every recipient before reporting a failure, so one bad address does not hold back the rest.
 */
export async function sendReminder(
  deps: ReminderDeps,
  key: { courseId: string; reminderId: string },
  options: {
    evenIfNotDue?: boolean;
    /** Milliseconds this run may still take (Lambda's remaining time less a margin); none: no limit. */
    timeLeftMs?: () => number;
  } = {},
): Promise<ReminderOutcome> {
  const { course } = await findCourse(deps.store, key.courseId);
  // A schedule may outlive its reminder (a date moved, a session removed): then there is nothing to send.
  const reminder = findReminder(course, key.reminderId);
  if (!reminder) return { status: 'unknown-reminder' };
  // Early or past its grace window (never after the session has started): not now.
  // (A person at the CLI may send one by hand at any time; it still reaches each recipient once.)
  if (!options.evenIfNotDue && !isDue(reminder, deps.clock.now())) return { status: 'not-due' };

  const mailing = mailingOf(deps);
  const kind = reminderKinds[reminder.template];
  let sent = 0;
  let alreadySent = 0;
  const failures: unknown[] = [];
  const plan = await reminderPlan(deps, course, reminder);
  for (const [index, mail] of plan.mails.entries()) {
    // A Lambda killed mid-send could leave a mail claimed but unrecorded: stop cleanly instead.
    if (options.timeLeftMs && options.timeLeftMs() <= 0) {
      throw new ReminderRunStoppedError(sent, plan.mails.length - index);
    }
    // Known as sent from the mail history, without a write: the sweep asks again every few minutes.
    const about = mail.registrationId === undefined ? undefined : plan.byId.get(mail.registrationId);
    const dedupeKey = kind.dedupeKey(inputOf(plan, mail));
    if (about?.mailHistory?.some((entry) => entry.dedupeKey === dedupeKey)) {
      alreadySent++;
      continue;
    }
    // Rendered one at a time: a reminder to thousands never holds thousands of mails in memory.
    const planned = reminderMail(inputOf(plan, mail, await linkOf(deps, plan, mail)));
    try {
      const outcome = await sendMailOnce(mailing, planned);
      if (outcome === 'sent') sent++;
      else alreadySent++;
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) {
    throw new AggregateError(failures, `${failures.length} of ${plan.mails.length} reminder mails not sent`);
  }
  return { status: 'sent', sent, alreadySent };
}

/** Whom a reminder goes to, and what rendering each mail needs. */
async function reminderPlan(
  deps: Pick<ReminderDeps, 'store' | 'contactAddresses' | 'structure'>,
  course: Course,
  reminder: PlannedReminder,
) {
  const registrations = await deps.store.listRegistrations(course.id);
  const contacts = courseContacts(course, deps.contactAddresses);
  const coordinator = coordinatorOf(contacts);
  const mails = reminderRecipients(
    reminder,
    course,
    registrations,
    { name: coordinator?.name ?? course.organiser.name, email: coordinator?.email },
    STRUCTURE_TEMPLATES.includes(reminder.template) ? await structureOf(deps, course.id) : undefined,
  );
  const byId = new Map(registrations.map((registration) => [registration.id, registration]));
  return { course, reminder, registrations, byId, contacts, mails };
}

type ReminderPlan = Awaited<ReturnType<typeof reminderPlan>>;

/** What one mail of the reminder is written from: its addressee, and the registration it is about. */
function inputOf(plan: ReminderPlan, mail: ReminderPlan['mails'][number], link?: string): ReminderMailInput {
  const { course, reminder, registrations, contacts } = plan;
  const registration = mail.registrationId === undefined ? undefined : plan.byId.get(mail.registrationId);
  return { course, reminder, mail, registration, registrations, contacts, ...(link && { link }) };
}

/** Who has booked and who has written a case, for the visit round's reminders. */
async function structureOf(
  deps: Pick<ReminderDeps, 'structure'>,
  courseId: string,
): Promise<ReminderStructure> {
  if (!deps.structure) throw new Error("the visit round's reminders need the course's structure");
  const [{ value: visits }, cases] = await Promise.all([
    deps.structure.getVisitPlan(courseId),
    deps.structure.listCases(courseId),
  ]);
  const booked = new Set(visits.bookings.map((b) => b.registrationId));
  const written = new Set(cases.map((c) => `${c.registrationId}#${c.participantKey}`));
  return {
    slotsPublished: visits.slots.length > 0,
    hasVisit: (registrationId) => booked.has(registrationId),
    hasCase: (registrationId, email) =>
      written.has(`${registrationId}#${participantKey(registrationId, email)}`),
  };
}

/** The addressee's own link, for the reminders that carry one: the library's booking, the participant's case. */
async function linkOf(
  deps: Pick<ReminderDeps, 'structure' | 'ids' | 'siteUrl'>,
  plan: ReminderPlan,
  mail: ReminderPlan['mails'][number],
): Promise<string | undefined> {
  if (!STRUCTURE_TEMPLATES.includes(plan.reminder.template) || mail.registrationId === undefined)
    return undefined;
  const { structure, ids, siteUrl } = deps;
  if (!structure || !ids || siteUrl === undefined)
    throw new Error('reminder links need the structure store and the site');
  const token = await linkFor(
    { structure, ids },
    {
      courseId: plan.course.id,
      registrationId: mail.registrationId,
      ...(mail.participantEmail && {
        participantKey: participantKey(mail.registrationId, mail.participantEmail),
      }),
    },
  );
  return linkUrl(siteUrl, token);
}

/** Every mail a reminder makes, rendered: what the CLI's `preview` shows. */
export async function reminderMails(
  deps: Pick<ReminderDeps, 'store' | 'contactAddresses' | 'structure'>,
  course: Course,
  reminder: PlannedReminder,
) {
  const plan = await reminderPlan(deps, course, reminder);
  return plan.mails.map((mail) => ({ mail, ...reminderMail(inputOf(plan, mail)) }));
}

/** The sweep's share of reminders: whatever is due and unfinished, for every course, within its grace window. */
export async function sweepReminders(
  deps: ReminderDeps,
  /** As for sendReminder: the sweep stops sending before its own Lambda ends, and the next sweep goes on. */
  timeLeftMs?: () => number,
): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (const courseId of await deps.store.listCourseIds()) {
    const { course } = await findCourse(deps.store, courseId);
    for (const reminder of dueReminders(course, deps.clock.now())) {
      try {
        const outcome = await sendReminder(
          deps,
          { courseId, reminderId: reminder.id },
          { ...(timeLeftMs && { timeLeftMs }) },
        );
        if (outcome.status === 'sent') sent += outcome.sent;
      } catch {
        failed++;
      }
    }
  }
  return { sent, failed };
}
