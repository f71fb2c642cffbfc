import { caseDeadlines } from '#domain/case-work.ts';
import type { Course, CourseSession } from '#domain/course.ts';
import type { GuidanceGroup } from '#domain/group-guidance.ts';
import type { Registration } from '#domain/registration.ts';
import { describeWhen } from '#domain/session-text.ts';
import { danishWeekday, formatDanishDate, formatDanishTime, formatDateInCopenhagen } from '#domain/time.ts';
import type { VisitSlot } from '#domain/visit-round.ts';
import {
  addressLine,
  type Block,
  fact,
  facts,
  heading,
  list,
  type MailContent,
  paragraph,
  render,
} from './blocks.ts';
import { askCoordinator, type CourseContact, signOff } from './contacts.ts';
import type { ReminderMailInput } from './reminder-input.ts';

/**
 * The mails of the course's own structure: booking the visit, the group's invitation, the trial action's
 * link and the certificate. Written in the block model like every other mail.
 */

type Library = Pick<Registration, 'library'>;

/** "mandag 14. marts 2016 kl. 9.00–10.30" */
export function slotText(slot: Pick<VisitSlot, 'date' | 'start' | 'durationMinutes'>): string {
  const startMinutes = Number(slot.start.slice(0, 2)) * 60 + Number(slot.start.slice(3, 5));
  const end = startMinutes + slot.durationMinutes;
  const endTime = `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`;
  return `${danishWeekday(slot.date)} ${formatDanishDate(slot.date)} kl. ${formatDanishTime(slot.start)}–${formatDanishTime(endTime)}`;
}

const libraryAddress = ({ library }: Library) =>
  `${library.name}, ${addressLine({ street: library.address, postalCode: library.postalCode, city: library.city })}`;

/** The last whole day before a deadline at midnight, as a Dane says "by": "søndag 13. marts 2016". */
function dayBefore(deadline: Date): string {
  const date = formatDateInCopenhagen(new Date(deadline.getTime() - 1));
  return `${danishWeekday(date)} ${formatDanishDate(date)}`;
}

const greeting = (name: string): Block => paragraph(`Kære ${name}`);

const linkParagraph = (lead: string, link: string | undefined): Block[] =>
  link ? [paragraph([lead, ' ', { text: link, href: link }])] : [];

/** To a library's contact person: book the visit (the first call and the reminder read the same). */
export function visitBookingMail(input: ReminderMailInput, round: CourseSession): MailContent {
  const { course, mail, contacts, link } = input;
  return render(`Book jeres besøg: ${round.title} ${describeWhen(round)}`, [
    greeting(mail.name),
    paragraph(
      `I ${describeWhen(round)} besøger underviseren og Centralbibliotekets konsulent hvert deltagende ` +
        `bibliotek for sammen med deltagerne og deres leder at finde og kvalificere deltagernes prøvehandlinger.`,
    ),
    paragraph('I har endnu ikke booket en tid. Vælg den tid, der passer jer, via jeres biblioteks link:'),
    ...linkParagraph('Book besøget her:', link),
    paragraph(
      'Når tiden er booket, får deltagerne og lederen en kalenderinvitation. Linket kan også bruges til at flytte besøget.',
    ),
    ...askCoordinator(contacts),
    signOff(course, contacts),
  ]);
}

/** To each participant: their own link to register their trial action before the visit round. */
export function caseInvitationMail(input: ReminderMailInput, round: CourseSession): MailContent {
  const { course, mail, contacts, link } = input;
  const { caseBy, statusBy } = caseDeadlines(course);
  return render(`Din prøvehandling på ${course.title}`, [
    greeting(mail.name),
    paragraph(
      'Mellem undervisningsdagene arbejder du med en prøvehandling: afprøvning af samskabelse i din egen ' +
        'organisation. Skriv en titel, en kort beskrivelse og dine samarbejdspartnere, så underviseren kan ' +
        `forberede besøget på dit bibliotek i ${describeWhen(round)}.`,
    ),
    ...linkParagraph('Dit personlige link:', link),
    facts([
      fact('Prøvehandlingen senest', caseBy && dayBefore(caseBy)),
      fact('Status senest', statusBy && dayBefore(statusBy)),
    ]),
    paragraph('Linket er personligt: del det ikke. Du kan rette prøvehandlingen, så tit du vil.'),
    ...askCoordinator(contacts),
    signOff(course, contacts),
  ]);
}

/** The gentle reminder to a participant without a case, before the visit round. */
export function caseMissingMail(input: ReminderMailInput, round: CourseSession): MailContent {
  const { course, mail, contacts, link } = input;
  return render('Husk din prøvehandling før besøget', [
    greeting(mail.name),
    paragraph(
      `Besøget på dit bibliotek er i ${describeWhen(round)}, og vi har endnu ikke din prøvehandling. Det gør ikke noget, ` +
        'hvis den ikke er færdigtænkt: en titel og et par linjer er nok til, at vi kan tale om den ved besøget.',
    ),
    ...linkParagraph('Skriv den her:', link),
    ...askCoordinator(contacts),
    signOff(course, contacts),
  ]);
}

/** To a participant or the leader: the library's visit is booked (the calendar invitation attached). */
export function visitBookedMail(
  course: Course,
  registration: Library,
  slot: VisitSlot,
  recipient: { name: string; caseLink?: string },
  contacts: readonly CourseContact[],
  round: CourseSession,
): MailContent {
  return render(`${round.title}: besøg ${slotText(slot)}`, [
    greeting(recipient.name),
    paragraph(
      `${registration.library.name} har booket et tidspunkt til besøget på »${course.title}«. ` +
        'Underviseren og Centralbibliotekets konsulent kommer for at finde og kvalificere prøvehandlingerne ' +
        'sammen med deltagerne og lederen.',
    ),
    facts([fact('Tidspunkt', slotText(slot)), fact('Sted', libraryAddress(registration))]),
    paragraph('Kalenderinvitationen er vedhæftet. Flyttes besøget, får du en ny.'),
    ...linkParagraph('Skriv gerne din prøvehandling inden besøget:', recipient.caseLink),
    ...askCoordinator(contacts),
    signOff(course, contacts),
  ]);
}

/** To each participant of a group: where and when the group guidance is (the calendar invitation attached). */
export function groupInvitationMail(
  course: Course,
  group: GuidanceGroup,
  libraries: { host: Library; members: readonly Library[] },
  recipient: { name: string; caseLink?: string },
  contacts: readonly CourseContact[],
  guidance: CourseSession,
): MailContent {
  const when = `${danishWeekday(group.date)} ${formatDanishDate(group.date)} kl. ${formatDanishTime(group.start)}`;
  return render(`${guidance.title} ${when}`, [
    greeting(recipient.name),
    paragraph(
      `Din gruppe mødes hos ${libraries.host.library.name} til vejledning på »${course.title}«. ` +
        'Underviseren og Centralbibliotekets konsulent vejleder gruppen i jeres prøvehandlinger.',
    ),
    facts([fact('Tidspunkt', when), fact('Sted', libraryAddress(libraries.host))]),
    heading('Gruppen'),
    list(libraries.members.map((member) => member.library.name)),
    paragraph('Kalenderinvitationen er vedhæftet. Ændres mødet, får du en ny.'),
    ...linkParagraph('Opdatér gerne status på din prøvehandling inden mødet:', recipient.caseLink),
    ...askCoordinator(contacts),
    signOff(course, contacts),
  ]);
}

/** To a participant who attended the course: the certificate is attached. */
export function certificateMail(
  course: Course,
  participant: { name: string },
  contacts: readonly CourseContact[],
): MailContent {
  return render(`Dit kursusbevis: ${course.title}`, [
    greeting(participant.name),
    paragraph(`Tak for din deltagelse i »${course.title}«. Dit kursusbevis er vedhæftet som PDF.`),
    paragraph('Held og lykke med at bringe samskabelse videre i din egen organisation.'),
    ...askCoordinator(contacts),
    signOff(course, contacts),
  ]);
}
