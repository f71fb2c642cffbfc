import { describe, expect, it } from 'vitest';
import { findReminder } from '#domain/reminders.ts';
import { appointmentCalendar } from '../../../functions/documents/calendar.ts';
import { reminderMail } from '../../../functions/mail/catalogue.ts';
import { courseContacts } from '../../../functions/mail/contacts.ts';
import {
  certificateMail,
  groupInvitationMail,
  slotText,
  visitBookedMail,
} from '../../../functions/mail/structure-templates.ts';
import { seedCourse } from '../../support/fixtures.ts';
import { aRegistration } from '../../support/registrations.ts';

const course = seedCourse();
const contacts = courseContacts(course, { coordinator: 'lone@example.dk' });
const round = course.sessions.find((s) => s.kind === 'visit-round');
const guidance = course.sessions.find((s) => s.kind === 'group-guidance');
if (!round || !guidance) throw new Error('the seed course has a visit round and a group guidance');
const silkeborg = aRegistration({ id: 'reg-1' }, { participantCount: 2 });
const LINK = 'https://kurser.example.dk/link/#abcdefghijklmnopqrstuvwxyz012345';

describe('the mails of the visit round', () => {
  it('writes a slot as Danes read it: weekday, date and the time span', () => {
    expect(slotText({ date: '2016-03-14', start: '09:00', durationMinutes: 90 })).toBe(
      'mandag 14. marts 2016 kl. 9.00–10.30',
    );
    expect(slotText({ date: '2016-03-15', start: '13:30', durationMinutes: 45 })).toBe(
      'tirsdag 15. marts 2016 kl. 13.30–14.15',
    );
  });

  it('tells the library when and where the visit is, in the subject and the text', () => {
    const mail = visitBookedMail(
      course,
      silkeborg,
      { id: 'a', date: '2016-03-14', start: '09:00', durationMinutes: 90 },
      { name: 'Åse Møller 1', caseLink: LINK },
      contacts,
      round,
    );
    expect(mail.subject).toBe('Besøgsrunde: besøg mandag 14. marts 2016 kl. 9.00–10.30');
    expect(mail.text).toContain('Kære Åse Møller 1');
    expect(mail.text).toContain('Silkeborg Bibliotekerne, Hostrupsgade 41, 8600 Silkeborg');
    expect(mail.text).toContain(LINK);
    expect(mail.html).toContain(`href="${LINK}"`);
  });

  it('asks a library to book through its own link', () => {
    const reminder = findReminder(course, 'visits-book');
    if (!reminder) throw new Error('no booking reminder');
    const { content } = reminderMail({
      course,
      reminder,
      mail: { to: ['anne@example.dk'], cc: [], audience: 'contact', name: 'Anne Østergård' },
      registrations: [silkeborg],
      contacts,
      link: LINK,
    });
    expect(content.subject).toBe('Book jeres besøg: Besøgsrunde uge 11 (14.–18. marts 2016)');
    expect(content.text).toContain(`Book besøget her: ${LINK}`);
  });
});

describe("the group's invitation", () => {
  it("names the meeting's time, the host's address and the libraries of the group", () => {
    const ikast = aRegistration({ id: 'reg-2' });
    const host = {
      ...ikast,
      library: {
        ...ikast.library,
        name: 'Ikast Bibliotek',
        address: 'Stadion Allé 2',
        postalCode: '7430',
        city: 'Ikast',
      },
    };
    const mail = groupInvitationMail(
      course,
      { members: ['reg-1', 'reg-2'], hostRegistrationId: 'reg-2', date: '2016-06-14', start: '10:00' },
      { host, members: [silkeborg, host] },
      { name: 'Åse Møller 1' },
      contacts,
      guidance,
    );
    expect(mail.subject).toBe('Gruppevejledning tirsdag 14. juni 2016 kl. 10.00');
    expect(mail.text).toContain('Ikast Bibliotek, Stadion Allé 2, 7430 Ikast');
    expect(mail.text).toContain('Silkeborg Bibliotekerne');
  });
});

describe('the calendar file of an appointment', () => {
  it('carries the UID, the sequence and the time in UTC, so a moved visit replaces the old event', () => {
    const ics = appointmentCalendar(course, {
      uid: 'samskabelse-2016-visit-reg-1@kursus-tilmelding',
      sequence: 3,
      summary: 'Besøgsrunde',
      description: 'Besøg',
      location: 'Silkeborg Bibliotekerne, Hostrupsgade 41, 8600 Silkeborg',
      start: new Date('2016-03-14T08:00:00Z'),
      end: new Date('2016-03-14T09:30:00Z'),
      stamp: new Date('2016-02-15T08:00:00Z'),
    });
    expect(ics).toContain('UID:samskabelse-2016-visit-reg-1@kursus-tilmelding');
    expect(ics).toContain('SEQUENCE:3');
    expect(ics).toContain('DTSTART:20160314T080000Z');
    expect(ics).toContain('DTEND:20160314T093000Z');
    expect(ics.endsWith('\r\n')).toBe(true);
  });
});

describe('the certificate mail', () => {
  it('thanks the participant and says the certificate is attached', () => {
    const mail = certificateMail(course, { name: 'Åse Møller 1' }, contacts);
    expect(mail.subject).toBe(`Dit kursusbevis: ${course.title}`);
    expect(mail.text).toContain('Dit kursusbevis er vedhæftet som PDF.');
  });
});
