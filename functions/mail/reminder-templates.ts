import type { Course, CourseSession } from '#domain/course.ts';
import { courseTotals, finalListCsv } from '#domain/final-list.ts';
import { formatKroner } from '#domain/money.ts';
import {
  type PlannedReminder,
  packageRoom,
  type ReminderMail,
  type ReminderRegistration,
} from '#domain/reminders.ts';
import { describeDeadline, describeWhen, sessionTimes } from '#domain/session-text.ts';
import { danishWeekday, formatDanishDate, formatDanishTime } from '#domain/time.ts';
import {
  type Block,
  fact,
  facts,
  heading,
  list,
  type MailContent,
  paragraph,
  plural,
  render,
  sessionPlace,
  venueLine,
} from './blocks.ts';
import { askCoordinator, coordinatorOf, signOff } from './contacts.ts';
import type { MailAttachment } from './mime.ts';
import type { ReminderMailInput } from './reminder-input.ts';

/**
 * The reminder mails: one function per template, each written in the block model (so the text and HTML
 * parts say the same, and everything from the form is escaped in one place). Who gets which mail is decided
 * by `reminderRecipients`; these functions only word it for the addressee of one `ReminderMail`. The
 * catalogue (catalogue/reminders.ts) names which function writes which template.
 */

// ---------------------------------------------------------------------------------------------------------
// Session reminders

/** To a participant (the library's contact person perhaps in cc): the day's programme and how to prepare. */
export function teachingDayWeekBefore(input: ReminderMailInput): MailContent {
  const { course, mail, contacts } = input;
  const session = sessionOf(input);
  const { book } = course;
  return render(`Påmindelse: ${session.title} ${startText(session)}`, [
    greeting(mail),
    paragraph(
      `${capitalise(startText(session))} er der ${session.title} på »${course.title}«, og vi glæder os til ` +
        'at se dig. Her er det praktiske og dagens program.',
    ),
    timeAndPlace(course, session),
    heading('Dagens program'),
    list(session.content),
    heading('Forberedelse'),
    list([
      ...(book.perParticipant > 0 ? [`Tag bogen »${book.title}« af ${book.author} med.`] : []),
      isFirstSession(course, session)
        ? 'Tænk allerede nu over, hvilke opgaver i din egen organisation du kunne afprøve samskabelse på. ' +
          'Din prøvehandling finder du sammen med din leder og underviseren.'
        : 'Tag din prøvehandling med – den, du har aftalt med din leder – og notér, hvad du har afprøvet, ' +
          'og hvad du har erfaret, så du kan dele det på dagen.',
    ]),
    paragraph(`Om casearbejdet: ${course.caseWork}`),
    ...copyNote(input),
    ...askCoordinator(contacts),
    signOff(course, contacts),
  ]);
}

/** Short: tomorrow, when and where. */
export function teachingDayDayBefore(input: ReminderMailInput): MailContent {
  const { course, reminder, mail, contacts } = input;
  const session = sessionOf(input);
  const tomorrow = isDayBefore(reminder, session);
  return render(
    tomorrow
      ? `I morgen: ${session.title} ${clockText(session)}`
      : `Påmindelse: ${session.title} ${startText(session)}`,
    [
      greeting(mail),
      paragraph(
        `${tomorrow ? 'I morgen' : capitalise(startText(session))} er der ${session.title} ` +
          `på »${course.title}«. Vi ses!`,
      ),
      timeAndPlace(course, session),
      ...copyNote(input),
      ...askCoordinator(contacts, 'Bliver du forhindret, eller har du spørgsmål, så kontakt'),
      signOff(course, contacts),
    ],
  );
}

/** Visit round or group guidance, to participants and contact persons alike: arranged with the coordinator. */
export function roundWeekBefore(input: ReminderMailInput): MailContent {
  const { course, mail, contacts } = input;
  const session = sessionOf(input);
  const coordinator = coordinatorOf(contacts);
  const registration = registrationOf(input);
  const arranged = coordinator
    ? `Tidspunktet aftales med ${coordinator.name}`
    : 'Tidspunktet aftales med kursets tovholder';
  return render(`Påmindelse: ${session.title} ${periodText(session)}`, [
    greeting(mail),
    paragraph(
      `${session.title} på »${course.title}« foregår ${periodLong(session)}.` +
        (session.byAppointment ? ` ${arranged}.` : ''),
    ),
    facts([
      fact('Hvad', session.title),
      fact('Hvornår', describeWhen(session)),
      fact('Hvor', sessionPlace(session)),
    ]),
    heading('Det handler om'),
    list(session.content),
    ...(mail.audience === 'contact' && registration
      ? [
          paragraph(
            `Du får denne mail som kontaktperson for ${registration.library.name}. ` +
              'Hjælp gerne med at finde et tidspunkt, der passer deltagerne og deres leder.',
          ),
        ]
      : []),
    ...copyNote(input),
    ...(session.byAppointment
      ? askCoordinator(contacts, 'Er der endnu ikke aftalt et tidspunkt, så kontakt')
      : askCoordinator(contacts)),
    signOff(course, contacts),
  ]);
}

// ---------------------------------------------------------------------------------------------------------
// Signup deadline and final list

/** To a library that may still add participants within its package: only catering costs extra. */
export function deadlineToLibrary(input: ReminderMailInput): MailContent {
  const { course, mail, contacts } = input;
  const registration = registrationOf(input);
  const deadline = describeDeadline(course);
  const pricing = registration?.pricing ?? course.pricing;
  const catering = pricing.cateringPerParticipant;
  const cateringPrice = `${formatKroner(catering.unitPrice)}${catering.vat.rate > 0 ? ' ekskl. moms' : ''}`;
  const room = registration ? packageRoom(course, registration) : 0;
  // Without the registration the room is unknown: the offer is still true, only not counted.
  const mayAddMore = registration === undefined || room > 0;
  return render(`Tilmeldingsfristen er ${deadline}`, [
    greeting(mail),
    paragraph(
      `Tilmeldingen til »${course.title}« lukker ${deadline}. Til og med den dag kan I nå at tilmelde flere deltagere.`,
    ),
    ...(registration
      ? [
          paragraph(
            `${registration.library.name} har tilmeldt ${plural(registration.participants.length, 'deltager', 'deltagere')}:`,
          ),
          list(registration.participants.map((p) => p.name)),
        ]
      : []),
    ...(mayAddMore
      ? [
          paragraph(
            `${room > 0 ? `Jeres kursuspakke har plads til ${plural(room, 'deltager', 'deltagere')} mere. ` : ''}` +
              'Ekstra deltagere inden for pakken koster ikke ekstra kursusgebyr – kun forplejning, ' +
              `${cateringPrice} pr. deltager.`,
          ),
          ...askCoordinator(
            contacts,
            'Vil I tilmelde flere, så send navn, e-mail og stilling på de nye deltagere til',
          ),
        ]
      : askCoordinator(contacts)),
    signOff(course, contacts),
  ]);
}

/** To the coordinator: where the signups stand before the deadline. */
export function deadlineStatus(input: ReminderMailInput): MailContent {
  const { course, mail, registrations } = input;
  const deadline = describeDeadline(course);
  const totals = courseTotals(course, registrations);
  const confirmed = byLibraryName(registrations.filter((r) => r.status === 'confirmed'));
  const withRoom = confirmed.filter((r) => packageRoom(course, r) > 0).length;
  return render(`Tilmeldingsstatus før fristen ${deadline}`, [
    greeting(mail),
    paragraph(`Tilmeldingen til »${course.title}« lukker ${deadline}. Sådan står det nu:`),
    facts([
      fact('Tilmeldingsfrist', deadline),
      fact('Biblioteker', String(totals.libraries)),
      fact('Deltagere', String(totals.participants)),
      fact(
        'Pladser',
        course.capacity ? `${totals.participants} af ${course.capacity.participants} er besat` : undefined,
      ),
      fact('På venteliste', waitlistText(totals)),
      fact('Kan tilmelde flere inden for pakken', plural(withRoom, 'bibliotek', 'biblioteker')),
    ]),
    ...(confirmed.length > 0
      ? [
          heading('Tilmeldte biblioteker'),
          list(
            confirmed.map(
              (r) => `${r.library.name}: ${plural(r.participants.length, 'deltager', 'deltagere')}`,
            ),
          ),
        ]
      : [paragraph('Der er endnu ingen bekræftede tilmeldinger.')]),
    ...(course.reminders.finalList
      ? [paragraph('Når fristen er udløbet, får du den endelige deltagerliste som CSV-fil.')]
      : []),
    automatic(),
  ]);
}

/** To the coordinator after the deadline: the totals to order by (the list itself is attached as CSV). */
export function finalListMail(input: ReminderMailInput): MailContent {
  const { course, mail, registrations } = input;
  const totals = courseTotals(course, registrations);
  return render(`Deltagerliste: ${course.title}`, [
    greeting(mail),
    paragraph(
      `Tilmeldingen til »${course.title}« lukkede ${describeDeadline(course)}. ` +
        `Her er tallene, og den endelige deltagerliste er vedhæftet som regneark (${finalListFilename(course)}).`,
    ),
    facts([
      fact('Biblioteker', String(totals.libraries)),
      fact('Deltagere', String(totals.participants)),
      course.book.perParticipant > 0
        ? fact('Bøger at bestille', `${totals.booksToOrder} × »${course.book.title}«`)
        : undefined,
      fact('Forplejning', plural(totals.cateringCount, 'deltager', 'deltagere')),
      fact('Kosthensyn', plural(totals.withDietaryNeeds, 'deltager', 'deltagere')),
      fact('På venteliste', waitlistText(totals)),
    ]),
    paragraph('Listen har én linje pr. deltager med bibliotek, EAN, kosthensyn og kontaktperson.'),
    automatic(),
  ]);
}

/** The final participant list, one line per participant, as the spreadsheet the final list mail carries. */
export function finalListAttachment({ course, registrations }: ReminderMailInput): MailAttachment {
  return {
    filename: finalListFilename(course),
    contentType: 'text/csv; charset=utf-8',
    content: finalListCsv(course, registrations),
  };
}

function finalListFilename(course: Course): string {
  return `deltagerliste-${course.id}.csv`;
}

// ---------------------------------------------------------------------------------------------------------
// Shared wording

function greeting(mail: ReminderMail): Block {
  return paragraph(`Kære ${mail.name}`);
}

export function sessionOf({ course, reminder }: ReminderMailInput): CourseSession {
  const session = course.sessions.find((s) => s.id === reminder.sessionId);
  if (session === undefined) {
    throw new Error(`reminder ${reminder.id} names no session of course ${course.id}`);
  }
  return session;
}

/** The registration the mail is about: as given, or looked up by the mail's registration id. */
export function registrationOf({ registration, registrations, mail }: ReminderMailInput) {
  if (registration !== undefined) return registration;
  return mail.registrationId === undefined
    ? undefined
    : registrations.find((r) => r.id === mail.registrationId);
}

/** The first day of a session (YYYY-MM-DD). */
function firstDay(s: CourseSession): string {
  return s.when.type === 'timed' ? s.when.date : s.when.from;
}

/** "mandag 7. marts 2016 kl. 9.00" (a span of days: as `describeWhen`). */
function startText(s: CourseSession): string {
  if (s.when.type !== 'timed') return describeWhen(s);
  const { date, start } = s.when;
  return `${danishWeekday(date)} ${formatDanishDate(date)} kl. ${formatDanishTime(start)}`;
}

/** "kl. 9.00–16.00", or the days of a span. */
function clockText(s: CourseSession): string {
  if (s.when.type !== 'timed') return describeWhen(s);
  return `kl. ${formatDanishTime(s.when.start)}–${formatDanishTime(s.when.end)}`;
}

/** "i uge 11", or the dates when the course names no week. */
function periodText(s: CourseSession): string {
  return s.when.type === 'span' && s.when.isoWeek !== undefined ? `i uge ${s.when.isoWeek}` : periodLong(s);
}

/** "i uge 11 (14.–18. marts 2016)", "i perioden 14.–18. marts 2016" or a day with its time. */
function periodLong(s: CourseSession): string {
  if (s.when.type === 'timed') return describeWhen(s);
  return s.when.isoWeek !== undefined ? `i ${describeWhen(s)}` : `i perioden ${describeWhen(s)}`;
}

function timeAndPlace(course: Course, s: CourseSession): Block {
  return facts([
    fact('Hvad', s.title),
    fact('Hvornår', describeWhen(s)),
    fact('Hvor', s.atVenue ? venueLine(course) : sessionPlace(s)),
  ]);
}

/** Whether the reminder goes out (on Copenhagen clocks) the calendar day before the session's first day. */
function isDayBefore(reminder: PlannedReminder, s: CourseSession): boolean {
  const [y, m, d] = firstDay(s).split('-').map(Number) as [number, number, number];
  const dayBefore = new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
  return reminder.localTime.slice(0, 10) === dayBefore;
}

/** No other session starts earlier: there is no trial action yet to bring. */
function isFirstSession(course: Course, s: CourseSession): boolean {
  const startsAt = sessionTimes(s).startsAt;
  return !course.sessions.some((other) => sessionTimes(other).startsAt < startsAt);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Says who is in copy: the library's contact person reads a mail addressed to a participant. */
function copyNote(input: ReminderMailInput): Block[] {
  const registration = registrationOf(input);
  if (input.mail.cc.length === 0 || registration === undefined) return [];
  const { contact, library } = registration;
  const inCopy = input.mail.cc.some((email) => email.toLowerCase() === contact.email.toLowerCase());
  return inCopy ? [paragraph(`Kopi til ${contact.name}, kontaktperson for ${library.name}.`)] : [];
}

function automatic(): Block {
  return paragraph('Denne mail er sendt automatisk af tilmeldingssystemet.');
}

function waitlistText(totals: { waitlistedLibraries: number; waitlistedParticipants: number }): string {
  return totals.waitlistedLibraries === 0
    ? 'ingen'
    : `${plural(totals.waitlistedLibraries, 'bibliotek', 'biblioteker')} med ` +
        plural(totals.waitlistedParticipants, 'deltager', 'deltagere');
}

function byLibraryName(registrations: readonly ReminderRegistration[]): ReminderRegistration[] {
  const collator = new Intl.Collator('da');
  return [...registrations].sort((a, b) => collator.compare(a.library.name, b.library.name));
}
