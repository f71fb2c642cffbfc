import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AFTER_DEADLINE,
  courseVariant,
  LAST_MINUTE,
  registrationBody,
  seedCourse,
  VALID_EANS,
  validEan,
  WHILE_OPEN,
  withLibrary,
} from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';

const SEED = 'samskabelse-2016';
const SMALL = 'lille-hold-2016';
const registrations = `/courses/${SEED}/registrations`;
const byType = (items: Record<string, unknown>[], type: string) => items.filter((i) => i.type === type);

/**
 * What a signup writes: which items exist under the course and the counters. Mail and invoicing update
 * registrations in the background (mail history, invoice number), so whole items are not compared.
 */
async function signupState(api: TestApi) {
  const items = await api.itemsOfCourse(SEED);
  const counters = byType(items, 'course-counters')[0] ?? {};
  return {
    keys: items.map((i) => String(i.SK)).sort(),
    counters: Object.fromEntries(
      Object.entries(counters).filter(([name]) => /^(confirmed|waitlisted)/.test(name)),
    ),
  };
}

describe('the registration API on DynamoDB Local while signup is open', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({
      now: WHILE_OPEN,
      courses: [seedCourse(), courseVariant(SMALL, { capacity: { participants: 6 } })],
    });
  });
  afterAll(() => api.stop());

  it('tells the form the course facts, that signup is open, and no seat count when there is no capacity', async () => {
    const { status, body } = await api.get(`/courses/${SEED}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: SEED,
      title: 'Samskabelse – involvering og aktivering af borgere og lokalsamfund',
      signupOpen: true,
      signup: {
        deadline: '2016-02-08',
        deadlineText: 'mandag 8. februar 2016',
        closesAt: '2016-02-08T23:00:00.000Z',
      },
      prices: { packageFee: 995000, packageFeeText: '9.950,00 kr.', cateringPerParticipant: 75000 },
      venue: { street: 'Østergade 8', postalCode: '7400', city: 'Herning' },
    });
    expect(body.sessions).toHaveLength(5);
    expect(body.sessions[2]).toMatchObject({ id: 'day-2', startsAt: '2016-05-10T07:00:00.000Z' });
    expect(body.contacts[0]).toMatchObject({ role: 'coordinator', email: 'koordinator@example.dk' });
    expect(body).not.toHaveProperty('seatsLeft');
  });

  it('answers 404 COURSE_NOT_FOUND for an unknown course, on both routes', async () => {
    expect((await api.get('/courses/findes-ikke')).body.error.code).toBe('COURSE_NOT_FOUND');
    // Longer than DynamoDB allows in a key: still the caller's 404, never our 500.
    expect((await api.get(`/courses/${'x'.repeat(3000)}`)).status).toBe(404);
    expect((await api.get('/courses/%C3%86bler')).status).toBe(404);
    const post = await api.post('/courses/findes-ikke/registrations', registrationBody());
    expect(post.status).toBe(404);
    expect(post.body.error.code).toBe('COURSE_NOT_FOUND');
  });

  it('stores a registration with its library guard and counters, and answers with the full price', async () => {
    const { status, body } = await api.post(
      registrations,
      withLibrary(registrationBody({}, 3), { ean: VALID_EANS[0] }),
    );
    expect(status).toBe(201);
    expect(body.registration).toMatchObject({ courseId: SEED, status: 'confirmed' });
    expect(body.price).toEqual({
      currency: 'DKK',
      packages: 1,
      participants: 3,
      packageFee: 995000,
      catering: 225000,
      subtotal: 1220000,
      vatRate: 0,
      vat: 0,
      total: 1220000,
    });
    const items = await api.itemsOfCourse(SEED);
    const [stored] = byType(items, 'registration');
    expect(stored).toMatchObject({
      id: body.registration.id,
      status: 'confirmed',
      invoiceReference: 'PO-4711',
    });
    expect(byType(items, 'library-guard')).toEqual([
      expect.objectContaining({ SK: `LIB#${VALID_EANS[0]}`, registrationId: body.registration.id }),
    ]);
    expect(byType(items, 'course-counters')[0]).toMatchObject({
      confirmedLibraries: 1,
      confirmedParticipants: 3,
    });
  });

  it('refuses a second registration with the same EAN as 409 ALREADY_REGISTERED and writes nothing', async () => {
    const before = await signupState(api);
    const again = withLibrary(registrationBody({ invoiceReference: 'PO-other' }), { ean: VALID_EANS[0] });
    const { status, body } = await api.post(registrations, again);
    expect(status).toBe(409);
    expect(body.error).toMatchObject({ code: 'ALREADY_REGISTERED', fields: [{ path: 'library.ean' }] });
    expect(await signupState(api)).toEqual(before);
  });

  it('lets only one of two simultaneous submissions of the same library through (a double click)', async () => {
    const body = withLibrary(registrationBody(), { ean: VALID_EANS[1] });
    const answers = await Promise.all([api.post(registrations, body), api.post(registrations, body)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const guards = byType(await api.itemsOfCourse(SEED), 'library-guard').filter(
      (g) => g.SK === `LIB#${VALID_EANS[1]}`,
    );
    expect(guards).toHaveLength(1);
  });

  it('answers a retry with the same Idempotency-Key and body with the first response, writing nothing new', async () => {
    const body = withLibrary(registrationBody(), { ean: VALID_EANS[2] });
    const headers = { 'idempotency-key': 'retry-test-1' };
    const first = await api.post(registrations, body, headers);
    const before = [await signupState(api), await api.itemsUnder('IDEMP#retry-test-1')];
    // The same JSON serialised in another key order is the same request.
    const { consent, ...rest } = body;
    const retry = await api.post(registrations, { consent, ...rest }, headers);
    expect(first.status).toBe(201);
    expect(retry).toEqual(first);
    expect([await signupState(api), await api.itemsUnder('IDEMP#retry-test-1')]).toEqual(before);
  });

  it('answers simultaneous requests with one Idempotency-Key with one registration', async () => {
    const body = withLibrary(registrationBody(), { ean: VALID_EANS[3] });
    const headers = { 'idempotency-key': 'double-click-2' };
    const answers = await Promise.all([1, 2, 3].map(() => api.post(registrations, body, headers)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.registration.id)).size).toBe(1);
    const stored = byType(await api.itemsOfCourse(SEED), 'registration').filter(
      (r) => (r.library as { ean: string }).ean === VALID_EANS[3],
    );
    expect(stored).toHaveLength(1);
  });

  it('refuses the same Idempotency-Key with another body as 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const headers = { 'idempotency-key': 'retry-test-1' };
    const other = withLibrary(registrationBody(), { ean: VALID_EANS[4] });
    const { status, body } = await api.post(registrations, other, headers);
    expect(status).toBe(422);
    expect(body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('names every invalid field in a 422 and stores nothing', async () => {
    const before = await signupState(api);
    const bad = withLibrary(registrationBody({ consent: false }), { ean: '5798000000002', postalCode: '86' });
    const { status, body } = await api.post(registrations, bad);
    expect(status).toBe(422);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.fields.map((f: { path: string }) => f.path)).toEqual([
      'library.postalCode',
      'library.ean',
      'consent',
    ]);
    expect(await signupState(api)).toEqual(before);
  });

  describe('text that cannot travel: refused as 422 naming the field, nothing stored', () => {
    const refusedAt = async (body: string | Buffer, path: string) => {
      const before = await signupState(api);
      const answer = await api.post(registrations, body);
      expect(answer.status).toBe(422);
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
      expect(answer.body.error.fields).toContainEqual({
        path,
        message: expect.stringMatching(/ugyldigt tegn/),
      });
      expect(await signupState(api)).toEqual(before);
    };
    // Each its own library, so that a body wrongly taken does not make the next refusal a 409.
    let libraries = 0;
    const library = () => ({ ean: validEan(9000 + libraries++) });

    it('refuses a library named "Bibliotek \\uffff", whose OIOUBL invoice could not be well-formed XML', async () => {
      await refusedAt(
        JSON.stringify(withLibrary(registrationBody(), { ...library(), name: 'Bibliotek \uffff' })),
        'library.name',
      );
    });

    it('refuses Unicode noncharacters of every kind, wherever the text is', async () => {
      const body = withLibrary(registrationBody(), library());
      await refusedAt(JSON.stringify({ ...body, invoiceReference: 'PO-\ufdd0' }), 'invoiceReference');
      await refusedAt(JSON.stringify({ ...body, comment: 'Tak \u{10FFFF}' }), 'comment');
      const participant = { ...body.participants[0], name: 'Åse \u{1FFFE}' };
      await refusedAt(JSON.stringify({ ...body, participants: [participant] }), 'participants.0.name');
    });

    it('refuses a lone surrogate, which JSON can carry as an escape', async () => {
      const body = JSON.stringify(withLibrary(registrationBody(), library())).replace(
        '"Anne Østergård"',
        '"Anne \\ud800"',
      );
      await refusedAt(body, 'contact.name');
    });

    it('refuses invalid UTF-8 bytes sent raw, rather than storing them as U+FFFD', async () => {
      const text = JSON.stringify(withLibrary(registrationBody(), library()));
      const end = text.indexOf('"', text.indexOf('"municipality":"') + '"municipality":"'.length);
      const bytes = Buffer.concat([
        Buffer.from(text.slice(0, end)),
        Buffer.from([0xff, 0xc0, 0xaf]),
        Buffer.from(text.slice(end)),
      ]);
      await refusedAt(bytes, 'library.municipality');
    });

    it('refuses U+FFFD itself: in AWS invalid bytes may reach the handler already replaced by it', async () => {
      const body = registrationBody({ leader: { name: 'Bent \ufffd', email: 'bent@example.dk' } });
      await refusedAt(JSON.stringify(withLibrary(body, library())), 'leader.name');
    });
  });

  it('refuses a body whose hidden honeypot field is filled in, as 400 REJECTED, storing and mailing nothing', async () => {
    const before = await signupState(api);
    const bot = {
      ...withLibrary(registrationBody(), { ean: VALID_EANS[4] }),
      website: 'https://spam.example',
    };
    const { status, body } = await api.post(registrations, bot);
    expect(status).toBe(400);
    expect(body.error.code).toBe('REJECTED');
    expect(body.error.fields).toEqual([]);
    expect(await signupState(api)).toEqual(before);
  });

  it('gives the form the price lines, so it can price with the same function as the API', async () => {
    const { body } = await api.get(`/courses/${SEED}`);
    expect(body.pricing).toEqual(seedCourse().pricing);
  });

  it('refuses absurdly nested JSON as a 422, not a crash', async () => {
    const nested = `${'['.repeat(20000)}${']'.repeat(20000)}`;
    const answer = await api.post(registrations, nested, { 'idempotency-key': 'deep-1' });
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a body over 64 KiB with 413, non-JSON with 415 and broken JSON with 400', async () => {
    const huge = registrationBody({ comment: 'x'.repeat(70 * 1024) });
    expect((await api.post(registrations, huge)).body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const asText = await api.post(registrations, JSON.stringify(registrationBody()), {
      'content-type': 'text/plain',
    });
    expect(asText.status).toBe(415);
    expect(asText.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const broken = await api.post(registrations, '{"library": ');
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toBe('Forespørgslen indeholder ikke gyldig JSON.');
  });

  it('puts a registration that does not fit on the waitlist, and later ones behind it, first come first served', async () => {
    const path = `/courses/${SMALL}/registrations`;
    expect((await api.get(`/courses/${SMALL}`)).body.seatsLeft).toBe(6);
    const first = await api.post(path, withLibrary(registrationBody({}, 5), { ean: VALID_EANS[0] }));
    const second = await api.post(path, withLibrary(registrationBody({}, 2), { ean: VALID_EANS[1] }));
    const third = await api.post(path, withLibrary(registrationBody({}, 1), { ean: VALID_EANS[2] }));
    // The third would fit the one seat left, but the second library has been waiting longer.
    expect([first, second, third].map((r) => r.body.registration.status)).toEqual([
      'confirmed',
      'waitlisted',
      'waitlisted',
    ]);
    expect((await api.get(`/courses/${SMALL}`)).body.seatsLeft).toBe(1);
    expect(byType(await api.itemsOfCourse(SMALL), 'course-counters')[0]).toMatchObject({
      confirmedParticipants: 5,
      confirmedLibraries: 1,
      waitlistedParticipants: 3,
      waitlistedLibraries: 2,
    });
  });
});

describe('the capacity under simultaneous signups', () => {
  let api: TestApi;
  const CROWDED = 'fuldt-hold-2016';

  beforeAll(async () => {
    api = await startTestApi({
      now: WHILE_OPEN,
      courses: [courseVariant(CROWDED, { capacity: { participants: 4 } })],
    });
  });
  afterAll(() => api.stop());

  it('never confirms more participants than the course holds', async () => {
    const answers = await Promise.all(
      VALID_EANS.map((ean) =>
        api.post(`/courses/${CROWDED}/registrations`, withLibrary(registrationBody({}, 2), { ean })),
      ),
    );
    const statuses = answers.map((a) => a.body.registration.status);
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(2);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(3);
  });
});

describe('an Idempotency-Key after its 24-hour window', () => {
  it('no longer replays: the key may name a new registration', async () => {
    const first = await startTestApi({ now: WHILE_OPEN });
    const tableName = first.stack.tableName;
    const headers = { 'idempotency-key': 'old-key' };
    try {
      expect((await first.post(registrations, registrationBody(), headers)).status).toBe(201);
    } finally {
      await first.stop();
    }
    const dayLater = await startTestApi({ now: new Date(WHILE_OPEN.getTime() + 25 * 3600_000), tableName });
    try {
      const other = withLibrary(registrationBody(), { ean: VALID_EANS[1] });
      const answer = await dayLater.post(registrations, other, headers);
      expect(answer.status).toBe(201);
      expect(byType(await dayLater.itemsOfCourse(SEED), 'registration')).toHaveLength(2);
    } finally {
      await dayLater.stop();
    }
  });
});

describe('the registration API after the signup deadline', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ now: AFTER_DEADLINE });
  });
  afterAll(() => api.stop());

  it('tells the form that signup is closed', async () => {
    expect((await api.get(`/courses/${SEED}`)).body.signupOpen).toBe(false);
  });

  it('refuses a valid registration with 409 SIGNUP_CLOSED in Danish and stores nothing', async () => {
    const { status, body } = await api.post(registrations, registrationBody());
    expect(status).toBe(409);
    expect(body.error).toMatchObject({
      code: 'SIGNUP_CLOSED',
      message: 'Tilmeldingsfristen er overskredet: der kunne tilmeldes til og med mandag 8. februar 2016.',
    });
    expect(byType(await api.itemsOfCourse(SEED), 'registration')).toEqual([]);
  });
});

describe('the local clock', () => {
  it('still answers a retry of a last-minute signup with its first response after the deadline', async () => {
    const api = await startTestApi({ now: WHILE_OPEN });
    try {
      const headers = { 'idempotency-key': 'retry-after-deadline' };
      api.stack.clock.set(LAST_MINUTE);
      const first = await api.post(registrations, registrationBody(), headers);
      expect(first.status).toBe(201);
      api.stack.clock.set(AFTER_DEADLINE);
      expect(await api.post(registrations, registrationBody(), headers)).toEqual(first);
      expect((await api.post(registrations, registrationBody())).status).toBe(409);
    } finally {
      await api.stop();
    }
  });

  it('closes signup when it runs past the deadline', async () => {
    const api = await startTestApi({ now: WHILE_OPEN });
    try {
      // Half a second before the deadline, set only now: how long the stack took to start does not count.
      api.stack.clock.set(new Date('2016-02-08T23:59:59.500+01:00'));
      expect((await api.get(`/courses/${SEED}`)).body.signupOpen).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect((await api.get(`/courses/${SEED}`)).body.signupOpen).toBe(false);
    } finally {
      await api.stop();
    }
  });
});
