import { describe, expect, it } from 'vitest';
import { finalListCsv } from '#domain/final-list.ts';
import {
  findReminder,
  type ReminderMail,
  type ReminderRegistration,
  type ReminderStructure,
  reminderPlan,
  reminderRecipients,
} from '#domain/reminders.ts';
import type { MailContent } from '../../../functions/mail/blocks.ts';
import { type PlannedMail, reminderMail } from '../../../functions/mail/catalogue.ts';
import { type CourseContact, courseContacts } from '../../../functions/mail/contacts.ts';
import { seedCourse, VALID_EANS } from '../../support/fixtures.ts';
import { aRegistration } from '../../support/registrations.ts';

const course = seedCourse();
const contacts = courseContacts(course, {
  coordinator: 'lone.westphall@example.dk',
  teacher: 'nis@example.dk',
});
const COORDINATOR = { name: 'Lone Engel Westphall', email: 'lone.westphall@example.dk' };

/** Silkeborg: three participants (the first vegetarian), contact Anne Østergård, room for two more. */
const silkeborg = aRegistration({ id: 'reg-1' }, { participantCount: 3 });
const ikast = aRegistration(
  { id: 'reg-2' },
  {
    body: {
      library: {
        name: 'Ikast-Brande Bibliotek',
        municipality: 'Ikast-Brande',
        address: 'Grønnegade 1',
        postalCode: '7430',
        city: 'Ikast',
        ean: VALID_EANS[1],
      },
      contact: { name: 'Carl Dahl', email: 'carl@example.dk', phone: '+45 87 65 43 21' },
      participants: [{ name: 'Dorte Ege', email: 'dorte@example.dk' }],
    },
  },
);
const waitlisted = aRegistration(
  { id: 'reg-3', status: 'waitlisted' },
  {
    participantCount: 2,
    body: {
      library: { ...silkeborg.library, name: 'Vejle Bibliotekerne', ean: VALID_EANS[2] },
      contact: { name: 'Vera Vejle', email: 'vera@example.dk', phone: '+45 11 22 33 44' },
    },
  },
);
const registrations: ReminderRegistration[] = [silkeborg, ikast, waitlisted];

/** The visit round's slots are out, and nobody has booked or written a case yet. */
const NOTHING_BOOKED_OR_WRITTEN: ReminderStructure = {
  slotsPublished: true,
  hasVisit: () => false,
  hasCase: () => false,
};

/** The mails of one reminder of the seed course, as `reminderRecipients` addresses them. */
function mailsOf(reminderId: string, regs: readonly ReminderRegistration[] = registrations): ReminderMail[] {
  const reminder = findReminder(course, reminderId);
  if (!reminder) throw new Error(`no reminder ${reminderId}`);
  return reminderRecipients(reminder, course, regs, COORDINATOR, NOTHING_BOOKED_OR_WRITTEN);
}

/** The rendered mail of a reminder to one addressee (found by e-mail address). */
function rendered(
  reminderId: string,
  to: string,
  {
    regs = registrations,
    withContacts = contacts,
  }: { regs?: readonly ReminderRegistration[]; withContacts?: readonly CourseContact[] } = {},
): PlannedMail {
  const reminder = findReminder(course, reminderId);
  const mail = mailsOf(reminderId, regs).find((m) => m.to[0] === to);
  if (!reminder || !mail) throw new Error(`no mail of ${reminderId} to ${to}`);
  const registration = regs.find((r) => r.id === mail.registrationId);
  return reminderMail({
    course,
    reminder,
    mail,
    ...(registration ? { registration } : {}),
    registrations: regs,
    contacts: withContacts,
  });
}

const content = (reminderId: string, to: string) => rendered(reminderId, to).content;

/** What a reader sees in either part: the plain text, and the HTML's own text. */
function expectBothParts(mail: MailContent, ...phrases: string[]) {
  for (const phrase of phrases) {
    expect(mail.text).toContain(phrase);
    expect(mail.html).toContain(phrase);
  }
}

function expectCoordinator(mail: MailContent) {
  expectBothParts(mail, 'Lone Engel Westphall', 'Udviklingskonsulent, Herning Bibliotekerne');
  expect(mail.html).toContain('href="mailto:lone.westphall@example.dk"');
}

describe('the teaching-day reminder a week before', () => {
  const mail = content('day-1-7d', 'deltager1@example.dk');

  it('names the day, its Danish date and start time in the subject', () => {
    expect(mail.subject).toBe('Påmindelse: Kick off mandag 7. marts 2016 kl. 9.00');
  });

  it('greets the participant and gives date, time and the venue with its address', () => {
    expectBothParts(
      mail,
      'Kære Åse Møller 1',
      'mandag 7. marts 2016 kl. 9.00–16.00',
      'Herning Bibliotekerne, Østergade 8, 7400 Herning',
    );
  });

  it("lists the day's programme", () => {
    expectBothParts(mail, 'Dagens program', 'Rammesætning af forløbet', 'Indsats-/udbyttekurven');
    expect(mail.text).not.toContain('Invitationen – hvordan samarbejdet etableres');
  });

  it('asks to bring the book and to prepare the case work with the leader', () => {
    expectBothParts(
      mail,
      'Tag bogen »Plads til deltagelse – en introduktion til kommunal samskabelse«',
      'prøvehandling',
      'din leder',
      course.caseWork,
    );
  });

  it('before the first day asks to think of a trial action, later to bring the one agreed with the leader', () => {
    expectBothParts(mail, 'Tænk allerede nu over');
    const midway = content('day-2-7d', 'deltager1@example.dk');
    expect(midway.subject).toBe('Påmindelse: Midtvejsdag tirsdag 10. maj 2016 kl. 9.00');
    expectBothParts(midway, 'Tag din prøvehandling med – den, du har aftalt med din leder', 'Invitationen');
  });

  it('gives the coordinator to contact and signs with her name', () => {
    expectCoordinator(mail);
    expectBothParts(mail, 'Med venlig hilsen');
  });

  it("tells the first participant of a library that the library's contact person is in copy", () => {
    expectBothParts(mail, 'Kopi til Anne Østergård, kontaktperson for Silkeborg Bibliotekerne');
    expect(content('day-1-7d', 'deltager2@example.dk').text).not.toContain('Kopi til');
  });
});

describe('the teaching-day reminder the day before', () => {
  const mail = content('day-1-1d', 'deltager2@example.dk');

  it('says tomorrow, with time and place', () => {
    expect(mail.subject).toBe('I morgen: Kick off kl. 9.00–16.00');
    expectBothParts(
      mail,
      'Kære Åse Møller 2',
      'I morgen er der Kick off',
      'mandag 7. marts 2016 kl. 9.00–16.00',
      'Østergade 8, 7400 Herning',
    );
  });

  it('is short: no programme and no case work', () => {
    expect(mail.text).not.toContain('Dagens program');
    expect(mail.text).not.toContain(course.caseWork);
    expect(mail.text.length).toBeLessThan(content('day-1-7d', 'deltager2@example.dk').text.length / 2);
  });

  it('names the coordinator to tell when prevented', () => {
    expectBothParts(mail, 'Bliver du forhindret');
    expectCoordinator(mail);
  });
});

describe('the visit round and group guidance reminder a week before', () => {
  const toParticipant = content('visits-7d', 'deltager1@example.dk');
  const toContact = content('visits-7d', 'anne@example.dk');

  it('names the week and says the visit is arranged with the coordinator', () => {
    expect(toParticipant.subject).toBe('Påmindelse: Besøgsrunde i uge 11');
    expectBothParts(
      toParticipant,
      'Kære Åse Møller 1',
      'uge 11 (14.–18. marts 2016)',
      'Tidspunktet aftales med Lone Engel Westphall',
      'På hvert deltagende bibliotek, efter aftale',
    );
    expectCoordinator(toParticipant);
  });

  it('says what the visit is about', () => {
    expectBothParts(toParticipant, 'identificerer og kvalificerer');
  });

  it('goes to the contact person too, as the contact person of the library', () => {
    expectBothParts(
      toContact,
      'Kære Anne Østergård',
      'Tidspunktet aftales med Lone Engel Westphall',
      'kontaktperson for Silkeborg Bibliotekerne',
    );
    expect(toParticipant.text).not.toContain('Du får denne mail som kontaktperson');
  });

  it('words the group guidance in week 24 the same way', () => {
    const guidance = content('group-guidance-7d', 'dorte@example.dk');
    expect(guidance.subject).toBe('Påmindelse: Gruppevejledning i uge 24');
    expectBothParts(
      guidance,
      'Kære Dorte Ege',
      'uge 24 (13.–17. juni 2016)',
      'Tidspunktet aftales med Lone Engel Westphall',
      'vejleder mindre grupper',
    );
  });
});

describe('the signup deadline reminder', () => {
  const toLibrary = content('deadline-7d', 'anne@example.dk');
  const toCoordinator = content('deadline-7d', 'lone.westphall@example.dk');

  it('tells a library the deadline and that more participants cost only catering', () => {
    expect(toLibrary.subject).toBe('Tilmeldingsfristen er mandag 8. februar 2016');
    expectBothParts(
      toLibrary,
      'Kære Anne Østergård',
      'mandag 8. februar 2016',
      'Silkeborg Bibliotekerne har tilmeldt 3 deltagere',
      'Åse Møller 3',
      'plads til 2 deltagere mere',
      'ikke ekstra kursusgebyr – kun forplejning, 750,00 kr. pr. deltager',
      'Vil I tilmelde flere, så send navn, e-mail og stilling på de nye deltagere til Lone Engel Westphall',
    );
    expectCoordinator(toLibrary);
  });

  it('counts the room of a one-participant library', () => {
    expectBothParts(content('deadline-1d', 'carl@example.dk'), 'plads til 4 deltagere mere');
  });

  it('gives the coordinator a status summary instead of the offer', () => {
    expect(toCoordinator.subject).toBe('Tilmeldingsstatus før fristen mandag 8. februar 2016');
    expectBothParts(toCoordinator, 'Kære Lone Engel Westphall', 'mandag 8. februar 2016');
    expect(toCoordinator.text).toContain('Biblioteker: 2\n');
    expect(toCoordinator.text).toContain('Deltagere: 4\n');
    expect(toCoordinator.text).toContain('På venteliste: 1 bibliotek med 2 deltagere\n');
    expectBothParts(
      toCoordinator,
      'Ikast-Brande Bibliotek: 1 deltager',
      'Silkeborg Bibliotekerne: 3 deltagere',
    );
    expect(toCoordinator.text).not.toContain('kursusgebyr');
    expect(toLibrary.text).not.toContain('venteliste');
  });

  it('tells the coordinator when no library has signed up yet', () => {
    const empty = rendered('deadline-7d', 'lone.westphall@example.dk', { regs: [] }).content;
    expectBothParts(empty, 'Der er endnu ingen bekræftede tilmeldinger');
    expect(empty.text).toContain('På venteliste: ingen\n');
  });
});

describe('the final list', () => {
  const { content: mail, attachments } = rendered('final-list', 'lone.westphall@example.dk');

  it('gives the coordinator the totals to order by', () => {
    expect(mail.subject).toBe(`Deltagerliste: ${course.title}`);
    expectBothParts(mail, 'Kære Lone Engel Westphall', 'mandag 8. februar 2016');
    for (const line of [
      'Biblioteker: 2',
      'Deltagere: 4',
      'Bøger at bestille: 4 × »Plads til deltagelse – en introduktion til kommunal samskabelse«',
      'Forplejning: 4 deltagere',
      'Kosthensyn: 1 deltager',
      'På venteliste: 1 bibliotek med 2 deltagere',
    ]) {
      expect(mail.text).toContain(`${line}\n`);
    }
  });

  it('attaches the list as CSV named after the course, with one row per confirmed participant', () => {
    expect(attachments).toHaveLength(1);
    const [csv] = attachments;
    expect(csv?.filename).toBe('deltagerliste-samskabelse-2016.csv');
    expect(csv?.contentType).toBe('text/csv; charset=utf-8');
    expect(csv?.content).toBe(finalListCsv(course, registrations));
    const rows = String(csv?.content).split('\r\n');
    expect(rows.filter((row) => row.startsWith('Silkeborg Bibliotekerne;'))).toHaveLength(3);
    expect(rows.some((row) => row.startsWith('Ikast-Brande Bibliotek;Ikast-Brande;'))).toBe(true);
    expect(csv?.content).not.toContain('Vejle Bibliotekerne');
    expectBothParts(mail, 'deltagerliste-samskabelse-2016.csv');
  });

  it('is the only reminder with an attachment', () => {
    expect(rendered('deadline-1d', 'lone.westphall@example.dk').attachments).toEqual([]);
    expect(rendered('day-1-7d', 'deltager1@example.dk').attachments).toEqual([]);
  });
});

describe('every reminder of the seed course', () => {
  const sparse = aRegistration(
    { id: 'reg-9' },
    {
      body: {
        invoiceEmail: '',
        participants: [{ name: 'Karl Kæreby', email: 'karl@example.dk' }],
        library: { ...silkeborg.library, name: 'Brande Bibliotek', cvr: '', ean: VALID_EANS[3] },
        contact: { name: 'Hanne Holm', email: 'hanne@example.dk', phone: '+45 99 88 77 66' },
      },
    },
  );
  const everyMail = (withContacts: readonly CourseContact[]) =>
    reminderPlan(course).flatMap((reminder) =>
      mailsOf(reminder.id, [...registrations, sparse]).map((mail) => ({
        reminder,
        mail,
        rendered: rendered(reminder.id, mail.to[0] ?? '', { regs: [...registrations, sparse], withContacts }),
      })),
    );

  it('greets its addressee by name and never prints "undefined"', () => {
    const all = everyMail(contacts);
    expect(new Set(all.map((m) => m.reminder.template))).toEqual(
      new Set([
        'teaching-day-week-before',
        'teaching-day-day-before',
        'round-week-before',
        'signup-deadline',
        'final-list',
        'visit-booking',
        'case-invitation',
        'case-missing',
      ]),
    );
    for (const { mail, rendered: r } of all) {
      expectBothParts(r.content, `Kære ${mail.name}`);
      for (const part of [r.content.subject, r.content.text, r.content.html]) {
        expect(part).not.toContain('undefined');
      }
    }
  });

  it('still names the coordinator, without an empty link, when no address is configured', () => {
    for (const { mail, rendered: r } of everyMail(courseContacts(course, {}))) {
      if (mail.audience !== 'coordinator') expectBothParts(r.content, 'Lone Engel Westphall');
      expect(r.content.html).not.toContain('mailto:lone');
      expect(r.content.text).not.toContain('undefined');
      expect(r.content.html).not.toContain('undefined');
    }
  });

  it('has a plain-text part without markup', () => {
    for (const { rendered: r } of everyMail(contacts)) {
      expect(r.content.text).not.toMatch(/<\/?[a-z][^>]*>/i);
      expect(r.content.text).not.toContain('&amp;');
    }
  });
});

describe('user input in the reminders', () => {
  const hostile = aRegistration(
    { id: 'reg-1' },
    {
      body: {
        library: { ...silkeborg.library, name: '<script>alert("x")</script> & Søn' },
        participants: [{ name: '<script>evil()</script>', email: 'eve@example.dk' }],
      },
    },
  );
  const regs = [hostile, ikast];

  it('is escaped in the HTML part of every mail that shows it', () => {
    const mails = [
      rendered('day-1-7d', 'eve@example.dk', { regs }).content,
      rendered('day-1-1d', 'eve@example.dk', { regs }).content,
      rendered('visits-7d', 'anne@example.dk', { regs }).content,
      rendered('deadline-7d', 'anne@example.dk', { regs }).content,
      rendered('deadline-7d', 'lone.westphall@example.dk', { regs }).content,
    ];
    for (const mail of mails) {
      expect(mail.html).not.toContain('<script>');
    }
    for (const mail of [mails[0], mails[2], mails[3], mails[4]]) {
      expect(mail?.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Søn');
    }
    expect(mails[0]?.html).toContain('Kære &lt;script&gt;evil()&lt;/script&gt;');
    expect(mails[3]?.html).toContain('&lt;script&gt;evil()&lt;/script&gt;');
  });

  it('is kept verbatim in the plain-text part', () => {
    const mail = rendered('deadline-7d', 'anne@example.dk', { regs }).content;
    expect(mail.text).toContain('<script>alert("x")</script> & Søn har tilmeldt 1 deltager');
    expect(mail.text).toContain('- <script>evil()</script>\n');
  });
});

describe('the registration a mail is about', () => {
  it('is found from the mail when the caller does not pass it', () => {
    const reminder = findReminder(course, 'deadline-7d');
    const mail = mailsOf('deadline-7d').find((m) => m.to[0] === 'anne@example.dk');
    if (!reminder || !mail) throw new Error('fixture has the mail');
    const withoutRegistration = reminderMail({ course, reminder, mail, registrations, contacts });
    expect(withoutRegistration).toEqual(rendered('deadline-7d', 'anne@example.dk'));
  });

  it('is not needed for the offer, which then goes uncounted', () => {
    const reminder = findReminder(course, 'deadline-7d');
    const mail = mailsOf('deadline-7d').find((m) => m.to[0] === 'anne@example.dk');
    if (!reminder || !mail) throw new Error('fixture has the mail');
    const { registrationId: _, ...unattached } = mail;
    const { content: text } = reminderMail({
      course,
      reminder,
      mail: unattached,
      registrations: [],
      contacts,
    });
    expectBothParts(text, 'Kære Anne Østergård', 'kun forplejning, 750,00 kr. pr. deltager');
    expect(text.text).not.toContain('plads til');
    expect(text.text).not.toContain('undefined');
  });
});
