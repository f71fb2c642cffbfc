import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  ALL_GUARDS,
  createDynamoDbStore,
  type StoreGuards,
} from '../../functions/adapters/dynamodb-store.ts';
import { createDocumentClient } from '../../functions/adapters/dynamodb-table.ts';
import type { Course } from '../../functions/domain/course.ts';
import type { Invoice } from '../../functions/domain/invoice.ts';
import { LOCAL_REGION, localAwsCredentials } from '../../local/aws-env.ts';
import { ensureTable } from '../../local/table.ts';
import { untilSwept } from '../support/background-work.ts';
import { courseVariant, registrationBody, validEan, WHILE_OPEN } from '../support/fixtures.ts';
import { numberedLibraryBody } from '../support/libraries.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { sentMails } from '../support/mail-store.ts';
import { aRegistration } from '../support/registrations.ts';
import { recordFigure } from './figures.ts';

/**
 * Races over HTTP against the local stack, each beside its negative control: the same race with the
 * store's guard for it switched off (a test-only seam), which must show the race happening. A race test
 * whose control passes too would prove nothing.
 */

type Stored = Record<string, unknown>;
const byType = (items: Stored[], type: string) => items.filter((item) => item.type === type);

function courseWithCapacity(id: string, participants?: number): Course {
  return courseVariant(id, { capacity: participants === undefined ? undefined : { participants } });
}

async function withApi<T>(
  course: Course,
  guards: Partial<StoreGuards>,
  run: (api: TestApi) => Promise<T>,
  background = false,
): Promise<T> {
  const api = await startTestApi({ now: WHILE_OPEN, courses: [course], background, storeSeams: { guards } });
  try {
    return await run(api);
  } finally {
    await api.stop();
  }
}

const signup = (courseId: string) => `/courses/${courseId}/registrations`;

/** How many times the signup form sends one registration before it gives up (web/src/api.ts). */
const FORM_ATTEMPTS = 4;

const libraryBody = (n: number, participants = 1) => numberedLibraryBody(n, participants, '579830');

/** 50 simultaneous POSTs of one body under one Idempotency-Key. */
async function sameKeyStorm(api: TestApi, courseId: string) {
  const body = libraryBody(1);
  const answers = await Promise.all(
    Array.from({ length: 50 }, () => api.post(signup(courseId), body, { 'idempotency-key': 'storm-key' })),
  );
  const registrations = byType(await api.itemsOfCourse(courseId), 'registration');
  return { answers, registrations };
}

/** 50 simultaneous POSTs of one library without a key: a double-click storm. */
async function doubleClickStorm(api: TestApi, courseId: string) {
  const body = libraryBody(2);
  const answers = await Promise.all(Array.from({ length: 50 }, () => api.post(signup(courseId), body)));
  const registrations = byType(await api.itemsOfCourse(courseId), 'registration');
  return { answers, registrations };
}

/** 60 libraries of one participant each, all at once, for the last 10 seats of a course of 30. */
async function lastSeatsRace(api: TestApi, courseId: string) {
  for (let n = 100; n < 104; n++) {
    expect((await api.post(signup(courseId), libraryBody(n, 5))).status).toBe(201);
  }
  const answers = await Promise.all(
    Array.from({ length: 60 }, (_, i) => api.post(signup(courseId), libraryBody(200 + i))),
  );
  const items = await api.itemsOfCourse(courseId);
  const registrations = byType(items, 'registration');
  const counters = byType(items, 'course-counters')[0] ?? {};
  return { answers, registrations, counters };
}

const statusesOf = (registrations: Stored[]) =>
  registrations.reduce<Record<string, number>>((counts, r) => {
    counts[String(r.status)] = (counts[String(r.status)] ?? 0) + 1;
    return counts;
  }, {});

describe('50 simultaneous identical POSTs with one Idempotency-Key', () => {
  it('make one registration and get 50 identical answers', async () => {
    const course = courseWithCapacity('race-same-key');
    const { answers, registrations } = await withApi(course, {}, (api) => sameKeyStorm(api, course.id));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(201));
    expect([...new Set(answers.map((a) => JSON.stringify(a.body)))]).toEqual([
      JSON.stringify(answers[0]?.body),
    ]);
    expect(registrations).toHaveLength(1);
    recordFigure({
      area: 'races',
      what: '50 POSTs, one Idempotency-Key',
      figure: '1 registration, 50 identical 201s',
    });
  });

  it('negative control: without the key’s condition the answers differ', async () => {
    const course = courseWithCapacity('race-same-key-unguarded');
    const { answers } = await withApi(course, { idempotencyKey: false }, (api) =>
      sameKeyStorm(api, course.id),
    );
    const distinct = new Set(answers.map((a) => JSON.stringify(a.body))).size;
    expect(distinct).toBeGreaterThan(1);
    recordFigure({
      area: 'races',
      what: '  control: key condition off',
      figure: `${distinct} different answers (${answers.filter((a) => a.status === 409).length} × 409)`,
    });
  });
});

describe('50 simultaneous POSTs from one library without a key', () => {
  it('make one registration; every other answer is 409 ALREADY_REGISTERED', async () => {
    const course = courseWithCapacity('race-double-click');
    const { answers, registrations } = await withApi(course, {}, (api) => doubleClickStorm(api, course.id));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.map((a) => `${a.status} ${a.body.error.code}`)).toEqual(
      Array(49).fill('409 ALREADY_REGISTERED'),
    );
    expect(registrations).toHaveLength(1);
    recordFigure({
      area: 'races',
      what: '50 POSTs, one library, no key',
      figure: '1 registration, 49 × 409',
    });
  });

  it('negative control: without the library guard’s condition the library is registered more than once', async () => {
    const course = courseWithCapacity('race-double-click-unguarded');
    const { registrations } = await withApi(course, { oneRegistrationPerLibrary: false }, (api) =>
      doubleClickStorm(api, course.id),
    );
    expect(registrations.length).toBeGreaterThan(1);
    recordFigure({
      area: 'races',
      what: '  control: library guard off',
      figure: `${registrations.length} registrations`,
    });
  });
});

describe('60 libraries racing for the last 10 seats', () => {
  it('confirm exactly 10 and waitlist the other 50, with exact counters', async () => {
    const course = courseWithCapacity('race-last-seats', 30);
    const { answers, registrations, counters } = await withApi(course, {}, (api) =>
      lastSeatsRace(api, course.id),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(60).fill(201));
    expect(statusesOf(registrations)).toEqual({ confirmed: 14, waitlisted: 50 });
    expect(counters).toMatchObject({
      confirmedParticipants: 30,
      confirmedLibraries: 14,
      waitlistedParticipants: 50,
      waitlistedLibraries: 50,
    });
    recordFigure({
      area: 'races',
      what: '60 libraries, last 10 seats',
      figure: '10 confirmed, 50 waitlisted, counters exact',
    });
  });

  it('negative control: deciding on counters read before the write overbooks the course', async () => {
    const course = courseWithCapacity('race-last-seats-unguarded', 30);
    const { counters } = await withApi(course, { capacity: false }, (api) => lastSeatsRace(api, course.id));
    expect(Number(counters.confirmedParticipants)).toBeGreaterThan(30);
    recordFigure({
      area: 'races',
      what: '  control: capacity condition off',
      figure: `${counters.confirmedParticipants} participants confirmed on 30 seats`,
    });
  });
});

describe('200 simultaneous registrations', () => {
  const course = courseWithCapacity('race-invoices');
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ now: WHILE_OPEN, courses: [course] });
  });
  afterAll(() => api.stop());

  it('get invoice numbers 1 to 200 without a gap or a duplicate, and exactly one confirmation and one invoice mail each', async () => {
    // Each as the form sends it: with its own Idempotency-Key, sent again under it after a 503 (the
    // store rides out conflicts on the course's counters for seconds, then asks the caller to retry).
    let retries = 0;
    const answers = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const key = randomUUID();
        for (let attempt = 1; ; attempt++) {
          const answer = await api.post(signup(course.id), libraryBody(1000 + i), { 'idempotency-key': key });
          if (answer.status !== 503 || attempt === FORM_ATTEMPTS) return answer;
          retries++;
        }
      }),
    );
    expect(answers.map((a) => a.status).filter((status) => status !== 201)).toEqual([]);
    const registrations = await untilSwept(
      api.stack,
      async () => byType(await api.itemsOfCourse(course.id), 'registration'),
      (all) => all.every((r) => r.invoiceNumber !== undefined && r.owedPk === undefined),
      'every registration invoiced and its mails sent',
      120_000,
    );
    const numbers = registrations
      .map((r) => Number(String(r.invoiceNumber).split('-').at(-1)))
      .sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));

    const mails = await sentMails(api.stack.mailUrl);
    for (let i = 0; i < 200; i++) {
      const n = 1000 + i;
      const confirmations = mails.filter(
        (m) =>
          m.subject.startsWith('Tilmelding bekræftet') &&
          m.destination.to.includes(`kontakt-${n}@example.dk`),
      );
      const invoices = mails.filter(
        (m) => m.subject.startsWith('Faktura ') && m.destination.to.includes(`faktura-${n}@example.dk`),
      );
      expect([confirmations.length, invoices.length], `library ${n}`).toEqual([1, 1]);
    }
    recordFigure({
      area: 'races',
      what: '200 simultaneous registrations',
      figure: `invoices 1..200, ${mails.length} mails, 1 confirmation + 1 invoice each; ${retries} retried after 503`,
    });
  });
});

describe('50 simultaneous invoice issues at the store (where the series guard lives)', () => {
  /** A table of its own, with no stream consumer issuing invoices alongside; 50 issues at once. */
  async function issueAtOnce(guards: Partial<StoreGuards>) {
    const client = new DynamoDBClient({
      endpoint: inject('dynamoDbEndpoint'),
      region: LOCAL_REGION,
      credentials: localAwsCredentials,
    });
    const tableName = `numbers-${randomUUID()}`;
    await ensureTable(client, tableName);
    const store = createDynamoDbStore(createDocumentClient(client), tableName, { ...ALL_GUARDS, ...guards });
    const registrations = Array.from({ length: 50 }, (_, i) => ({
      ...aRegistration(
        { id: `reg-${i}` },
        { body: { library: { ...registrationBody().library, ean: validEan(i + 1) } } },
      ),
      owed: true,
      owedVersion: 1,
    }));
    for (const registration of registrations) await store.saveRegistration({ registration });
    const template = aRegistration();
    const render = (sequence: number) => ({
      invoice: {
        number: `SAMTIDIG-${sequence}`,
        sequence,
        registrationId: template.id,
      } as unknown as Invoice,
      oioubl: '<Invoice/>',
    });
    await Promise.all(registrations.map((r) => store.issueInvoice(r, 'SAMTIDIG', render)));
    const numbers = await Promise.all(
      registrations.map(async (r) => (await store.getRegistration(r.courseId, r.id))?.invoiceNumber),
    );
    client.destroy();
    return numbers;
  }

  it('give 50 different numbers, 1 to 50', async () => {
    const numbers = await issueAtOnce({});
    expect(numbers.map((n) => Number(String(n).split('-')[1])).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    recordFigure({
      area: 'races',
      what: '50 invoice issues at once',
      figure: '1..50, no gap, no duplicate',
    });
  });

  it('negative control: without the series condition two registrations get the same number', async () => {
    const numbers = await issueAtOnce({ invoiceSeries: false });
    const distinct = new Set(numbers).size;
    expect(distinct).toBeLessThan(50);
    recordFigure({
      area: 'races',
      what: '  control: series condition off',
      figure: `${distinct} numbers for 50 invoices`,
    });
  });
});
