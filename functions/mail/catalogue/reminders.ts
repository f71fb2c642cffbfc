import type { CourseSession } from '#domain/course.ts';
import { type ReminderTemplate, STRUCTURE_TEMPLATES } from '#domain/reminders.ts';
import type { MailContent } from '../blocks.ts';
import { type MailKind, type PlannedMail, planMail } from '../mail-kind.ts';
import type { ReminderMailInput } from '../reminder-input.ts';
import {
  deadlineStatus,
  deadlineToLibrary,
  finalListAttachment,
  finalListMail,
  registrationOf,
  roundWeekBefore,
  sessionOf,
  teachingDayDayBefore,
  teachingDayWeekBefore,
} from '../reminder-templates.ts';
import { caseInvitationMail, caseMissingMail, visitBookingMail } from '../structure-templates.ts';

/**
 * Each reminder template is a mail kind of its own (`reminder:<template>`). Whom a reminder reaches is the
 * domain's rule (`reminderRecipients`: one mail per addressee, the library's contact perhaps in cc); each
 * mail goes to its addressee, is keyed by course, reminder and addressee, and is recorded in the history of
 * the registration it is about (none for the coordinator's).
 */
function reminderKind(
  template: ReminderTemplate,
  write: (input: ReminderMailInput) => MailContent,
  extra: Pick<MailKind<ReminderMailInput>, 'attachments'> = {},
): MailKind<ReminderMailInput> {
  return {
    kind: `reminder:${template}`,
    recipients: ({ mail }) => ({ to: mail.to, cc: mail.cc }),
    dedupeKey: reminderKey,
    template: write,
    ...extra,
    about: (input) => {
      const registration = registrationOf(input);
      return registration && { courseId: input.course.id, id: registration.id };
    },
  };
}

/**
 * `reminder#<course>#<reminder>#<addressee>`, in lower case. The visit round's reminders carry one library's
 * link each, so a contact person of two libraries gets two: their key names the registration too
 * (`reminder#<course>#<reminder>#<registration>#<addressee>`).
 */
function reminderKey({ course, reminder, mail }: ReminderMailInput): string {
  const [addressee = ''] = mail.to;
  const perRegistration = STRUCTURE_TEMPLATES.includes(reminder.template);
  const who = perRegistration ? `${mail.registrationId}#${addressee}` : addressee;
  return `reminder#${course.id}#${reminder.id}#${who.trim().toLowerCase()}`;
}

/** The structure's reminders are worded for the session they prepare. */
const inSession =
  (write: (input: ReminderMailInput, session: CourseSession) => MailContent) => (input: ReminderMailInput) =>
    write(input, sessionOf(input));

export const reminderKinds: Record<ReminderTemplate, MailKind<ReminderMailInput>> = {
  'teaching-day-week-before': reminderKind('teaching-day-week-before', teachingDayWeekBefore),
  'teaching-day-day-before': reminderKind('teaching-day-day-before', teachingDayDayBefore),
  'round-week-before': reminderKind('round-week-before', roundWeekBefore),
  // The coordinator gets where the signups stand; a library that may add participants, the offer.
  'signup-deadline': reminderKind('signup-deadline', (input) =>
    input.mail.audience === 'coordinator' ? deadlineStatus(input) : deadlineToLibrary(input),
  ),
  'final-list': reminderKind('final-list', finalListMail, {
    attachments: (input) => [finalListAttachment(input)],
  }),
  'visit-booking': reminderKind('visit-booking', inSession(visitBookingMail)),
  'case-invitation': reminderKind('case-invitation', inSession(caseInvitationMail)),
  'case-missing': reminderKind('case-missing', inSession(caseMissingMail)),
};

/** One reminder mail, written for its addressee: what is sent, and what the CLI's `preview` shows. */
export function reminderMail(input: ReminderMailInput): PlannedMail {
  return planMail(reminderKinds[input.reminder.template], input);
}
