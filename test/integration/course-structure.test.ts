import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asCoordinator } from '../support/coordinator.ts';
import { registrationBody, VALID_EANS, WHILE_OPEN } from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { attachment, clearMails, mailsTo, type StoredMail, sentMails } from '../support/mail-store.ts';
import { apiFetch } from '../support/openapi-validation.ts';
import { pdfText } from '../support/pdf-text.ts';

const SEED = 'samskabelse-2016';

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field and assert each one.
type JsonBody = any;

/** Three libraries: two neighbours in mid-Jutland's 74xx area, one in Silkeborg. */
const LIBRARIES = [
  {
    n: 1,
    library: {
      name: 'Silkeborg Bibliotekerne',
      municipality: 'Silkeborg',
      address: 'Hostrupsgade 41',
      postalCode: '8600',
      city: 'Silkeborg',
    },
    participants: ['p1a', 'p1b'],
  },
  {
    n: 2,
    library: {
      name: 'Ikast Bibliotek',
      municipality: 'Ikast-Brande',
      address: 'Stadion Allé 2',
      postalCode: '7430',
      city: 'Ikast',
    },
    participants: ['p2a'],
  },
  {
    n: 3,
    library: {
      name: 'Brande Bibliotek',
      municipality: 'Ikast-Brande',
      address: 'Torvegade 2',
      postalCode: '7330',
      city: 'Brande',
    },
    participants: ['p3a', 'p3b'],
  },
] as const;

const address = (local: string) => `${local}@example.dk`;

function signup({ n, library, participants }: (typeof LIBRARIES)[number]) {
  return registrationBody({
    library: { ...library, ean: VALID_EANS[n - 1], cvr: '29189781' },
    contact: { name: `Kontakt ${n}`, email: address(`kontakt${n}`), phone: '+45 12 34 56 78' },
    leader: { name: `Leder ${n}`, email: address(`leder${n}`) },
    participants: participants.map((p) => ({
      name: `Deltager ${p}`,
      email: address(p),
      jobTitle: 'Bibliotekar',
    })),
  });
}

const at = (iso: string) => new Date(iso);

/** The link token in a mail (the part after `/link/#`). */
function tokenIn(mail: StoredMail | undefined): string {
  const token = /\/link\/#([A-Za-z0-9_-]+)/.exec(mail?.body.text ?? '')?.[1];
  if (!token) throw new Error(`no link in "${mail?.subject}"`);
  return token;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

describe("the course's own structure, walked through the 2016 course on the local clock", () => {
  let api: TestApi;
  let coordinator: Awaited<ReturnType<typeof asCoordinator>>;
  const ids: Record<number, string> = {};
  const linkOf: Record<string, string> = {};

  /** A call through a link: the token in its header, never in the address. */
  const viaLink = async (method: string, path: string, token: string | undefined, body?: unknown) => {
    const response = await apiFetch(`${api.stack.url}${path}`, {
      method,
      headers: {
        ...(token !== undefined && { 'x-link-token': token }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as JsonBody };
  };
  const mailsOf = async (who: string) => mailsTo(api.stack.mailUrl, address(who));
  const waitForMailTo = (who: string, subject: RegExp, count = 1) =>
    until(
      async () => (await mailsOf(who)).filter((m) => subject.test(m.subject)),
      (mails) => mails.length >= count,
      `${count} mail(s) "${subject}" to ${who}`,
    );

  beforeAll(async () => {
    api = await startTestApi({ now: WHILE_OPEN });
    coordinator = await asCoordinator(api.stack);
    for (const library of LIBRARIES) {
      const { status, body } = await api.post(`/courses/${SEED}/registrations`, signup(library));
      expect(status).toBe(201);
      ids[library.n] = body.registration.id;
    }
    // Confirmations, welcomes and invoices (3 + 5 + 3) go first.
    await until(
      () => sentMails(api.stack.mailUrl),
      (m) => m.length >= 11,
      'the signup mails',
    );
    await clearMails(api.stack.mailUrl);
  }, 60_000);
  afterAll(() => api.stop());

  it('refuses slots outside the visit round, naming the field, and stores none of them', async () => {
    api.stack.clock.set(at('2016-02-10T10:00:00+01:00'));
    const refused = await coordinator.put(`/admin/courses/${SEED}/visits/slots`, {
      slots: [
        { id: 'man-9', date: '2016-03-14', start: '09:00', durationMinutes: 90 },
        { id: 'uge-12', date: '2016-03-21', start: '09:00', durationMinutes: 90 },
      ],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields).toEqual([
      { path: 'slots.1.date', message: 'Besøgene ligger fra 2016-03-14 til 2016-03-18.' },
    ]);
    expect((await coordinator.get(`/admin/courses/${SEED}/visits`)).body.slots).toEqual([]);
  });

  it('publishes the slots, and asks every library to book through its own link when the reminder is due', async () => {
    const published = await coordinator.put(`/admin/courses/${SEED}/visits/slots`, {
      slots: [
        { id: 'man-9', date: '2016-03-14', start: '09:00', durationMinutes: 90 },
        { id: 'man-13', date: '2016-03-14', start: '13:00', durationMinutes: 90 },
        { id: 'tir-10', date: '2016-03-15', start: '10:00', durationMinutes: 120 },
      ],
    });
    expect(published.status).toBe(200);
    expect(published.body.unbooked.map((u: { libraryName: string }) => u.libraryName)).toEqual(
      LIBRARIES.map((l) => l.library.name),
    );
    api.stack.clock.set(at('2016-02-15T09:00:01+01:00'));
    for (const { n } of LIBRARIES) {
      const [mail] = await waitForMailTo(`kontakt${n}`, /^Book jeres besøg/);
      linkOf[`library${n}`] = tokenIn(mail);
    }
    expect(new Set(Object.values(linkOf)).size).toBe(3);
  });

  it('opens a library its slots through the link, and nothing without a valid one', async () => {
    const opened = await viaLink('GET', '/link', linkOf.library1);
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({
      kind: 'library',
      library: { name: 'Silkeborg Bibliotekerne' },
      booking: null,
    });
    expect(opened.body.slots.map((s: { available: boolean }) => s.available)).toEqual([true, true, true]);
    for (const token of [undefined, 'x', 'A'.repeat(32)]) {
      const refused = await viaLink('GET', '/link', token);
      expect(refused.status).toBe(404);
      expect(refused.body.error.code).toBe('LINK_NOT_FOUND');
    }
  });

  it('lets only one of two libraries clicking the same slot at once have it', async () => {
    const [first, second] = await Promise.all([
      viaLink('PUT', '/link/visit', linkOf.library1, { slotId: 'man-9' }),
      viaLink('PUT', '/link/visit', linkOf.library2, { slotId: 'man-9' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    expect(loser.body.error).toMatchObject({
      code: 'VISIT_SLOT_UNAVAILABLE',
      message: 'Tiden kan ikke bookes: et andet bibliotek har allerede booket den.',
    });
    const loserLink = first.status === 409 ? linkOf.library1 : linkOf.library2;
    expect((await viaLink('PUT', '/link/visit', loserLink, { slotId: 'man-13' })).status).toBe(200);
    const visits = await coordinator.get(`/admin/courses/${SEED}/visits`);
    expect(visits.body.slots.filter((s: { booking: unknown }) => s.booking !== null)).toHaveLength(2);
  });

  it("sends each booked library's participants and leader a calendar invitation to their visit", async () => {
    for (const who of ['p1a', 'p1b', 'leder1', 'p2a', 'leder2']) {
      const [mail] = await waitForMailTo(who, /^Besøgsrunde: besøg/);
      const ics = attachment(mail as StoredMail, /^besoeg\.ics$/).toString('utf8');
      expect(ics).toMatch(/UID:samskabelse-2016-visit-/);
      expect(ics).toMatch(/DTSTART:20160314T(08|12)0000Z/);
      expect(ics).toContain(who.includes('1') ? 'Hostrupsgade 41' : 'Stadion Allé 2');
    }
    expect(await mailsOf('p3a')).toEqual([]);
  });

  it('shows the coordinator the route per day in time order, and who has not booked', async () => {
    const { body } = await coordinator.get(`/admin/courses/${SEED}/visits`);
    expect(body.route).toHaveLength(1);
    expect(body.route[0].date).toBe('2016-03-14');
    expect(body.route[0].stops.map((s: { slot: { start: string } }) => s.slot.start)).toEqual([
      '09:00',
      '13:00',
    ]);
    expect(body.route[0].stops[0].library).toMatchObject({
      address: expect.any(String),
      postalCode: expect.any(String),
    });
    expect(body.unbooked).toEqual([{ registrationId: ids[3], libraryName: 'Brande Bibliotek' }]);
  });

  it('moves a booking for the coordinator, sending an updated invitation and freeing the old slot', async () => {
    const before = (await coordinator.get(`/admin/courses/${SEED}/visits`)).body;
    const early = before.slots.find((s: { id: string }) => s.id === 'man-9').booking.registrationId as string;
    const n = Number(Object.entries(ids).find(([, id]) => id === early)?.[0]);
    const moved = await coordinator.put(`/admin/courses/${SEED}/visits/bookings/${early}`, {
      slotId: 'tir-10',
    });
    expect(moved.status).toBe(200);
    const [first, second] = await waitForMailTo(`leder${n}`, /^Besøgsrunde: besøg/, 2);
    const firstIcs = attachment(first as StoredMail, /\.ics$/).toString('utf8');
    const secondIcs = attachment(second as StoredMail, /\.ics$/).toString('utf8');
    expect(secondIcs).toContain('DTSTART:20160315T090000Z');
    expect(/UID:(.+)/.exec(secondIcs)?.[1]).toBe(/UID:(.+)/.exec(firstIcs)?.[1]);
    expect(Number(/SEQUENCE:(\d+)/.exec(secondIcs)?.[1])).toBeGreaterThan(
      Number(/SEQUENCE:(\d+)/.exec(firstIcs)?.[1]),
    );
    const freed = await viaLink('GET', '/link', linkOf.library3);
    expect(freed.body.slots.find((s: { id: string }) => s.id === 'man-9').available).toBe(true);
    const taken = await coordinator.put(`/admin/courses/${SEED}/visits/bookings/${ids[3]}`, {
      slotId: 'tir-10',
    });
    expect(taken.status).toBe(409);
  });

  it('refuses to drop a slot a library has booked', async () => {
    const refused = await coordinator.put(`/admin/courses/${SEED}/visits/slots`, {
      slots: [{ id: 'man-9', date: '2016-03-14', start: '09:00', durationMinutes: 90 }],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields[0].path).toBe('slots');
    expect((await coordinator.get(`/admin/courses/${SEED}/visits`)).body.slots).toHaveLength(3);
  });

  it('sends a new invitation when a visit is moved back where it was', async () => {
    const { body } = await coordinator.get(`/admin/courses/${SEED}/visits`);
    const moved = body.slots.find((s: { id: string }) => s.id === 'tir-10').booking.registrationId as string;
    const n = Number(Object.entries(ids).find(([, id]) => id === moved)?.[0]);
    expect(
      (await coordinator.put(`/admin/courses/${SEED}/visits/bookings/${moved}`, { slotId: 'man-9' })).status,
    ).toBe(200);
    const [, , third] = await waitForMailTo(`leder${n}`, /^Besøgsrunde: besøg/, 3);
    expect(third?.subject).toBe('Besøgsrunde: besøg mandag 14. marts 2016 kl. 9.00–10.30');
  });

  it('reminds only the library that has not booked when the second booking reminder is due', async () => {
    api.stack.clock.set(at('2016-03-04T09:00:01+01:00'));
    await waitForMailTo('kontakt3', /^Book jeres besøg/, 2);
    await api.stack.sweepNow();
    for (const n of [1, 2]) {
      expect((await mailsOf(`kontakt${n}`)).filter((m) => /^Book jeres besøg/.test(m.subject))).toHaveLength(
        1,
      );
    }
  });

  it('takes attendance only once a session has begun, and only of participants', async () => {
    const { body } = await coordinator.get(`/admin/courses/${SEED}/attendance`);
    expect(body.participants).toHaveLength(5);
    const early = await coordinator.put(`/admin/courses/${SEED}/attendance/day-1`, { present: [] });
    expect(early.status).toBe(422);
    expect(early.body.error.fields[0]).toEqual({
      path: 'sessionId',
      message: 'Fremmøde registreres, når dagen er begyndt.',
    });
    api.stack.clock.set(at('2016-03-07T10:00:00+01:00'));
    const unknown = await coordinator.put(`/admin/courses/${SEED}/attendance/day-1`, { present: ['nobody'] });
    expect(unknown.body.error.fields[0].path).toBe('present.0');
    const keys = body.participants.map((p: { key: string }) => p.key);
    expect((await coordinator.put(`/admin/courses/${SEED}/attendance/day-1`, { present: keys })).status).toBe(
      200,
    );
  });

  it('sends every participant the link to their own case after the first day, and keeps each link to its owner', async () => {
    api.stack.clock.set(at('2016-03-07T17:00:01+01:00'));
    for (const who of ['p1a', 'p1b', 'p2a', 'p3a', 'p3b']) {
      const [mail] = await waitForMailTo(who, /^Din prøvehandling/);
      linkOf[who] = tokenIn(mail);
    }
    const opened = await viaLink('GET', '/link', linkOf.p1a);
    expect(opened.body).toMatchObject({
      kind: 'participant',
      participant: { name: 'Deltager p1a' },
      libraryName: 'Silkeborg Bibliotekerne',
      case: null,
      closed: false,
    });
    expect(
      (await viaLink('PUT', '/link/case', linkOf.library1, { title: 'x', description: 'y' })).status,
    ).toBe(404);
    expect((await viaLink('PUT', '/link/visit', linkOf.p1a, { slotId: 'man-9' })).status).toBe(404);
  });

  it('refuses a case without a title, naming the field, and saves a complete one', async () => {
    const refused = await viaLink('PUT', '/link/case', linkOf.p1a, {
      title: ' ',
      description: 'Borgerbudget',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['title']);
    expect((await viaLink('GET', '/link', linkOf.p1a)).body.case).toBeNull();
    const saved = await viaLink('PUT', '/link/case', linkOf.p1a, {
      title: 'Borgerbudget i bydelen',
      description: 'Borgerne fordeler en pulje til aktiviteter på biblioteket.',
      partners: ['Lokalrådet', 'Skolen'],
    });
    expect(saved.status).toBe(200);
    expect(saved.body.case).toMatchObject({
      title: 'Borgerbudget i bydelen',
      partners: ['Lokalrådet', 'Skolen'],
    });
  });

  it('shows the teacher and the coordinator every case per library', async () => {
    const { body } = await coordinator.get(`/admin/courses/${SEED}/cases`);
    const silkeborg = body.libraries.find(
      (l: { libraryName: string }) => l.libraryName === 'Silkeborg Bibliotekerne',
    );
    expect(
      silkeborg.participants.map((p: { name: string; case: { title: string } | null }) => [
        p.name,
        p.case?.title ?? null,
      ]),
    ).toEqual([
      ['Deltager p1a', 'Borgerbudget i bydelen'],
      ['Deltager p1b', null],
    ]);
    expect(body.statusLabels['in-progress']).toBe('I gang');
  });

  it('reminds gently only the participants without a case before the visit round', async () => {
    api.stack.clock.set(at('2016-03-11T09:00:01+01:00'));
    for (const who of ['p1b', 'p2a', 'p3a', 'p3b']) await waitForMailTo(who, /^Husk din prøvehandling/);
    await api.stack.sweepNow();
    expect((await mailsOf('p1a')).filter((m) => /^Husk/.test(m.subject))).toEqual([]);
  });

  it('suggests groups by area, refuses a group outside week 24, and invites every participant to their group', async () => {
    api.stack.clock.set(at('2016-05-10T10:00:00+02:00'));
    const keys = (await coordinator.get(`/admin/courses/${SEED}/attendance`)).body.participants.map(
      (p: { key: string }) => p.key,
    );
    expect((await coordinator.put(`/admin/courses/${SEED}/attendance/day-2`, { present: keys })).status).toBe(
      200,
    );
    api.stack.clock.set(at('2016-05-20T10:00:00+02:00'));
    const view = (await coordinator.get(`/admin/courses/${SEED}/groups`)).body;
    expect(view.guidance).toMatchObject({ from: '2016-06-13', to: '2016-06-17' });
    expect(view.suggestion.map((g: { members: string[] }) => g.members.sort())).toEqual([
      [ids[2], ids[3]].sort(),
      [ids[1]],
    ]);
    const groups = [
      { members: [ids[2], ids[3]], hostRegistrationId: ids[2], date: '2016-06-14', start: '10:00' },
      { members: [ids[1]], hostRegistrationId: ids[1], date: '2016-06-20', start: '13:00' },
    ];
    const refused = await coordinator.put(`/admin/courses/${SEED}/groups`, { groups });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['groups.1.date']);
    const missing = await coordinator.put(`/admin/courses/${SEED}/groups`, { groups: [groups[0]] });
    expect(missing.body.error.fields).toEqual([
      { path: 'groups', message: 'Silkeborg Bibliotekerne er ikke i nogen gruppe.' },
    ]);
    const saved = await coordinator.put(`/admin/courses/${SEED}/groups`, {
      groups: [groups[0], { ...groups[1], date: '2016-06-15' }],
    });
    expect(saved.status).toBe(200);
    for (const who of ['p2a', 'p3a', 'p3b']) {
      const [mail] = await waitForMailTo(who, /^Gruppevejledning/);
      expect(mail?.body.text).toContain('Ikast Bibliotek, Stadion Allé 2, 7430 Ikast');
      const ics = attachment(mail as StoredMail, /^gruppevejledning\.ics$/).toString('utf8');
      expect(ics).toContain('DTSTART:20160614T080000Z');
      expect(ics).toContain('LOCATION:Ikast Bibliotek\\, Stadion Allé 2\\, 7430 Ikast');
    }
    await waitForMailTo('p1a', /^Gruppevejledning/);
    expect(await mailsOf('leder2').then((m) => m.filter((x) => /^Gruppevejledning/.test(x.subject)))).toEqual(
      [],
    );
  });

  it("sends a moved meeting's new invitation to its group only", async () => {
    const { body } = await coordinator.get(`/admin/courses/${SEED}/groups`);
    const groups = body.groups.map((g: { hostRegistrationId: string; start: string }) =>
      g.hostRegistrationId === ids[2] ? { ...g, start: '11:00' } : g,
    );
    expect((await coordinator.put(`/admin/courses/${SEED}/groups`, { groups })).status).toBe(200);
    const [, moved] = await waitForMailTo('p3a', /^Gruppevejledning/, 2);
    expect(moved?.subject).toBe('Gruppevejledning tirsdag 14. juni 2016 kl. 11.00');
    await api.stack.sweepNow();
    expect((await mailsOf('p1a')).filter((m) => /^Gruppevejledning/.test(m.subject))).toHaveLength(1);
  });

  it('sends a certificate after day 3 to each participant present at every teaching day, and to nobody else', async () => {
    const everyone = (await coordinator.get(`/admin/courses/${SEED}/attendance`)).body.participants as {
      key: string;
      name: string;
    }[];
    const keys = everyone.map((p) => p.key);
    const absent = everyone.find((p) => p.name === 'Deltager p3b')?.key;
    api.stack.clock.set(at('2016-08-25T10:00:00+02:00'));
    const present = keys.filter((k) => k !== absent);
    expect((await coordinator.put(`/admin/courses/${SEED}/attendance/day-3`, { present })).status).toBe(200);
    const view = (await coordinator.get(`/admin/courses/${SEED}/attendance`)).body;
    expect(view.participants.filter((p: { certificate: string }) => p.certificate === 'earned')).toHaveLength(
      4,
    );
    await api.stack.sweepNow();
    expect((await mailsOf('p1a')).filter((m) => /kursusbevis/.test(m.subject))).toEqual([]);

    api.stack.clock.set(at('2016-08-25T16:00:01+02:00'));
    await api.stack.sweepNow();
    const [mail] = await waitForMailTo('p1a', /^Dit kursusbevis/);
    const text = await pdfText(attachment(mail as StoredMail, /^kursusbevis\.pdf$/));
    expect(text).toContain('Kursusbevis');
    expect(text).toContain('Deltager p1a');
    expect(text).toContain('25. august 2016');
    for (const who of ['p1b', 'p2a', 'p3a']) await waitForMailTo(who, /^Dit kursusbevis/);
    await api.stack.sweepNow();
    expect((await mailsOf('p3b')).filter((m) => /kursusbevis/.test(m.subject))).toEqual([]);
    expect((await mailsOf('p1a')).filter((m) => /kursusbevis/.test(m.subject))).toHaveLength(1);
  });

  it("shows a participant's case read-only once the course is over", async () => {
    const { body } = await viaLink('GET', '/link', linkOf.p1a);
    expect(body.closed).toBe(true);
    const late = await viaLink('PUT', '/link/case', linkOf.p1a, { title: 'Sent', description: 'For sent' });
    expect(late.status).toBe(422);
  });
});
