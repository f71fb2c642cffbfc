import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildSignupSite, type SiteFile } from '../../web/build.ts';
import { ARTIFACTS_DIR, launchBrowser, screenshot } from '../support/browser.ts';

/**
 * The page the course's mails link to (`/link/#<token>`), in Chromium, against a stand-in for the link
 * API: the built site and three routes answering per the contract (GET /link, PUT /link/visit,
 * PUT /link/case), so what is tested is the page — what it shows, what it sends, how it takes a refusal.
 */

const LIBRARY_TOKEN = 'bib7Q2mZ9xK4pL8sT1vW3yBaeroe0001';
const PARTICIPANT_TOKEN = 'dlt7Q2mZ9xK4pL8sT1vW3yBaeroe0002';
const CLOSED_TOKEN = 'slt7Q2mZ9xK4pL8sT1vW3yBaeroe0003';

const COURSE = { id: 'samskabelse-2016', title: 'Samskabelse – involvering og aktivering af borgere' };
const SAVED_AT = '2016-03-02T09:15:00.000Z'; // 10.15 in Copenhagen

interface Slot {
  id: string;
  date: string;
  start: string;
  durationMinutes: number;
  /** Booked by this library, by another one, or by nobody. */
  bookedBy: 'us' | 'other' | null;
}

interface Exchange {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** The link API's stand-in: its state, reset for every test, and every request it received. */
class LinkApiStub {
  slots: Slot[] = [];
  savedCase: Record<string, unknown> | null = null;
  /** Another library books this slot just before ours arrives: the next PUT /link/visit meets a 409. */
  takenMeanwhile: string | undefined;
  /** The next PUT /link/case is refused with these field problems (422). */
  caseRefusal: { path: string; message: string }[] | undefined;
  exchanges: Exchange[] = [];

  reset(): void {
    this.slots = [
      { id: 'man-0900', date: '2016-03-14', start: '09:00', durationMinutes: 90, bookedBy: 'other' },
      { id: 'man-1300', date: '2016-03-14', start: '13:00', durationMinutes: 90, bookedBy: null },
      { id: 'tir-0900', date: '2016-03-15', start: '09:00', durationMinutes: 90, bookedBy: null },
      { id: 'tir-1300', date: '2016-03-15', start: '13:00', durationMinutes: 120, bookedBy: null },
    ];
    this.savedCase = null;
    this.takenMeanwhile = undefined;
    this.caseRefusal = undefined;
    this.exchanges = [];
  }

  get apiCalls(): Exchange[] {
    return this.exchanges.filter((e) => API_PATHS.includes(e.url.split('?')[0] ?? ''));
  }

  libraryView() {
    const mine = this.slots.find((s) => s.bookedBy === 'us');
    return {
      kind: 'library',
      course: COURSE,
      library: { name: 'Ærøskøbing Bibliotek' },
      round: { title: 'Besøgsrunde på bibliotekerne', from: '2016-03-14', to: '2016-03-18' },
      slots: this.slots.map(({ bookedBy, ...slot }) => ({
        ...slot,
        available: bookedBy === null,
        mine: bookedBy === 'us',
      })),
      booking: mine
        ? { slotId: mine.id, date: mine.date, start: mine.start, durationMinutes: mine.durationMinutes }
        : null,
    };
  }

  participantView(closed: boolean) {
    return {
      kind: 'participant',
      course: COURSE,
      participant: { name: 'Mette Lærkegård' },
      libraryName: 'Ærøskøbing Bibliotek',
      // The first day of the visit round (CET) and of the group guidance (CEST), at midnight in Copenhagen.
      deadlines: { caseBy: '2016-03-13T23:00:00.000Z', statusBy: '2016-04-17T22:00:00.000Z' },
      statuses: [
        { value: 'planned', label: 'Planlagt' },
        { value: 'in-progress', label: 'I gang' },
        { value: 'tried', label: 'Afprøvet' },
        { value: 'paused', label: 'Sat på pause' },
      ],
      case: closed
        ? {
            title: 'Fortællecafé for nye borgere',
            description: 'Hver torsdag fortæller borgere om deres liv på øen.\nBiblioteket lægger rum til.',
            partners: ['Lokalhistorisk Forening', 'Sprogskolen'],
            status: 'tried',
            statusNote: 'Otte deltagere første gang.',
            updatedAt: SAVED_AT,
          }
        : this.savedCase,
      closed,
    };
  }

  answer(method: string, path: string, token: string | undefined, body: unknown): [number, unknown] {
    const notFound: [number, unknown] = [
      404,
      error(
        'LINK_NOT_FOUND',
        'Linket er ikke gyldigt. Brug linket i den seneste mail fra kursets tovholder.',
      ),
    ];
    if (method === 'GET' && path === '/link') {
      if (token === LIBRARY_TOKEN) return [200, this.libraryView()];
      if (token === PARTICIPANT_TOKEN) return [200, this.participantView(false)];
      if (token === CLOSED_TOKEN) return [200, this.participantView(true)];
      return notFound;
    }
    if (method === 'PUT' && path === '/link/visit') {
      if (token !== LIBRARY_TOKEN) return notFound;
      const { slotId } = body as { slotId: string };
      const taken = this.slots.find((s) => s.id === this.takenMeanwhile);
      if (taken) taken.bookedBy = 'other';
      this.takenMeanwhile = undefined;
      const slot = this.slots.find((s) => s.id === slotId);
      if (!slot || slot.bookedBy !== null) {
        const reason = 'et andet bibliotek har allerede booket den.';
        return [
          409,
          error('VISIT_SLOT_UNAVAILABLE', `Tiden kan ikke bookes: ${reason}`, [
            { path: 'slotId', message: reason },
          ]),
        ];
      }
      for (const s of this.slots) if (s.bookedBy === 'us') s.bookedBy = null;
      slot.bookedBy = 'us';
      return [200, this.libraryView()];
    }
    if (method === 'PUT' && path === '/link/case') {
      if (token !== PARTICIPANT_TOKEN) return notFound;
      const refusal = this.caseRefusal;
      this.caseRefusal = undefined;
      if (refusal) {
        return [
          422,
          error(
            'VALIDATION_FAILED',
            'Prøvehandlingen kunne ikke gemmes: ret venligst de markerede felter.',
            refusal,
          ),
        ];
      }
      this.savedCase = { ...(body as Record<string, unknown>), updatedAt: SAVED_AT };
      return [200, this.participantView(false)];
    }
    return [404, { message: 'Not Found' }];
  }
}

function error(code: string, message: string, fields: { path: string; message: string }[] = []) {
  return { error: { code, message, fields } };
}

/** The link API's routes; `/link/` (with the slash) is the page. */
const API_PATHS = ['/link', '/link/visit', '/link/case'];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The built site (with a config.json naming its own origin as the API) and the stub's three routes. */
async function startStub(stub: LinkApiStub): Promise<{ url: string; stop: () => Promise<void> }> {
  const site = new Map<string, SiteFile>((await buildSignupSite()).map((file) => [`/${file.path}`, file]));
  const server: Server = createServer((request, response) => {
    void handle(stub, site, request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function handle(
  stub: LinkApiStub,
  site: Map<string, SiteFile>,
  request: IncomingMessage,
  response: ServerResponse,
) {
  const url = request.url ?? '/';
  const method = request.method ?? 'GET';
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const body: unknown = text ? JSON.parse(text) : undefined;
  stub.exchanges.push({ method, url, headers: request.headers, body });
  const path = url.split('?')[0] ?? '/';
  if (API_PATHS.includes(path)) {
    const token = request.headers['x-link-token'];
    const [status, answer] = stub.answer(method, path, typeof token === 'string' ? token : undefined, body);
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    });
    response.end(JSON.stringify(answer));
    return;
  }
  if (path === '/config.json') {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify({ apiUrl: '' }));
    return;
  }
  const file = site.get(path.endsWith('/') ? `${path}index.html` : path);
  if (!file || method !== 'GET') {
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('Not Found');
    return;
  }
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file.path)] ?? 'application/octet-stream',
    'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  response.end(file.contents);
}

const stub = new LinkApiStub();
let server: { url: string; stop: () => Promise<void> };
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([startStub(stub), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});
beforeEach(async () => {
  stub.reset();
  context = await browser.newContext({ viewport: { width: 1000, height: 900 }, locale: 'da-DK' });
  page = await context.newPage();
});
afterEach(() => context.close());

async function openLink(token: string) {
  await page.goto(`${server.url}/link/#${token}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
}

const focusedId = async () => (await page.locator(':focus').getAttribute('id')) ?? '';
const day = (name: string) => page.getByRole('group', { name, exact: true });
const putsTo = (path: string) => stub.apiCalls.filter((e) => e.method === 'PUT' && e.url === path);

/** The token went in the header on every call, never in an address, and no answer may come from a cache. */
function expectTokenKeptOutOfUrls(token: string) {
  expect(stub.apiCalls.length).toBeGreaterThan(0);
  for (const call of stub.apiCalls) {
    expect(call.headers['x-link-token']).toBe(token);
    expect(call.headers['cache-control']).toBe('no-cache');
    expect(call.headers.referer).toBeUndefined();
  }
  for (const call of stub.exchanges) expect(call.url).not.toContain(token);
}

describe('the link page in Chromium', () => {
  it('lets a library book a free visit time, listed by day in Danish with taken times disabled, and confirms the booking', async () => {
    await openLink(LIBRARY_TOKEN);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Book besøg');
    expect(await page.getByText('Besøgsrunde på bibliotekerne, 14.–18. marts 2016').count()).toBe(1);
    expect(await page.getByText('Ærøskøbing Bibliotek').count()).toBe(1);

    const taken = day('Mandag 14. marts 2016').getByRole('radio', { name: 'kl. 9.00–10.30 (optaget)' });
    expect(await taken.isDisabled()).toBe(true);
    expect(
      await day('Mandag 14. marts 2016').getByRole('radio', { name: 'kl. 13.00–14.30' }).isEnabled(),
    ).toBe(true);
    expect(await day('Tirsdag 15. marts 2016').getByRole('radio').count()).toBe(2);
    await screenshot(page, 'link-visit-slots');

    await day('Tirsdag 15. marts 2016').getByRole('radio', { name: 'kl. 13.00–15.00' }).check();
    await page.getByRole('button', { name: 'Book tiden' }).click();
    const confirmation = page.getByRole('status').filter({ hasText: 'Besøget er booket' });
    await confirmation.waitFor();
    expect(await confirmation.locator('p').textContent()).toBe(
      'Besøget er booket: tirsdag 15. marts 2016 kl. 13.00–15.00. ' +
        'En kalenderinvitation er sendt til deltagerne og lederen.',
    );
    expect(await focusedId()).toBe('bekraeftelse');
    const mine = day('Tirsdag 15. marts 2016').getByRole('radio', { name: 'kl. 13.00–15.00 (jeres tid)' });
    expect(await mine.isChecked()).toBe(true);
    expect(await page.getByRole('button', { name: 'Flyt besøget' }).count()).toBe(1);
    await screenshot(page, 'link-visit-booked');

    expect(putsTo('/link/visit').map((e) => e.body)).toEqual([{ slotId: 'tir-1300' }]);
    expectTokenKeptOutOfUrls(LIBRARY_TOKEN);
  });

  it('refuses a time another library booked a moment before, saying so in Danish and showing the time as taken', async () => {
    stub.slots = stub.slots.map((s) => (s.id === 'tir-0900' ? { ...s, bookedBy: 'us' } : s));
    await openLink(LIBRARY_TOKEN);
    expect(await page.locator('.current-booking').textContent()).toBe(
      'Jeres besøg: tirsdag 15. marts 2016 kl. 9.00–10.30.',
    );

    stub.takenMeanwhile = 'man-1300';
    await day('Mandag 14. marts 2016').getByRole('radio', { name: 'kl. 13.00–14.30' }).check();
    await page.getByRole('button', { name: 'Flyt besøget' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      'Tiden kan ikke bookes: et andet bibliotek har allerede booket den. ' +
        'Tiderne herunder er opdateret – vælg en anden.',
    );
    expect(await focusedId()).toBe('fejl');
    // The list is fetched again: the time just taken is disabled, and the library keeps its own.
    const lost = day('Mandag 14. marts 2016').getByRole('radio', { name: 'kl. 13.00–14.30 (optaget)' });
    expect(await lost.isDisabled()).toBe(true);
    const kept = day('Tirsdag 15. marts 2016').getByRole('radio', { name: 'kl. 9.00–10.30 (jeres tid)' });
    expect(await kept.isChecked()).toBe(true);
    expect(stub.apiCalls.map((e) => `${e.method} ${e.url}`)).toEqual([
      'GET /link',
      'PUT /link/visit',
      'GET /link',
    ]);
    await screenshot(page, 'link-visit-refused');
  });

  it('lets a participant write the trial action, marking what is missing and the field the API refuses, and says when it was saved', async () => {
    await openLink(PARTICIPANT_TOKEN);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Din prøvehandling');
    expect(await page.getByText('Mette Lærkegård, Ærøskøbing Bibliotek').count()).toBe(1);
    const deadlines = await page.getByRole('region', { name: 'Frister' }).textContent();
    expect(deadlines).toContain('Beskriv prøvehandlingen inden mandag 14. marts 2016');
    expect(deadlines).toContain('Giv status på prøvehandlingen inden mandag 18. april 2016');

    // An empty form is stopped in the browser: each missing field marked, focus on the first.
    await page.getByRole('button', { name: 'Gem' }).click();
    expect(await focusedId()).toBe('f-title');
    const title = page.getByLabel('Titel');
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    expect(await title.getAttribute('aria-describedby')).toContain('f-title-error');
    expect(await page.locator('#f-title-error').textContent()).toBe('Feltet skal udfyldes.');
    expect(await page.locator('#f-description-error').textContent()).toBe('Feltet skal udfyldes.');
    const summary = page.getByRole('alert');
    expect(await summary.getByRole('link', { name: 'Titel: Feltet skal udfyldes.' }).count()).toBe(1);
    expect(await summary.getByRole('link', { name: 'Beskrivelse: Feltet skal udfyldes.' }).count()).toBe(1);
    expect(putsTo('/link/case')).toHaveLength(0);

    await title.fill('Fortællecafé for nye borgere');
    await page
      .getByLabel('Beskrivelse')
      .fill('Borgere fortæller om livet på Ærø; biblioteket lægger rum til.');
    await page
      .getByLabel('Samarbejdspartnere')
      .fill('Lokalhistorisk Forening\n\nÆrø Kommune, kulturafdelingen');
    await page.getByRole('combobox', { name: 'Status (valgfrit)' }).selectOption({ label: 'I gang' });
    await page.getByLabel('Bemærkning til status').fill('Første café er holdt: otte deltagere.');
    stub.caseRefusal = [{ path: 'partners.1', message: 'Skriv samarbejdspartnerens navn uden afdeling.' }];
    await page.getByRole('button', { name: 'Gem' }).click();

    // The second partner stood on the third line (the blank one is not sent): the error says which.
    await page.locator('#f-partners-error:not([hidden])').waitFor();
    expect(await page.locator('#f-partners-error').textContent()).toBe(
      'Linje 3: Skriv samarbejdspartnerens navn uden afdeling.',
    );
    expect(await focusedId()).toBe('f-partners');
    expect(await page.getByLabel('Samarbejdspartnere').getAttribute('aria-describedby')).toContain(
      'f-partners-error',
    );
    expect(await page.getByRole('alert').getByRole('heading').textContent()).toBe(
      'Prøvehandlingen kunne ikke gemmes: ret venligst de markerede felter.',
    );
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(1);
    await screenshot(page, 'link-case-refused');

    await page.getByLabel('Samarbejdspartnere').fill('Lokalhistorisk Forening\nÆrø Kommune');
    await page.getByRole('button', { name: 'Gem' }).click();
    await page.getByRole('status').filter({ hasText: 'Gemt' }).waitFor();
    expect(await page.locator('.submit-status').textContent()).toBe('Gemt 2. marts 2016 kl. 10.15.');
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(putsTo('/link/case').map((e) => e.body)).toEqual([
      {
        title: 'Fortællecafé for nye borgere',
        description: 'Borgere fortæller om livet på Ærø; biblioteket lægger rum til.',
        partners: ['Lokalhistorisk Forening', 'Ærø Kommune, kulturafdelingen'],
        status: 'in-progress',
        statusNote: 'Første café er holdt: otte deltagere.',
      },
      {
        title: 'Fortællecafé for nye borgere',
        description: 'Borgere fortæller om livet på Ærø; biblioteket lægger rum til.',
        partners: ['Lokalhistorisk Forening', 'Ærø Kommune'],
        status: 'in-progress',
        statusNote: 'Første café er holdt: otte deltagere.',
      },
    ]);
    await screenshot(page, 'link-case-saved');

    // Opened again, the link shows the case as it was saved.
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByLabel('Titel').inputValue()).toBe('Fortællecafé for nye borgere');
    expect(await page.getByLabel('Samarbejdspartnere').inputValue()).toBe(
      'Lokalhistorisk Forening\nÆrø Kommune',
    );
    expect(await page.getByText('Senest gemt 2. marts 2016 kl. 10.15.').count()).toBe(1);
    expectTokenKeptOutOfUrls(PARTICIPANT_TOKEN);
  });

  it('shows the trial action read-only once the course has ended, with a note saying so', async () => {
    await openLink(CLOSED_TOKEN);
    expect(await page.getByRole('heading', { name: 'Kurset er slut' }).count()).toBe(1);
    expect(await page.getByText('Prøvehandlingen kan ikke længere ændres.', { exact: false }).count()).toBe(
      1,
    );
    expect(await page.getByText('Fortællecafé for nye borgere').count()).toBe(1);
    expect(await page.getByText('Sprogskolen').count()).toBe(1);
    expect(await page.locator('.case-read-only').textContent()).toContain('Afprøvet');
    expect(await page.getByRole('textbox').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Gem' }).count()).toBe(0);
    await screenshot(page, 'link-case-closed');
  });

  it('says a link that is not valid cannot be used and whom to contact, without showing the token', async () => {
    const unknown = 'ukendt7Q2mZ9xK4pL8sT1vW3yB00000';
    await openLink(unknown);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Linket virker ikke');
    const text = (await page.getByRole('alert').textContent()) ?? '';
    expect(text).toContain('Linket er ikke gyldigt.');
    expect(text).toContain('kontakt kursets koordinator hos Centralbibliotek / Herning Bibliotekerne');
    expect(await page.locator('body').textContent()).not.toContain(unknown);
    await screenshot(page, 'link-invalid');

    // Without any token the page asks the API nothing and says the same.
    stub.exchanges = [];
    await page.goto(`${server.url}/link/`);
    await page.getByRole('heading', { name: 'Linket virker ikke' }).waitFor();
    expect(stub.apiCalls).toHaveLength(0);
  });
});

afterAll(() => console.info(`screenshots: ${ARTIFACTS_DIR}`));
