import type { Course } from '#domain/course.ts';
import { formatKroner } from '#domain/money.ts';
import type { Registration } from '#domain/registration.ts';
import { describeWhen } from '#domain/session-text.ts';
import {
  amounts,
  heading,
  list,
  type MailContent,
  paragraph,
  plural,
  type Rich,
  render,
  subheading,
  venueLine,
} from './blocks.ts';
import { askCoordinator, type CourseContact, signOff } from './contacts.ts';
import {
  contactItem,
  dates,
  type Participant,
  participantItem,
  priceRows,
  programme,
  registrationFacts,
  sentences,
} from './registration-wording.ts';

/** The mails a signup owes: the library's confirmation (or its waitlist place) and each participant's welcome. */

/** To the contact person of a confirmed registration: everything the library needs until the first day. */
export function confirmationMail(
  course: Course,
  registration: Registration,
  contacts: readonly CourseContact[],
  { promoted = false }: { promoted?: boolean } = {},
): MailContent {
  const { library, participants, price } = registration;
  const people = plural(participants.length, 'deltager', 'deltagere');
  return render(`Tilmelding bekræftet: ${course.title}`, [
    paragraph(`Kære ${registration.contact.name}`),
    paragraph(
      promoted
        ? `Der er blevet plads på »${course.title}«, så ${library.name} er rykket op fra ventelisten. ` +
            `Tilmeldingen af ${people} er nu bekræftet, og vi glæder os til at se jer.`
        : `Tak for tilmeldingen af ${library.name} til »${course.title}«. ` +
            `Tilmeldingen af ${people} er bekræftet, og vi glæder os til at se jer.`,
    ),
    heading('Det sker nu'),
    list(nextSteps(course, registration)),
    heading('Jeres tilmelding'),
    registrationFacts(registration),
    subheading('Deltagere'),
    list(participants.map(participantItem)),
    heading('Pris'),
    amounts(priceRows(course, price)),
    ...programme(course),
    heading('Spørgsmål'),
    list(contacts.map(contactItem)),
    signOff(course, contacts),
  ]);
}

function nextSteps(course: Course, registration: Registration): Rich[] {
  const { library, leader, invoiceEmail } = registration;
  const visit = course.sessions.find((s) => s.kind === 'visit-round');
  const steps: Rich[] = [];
  if (visit) {
    steps.push(
      `${visit.title} i ${describeWhen(visit)}: ${sentences(visit.content)} ` +
        `Vi aftaler tidspunktet med jer, og deltagernes leder, ${leader.name}, er med til besøget.`,
    );
  }
  steps.push(`Casearbejde mellem undervisningsdagene: ${course.caseWork}`);
  if (course.book.perParticipant > 0) {
    steps.push(`Hver deltager får bogen »${course.book.title}« af ${course.book.author}.`);
  }
  steps.push('Hver deltager får en personlig velkomstmail med datoerne og en kalenderfil.');
  steps.push(
    `Fakturaen følger i en særskilt mail${invoiceEmail ? ` til ${invoiceEmail}` : ''} og sendes samtidig som ` +
      `elektronisk faktura (OIOUBL via NemHandel) til jeres EAN-nummer ${library.ean} ` +
      `med ordrenummer ${registration.invoiceReference}.`,
  );
  return steps;
}

/** The course is full: the library holds a waitlist place and owes nothing until a seat is confirmed. */
export function waitlistMail(
  course: Course,
  registration: Registration,
  contacts: readonly CourseContact[],
): MailContent {
  const { library, participants, price } = registration;
  return render(`Venteliste: ${course.title}`, [
    paragraph(`Kære ${registration.contact.name}`),
    paragraph(
      `Tak for tilmeldingen af ${library.name} med ${plural(participants.length, 'deltager', 'deltagere')} ` +
        `til »${course.title}«. Kurset er desværre fuldt, så I står nu på venteliste.`,
    ),
    paragraph(
      'Bliver der en plads, bekræfter vi tilmeldingen på mail. I modtager ingen faktura, før en plads er ' +
        'bekræftet, og I skal ikke betale noget, så længe I står på ventelisten.',
    ),
    heading('Jeres tilmelding'),
    registrationFacts(registration),
    subheading('Deltagere'),
    list(participants.map(participantItem)),
    paragraph(`Prisen, hvis pladsen bliver bekræftet: ${formatKroner(price.total)}`),
    heading('Datoer'),
    dates(course),
    ...askCoordinator(contacts),
    signOff(course, contacts),
  ]);
}

/** A short personal welcome to one participant, with the dates to keep free. */
export function participantWelcomeMail(
  course: Course,
  registration: Registration,
  participant: Participant,
  contacts: readonly CourseContact[],
): MailContent {
  const { library, contact, leader } = registration;
  const { book } = course;
  return render(`Velkommen til ${course.title}`, [
    paragraph(`Kære ${participant.name}`),
    paragraph(
      `Velkommen til »${course.title}«. ${library.name} har tilmeldt dig (kontaktperson: ${contact.name}), ` +
        'og vi glæder os til at se dig.',
    ),
    heading('Datoer'),
    dates(course),
    paragraph(
      `Undervisningsdagene foregår på ${venueLine(course)}. ` +
        'I den vedhæftede kalenderfil finder du alle datoer.',
    ),
    ...(participant.dietaryNeeds
      ? [paragraph(`Vi har noteret dine kosthensyn: ${participant.dietaryNeeds}.`)]
      : []),
    ...(book.perParticipant > 0 ? [paragraph(`Du får bogen »${book.title}« af ${book.author}.`)] : []),
    paragraph(
      'Mellem undervisningsdagene arbejder du med en prøvehandling: afprøvning af samskabelse i din egen ' +
        `organisation. Den finder du sammen med din leder, ${leader.name}, og underviseren.`,
    ),
    ...askCoordinator(contacts),
    signOff(course, contacts),
  ]);
}
