import { describe, expect, it } from 'vitest';
import {
  cancellationMail,
  participantRemovedMail,
  participantsChangedMail,
} from '../../../functions/mail/change-templates.ts';
import { courseContacts } from '../../../functions/mail/contacts.ts';
import { confirmationMail } from '../../../functions/mail/signup-templates.ts';
import { seedCourse } from '../../support/fixtures.ts';
import { aRegistration } from '../../support/registrations.ts';

const course = seedCourse();
const contacts = courseContacts(course, { coordinator: 'lone.westphall@example.dk' });
const registration = aRegistration({}, { participantCount: 2 });

describe('the confirmation of a library that moved up from the waitlist', () => {
  const mail = confirmationMail(course, registration, contacts, { promoted: true });

  it('says a seat came free and the library has moved up, under the usual subject', () => {
    expect(mail.subject).toBe(`Tilmelding bekræftet: ${course.title}`);
    expect(mail.text).toContain('Der er blevet plads på');
    expect(mail.text).toContain('er rykket op fra ventelisten');
    expect(mail.text).not.toContain('Tak for tilmeldingen');
  });
});

describe('the cancellation mail', () => {
  it('says which invoice is credited and that the credit note follows', () => {
    const mail = cancellationMail(course, registration, ['KURSUS-0007'], contacts, registration.participants);
    expect(mail.subject).toBe(`Afmelding bekræftet: ${course.title}`);
    expect(mail.text).toContain('Faktura KURSUS-0007 krediteres: kreditnotaen følger i en særskilt mail');
    expect(mail.text).toContain('Åse Møller 1 og Åse Møller 2 har fået besked på mail.');
  });

  it('says there is nothing to pay when no invoice was issued, and names nobody told when nobody was welcomed', () => {
    const mail = cancellationMail(course, { ...registration, status: 'waitlisted' }, [], contacts);
    expect(mail.text).toContain('Der er ikke udstedt nogen faktura, så I skal ikke betale noget.');
    expect(mail.text).not.toContain('besked');
  });
});

describe('the change mail to the contact', () => {
  it('lists the new participants, the new price, who was taken off and who was told', () => {
    const mail = participantsChangedMail(
      course,
      registration,
      [
        { name: 'Bo Berg', told: true },
        { name: 'Eva Ny', told: false },
      ],
      'KURSUS-0007',
      contacts,
    );
    expect(mail.text).toContain('Åse Møller 2');
    expect(mail.text).toContain('Ny pris: 11.450,00 kr.\n');
    expect(mail.text).toContain('Afmeldt: Bo Berg og Eva Ny. Bo Berg har fået besked på mail.');
    expect(mail.text).toContain('Faktura KURSUS-0007 krediteres, og en ny faktura med den nye pris følger');
  });

  it('keeps the invoice out of it when the price did not move', () => {
    const mail = participantsChangedMail(
      course,
      registration,
      [{ name: 'Bo Berg', told: true }],
      undefined,
      contacts,
    );
    expect(mail.text).toContain('Afmeldt: Bo Berg. Vedkommende har fået besked på mail.');
    expect(mail.text).not.toContain('krediteres');
  });
});

describe('the word to a participant taken off', () => {
  it('names the library and the contact to ask, and promises no more mails', () => {
    const mail = participantRemovedMail(course, registration, { name: 'Bo Berg' }, contacts);
    expect(mail.subject).toBe(`Du er afmeldt: ${course.title}`);
    expect(mail.text).toContain('Kære Bo Berg');
    expect(mail.text).toContain('Silkeborg Bibliotekerne har afmeldt dig');
    expect(mail.text).toContain('Spørgsmål kan rettes til Anne Østergård');
  });
});
