import { describe, expect, it } from 'vitest';
import { buildCreditNote, buildInvoice, type Seller } from '#domain/invoice.ts';
import { findReminder, type ReminderMail } from '#domain/reminders.ts';
import type { CertificateData } from '../../../functions/documents/certificate-pdf.ts';
import {
  cancellation,
  certificate,
  confirmation,
  groupInvitation,
  invoice,
  type MailedRegistration,
  mailCatalogue,
  participantRemoved,
  participantsChanged,
  reminderKinds,
  resend,
  visitBooked,
  waitlist,
  welcome,
} from '../../../functions/mail/catalogue.ts';
import { courseContacts } from '../../../functions/mail/contacts.ts';
import { seedCourse } from '../../support/fixtures.ts';
import { aRegistration } from '../../support/registrations.ts';

/*
 * The dedupe key is the id of a stored mail record and names the mail in every registration's history: a
 * key written differently from the one a sent mail was stored under sends that mail a second time. These
 * are the keys as the pipelines have always written them, for one fixed registration.
 */

const course = seedCourse();
const contacts = courseContacts(course, { coordinator: 'lone@example.dk' });
const REG = '0190a1b2-c3d4-7e5f-8a9b-000000000001';
const registration: MailedRegistration = {
  ...aRegistration({ id: REG }, { participantCount: 2 }),
  participantChanges: [
    { version: 2, removed: [{ name: 'Åse Møller 2', email: 'deltager2@example.dk' }] },
    {
      version: 4,
      removed: [{ name: 'Åse Møller 2', email: 'deltager2@example.dk' }],
      credited: 'KURSUS-0001',
    },
  ],
};
const about = { course, registration, contacts };
const [first, second] = registration.participants;
if (!first || !second) throw new Error('the fixture has two participants');

const seller: Seller = {
  name: 'Centralbibliotek',
  street: 'Nørregade 1',
  postalCode: '7400',
  city: 'Herning',
  cvr: '29189781',
  bankRegNo: '1234',
  bankAccountNo: '12345678',
  email: 'kursus@example.dk',
};
const issuedInvoice = buildInvoice(course, registration, seller, { sequence: 7, issueDate: '2016-01-20' });
const creditNote = buildCreditNote(issuedInvoice, {
  sequence: 3,
  issueDate: '2016-02-01',
  series: 'KURSUS-K',
});
const renderPdf = async () => new Uint8Array();

function reminderKey(reminderId: string, mail: Partial<ReminderMail> & { to: string[] }): string {
  const reminder = findReminder(course, reminderId);
  if (!reminder) throw new Error(`the seed course has no reminder ${reminderId}`);
  const addressee = { cc: [], audience: 'participant' as const, name: 'Åse', ...mail };
  return reminderKinds[reminder.template].dedupeKey({
    course,
    reminder,
    mail: addressee,
    registrations: [registration],
    contacts,
  });
}

describe('the dedupe key of each kind of mail', () => {
  it('names the registration for its confirmation, waitlist place and cancellation', () => {
    expect(confirmation.dedupeKey(about)).toBe(`confirmation#${REG}`);
    expect(waitlist.dedupeKey(about)).toBe(`waitlist#${REG}`);
    expect(cancellation.dedupeKey(about)).toBe(`cancellation#${REG}`);
  });

  it('names the participant for a welcome, and the last removal for one welcomed again', () => {
    expect(welcome.dedupeKey({ ...about, participant: first })).toBe(`welcome#${REG}#deltager1@example.dk`);
    expect(welcome.dedupeKey({ ...about, participant: second })).toBe(
      `welcome#${REG}#deltager2@example.dk#4`,
    );
  });

  it('names the invoice or credit note by its number', () => {
    const input = { ...about, renderPdf };
    expect(invoice.dedupeKey({ ...input, issued: { invoice: issuedInvoice, oioubl: '' } })).toBe(
      'invoice#KURSUS-0007',
    );
    expect(invoice.dedupeKey({ ...input, issued: { invoice: creditNote, oioubl: '' } })).toBe(
      'invoice#KURSUS-K-0003',
    );
  });

  it('names the change (or the cancellation) for a removed participant, and the change for the new list', () => {
    const removed = { name: 'Åse Møller 2', email: 'deltager2@example.dk' };
    expect(participantRemoved.dedupeKey({ ...about, participant: removed, occasion: 2 })).toBe(
      `removed#${REG}#2#deltager2@example.dk`,
    );
    expect(participantRemoved.dedupeKey({ ...about, participant: removed, occasion: 'cancelled' })).toBe(
      `removed#${REG}#cancelled#deltager2@example.dk`,
    );
    const change = registration.participantChanges?.[1];
    if (!change) throw new Error('the fixture has a second change');
    expect(participantsChanged.dedupeKey({ ...about, change })).toBe(`participants-changed#${REG}#4`);
  });

  it('names the coordinator’s request for a mail sent again', () => {
    expect(resend.dedupeKey(REG, 'klik-0001')).toBe(`resend#${REG}#klik-0001`);
  });

  it('names course, reminder and addressee in lower case for a reminder', () => {
    expect(reminderKey('day-1-7d', { to: ['Aase@Example.dk'] })).toBe(
      'reminder#samskabelse-2016#day-1-7d#aase@example.dk',
    );
    expect(reminderKey('day-1-1d', { to: ['deltager1@example.dk'], cc: ['anne@example.dk'] })).toBe(
      'reminder#samskabelse-2016#day-1-1d#deltager1@example.dk',
    );
    expect(reminderKey('visits-7d', { to: ['anne@example.dk'], registrationId: REG })).toBe(
      'reminder#samskabelse-2016#visits-7d#anne@example.dk',
    );
    expect(reminderKey('deadline-7d', { to: ['anne@example.dk'], registrationId: REG })).toBe(
      'reminder#samskabelse-2016#deadline-7d#anne@example.dk',
    );
    expect(reminderKey('final-list', { to: [' Tovholder@Example.DK'] })).toBe(
      'reminder#samskabelse-2016#final-list#tovholder@example.dk',
    );
  });

  it('names the registration too for a visit-round reminder, which carries one library’s link', () => {
    expect(reminderKey('visits-book', { to: ['anne@example.dk'], registrationId: REG })).toBe(
      `reminder#samskabelse-2016#visits-book#${REG}#anne@example.dk`,
    );
    expect(reminderKey('visits-case', { to: ['Deltager1@Example.dk'], registrationId: REG })).toBe(
      `reminder#samskabelse-2016#visits-case#${REG}#deltager1@example.dk`,
    );
    expect(reminderKey('visits-case2', { to: ['deltager1@example.dk'], registrationId: REG })).toBe(
      `reminder#samskabelse-2016#visits-case2#${REG}#deltager1@example.dk`,
    );
    // A contact person of two libraries gets each library's link.
    expect(reminderKey('visits-book', { to: ['anne@example.dk'], registrationId: 'reg-2' })).not.toBe(
      reminderKey('visits-book', { to: ['anne@example.dk'], registrationId: REG }),
    );
  });

  it('names the booking and its slot for a visit, and the plan’s revision for a group meeting', () => {
    const round = course.sessions.find((s) => s.kind === 'visit-round');
    const guidance = course.sessions.find((s) => s.kind === 'group-guidance');
    if (!round || !guidance) throw new Error('the seed course has a visit round and a group guidance');
    const person = { name: 'Åse Møller 1', email: 'Deltager1@Example.dk', participant: true };
    const invitation = { course, contacts, person, now: new Date('2016-03-01T00:00:00Z'), registration };
    expect(
      visitBooked.dedupeKey({
        ...invitation,
        booking: { bookedAt: '2016-02-20T10:11:12.000Z' },
        slot: { id: 's1', date: '2016-03-14', start: '09:00', durationMinutes: 90 },
        round,
        sequence: 3,
      }),
    ).toBe(`visit#samskabelse-2016#${REG}#2016-02-20T10:11:12.000Z@2016-03-14T09:00#deltager1@example.dk`);
    expect(
      groupInvitation.dedupeKey({
        ...invitation,
        group: { members: [REG], hostRegistrationId: REG, date: '2016-06-14', start: '13:00' },
        host: registration,
        members: [registration],
        guidance,
        revision: 5,
      }),
    ).toBe(`group#samskabelse-2016#${REG}#5#deltager1@example.dk`);
  });

  it('names the participant’s attendance key for a certificate', () => {
    expect(
      certificate.dedupeKey({
        course,
        registration,
        participant: first,
        participantKey: 'p-0123abcd',
        contacts,
        data: {} as CertificateData,
        renderCertificate: async () => new Uint8Array(),
      }),
    ).toBe(`certificate#samskabelse-2016#${REG}#p-0123abcd`);
  });
});

describe('the catalogue', () => {
  it('declares every kind the mail history knows, each under its own name', () => {
    const kinds = [
      ...Object.values(mailCatalogue.registration),
      ...Object.values(mailCatalogue.reminders),
      ...Object.values(mailCatalogue.structure),
    ].map((k) => k.kind);
    expect(kinds).toEqual([
      'confirmation',
      'welcome',
      'waitlist',
      'invoice',
      'cancellation',
      'participant-removed',
      'participants-changed',
      'reminder:teaching-day-week-before',
      'reminder:teaching-day-day-before',
      'reminder:round-week-before',
      'reminder:signup-deadline',
      'reminder:final-list',
      'reminder:visit-booking',
      'reminder:case-invitation',
      'reminder:case-missing',
      'visit-booked',
      'group-invitation',
      'certificate',
    ]);
  });

  it('addresses a visit to the participants and their leader once each, a group meeting to the participants', () => {
    const withLeaderTakingPart = {
      ...registration,
      leader: { name: 'Åse Møller 1', email: 'DELTAGER1@example.dk' },
    };
    expect(visitBooked.addressees(registration).map((p) => p.email)).toEqual([
      'deltager1@example.dk',
      'deltager2@example.dk',
      'bent@example.dk',
    ]);
    expect(visitBooked.addressees(withLeaderTakingPart)).toHaveLength(2);
    expect(groupInvitation.addressees(registration).map((p) => p.email)).toEqual([
      'deltager1@example.dk',
      'deltager2@example.dk',
    ]);
  });
});
