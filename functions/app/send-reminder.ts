import type { ContactAddresses, Course } from '#domain/course.ts';
import {
  dueReminders,
  findReminder,
  isDue,
  type PlannedReminder,
  reminderRecipients,
} from '#domain/reminders.ts';
import { coordinatorOf, courseContacts } from '../mail/contacts.ts';
import { reminderMail } from '../mail/reminder-templates.ts';
import { findCourse } from './find-course.ts';
import type { Clock, FulfilmentStore, Mailer, RegistrationStore, ReminderStore } from './ports.ts';
import { sendMailOnce } from './send-mail.ts';

export interface ReminderDeps {
  store: RegistrationStore & FulfilmentStore & ReminderStore;
  mailer: Mailer;
  clock: Clock;
  senderAddress: string;
  contactAddresses: ContactAddresses;
}

export type ReminderOutcome =
  | { status: 'sent'; sent: number; alreadySent: number }
  | { status: 'not-due' | 'unknown-reminder' };

/**
 * Sends one planned reminder to everyone it is for, each person once (mail records keyed
 * `reminder#<course>#<reminder>#<person>`), so the scheduler, a retry and the sweep may all call it. It
 * tries every recipient before reporting a failure, so one bad address does not hold back the rest.
 */
export async function sendReminder(
  deps: ReminderDeps,
  key: { courseId: string; reminderId: string },
  options: { evenIfNotDue?: boolean } = {},
): Promise<ReminderOutcome> {
  const { course } = await findCourse(deps.store, key.courseId);
  // A schedule may outlive its reminder (a date moved, a session removed): then there is nothing to send.
  const reminder = findReminder(course, key.reminderId);
  if (!reminder) return { status: 'unknown-reminder' };
  // Early or past its grace window (never after the session has started): not now.
  // (A person at the CLI may send one by hand at any time; it still reaches each recipient once.)
  if (!options.evenIfNotDue && !isDue(reminder, deps.clock.now())) return { status: 'not-due' };

  const mailing = { ...deps, replyTo: deps.contactAddresses.coordinator };
  let sent = 0;
  let alreadySent = 0;
  const failures: unknown[] = [];
  const mails = await reminderMails(deps, course, reminder);
  for (const { mail, registration, content, attachments } of mails) {
    try {
      const outcome = await sendMailOnce(mailing, {
        dedupeKey: mail.dedupeKey,
        kind: `reminder:${reminder.template}`,
        to: mail.to,
        cc: mail.cc,
        content,
        attachments,
        registration: registration && { courseId: course.id, id: registration.id },
      });
      if (outcome === 'sent') sent++;
      else alreadySent++;
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) {
    throw new AggregateError(failures, `${failures.length} of ${mails.length} reminder mails not sent`);
  }
  return { status: 'sent', sent, alreadySent };
}

/** Every mail a reminder makes, rendered: what `send` sends and what the CLI's `preview` shows. */
export async function reminderMails(
  deps: Pick<ReminderDeps, 'store' | 'contactAddresses'>,
  course: Course,
  reminder: PlannedReminder,
) {
  const registrations = await deps.store.listRegistrations(course.id);
  const contacts = courseContacts(course, deps.contactAddresses);
  const coordinator = coordinatorOf(contacts);
  const mails = reminderRecipients(reminder, course, registrations, {
    name: coordinator?.name ?? course.organiser.name,
    email: coordinator?.email,
  });
  return mails.map((mail) => {
    const registration = registrations.find((r) => r.id === mail.registrationId);
    return {
      mail,
      registration,
      ...reminderMail({ course, reminder, mail, registration, registrations, contacts }),
    };
  });
}

/** The sweep's share of reminders: whatever is due and unfinished, for every course, within its grace window. */
export async function sweepReminders(deps: ReminderDeps): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (const courseId of await deps.store.listCourseIds()) {
    const { course } = await findCourse(deps.store, courseId);
    for (const reminder of dueReminders(course, deps.clock.now())) {
      try {
        const outcome = await sendReminder(deps, { courseId, reminderId: reminder.id });
        if (outcome.status === 'sent') sent += outcome.sent;
      } catch {
        failed++;
      }
    }
  }
  return { sent, failed };
}
