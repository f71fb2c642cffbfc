import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { courseTotalsFor, listCourses, listRegistrationPage } from '#app/coordinator-queries.ts';
import {
  type Attendance,
  certificatesDueAt,
  earnsCertificate,
  recordAttendance,
} from '#domain/attendance.ts';
import { CASE_STATUS_LABELS, caseDeadlines, type TrialCase } from '#domain/case-work.ts';
import { type Course, type CourseSession, sessionDays } from '#domain/course.ts';
import { DomainError, ValidationError } from '#domain/errors.ts';
import { type GuidanceGroup, suggestGroups, validateGroups } from '#domain/group-guidance.ts';
import { copenhagenInstant } from '#domain/time.ts';
import {
  book,
  librariesWithoutVisit,
  routeByDay,
  type VisitBooking,
  type VisitSlot,
  validateVisitSlots,
} from '#domain/visit-round.ts';
import { createLocalIssuer, LOCAL_AUTH_PATH, type LocalIssuer } from '../../local/auth-issuer.ts';
import type { AttendanceView, CasesView, GroupsView, VisitsView } from '../../web/admin/src/structure-api.ts';
import { buildSignupSite, type SiteFile } from '../../web/build.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { LOCAL_COORDINATOR } from '../support/coordinator.ts';
import { seedCourse } from '../support/fixtures.ts';

/**
 * The coordinator's course-structure tabs (Besøgsrunde, Gruppevejledning, Prøvehandlinger, Fremmøde) in
 * Chromium. The backend's routes are being built alongside, so the built site is served here with a
 * stand-in for the coordinator API: the local Cognito stand-in for the login, the three routes the
 * registrations tab reads, and routes 1–8 of the course-structure contract, deciding with the domain's own
 * rules (slots, bookings, groups, attendance). What is tested is the page: what the coordinator sees, what
 * it sends, how it takes a refusal.
 */

const COURSE: Course = seedCourse();
/** During the visit round: Monday's visits are over, the rest of the week is to come; day 1 is behind. */
const DURING_VISITS = new Date('2016-03-15T12:00:00+01:00');
/** The last teaching day has ended: every session has begun. */
const AFTER_LAST_DAY = new Date('2016-08-25T17:00:00+02:00');

interface StubLibrary {
  registrationId: string;
  name: string;
  municipality: string;
  address: string;
  postalCode: string;
  city: string;
  participants: { key: string; name: string; email: string }[];
}

const person = (key: string, name: string) => ({
  key,
  name,
  email: `${name.split(' ')[0]?.toLowerCase()}@example.dk`,
});

const LIBRARIES: StubLibrary[] = [
  {
    registrationId: '0b6f2a1e-0000-4000-8000-000000000001',
    name: 'Aabenraa Bibliotek',
    municipality: 'Aabenraa',
    address: 'H.P. Hanssens Gade 7',
    postalCode: '6200',
    city: 'Aabenraa',
    participants: [person('p-anna', 'Anna Holm'), person('p-bo', 'Bo Lund')],
  },
  {
    registrationId: '0b6f2a1e-0000-4000-8000-000000000002',
    name: 'Herning Bibliotekerne',
    municipality: 'Herning',
    address: 'Brænderigården, Østergade 2',
    postalCode: '7400',
    city: 'Herning',
    participants: [person('p-camilla', 'Camilla Riis'), person('p-dennis', 'Dennis Storm')],
  },
  {
    registrationId: '0b6f2a1e-0000-4000-8000-000000000003',
    name: 'Ikast Bibliotek',
    municipality: 'Ikast-Brande',
    address: 'Stadion Allé 6',
    postalCode: '7430',
    city: 'Ikast',
    participants: [person('p-frederik', 'Frederik Bak')],
  },
  {
    registrationId: '0b6f2a1e-0000-4000-8000-000000000004',
    name: 'Sunds Bibliotek',
    municipality: 'Herning',
    address: 'Hovedgaden 50',
    postalCode: '7451',
    city: 'Sunds',
    participants: [person('p-eva', 'Eva Kjær')],
  },
  {
    registrationId: '0b6f2a1e-0000-4000-8000-000000000005',
    name: 'Ærøskøbing Bibliotek',
    municipality: 'Ærø',
    address: 'Søndergade 28A',
    postalCode: '5970',
    city: 'Ærøskøbing',
    participants: [person('p-gitte', 'Gitte Dam')],
  },
];
const [AABENRAA, HERNING, IKAST] = LIBRARIES.map((l) => l.registrationId) as [string, string, string];
const libraryById = new Map(LIBRARIES.map((l) => [l.registrationId, l]));
const everyone = LIBRARIES.flatMap((l) => l.participants);

interface Exchange {
  method: string;
  path: string;
  body: unknown;
}

class StatusError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

/** The coordinator API's stand-in: the course's structure in memory, every request it received. */
class CoordinatorApiStub {
  now = DURING_VISITS;
  slots: VisitSlot[] = [
    { id: 'man-0900', date: '2016-03-14', start: '09:00', durationMinutes: 90 },
    { id: 'man-1300', date: '2016-03-14', start: '13:00', durationMinutes: 90 },
    { id: 'ons-0900', date: '2016-03-16', start: '09:00', durationMinutes: 90 },
    { id: 'ons-1300', date: '2016-03-16', start: '13:00', durationMinutes: 90 },
    { id: 'tor-1000', date: '2016-03-17', start: '10:00', durationMinutes: 120 },
  ];
  bookings: VisitBooking[] = [
    { slotId: 'man-0900', registrationId: AABENRAA, bookedAt: '2016-02-20T08:12:00.000Z' },
    { slotId: 'ons-0900', registrationId: HERNING, bookedAt: '2016-02-22T13:40:00.000Z' },
    { slotId: 'ons-1300', registrationId: IKAST, bookedAt: '2016-02-23T07:05:00.000Z' },
  ];
  groups: GuidanceGroup[] = [];
  cases = new Map<string, TrialCase>([
    [
      'p-anna',
      {
        title: 'Læsecafé for ældre',
        description: 'En ugentlig læsecafé, planlagt sammen med de ældre selv.\nFørste gang i april.',
        partners: ['Ældre Sagen Aabenraa', 'Lokalhistorisk Arkiv'],
        status: 'in-progress',
        updatedAt: '2016-03-02T09:15:00.000Z',
      },
    ],
  ]);
  attendance: Attendance = {};
  exchanges: Exchange[] = [];

  session(kind: CourseSession['kind']) {
    return COURSE.sessions.find((s) => s.kind === kind) as CourseSession;
  }

  span(kind: CourseSession['kind']) {
    const session = this.session(kind);
    return { sessionId: session.id, title: session.title, ...sessionDays(session) };
  }

  visitsView(): VisitsView {
    const visited = LIBRARIES.map(({ registrationId, name, address, postalCode, city }) => ({
      registrationId,
      name,
      address,
      postalCode,
      city,
    }));
    return {
      round: this.span('visit-round'),
      slots: this.slots.map((slot) => {
        const booking = this.bookings.find((b) => b.slotId === slot.id);
        return {
          ...slot,
          booking: booking
            ? {
                registrationId: booking.registrationId,
                libraryName: libraryById.get(booking.registrationId)?.name ?? '',
                bookedAt: booking.bookedAt,
              }
            : null,
        };
      }),
      route: routeByDay(this.slots, this.bookings, visited),
      unbooked: librariesWithoutVisit(LIBRARIES, this.bookings).map((l) => ({
        registrationId: l.registrationId,
        libraryName: l.name,
      })),
    };
  }

  groupsView(): GroupsView {
    return {
      guidance: this.span('group-guidance'),
      libraries: LIBRARIES.map(({ registrationId, name, municipality, postalCode, address, city }) => ({
        registrationId,
        name,
        municipality,
        postalCode,
        street: address,
        city,
      })),
      groups: this.groups,
      suggestion: suggestGroups(LIBRARIES).map((g) => ({
        members: g.members.map((m) => m.registrationId),
        hostRegistrationId: g.host.registrationId,
      })),
    };
  }

  casesView(): CasesView {
    const { caseBy, statusBy } = caseDeadlines(COURSE);
    return {
      deadlines: { caseBy: caseBy?.toISOString() ?? null, statusBy: statusBy?.toISOString() ?? null },
      statusLabels: CASE_STATUS_LABELS,
      libraries: LIBRARIES.map((l) => ({
        registrationId: l.registrationId,
        libraryName: l.name,
        participants: l.participants.map((p) => ({ ...p, case: this.cases.get(p.key) ?? null })),
      })),
    };
  }

  attendanceView(): AttendanceView {
    return {
      sessions: COURSE.sessions.map((s) => {
        const { from, to } = sessionDays(s);
        const begins = copenhagenInstant(from, s.when.type === 'timed' ? s.when.start : '00:00');
        return { id: s.id, title: s.title, kind: s.kind, from, to, begun: begins <= this.now };
      }),
      participants: LIBRARIES.flatMap((l) =>
        l.participants.map((p) => ({
          key: p.key,
          name: p.name,
          registrationId: l.registrationId,
          libraryName: l.name,
          present: Object.fromEntries(
            COURSE.sessions.map((s) => [s.id, this.attendance[s.id]?.includes(p.key) ?? false]),
          ),
          certificate: earnsCertificate(COURSE, this.attendance, p.key) ? 'earned' : 'not-earned',
        })),
      ),
      certificatesDueAt: certificatesDueAt(COURSE)?.toISOString() ?? null,
    };
  }

  /** Routes 1–8 of the contract, and what the registrations tab reads. */
  answer(method: string, path: string, body: unknown): unknown {
    const base = `/admin/courses/${COURSE.id}`;
    const route = `${method} ${path.split('?')[0]}`;
    const input = (body ?? {}) as Record<string, unknown>;
    if (route === 'GET /admin/courses') return { courses: [courseSummary()] };
    if (route === `GET ${base}/totals`) return courseTotals();
    if (route === `GET ${base}/registrations`) return registrationPage();
    if (route === `GET ${base}/visits`) return this.visitsView();
    if (route === `PUT ${base}/visits/slots`) {
      const slots = underField('slots', () => validateVisitSlots(input.slots, this.session('visit-round')));
      const kept = new Set(slots.map((s) => s.id));
      const lost = this.bookings.find((b) => !kept.has(b.slotId));
      if (lost) {
        throw new ValidationError(
          [
            {
              path: 'slots',
              message: `${libraryById.get(lost.registrationId)?.name} har booket en af de fjernede tider: flyt først bookingen.`,
            },
          ],
          'Besøgstiderne kunne ikke gemmes: ret venligst de markerede felter.',
        );
      }
      this.slots = slots;
      return this.visitsView();
    }
    const booking = new RegExp(`^PUT ${base}/visits/bookings/([^/]+)$`).exec(route);
    if (booking) {
      const registrationId = decodeURIComponent(booking[1] ?? '');
      if (!libraryById.has(registrationId)) throw new StatusError(404, 'REGISTRATION_NOT_FOUND');
      this.bookings = book(this.slots, this.bookings, {
        registrationId,
        slotId: String(input.slotId),
        now: this.now,
      });
      return this.visitsView();
    }
    if (route === `GET ${base}/groups`) return this.groupsView();
    if (route === `PUT ${base}/groups`) {
      this.groups = underField('groups', () =>
        validateGroups(
          input.groups as GuidanceGroup[],
          LIBRARIES.map((l) => l.registrationId),
          this.session('group-guidance'),
        ),
      );
      return this.groupsView();
    }
    if (route === `GET ${base}/cases`) return this.casesView();
    if (route === `GET ${base}/attendance`) return this.attendanceView();
    const attendance = new RegExp(`^PUT ${base}/attendance/([^/]+)$`).exec(route);
    if (attendance) {
      this.attendance = recordAttendance(this.attendance, COURSE, {
        sessionId: decodeURIComponent(attendance[1] ?? ''),
        present: input.present as string[],
        participants: everyone.map((p) => p.key),
        now: this.now,
      });
      return this.attendanceView();
    }
    throw new StatusError(404, 'NOT_FOUND');
  }

  /** The bodies the page sent to a route, in order. */
  sent(method: string, path: string): unknown[] {
    return this.exchanges.filter((e) => e.method === method && e.path === path).map((e) => e.body);
  }
}

/** A refusal's paths under the body's field (`0.date` → `slots.0.date`), as the contract names them. */
function underField<T>(field: string, decide: () => T): T {
  try {
    return decide();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      error.fields.map((f) => ({ ...f, path: f.path === field ? f.path : `${field}.${f.path}` })),
      error.message,
    );
  }
}

function courseSummary(): Awaited<ReturnType<typeof listCourses>>[number] {
  const participants = everyone.length;
  return {
    id: COURSE.id,
    title: COURSE.title,
    year: COURSE.year,
    signupDeadline: COURSE.signup.deadline,
    counters: {
      confirmedLibraries: LIBRARIES.length,
      confirmedParticipants: participants,
      waitlistedLibraries: 0,
      waitlistedParticipants: 0,
    },
  };
}

function courseTotals(): Awaited<ReturnType<typeof courseTotalsFor>> {
  const participants = everyone.length;
  return {
    courseId: COURSE.id,
    libraries: LIBRARIES.length,
    participants,
    booksToOrder: participants * COURSE.book.perParticipant,
    cateringCount: participants,
    withDietaryNeeds: 0,
    waitlistedLibraries: 0,
    waitlistedParticipants: 0,
    dietaryNeeds: [],
    cancelledLibraries: 0,
    invoiced: 0,
    credited: 0,
    outstanding: 0,
    notYetInvoiced: 0,
  };
}

function registrationPage(): Awaited<ReturnType<typeof listRegistrationPage>> {
  return {
    items: LIBRARIES.map((l, i) => ({
      id: l.registrationId,
      status: 'confirmed' as const,
      createdAt: `2016-01-2${i}T09:00:00.000Z`,
      library: { name: l.name, municipality: l.municipality, ean: '5798000000000' },
      contact: { name: l.participants[0]?.name ?? '', email: l.participants[0]?.email ?? '' },
      participants: l.participants.length,
      total: 0,
    })),
  };
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

/** The built site, the local sign-in, and the stub's routes, on one origin as in AWS behind CloudFront. */
async function serve(stub: CoordinatorApiStub, issuer: LocalIssuer, files: SiteFile[]): Promise<Server> {
  const site = new Map(files.map((f) => [`/${f.path}`, f]));
  const keys = createLocalJWKSet(issuer.jwks);
  const config = JSON.stringify({
    apiUrl: '',
    auth: { endpoint: LOCAL_AUTH_PATH, clientId: issuer.clientId },
  });
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? '/';
    const method = request.method ?? 'GET';
    if (path === LOCAL_AUTH_PATH && method === 'POST') {
      const target = request.headers['x-amz-target'];
      const answer = await issuer.call(Array.isArray(target) ? target[0] : target, await readBody(request));
      response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(answer.body));
      return;
    }
    if (path.startsWith('/admin/courses')) {
      const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      const signedIn = token
        ? await jwtVerify(token, keys, { issuer: issuer.issuer }).then(
            () => true,
            () => false,
          )
        : false;
      if (!signedIn) return sendJson(response, 401, { message: 'Unauthorized' });
      const body = await readBody(request);
      stub.exchanges.push({ method, path: path.split('?')[0] ?? path, body });
      try {
        return sendJson(response, 200, stub.answer(method, path, body));
      } catch (error) {
        if (error instanceof StatusError) {
          return sendJson(response, error.status, {
            error: { code: error.code, message: 'Findes ikke.', fields: [] },
          });
        }
        if (!(error instanceof DomainError)) throw error;
        const status = error instanceof ValidationError ? 422 : 409;
        return sendJson(response, status, {
          error: { code: error.code, message: error.message, fields: error.fields },
        });
      }
    }
    if (path === '/config.json') {
      response.writeHead(200, { 'content-type': CONTENT_TYPES['.json'] });
      response.end(config);
      return;
    }
    const file = site.get(path.endsWith('/') ? `${path}index.html` : path);
    if (!file) return sendJson(response, 404, { message: 'Not Found' });
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file.path)] ?? 'application/octet-stream',
    });
    response.end(file.contents);
  };
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error(error);
      if (!response.headersSent) sendJson(response, 500, { message: 'Internal Server Error' });
      else response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer.listeningAt(`http://localhost:${(server.address() as AddressInfo).port}`);
  return server;
}

const stub = new CoordinatorApiStub();
let server: Server;
let url: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const [files, issuer, launched] = await Promise.all([
    buildSignupSite(),
    createLocalIssuer(),
    launchBrowser(),
  ]);
  browser = launched;
  server = await serve(stub, issuer, files);
  url = `http://localhost:${(server.address() as AddressInfo).port}`;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

const panel = (name: string) => page.getByRole('tabpanel', { name });

/** Opens a tab and waits for its view (its heading) to be there. */
async function openTab(name: string): Promise<Locator> {
  await page.getByRole('tab', { name, exact: true }).click();
  await panel(name).getByRole('heading', { name, level: 1 }).waitFor();
  return panel(name);
}

/** The cells of a table's body, row by row, as the coordinator reads them. */
function cells(table: Locator): Promise<string[][]> {
  return table.evaluate((t) =>
    [...t.querySelectorAll('tbody tr')].map((row) =>
      [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim()),
    ),
  );
}

const isFocused = (locator: Locator) => locator.evaluate((element) => element.matches(':focus'));

describe("the coordinator's course structure in Chromium", () => {
  it('signs the coordinator in to the registrations, with the parts of the course as tabs beside them', async () => {
    await page.goto(`${url}/admin/`);
    await page.getByLabel('Brugernavn').fill(LOCAL_COORDINATOR.username);
    await page.getByLabel('Adgangskode', { exact: true }).fill(LOCAL_COORDINATOR.password);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.getByRole('heading', { name: 'Tilmeldinger', level: 1 }).waitFor();
    const tabs = page.getByRole('tablist', { name: 'Kursets dele' }).getByRole('tab');
    expect(await tabs.allInnerTexts()).toEqual([
      'Tilmeldinger',
      'Besøgsrunde',
      'Gruppevejledning',
      'Prøvehandlinger',
      'Fremmøde',
    ]);
    expect(await page.getByRole('tab', { name: 'Tilmeldinger' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('table.registrations tbody tr').count()).toBe(5);
  });

  it('moves between the tabs with the arrow keys and opens one with Enter', async () => {
    await page.getByRole('tab', { name: 'Tilmeldinger' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await isFocused(page.getByRole('tab', { name: 'Besøgsrunde' }))).toBe(true);
    expect(await page.getByRole('tab', { name: 'Tilmeldinger' }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await panel('Besøgsrunde').getByRole('heading', { name: 'Besøgsrunde', level: 1 }).waitFor();
    expect(await page.getByRole('tab', { name: 'Besøgsrunde' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('table.registrations').isHidden()).toBe(true);
  });

  it('publishes the visit slots once the one date outside the round, named at its field, is corrected', async () => {
    const visits = await openTab('Besøgsrunde');
    expect(await visits.getByText('Besøgsrunde: 14.–18. marts 2016.').count()).toBe(1);
    const first = visits.getByRole('group', { name: 'Tid 1', exact: true });
    expect(await first.getByLabel('Dato').inputValue()).toBe('2016-03-14');
    expect(await first.getByText('Booket af Aabenraa Bibliotek').count()).toBe(1);
    expect(
      await visits.getByRole('group', { name: 'Tid 2', exact: true }).getByText('Ikke booket').count(),
    ).toBe(1);

    await visits.getByRole('button', { name: 'Tilføj besøgstid' }).click();
    const added = visits.getByRole('group', { name: 'Tid 6', exact: true });
    expect(await isFocused(added.getByLabel('Dato'))).toBe(true);
    await added.getByLabel('Dato').fill('2016-03-21');
    await added.getByLabel('Starttid').fill('10:00');
    await added.getByLabel('Varighed (minutter)').fill('90');
    await visits.getByRole('button', { name: 'Gem besøgstider' }).click();

    await visits.getByRole('alert').getByText('Besøgstiderne kunne ikke gemmes').waitFor();
    const error = visits.locator('#f-slots-5-date-error');
    expect(await error.textContent()).toBe('Besøgene ligger fra 2016-03-14 til 2016-03-18.');
    expect(await added.getByLabel('Dato').getAttribute('aria-invalid')).toBe('true');
    expect(await added.getByLabel('Dato').getAttribute('aria-describedby')).toBe('f-slots-5-date-error');
    expect(await isFocused(added.getByLabel('Dato'))).toBe(true);
    expect(await visits.locator('.field-error:not([hidden])').count()).toBe(1);
    await screenshot(page, 'structure-visits-refused');

    await added.getByLabel('Dato').fill('2016-03-18');
    await visits.getByRole('button', { name: 'Gem besøgstider' }).click();
    await visits.getByRole('status').getByText('Besøgstiderne er gemt.').waitFor();
    expect(await visits.getByRole('alert').isHidden()).toBe(true);
    const published = visits.getByRole('group', { name: 'Tid 6', exact: true });
    expect(await published.getByLabel('Dato').inputValue()).toBe('2016-03-18');
    expect(await published.getByText('Ikke booket').count()).toBe(1);
    const sent = stub.sent('PUT', `/admin/courses/${COURSE.id}/visits/slots`).at(-1) as {
      slots: VisitSlot[];
    };
    expect(sent.slots).toHaveLength(6);
    expect(sent.slots.slice(0, 5).map((s) => s.id)).toEqual([
      'man-0900',
      'man-1300',
      'ons-0900',
      'ons-1300',
      'tor-1000',
    ]);
    expect(sent.slots[5]).toMatchObject({ date: '2016-03-18', start: '10:00', durationMinutes: 90 });
    expect(sent.slots[5]?.id).toMatch(/^[a-z0-9-]{1,40}$/);
  });

  it('refuses to drop a booked slot and says why above the slots', async () => {
    const visits = panel('Besøgsrunde');
    await visits.getByRole('button', { name: 'Fjern tid 3' }).click();
    await visits.getByRole('button', { name: 'Gem besøgstider' }).click();
    await visits.getByRole('alert').getByText('Besøgstiderne kunne ikke gemmes').waitFor();
    expect(await visits.locator('#f-slots-error').textContent()).toBe(
      'Herning Bibliotekerne har booket en af de fjernede tider: flyt først bookingen.',
    );
    expect(stub.slots).toHaveLength(6);
    // Opened again, the tab shows what is published, not the refused edit.
    await openTab('Prøvehandlinger');
    const again = await openTab('Besøgsrunde');
    expect(await again.getByRole('group', { name: /^Tid \d$/ }).count()).toBe(6);
  });

  it("shows each day's route in driving order with the libraries' addresses, and who has not booked", async () => {
    const visits = panel('Besøgsrunde');
    const route = visits.getByRole('region', { name: 'Rute pr. dag' });
    expect(await route.locator('caption').allInnerTexts()).toEqual([
      'mandag 14. marts 2016',
      'onsdag 16. marts 2016',
    ]);
    expect(await cells(route.getByRole('table', { name: 'onsdag 16. marts 2016' }))).toEqual([
      ['1.', 'kl. 9.00–10.30', 'Herning Bibliotekerne', 'Brænderigården, Østergade 2, 7400 Herning'],
      ['2.', 'kl. 13.00–14.30', 'Ikast Bibliotek', 'Stadion Allé 6, 7430 Ikast'],
    ]);
    expect(await cells(route.getByRole('table', { name: 'mandag 14. marts 2016' }))).toEqual([
      ['1.', 'kl. 9.00–10.30', 'Aabenraa Bibliotek', 'H.P. Hanssens Gade 7, 6200 Aabenraa'],
    ]);
    expect(
      await visits.getByRole('region', { name: 'Ikke booket' }).getByRole('listitem').allInnerTexts(),
    ).toEqual(['Sunds Bibliotek', 'Ærøskøbing Bibliotek']);
    await screenshot(page, 'structure-visits-route');
  });

  it('moves a booking to another slot, and says so in an alert when the slot is over', async () => {
    const visits = panel('Besøgsrunde');
    const newTime = visits.getByLabel('Ny tid for Ikast Bibliotek');
    await newTime.selectOption({ label: 'mandag 14. marts 2016 kl. 13.00–14.30' });
    await visits.getByRole('button', { name: 'Flyt Ikast Bibliotek' }).click();
    await visits.getByRole('alert').getByText('Tiden kan ikke bookes: tiden er overstået.').waitFor();
    expect(stub.bookings.find((b) => b.registrationId === IKAST)?.slotId).toBe('ons-1300');

    await newTime.selectOption({ label: 'fredag 18. marts 2016 kl. 10.00–11.30' });
    await visits.getByRole('button', { name: 'Flyt Ikast Bibliotek' }).click();
    await visits
      .getByRole('status')
      .getByText('Ikast Bibliotek er flyttet til fredag 18. marts 2016 kl. 10.00–11.30.')
      .waitFor();
    expect(stub.sent('PUT', `/admin/courses/${COURSE.id}/visits/bookings/${IKAST}`).at(-1)).toEqual({
      slotId: stub.slots[5]?.id,
    });
    const route = visits.getByRole('region', { name: 'Rute pr. dag' });
    expect(await cells(route.getByRole('table', { name: 'onsdag 16. marts 2016' }))).toEqual([
      ['1.', 'kl. 9.00–10.30', 'Herning Bibliotekerne', 'Brænderigården, Østergade 2, 7400 Herning'],
    ]);
    expect(await cells(route.getByRole('table', { name: 'fredag 18. marts 2016' }))).toEqual([
      ['1.', 'kl. 10.00–11.30', 'Ikast Bibliotek', 'Stadion Allé 6, 7430 Ikast'],
    ]);
    expect(
      await visits
        .getByRole('group', { name: 'Tid 6', exact: true })
        .getByText('Booket af Ikast Bibliotek')
        .count(),
    ).toBe(1);
  });

  it('saves the groups from the suggestion after a library is moved, a host chosen and a date corrected', async () => {
    const guidance = await openTab('Gruppevejledning');
    expect(await guidance.locator('ol.suggestion li').allInnerTexts()).toEqual([
      'Ærøskøbing Bibliotek',
      'Aabenraa Bibliotek',
      'Herning Bibliotekerne, Sunds Bibliotek, Ikast Bibliotek',
    ]);
    await guidance.getByRole('button', { name: 'Brug forslag' }).click();
    await guidance.getByLabel('Gruppe for Ærøskøbing Bibliotek').selectOption({ label: 'Gruppe 2' });
    await guidance.getByRole('status').getByText('Ærøskøbing Bibliotek er nu i gruppe 1').waitFor();
    expect(await guidance.getByRole('group', { name: /^Gruppe \d$/ }).count()).toBe(2);

    const one = guidance.getByRole('group', { name: 'Gruppe 1', exact: true });
    const two = guidance.getByRole('group', { name: 'Gruppe 2', exact: true });
    expect(await one.locator('.member').allInnerTexts()).toEqual([
      expect.stringContaining('Aabenraa Bibliotek'),
      expect.stringContaining('Ærøskøbing Bibliotek'),
    ]);
    await one.getByLabel('Dato').fill('2016-06-14');
    await one.getByLabel('Starttid').fill('10:00');
    await two.getByLabel('Vært').selectOption({ label: 'Sunds Bibliotek' });
    expect(await two.getByText('Mødested: Hovedgaden 50, 7451 Sunds').count()).toBe(1);
    await two.getByLabel('Dato').fill('2016-06-20');
    await two.getByLabel('Starttid').fill('13:00');
    await guidance.getByRole('button', { name: 'Gem grupper' }).click();

    await guidance.getByRole('alert').getByText('Grupperne kunne ikke gemmes').waitFor();
    expect(await guidance.locator('#f-groups-1-date-error').textContent()).toBe(
      'Gruppevejledningen ligger fra 2016-06-13 til 2016-06-17.',
    );
    expect(await isFocused(two.getByLabel('Dato'))).toBe(true);
    expect(stub.groups).toEqual([]);

    await two.getByLabel('Dato').fill('2016-06-16');
    await guidance.getByRole('button', { name: 'Gem grupper' }).click();
    await guidance.getByRole('status').getByText('Grupperne er gemt.').waitFor();
    const SUNDS = LIBRARIES[3]?.registrationId;
    const AEROE = LIBRARIES[4]?.registrationId;
    expect(stub.groups).toEqual([
      { members: [AABENRAA, AEROE], hostRegistrationId: AABENRAA, date: '2016-06-14', start: '10:00' },
      { members: [HERNING, SUNDS, IKAST], hostRegistrationId: SUNDS, date: '2016-06-16', start: '13:00' },
    ]);
    await screenshot(page, 'structure-groups-saved');

    // Opened again, the saved groups are where the coordinator starts: no suggestion to choose.
    await openTab('Prøvehandlinger');
    const again = await openTab('Gruppevejledning');
    expect(await again.getByRole('button', { name: 'Brug forslag' }).count()).toBe(0);
    const saved = again.getByRole('group', { name: 'Gruppe 2', exact: true });
    expect(await saved.getByLabel('Vært').inputValue()).toBe(SUNDS);
    expect(await saved.getByLabel('Dato').inputValue()).toBe('2016-06-16');
  });

  it("shows each participant's trial action by library, with its status and the deadlines in Danish", async () => {
    const cases = await openTab('Prøvehandlinger');
    const deadlines = await cases.locator('dl.deadlines').textContent();
    expect(deadlines).toContain('inden 14. marts 2016');
    expect(deadlines).toContain('inden 13. juni 2016');
    expect(await cases.getByText('1 af 7 deltagere har beskrevet deres prøvehandling.').count()).toBe(1);
    const aabenraa = cases.getByRole('region', { name: 'Aabenraa Bibliotek' });
    const anna = aabenraa.getByRole('article', { name: /Anna Holm/ });
    const facts = await anna.locator('dl').textContent();
    expect(facts).toContain('Læsecafé for ældre');
    expect(facts).toContain('Ældre Sagen Aabenraa, Lokalhistorisk Arkiv');
    expect(facts).toMatch(/Status\s*I gang/);
    expect(facts).toMatch(/Senest opdateret\s*2\. marts 2016 kl\. 10\.15/);
    expect(await aabenraa.getByRole('article', { name: /Bo Lund/ }).textContent()).toContain(
      'Ingen prøvehandling endnu',
    );
    expect(await cases.getByText('Ingen prøvehandling endnu').count()).toBe(6);
    await screenshot(page, 'structure-cases');
  });

  it('records who was present on a day that has begun, and keeps the days to come closed', async () => {
    const attendance = await openTab('Fremmøde');
    expect(await attendance.getByText('Kursusbeviserne sendes 25. august 2016 kl. 16.00').count()).toBe(1);
    const table = attendance.getByRole('table', { name: 'Fremmøde pr. deltager og dag' });
    expect(await table.getByRole('columnheader').allInnerTexts()).toEqual([
      'Deltager',
      expect.stringMatching(/^Kick off\s+7\. marts 2016$/),
      expect.stringMatching(/^Besøgsrunde\s+14\.–18\. marts 2016$/),
      expect.stringMatching(/^Midtvejsdag\s+10\. maj 2016\s+Ikke begyndt endnu$/),
      expect.stringMatching(/^Gruppevejledning\s+13\.–17\. juni 2016\s+Ikke begyndt endnu$/),
      expect.stringMatching(/^Afslutningsdag\s+25\. august 2016\s+Ikke begyndt endnu$/),
      'Kursusbevis',
    ]);
    expect(await attendance.getByLabel('Anna Holm til stede: Midtvejsdag').isDisabled()).toBe(true);
    expect(await attendance.getByRole('button', { name: 'Gem fremmøde for Midtvejsdag' }).isDisabled()).toBe(
      true,
    );

    for (const name of ['Anna Holm', 'Bo Lund', 'Camilla Riis'])
      await attendance.getByLabel(`${name} til stede: Kick off`).check();
    await attendance.getByRole('button', { name: 'Gem fremmøde for Kick off' }).click();
    await attendance.getByRole('status').getByText('Fremmødet for Kick off er gemt.').waitFor();
    expect(stub.sent('PUT', `/admin/courses/${COURSE.id}/attendance/day-1`).at(-1)).toEqual({
      present: ['p-anna', 'p-bo', 'p-camilla'],
    });
    expect(await attendance.getByLabel('Bo Lund til stede: Kick off').isChecked()).toBe(true);
    expect(await attendance.getByLabel('Dennis Storm til stede: Kick off').isChecked()).toBe(false);
    const certificates = (await cells(table)).map((row) => row.at(-1));
    expect(new Set(certificates)).toEqual(new Set(['Opfylder ikke kravet']));
    await screenshot(page, 'structure-attendance');
  });

  it('shows who meets the certificate requirement once every teaching day is recorded', async () => {
    stub.now = AFTER_LAST_DAY;
    await openTab('Prøvehandlinger');
    const attendance = await openTab('Fremmøde');
    expect(await attendance.getByText('Ikke begyndt endnu').count()).toBe(0);
    await attendance.getByLabel('Anna Holm til stede: Midtvejsdag').check();
    await attendance.getByLabel('Anna Holm til stede: Afslutningsdag').check();
    await attendance.getByLabel('Bo Lund til stede: Afslutningsdag').check();
    await attendance.getByRole('button', { name: 'Gem fremmøde for Midtvejsdag' }).click();
    await attendance.getByRole('status').getByText('Fremmødet for Midtvejsdag er gemt.').waitFor();
    // Saving one day keeps the ticks of another that is not saved yet.
    expect(await attendance.getByLabel('Anna Holm til stede: Afslutningsdag').isChecked()).toBe(true);
    expect(stub.attendance['day-3']).toBeUndefined();
    await attendance.getByRole('button', { name: 'Gem fremmøde for Afslutningsdag' }).click();
    await attendance.getByRole('status').getByText('Fremmødet for Afslutningsdag er gemt.').waitFor();

    const rows = await cells(attendance.getByRole('table', { name: 'Fremmøde pr. deltager og dag' }));
    const certificateOf = (name: string) => rows.find((row) => row[0]?.startsWith(name))?.at(-1);
    expect(certificateOf('Anna Holm')).toBe('Opfylder kravet');
    expect(certificateOf('Bo Lund')).toBe('Opfylder ikke kravet');
    expect(stub.attendance).toEqual({
      'day-1': ['p-anna', 'p-bo', 'p-camilla'],
      'day-2': ['p-anna'],
      'day-3': ['p-anna', 'p-bo'],
    });
    await screenshot(page, 'structure-attendance-certificates');
  });
});
