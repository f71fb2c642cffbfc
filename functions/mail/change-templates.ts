import type { Course } from '#domain/course.ts';
import { formatKroner } from '#domain/money.ts';
import type { Registration } from '#domain/registration.ts';
import { list, type MailContent, paragraph, render } from './blocks.ts';
import { askCoordinator, type CourseContact, signOff } from './contacts.ts';
import { names, namesTold, participantItem } from './registration-wording.ts';

/** The mails a change owes: the cancellation, the new participant list, and a word to each removed participant. */

/** The coordinator cancelled the registration: what that means for the library and its money. */
export function cancellationMail(
  course: Course,
  registration: Registration,
  creditedInvoices: readonly string[],
  contacts: readonly CourseContact[],
  /** The participants who had their welcome and are now told they are no longer registered. */
  toldParticipants: readonly { name: string }[] = [],
): MailContent {
  const { library, participants } = registration;
  return render(`Afmelding bekræftet: ${course.title}`, [
    paragraph(`Kære ${registration.contact.name}`),
    paragraph(
      `${library.name} er nu afmeldt »${course.title}«, og ${participants.length === 1 ? 'den tilmeldte deltager' : `de ${participants.length} tilmeldte deltagere`} ` +
        'får ikke flere mails om kurset.' +
        (toldParticipants.length > 0 ? ` ${namesTold(toldParticipants)}` : ''),
    ),
    paragraph(
      creditedInvoices.length > 0
        ? `Faktura ${creditedInvoices.join(' og ')} krediteres: kreditnotaen følger i en særskilt mail og sendes ` +
            `også elektronisk til jeres EAN-nummer ${library.ean}.`
        : 'Der er ikke udstedt nogen faktura, så I skal ikke betale noget.',
    ),
    paragraph(
      'Vil I alligevel gerne deltage, er I velkomne til at tilmelde jer igen, så længe der er plads.',
    ),
    ...askCoordinator(contacts),
    signOff(course, contacts),
  ]);
}

/** The participant list changed: the contact gets the new list, the price and what happens to the invoice. */
export function participantsChangedMail(
  course: Course,
  registration: Registration,
  /** `told`: the participant had a welcome and gets a word that they are no longer registered. */
  removed: readonly { name: string; told: boolean }[],
  credited: string | undefined,
  contacts: readonly CourseContact[],
): MailContent {
  const { library, participants, price } = registration;
  const told = removed.filter((p) => p.told);
  return render(`Ændring af tilmelding: ${course.title}`, [
    paragraph(`Kære ${registration.contact.name}`),
    paragraph(`Deltagerne fra ${library.name} på »${course.title}« er ændret. Nu er I tilmeldt med:`),
    list(participants.map(participantItem)),
    ...(removed.length > 0
      ? [
          paragraph(
            `Afmeldt: ${names(removed)}.` +
              (told.length === 0
                ? ''
                : told.length === removed.length
                  ? ` ${removed.length === 1 ? 'Vedkommende' : 'De'} har fået besked på mail.`
                  : ` ${namesTold(told)}`),
          ),
        ]
      : []),
    paragraph(`Ny pris: ${formatKroner(price.total)}`),
    ...(credited
      ? [
          paragraph(
            `Faktura ${credited} krediteres, og en ny faktura med den nye pris følger i særskilte mails ` +
              `(også elektronisk til EAN-nummer ${library.ean}).`,
          ),
        ]
      : []),
    ...askCoordinator(contacts),
    signOff(course, contacts),
  ]);
}

/** A participant taken off the registration: told plainly, so nobody turns up or waits for mails. */
export function participantRemovedMail(
  course: Course,
  registration: Registration,
  participant: { name: string },
  contacts: readonly CourseContact[],
): MailContent {
  return render(`Du er afmeldt: ${course.title}`, [
    paragraph(`Kære ${participant.name}`),
    paragraph(
      `${registration.library.name} har afmeldt dig fra »${course.title}«, så du får ikke flere mails om kurset. ` +
        `Spørgsmål kan rettes til ${registration.contact.name}.`,
    ),
    ...askCoordinator(contacts),
    signOff(course, contacts),
  ]);
}
