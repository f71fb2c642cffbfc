import {
  cancellation,
  confirmation,
  invoice,
  participantRemoved,
  participantsChanged,
  waitlist,
  welcome,
} from './catalogue/registration.ts';
import { reminderKinds } from './catalogue/reminders.ts';
import { certificate, groupInvitation, visitBooked } from './catalogue/structure.ts';

/**
 * Every kind of mail the system sends, each declared once: whom it goes to, its template, and the key that
 * makes it go out once (ARCHITECTURE.md has them as a table). The owed work of a registration sends the
 * first group (app/process-registration.ts), the reminders the second (app/send-reminder.ts), the course's
 * structure the third (app/structure-mails.ts), all through the one claim/send/record path
 * (app/send-mail.ts). A mail the coordinator asks to have sent again is its original under a key of its own
 * (`resend`).
 */
export const mailCatalogue = {
  registration: {
    confirmation,
    welcome,
    waitlist,
    invoice,
    cancellation,
    participantRemoved,
    participantsChanged,
  },
  reminders: reminderKinds,
  structure: { visitBooked, groupInvitation, certificate },
};

export * from './catalogue/registration.ts';
export * from './catalogue/reminders.ts';
export * from './catalogue/structure.ts';
export { type MailKind, type PlannedMail, planMail, type Recipients } from './mail-kind.ts';
