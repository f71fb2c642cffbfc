import { describe, expect, it } from 'vitest';
import { cancelRegistration } from '#app/cancel-registration.ts';
import { changeParticipants } from '#app/change-participants.ts';
import type { MailHistoryEntry, StoredRegistration } from '#app/ports.ts';
import { type FulfilmentDeps, sweep } from '#app/process-registration.ts';
import { resendMail } from '#app/resend-mail.ts';
import { CapacityExceededError } from '#domain/errors.ts';
import { renderInvoicePdf } from '../../../functions/documents/invoice-pdf.ts';
import { courseVariant, validEan, WHILE_OPEN } from '../../support/fixtures.ts';
import { aRegistration } from '../../support/registrations.ts';
import { MemoryStore } from './memory-store.ts';

const course = courseVariant('lille-hold-2016', { capacity: { participants: 4 } });

/** Registration ids are UUIDv7: their order is signup order. */
const idOf = (n: number) => `0190a1b2-c3d4-7e5f-8a9b-${String(n).padStart(12, '0')}`;
const person = (n: number, i: number) => ({ name: `Deltager ${n}.${i}`, email: `d${n}-${i}@example.dk` });

function registrationOf(n: number, people: number, status: 'confirmed' | 'waitlisted'): StoredRegistration {
  const registration = aRegistration(
    { id: idOf(n), courseId: course.id, status, createdAt: `2016-01-20T09:0${n}:00.000Z` },
    {
      course,
      body: {
        library: {
          name: `Bibliotek ${n}`,
          municipality: 'Silkeborg',
          address: 'Hostrupsgade 41',
          postalCode: '8600',
          city: 'Silkeborg',
          ean: validEan(700 + n),
        },
        contact: { name: `Kontakt ${n}`, email: `kontakt${n}@example.dk`, phone: '+45 12 34 56 78' },
        invoiceEmail: `faktura${n}@example.dk`,
        participants: Array.from({ length: people }, (_, i) => person(n, i)),
      },
    },
  );
  return { ...registration, owed: true, owedVersion: 1 };
}

function setUp(...registrations: [n: number, people: number, status: 'confirmed' | 'waitlisted'][]) {
  const store = new MemoryStore(course);
  for (const [n, people, status] of registrations) store.add(registrationOf(n, people, status));
  const raws: { to: string[]; raw: string }[] = [];
  const deps = {
    store,
    clock: { now: () => WHILE_OPEN },
    mailer: {
      sendRaw: async ({ to, raw }: { to: string[]; raw: Uint8Array }) => {
        raws.push({ to, raw: Buffer.from(raw).toString('utf8') });
        return `msg-${raws.length}`;
      },
    },
    senderAddress: 'kursus@example.dk',
    renderPdf: renderInvoicePdf,
    seller: { cvr: '29189781', bankRegNo: '1234', bankAccountNo: '12345678' },
    contactAddresses: { coordinator: 'koordinator@example.dk' },
  } as unknown as FulfilmentDeps;
  /** The stream and the sweep, run until nothing is owed, and then once more (a late retry). */
  const finish = async () => {
    for (let pass = 0; pass < 10 && (await store.listOwed()).length > 0; pass++) await sweep(deps);
    await sweep(deps);
    for (const registration of store.registrations.values()) registration.owed = true;
    await sweep(deps);
  };
  const mails = (): MailHistoryEntry[] =>
    [...store.registrations.values()].flatMap((r) => r.mailHistory ?? []);
  const mailsTo = (address: string) => mails().filter((m) => m.to.includes(address));
  const subjectsTo = (address: string) => mailsTo(address).map((m) => m.subject);
  const commandDeps = { store: store as never, clock: { now: () => WHILE_OPEN } };
  return { store, deps, raws, finish, mails, mailsTo, subjectsTo, commandDeps };
}

describe('a cancelled registration, as the background work finishes it', () => {
  it('is credited in full by KURSUS-K-0001, mailed once with PDF and OIOUBL however often the work runs', async () => {
    const { store, finish, subjectsTo, raws, commandDeps } = setUp([1, 2, 'confirmed']);
    await finish();
    await cancelRegistration(commandDeps, course.id, idOf(1), { reason: 'Sygdom' });
    await finish();

    const [invoice, note] = store.current(idOf(1)).documents ?? [];
    expect(invoice).toMatchObject({ kind: 'invoice', number: 'KURSUS-0001' });
    expect(note).toMatchObject({ kind: 'credit-note', number: 'KURSUS-K-0001', credits: 'KURSUS-0001' });
    expect(note?.total).toBe(invoice?.total);
    expect(store.series.get('KURSUS-K')).toBe(1);
    const credits = subjectsTo('faktura1@example.dk').filter((s) => s.startsWith('Kreditnota'));
    expect(credits).toEqual([
      expect.stringContaining('Kreditnota KURSUS-K-0001 – krediterer faktura KURSUS-0001'),
    ]);
    const raw = raws.find((m) => m.raw.includes('kreditnota-KURSUS-K-0001.pdf'))?.raw ?? '';
    expect(raw).toContain('kreditnota-KURSUS-K-0001.xml');
    expect(store.current(idOf(1))).toMatchObject({ status: 'cancelled', cancellationReason: 'Sygdom' });
    expect(store.current(idOf(1)).invoiceNumber).toBeUndefined();
  });

  it('confirms the cancellation to the contact once and tells each participant who had a welcome', async () => {
    const { finish, subjectsTo, commandDeps } = setUp([1, 2, 'confirmed']);
    await finish();
    await cancelRegistration(commandDeps, course.id, idOf(1));
    await cancelRegistration(commandDeps, course.id, idOf(1));
    await finish();
    expect(subjectsTo('kontakt1@example.dk').filter((s) => s.startsWith('Afmelding bekræftet'))).toHaveLength(
      1,
    );
    for (const participant of [person(1, 0), person(1, 1)]) {
      expect(subjectsTo(participant.email)).toEqual([
        expect.stringMatching(/^Velkommen til/),
        expect.stringMatching(/^Du er afmeldt/),
      ]);
    }
  });

  it('still tells a participant removed just before the cancellation, before that change was finished', async () => {
    const { finish, subjectsTo, commandDeps } = setUp([1, 2, 'confirmed']);
    await finish();
    await changeParticipants(commandDeps, course.id, idOf(1), { participants: [person(1, 0)] });
    await cancelRegistration(commandDeps, course.id, idOf(1));
    await finish();
    for (const participant of [person(1, 0), person(1, 1)]) {
      expect(subjectsTo(participant.email).filter((s) => s.startsWith('Du er afmeldt'))).toHaveLength(1);
    }
  });

  it('tells only the contact when a waitlisted registration is cancelled: no credit note, nothing to pay', async () => {
    const { store, finish, mailsTo, subjectsTo, commandDeps } = setUp(
      [1, 4, 'confirmed'],
      [2, 1, 'waitlisted'],
    );
    await finish();
    await cancelRegistration(commandDeps, course.id, idOf(2));
    await finish();
    expect(subjectsTo('kontakt2@example.dk')).toEqual([
      expect.stringMatching(/^Venteliste/),
      expect.stringMatching(/^Afmelding bekræftet/),
    ]);
    expect(mailsTo(person(2, 0).email)).toEqual([]);
    expect(store.current(idOf(2)).documents ?? []).toEqual([]);
    expect(store.counters).toMatchObject({ waitlistedLibraries: 0, waitlistedParticipants: 0 });
  });

  it('frees the seats and the EAN, and moves the first waiting library up: confirmed, invoiced, told its seat came free', async () => {
    const { store, finish, subjectsTo, mailsTo, commandDeps } = setUp(
      [1, 2, 'confirmed'],
      [2, 2, 'confirmed'],
      [3, 2, 'waitlisted'],
      [4, 1, 'waitlisted'],
    );
    await finish();
    await cancelRegistration(commandDeps, course.id, idOf(1));
    await finish();

    expect(store.current(idOf(3))).toMatchObject({ status: 'confirmed', invoiceNumber: 'KURSUS-0003' });
    expect(store.current(idOf(4)).status).toBe('waitlisted');
    expect(store.counters).toEqual({
      confirmedLibraries: 2,
      confirmedParticipants: 4,
      waitlistedLibraries: 1,
      waitlistedParticipants: 1,
    });
    expect(store.libraryGuards.has(validEan(701))).toBe(false);
    expect(subjectsTo('kontakt3@example.dk')).toEqual([
      expect.stringMatching(/^Venteliste/),
      expect.stringMatching(/^Tilmelding bekræftet/),
    ]);
    expect(subjectsTo('faktura3@example.dk')).toEqual([expect.stringMatching(/^Faktura KURSUS-0003/)]);
    expect(mailsTo(person(3, 0).email).map((m) => m.kind)).toEqual(['welcome']);
  });

  it('keeps strict signup order: when the first waiting library does not fit, the one behind it waits too', async () => {
    const { store, finish, commandDeps } = setUp(
      [1, 3, 'confirmed'],
      [2, 1, 'confirmed'],
      [3, 3, 'waitlisted'],
      [4, 1, 'waitlisted'],
    );
    await finish();
    await cancelRegistration(commandDeps, course.id, idOf(2));
    await finish();
    expect(store.current(idOf(3)).status).toBe('waitlisted');
    expect(store.current(idOf(4)).status).toBe('waitlisted');
    expect(store.counters.confirmedParticipants).toBe(3);
  });

  it('moves waiting libraries up one after another while the next one fits', async () => {
    const { store, finish, commandDeps } = setUp(
      [1, 4, 'confirmed'],
      [2, 2, 'waitlisted'],
      [3, 2, 'waitlisted'],
      [4, 1, 'waitlisted'],
    );
    await finish();
    await cancelRegistration(commandDeps, course.id, idOf(1));
    await finish();
    expect([2, 3, 4].map((n) => store.current(idOf(n)).status)).toEqual([
      'confirmed',
      'confirmed',
      'waitlisted',
    ]);
    expect(store.counters.confirmedParticipants).toBe(4);
  });
});

describe('a changed participant list, as the background work finishes it', () => {
  it('credits the invoice and issues one for the new price, each mailed once', async () => {
    const { store, finish, subjectsTo, commandDeps } = setUp([1, 3, 'confirmed']);
    await finish();
    const answer = await changeParticipants(commandDeps, course.id, idOf(1), {
      participants: [person(1, 0), person(1, 1)],
    });
    expect(answer).toMatchObject({ status: 'confirmed', price: { participants: 2 } });
    await finish();

    const documents = store.current(idOf(1)).documents ?? [];
    expect(documents.map((d) => [d.kind, d.number])).toEqual([
      ['invoice', 'KURSUS-0001'],
      ['credit-note', 'KURSUS-K-0001'],
      ['invoice', 'KURSUS-0002'],
    ]);
    expect((documents[0]?.total ?? 0) - (documents[2]?.total ?? 0)).toBe(75000);
    expect(store.current(idOf(1)).invoiceNumber).toBe('KURSUS-0002');
    expect(subjectsTo('faktura1@example.dk').map((s) => s.split(':')[0])).toEqual([
      'Faktura KURSUS-0001',
      'Kreditnota KURSUS-K-0001 – krediterer faktura KURSUS-0001',
      'Faktura KURSUS-0002',
    ]);
  });

  it('welcomes the added participant, tells the removed one, and sends the contact the new list', async () => {
    const { finish, mailsTo, subjectsTo, commandDeps } = setUp([1, 2, 'confirmed']);
    await finish();
    await changeParticipants(commandDeps, course.id, idOf(1), {
      participants: [person(1, 0), { name: 'Ny Deltager', email: 'ny@example.dk' }],
    });
    await finish();
    expect(subjectsTo('ny@example.dk')).toEqual([expect.stringMatching(/^Velkommen til/)]);
    expect(subjectsTo(person(1, 1).email)).toEqual([
      expect.stringMatching(/^Velkommen til/),
      expect.stringMatching(/^Du er afmeldt/),
    ]);
    expect(mailsTo(person(1, 0).email)).toHaveLength(1);
    const toContact = subjectsTo('kontakt1@example.dk');
    expect(toContact.filter((s) => s.startsWith('Ændring af tilmelding'))).toHaveLength(1);
    // Same price (one package, two people): the invoice stands.
    expect(subjectsTo('faktura1@example.dk')).toHaveLength(1);
  });

  it('welcomes again a participant who was removed and added back, but not one who stayed', async () => {
    const { finish, subjectsTo, commandDeps } = setUp([1, 2, 'confirmed']);
    await finish();
    await changeParticipants(commandDeps, course.id, idOf(1), { participants: [person(1, 0)] });
    await finish();
    await changeParticipants(commandDeps, course.id, idOf(1), { participants: [person(1, 0), person(1, 1)] });
    await finish();
    expect(subjectsTo(person(1, 1).email).map((s) => s.split(':')[0])).toEqual([
      'Velkommen til Samskabelse – involvering og aktivering af borgere og lokalsamfund',
      'Du er afmeldt',
      'Velkommen til Samskabelse – involvering og aktivering af borgere og lokalsamfund',
    ]);
    expect(subjectsTo(person(1, 0).email)).toHaveLength(1);
  });

  it('tells nobody removed from a waitlisted registration, since nobody there had a welcome', async () => {
    const { finish, subjectsTo, commandDeps } = setUp([1, 4, 'confirmed'], [2, 2, 'waitlisted']);
    await finish();
    await changeParticipants(commandDeps, course.id, idOf(2), { participants: [person(2, 0), person(2, 2)] });
    await finish();
    expect(subjectsTo(person(2, 1).email)).toEqual([]);
    expect(subjectsTo(person(2, 2).email)).toEqual([]);
    expect(subjectsTo('kontakt2@example.dk').filter((s) => s.startsWith('Ændring'))).toHaveLength(1);
  });

  it('sends nothing more when the same list is saved twice, as a double click does', async () => {
    const { store, finish, mails, commandDeps } = setUp([1, 3, 'confirmed']);
    await finish();
    const list = { participants: [person(1, 0), person(1, 1)] };
    const first = await changeParticipants(commandDeps, course.id, idOf(1), list);
    const second = await changeParticipants(commandDeps, course.id, idOf(1), list);
    expect(second).toEqual(first);
    await finish();
    expect(store.current(idOf(1)).participantChanges).toHaveLength(1);
    expect(mails().filter((m) => m.kind === 'participants-changed')).toHaveLength(1);
    expect(store.current(idOf(1)).documents).toHaveLength(3);
  });

  it('lets the first waiting library move up when a confirmed registration shrinks', async () => {
    const { store, finish, commandDeps } = setUp([1, 4, 'confirmed'], [2, 1, 'waitlisted']);
    await finish();
    await changeParticipants(commandDeps, course.id, idOf(1), { participants: [person(1, 0), person(1, 1)] });
    await finish();
    expect(store.current(idOf(2))).toMatchObject({ status: 'confirmed', invoiceNumber: 'KURSUS-0003' });
    expect(store.counters).toMatchObject({ confirmedParticipants: 3, waitlistedLibraries: 0 });
  });

  it('refuses to grow a confirmed registration beyond the seats left, and a waitlisted one just waits with more', async () => {
    const { store, finish, commandDeps } = setUp([1, 3, 'confirmed'], [2, 1, 'waitlisted']);
    await finish();
    await expect(
      changeParticipants(commandDeps, course.id, idOf(1), {
        participants: [person(1, 0), person(1, 1), person(1, 2), person(1, 3), person(1, 4)],
      }),
    ).rejects.toBeInstanceOf(CapacityExceededError);
    await changeParticipants(commandDeps, course.id, idOf(2), { participants: [person(2, 0), person(2, 1)] });
    expect(store.counters).toMatchObject({ confirmedParticipants: 3, waitlistedParticipants: 2 });
  });
});

describe('a resend, as the background work finishes it', () => {
  it('sends the confirmation again once per request, however often the same request comes', async () => {
    const { finish, subjectsTo, commandDeps } = setUp([1, 1, 'confirmed']);
    await finish();
    for (const key of ['klik-0001', 'klik-0001', 'klik-0002']) {
      await resendMail(commandDeps, course.id, idOf(1), { what: 'confirmation' }, key);
      await finish();
    }
    expect(
      subjectsTo('kontakt1@example.dk').filter((s) => s.startsWith('Tilmelding bekræftet')),
    ).toHaveLength(3);
    // The participants' welcomes are not part of the confirmation sent again.
    expect(subjectsTo(person(1, 0).email)).toHaveLength(1);
  });

  it('sends a waitlisted library its waitlist confirmation again', async () => {
    const { finish, subjectsTo, commandDeps } = setUp([1, 4, 'confirmed'], [2, 1, 'waitlisted']);
    await finish();
    await resendMail(commandDeps, course.id, idOf(2), { what: 'confirmation' }, 'klik-0003');
    await finish();
    expect(subjectsTo('kontakt2@example.dk').map((s) => s.split(':')[0])).toEqual([
      'Venteliste',
      'Venteliste',
    ]);
  });

  it('sends the standing invoice again with its PDF and OIOUBL, recorded in the mail history', async () => {
    const { finish, mailsTo, raws, commandDeps } = setUp([1, 1, 'confirmed']);
    await finish();
    await resendMail(commandDeps, course.id, idOf(1), { what: 'invoice' }, 'klik-0004');
    await finish();
    const invoiceMails = mailsTo('faktura1@example.dk');
    expect(invoiceMails.map((m) => m.dedupeKey)).toEqual([
      'invoice#KURSUS-0001',
      `resend#${idOf(1)}#klik-0004`,
    ]);
    expect(raws.filter((m) => m.raw.includes('faktura-KURSUS-0001.pdf'))).toHaveLength(2);
  });
});
