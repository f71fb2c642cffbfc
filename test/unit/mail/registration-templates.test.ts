import { describe, expect, it } from 'vitest';
import { buildCreditNote, buildInvoice, type Seller } from '#domain/invoice.ts';
import type { MailContent } from '../../../functions/mail/blocks.ts';
import { courseContacts } from '../../../functions/mail/contacts.ts';
import { invoiceMail } from '../../../functions/mail/invoice-templates.ts';
import {
  confirmationMail,
  participantWelcomeMail,
  waitlistMail,
} from '../../../functions/mail/signup-templates.ts';
import { seedCourse, VALID_EANS } from '../../support/fixtures.ts';
import { aRegistration } from '../../support/registrations.ts';

const course = seedCourse();
const contacts = courseContacts(course, {
  coordinator: 'lone.westphall@example.dk',
  teacher: 'nis@example.dk',
});
const threeParticipants = aRegistration({}, { participantCount: 3 });

const seller: Seller = {
  name: 'Herning Bibliotekerne',
  street: 'Østergade 8',
  postalCode: '7400',
  city: 'Herning',
  cvr: '12345674',
  email: 'regnskab@example.dk',
  bankRegNo: '1234',
  bankAccountNo: '0001234567',
};

/** What a reader sees in either part: the plain text, and the HTML's own text (entities are only for <>&"'). */
function expectBothParts(mail: MailContent, ...phrases: string[]) {
  for (const phrase of phrases) {
    expect(mail.text).toContain(phrase);
    expect(mail.html).toContain(phrase);
  }
}

describe('the confirmation mail', () => {
  const mail = confirmationMail(course, threeParticipants, contacts);

  it('greets the contact person and says the registration is confirmed', () => {
    expect(mail.subject).toBe(`Tilmelding bekræftet: ${course.title}`);
    expectBothParts(mail, 'Kære Anne Østergård', '3 deltagere er bekræftet');
  });

  it('dates every session in Danish, teaching days with weekday and time, decentral rounds by week', () => {
    expectBothParts(
      mail,
      'Kick off: mandag 7. marts 2016 kl. 9.00–16.00',
      'Besøgsrunde: uge 11 (14.–18. marts 2016)',
      'Midtvejsdag: tirsdag 10. maj 2016 kl. 9.00–16.00',
      'Gruppevejledning: uge 24 (13.–17. juni 2016)',
      'Afslutningsdag: torsdag 25. august 2016 kl. 9.00–16.00',
    );
  });

  it("lists each session's content and where it takes place", () => {
    expectBothParts(mail, 'Indsats-/udbyttekurven', 'Sted: Biblioteket i Herning', 'efter aftale');
  });

  it('gives the venue address of the teaching days', () => {
    expectBothParts(mail, 'Herning Bibliotekerne, Østergade 8, 7400 Herning');
  });

  it('breaks the price down for 3 participants: package, catering, VAT with exemption reason, 12.200,00 kr.', () => {
    expectBothParts(
      mail,
      '1 × 9.950,00 kr.',
      '3 × 750,00 kr.',
      '2.250,00 kr.',
      'Moms 0 %',
      'Momsfritaget undervisning, jf. momslovens § 13, stk. 1, nr. 3',
    );
    expect(mail.text).toContain('I alt: 12.200,00 kr.');
    expect(mail.html).toContain('12.200,00 kr.');
  });

  it('repeats the registration: library, EAN, invoice reference, contact and leader', () => {
    expectBothParts(
      mail,
      'Silkeborg Bibliotekerne, Hostrupsgade 41, 8600 Silkeborg',
      VALID_EANS[0] as string,
      'PO-4711',
      'anne@example.dk',
      'Bent Ærø',
    );
  });

  it('names each participant with job title, and dietary needs where given', () => {
    expectBothParts(
      mail,
      'Åse Møller 1, Bibliotekar',
      'Åse Møller 2, Bibliotekar',
      'Åse Møller 3, Bibliotekar',
    );
    expectBothParts(mail, 'kosthensyn: Vegetar');
    expect(mail.text.match(/kosthensyn/g)).toHaveLength(1);
  });

  it('tells what happens next: the week-11 visit with the leader, case work, the e-invoice to the EAN', () => {
    expectBothParts(
      mail,
      'Besøgsrunde i uge 11',
      'deltagernes leder, Bent Ærø, er med til besøget',
      'prøvehandling',
      'OIOUBL via NemHandel',
      `EAN-nummer ${VALID_EANS[0]}`,
    );
  });

  it("quotes the course's definition of co-creation", () => {
    expectBothParts(mail, course.description);
  });

  it("signs with the coordinator's name and title and gives her configured address", () => {
    expectBothParts(mail, 'Lone Engel Westphall', 'Udviklingskonsulent, Herning Bibliotekerne');
    expect(mail.text).toContain('lone.westphall@example.dk');
    expect(mail.html).toContain('href="mailto:lone.westphall@example.dk"');
  });

  it('still names the coordinator when no address is configured, without an empty link', () => {
    const withoutAddresses = confirmationMail(course, threeParticipants, courseContacts(course, {}));
    expectBothParts(withoutAddresses, 'Lone Engel Westphall');
    expect(withoutAddresses.html).not.toContain('mailto:lone');
    expect(withoutAddresses.text).not.toContain('undefined');
    expect(withoutAddresses.html).not.toContain('undefined');
  });

  it('leaves out optional fields the form did not fill in instead of printing "undefined"', () => {
    const sparse = aRegistration(
      {},
      {
        body: {
          invoiceEmail: '',
          participants: [{ name: 'Karl Kæreby', email: 'karl@example.dk' }],
          library: { ...aRegistration().library, cvr: '' },
        },
      },
    );
    const sparseMail = confirmationMail(course, sparse, contacts);
    expect(sparseMail.text).not.toContain('undefined');
    expect(sparseMail.text).not.toContain('CVR-nummer');
    expect(sparseMail.text).toContain('- Karl Kæreby (karl@example.dk)\n');
  });

  it('has a plain-text part without markup', () => {
    expect(mail.text).not.toMatch(/<\/?[a-z][^>]*>/i);
    expect(mail.text).not.toContain('&amp;');
  });
});

describe('user input in the mails', () => {
  const hostile = aRegistration(
    {},
    {
      body: {
        library: { ...aRegistration().library, name: '<script>alert("x")</script> & Søn' },
        contact: { name: 'Eve <img src=x onerror=alert(1)>', email: 'eve@example.dk', phone: '12345678' },
        comment: 'Vi kommer "måske" <b>sent</b>',
      },
    },
  );

  it('is escaped in the HTML part of every mail', () => {
    const participant = hostile.participants[0];
    if (!participant) throw new Error('fixture has a participant');
    for (const mail of [
      confirmationMail(course, hostile, contacts),
      waitlistMail(course, hostile, contacts),
      participantWelcomeMail(course, hostile, participant, contacts),
    ]) {
      expect(mail.html).not.toContain('<script>');
      expect(mail.html).not.toContain('<img');
      expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Søn');
    }
  });

  it('is kept verbatim in the plain-text part', () => {
    const mail = confirmationMail(course, hostile, contacts);
    expect(mail.text).toContain('<script>alert("x")</script> & Søn');
    expect(mail.text).toContain('Bemærkning: Vi kommer "måske" <b>sent</b>');
  });
});

describe('the waitlist mail', () => {
  const waitlisted = aRegistration({ status: 'waitlisted' }, { participantCount: 3 });
  const mail = waitlistMail(course, waitlisted, contacts);

  it('says the course is full and the library is on the waitlist', () => {
    expect(mail.subject).toBe(`Venteliste: ${course.title}`);
    expectBothParts(mail, 'Kære Anne Østergård', 'Kurset er desværre fuldt', 'venteliste');
  });

  it('promises no invoice until a seat is confirmed', () => {
    expectBothParts(mail, 'I modtager ingen faktura, før en plads er bekræftet');
    expect(mail.text).not.toContain('Fakturaen følger');
  });

  it('shows what the seat would cost and the dates to hold', () => {
    expectBothParts(mail, '12.200,00 kr.', 'mandag 7. marts 2016 kl. 9.00–16.00');
  });

  it('tells whom to contact', () => {
    expectBothParts(mail, 'Lone Engel Westphall', 'lone.westphall@example.dk');
  });
});

describe('the personal welcome to a participant', () => {
  const participant = threeParticipants.participants[1];
  if (!participant) throw new Error('fixture has three participants');
  const mail = participantWelcomeMail(course, threeParticipants, participant, contacts);

  it('greets the participant by name and says which library signed them up', () => {
    expect(mail.subject).toBe(`Velkommen til ${course.title}`);
    expectBothParts(mail, 'Kære Åse Møller 2', 'Silkeborg Bibliotekerne har tilmeldt dig');
  });

  it('lists all five dates and the venue', () => {
    expectBothParts(
      mail,
      'mandag 7. marts 2016 kl. 9.00–16.00',
      'uge 11 (14.–18. marts 2016)',
      'tirsdag 10. maj 2016 kl. 9.00–16.00',
      'uge 24 (13.–17. juni 2016)',
      'torsdag 25. august 2016 kl. 9.00–16.00',
      'Østergade 8, 7400 Herning',
    );
  });

  it('mentions the book the participant will receive', () => {
    expectBothParts(mail, 'Plads til deltagelse – en introduktion til kommunal samskabelse', 'Nis G. Madsen');
  });

  it('names the leader the trial action is found with, and the coordinator to ask', () => {
    expectBothParts(mail, 'din leder, Bent Ærø', 'Lone Engel Westphall', 'lone.westphall@example.dk');
  });

  it("does not mention another participant's dietary needs", () => {
    expect(mail.text).not.toContain('Vegetar');
  });
});

describe('the invoice mail', () => {
  const invoice = buildInvoice(course, threeParticipants, seller, { sequence: 7, issueDate: '2016-01-20' });
  const mail = invoiceMail(course, invoice, contacts);

  it('names the invoice number, the amount and the Danish due date 30 days on', () => {
    expect(mail.subject).toBe(`Faktura KURSUS-0007: ${course.title}`);
    expectBothParts(
      mail,
      'KURSUS-0007',
      '12.200,00 kr.',
      'Forfaldsdato',
      '19. februar 2016',
      '20. januar 2016',
    );
  });

  it("gives the library's order reference and says the e-invoice goes to its EAN via NemHandel", () => {
    expectBothParts(
      mail,
      'PO-4711',
      'vedhæftet som PDF',
      `OIOUBL) sendes via NemHandel til jeres EAN-nummer ${VALID_EANS[0]}`,
      'OIOUBL-filen (XML) er også vedhæftet',
    );
  });

  it('states the VAT exemption and how to pay', () => {
    expectBothParts(mail, 'Momsfritaget undervisning', 'reg.nr. 1234, kontonr. 0001234567');
  });

  it('says which invoice a credit note credits, and asks for no payment', () => {
    const credit = invoiceMail(
      course,
      buildCreditNote(invoice, { sequence: 8, issueDate: '2016-02-01' }),
      contacts,
    );
    expect(credit.subject).toBe(`Kreditnota KURSUS-0008 – krediterer faktura KURSUS-0007: ${course.title}`);
    expectBothParts(
      credit,
      'Hermed kreditnota KURSUS-0008, som krediterer faktura KURSUS-0007',
      'Der skal ikke betales noget',
    );
    expect(credit.text).not.toContain('Forfaldsdato');
  });
});
