import type { Course } from '#domain/course.ts';
import type { PlannedReminder, ReminderMail, ReminderRegistration } from '#domain/reminders.ts';
import type { CourseContact } from './contacts.ts';

/** What every reminder template is written from: the reminder, its one addressee, and the course around them. */
export interface ReminderMailInput {
  course: Course;
  reminder: PlannedReminder;
  /** The one mail to write: its addressee's name and audience. */
  mail: ReminderMail;
  /** The registration the mail is about; looked up by `mail.registrationId` when not given. */
  registration?: ReminderRegistration;
  /** All registrations of the course (the coordinator's status and final list count them). */
  registrations: readonly ReminderRegistration[];
  contacts: readonly CourseContact[];
  /** The addressee's own link (a library's booking, a participant's case), for the templates that need one. */
  link?: string;
}
