import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { untilSwept } from '../support/background-work.ts';
import { ARTIFACTS_DIR, launchBrowser, screenshot } from '../support/browser.ts';
import { asCoordinator } from '../support/coordinator.ts';
import { registrationBody, VALID_EANS, WHILE_OPEN } from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { attachment, mailsTo, type StoredMail } from '../support/mail-store.ts';

/**
 * The page the course's mails link to (`/link/#<token>`), in Chromium, against the whole local system:
 * libraries signed up through the API, the visit slots published by the coordinator, and the local clock
 * moved to when the booking reminder and the case invitation go out. Every link is the one in the mail
 * the local SES received, opened as the recipient would open it.
 */

const SEED = 'samskabelse-2016';

const address = (local: string) => `${local}@example.dk`;

/** Three libraries: Ærøskøbing books through the page, Marstal moves, Svendborg takes times first. */
const LIBRARIES = {
  aeroeskoebing: {
    n: 0,
    library: {
      name: 'Ærøskøbing Bibliotek',
      municipality: 'Ærø',
      address: 'Vestergade 56',
      postalCode: '5970',
      city: 'Ærøskøbing',
    },
    participants: [
      { name: 'Mette Lærkegård', email: address('mette.aeroe') },
      { name: 'Jonas Bøgh', email: address('jonas.aeroe') },
    ],
  },
  marstal: {
    n: 1,
    library: {
      name: 'Marstal Bibliotek',
      municipality: 'Ærø',
      address: 'Kirkestræde 29',
      postalCode: '5960',
      city: 'Marstal',
    },
    participants: [{ name: 'Kirsten Holm', email: address('kirsten.marstal') }],
  },
  svendborg: {
    n: 2,
    library: {
      name: 'Svendborg Bibliotek',
      municipality: 'Svendborg',
      address: 'Svinget 10',
      postalCode: '5700',
      city: 'Svendborg',
    },
    participants: [{ name: 'Søren Vad', email: address('soeren.svendborg') }],
  },
} as const;
type LibraryKey = keyof typeof LIBRARIES;

const contactOf = (key: LibraryKey) => address(`kontakt.${key}`);

function signup(key: LibraryKey) {
  const { n, library, participants } = LIBRARIES[key];
  return registrationBody({
    library: { ...library, ean: VALID_EANS[n], cvr: '29189781' },
    contact: { name: `Kontakt ${library.name}`, email: contactOf(key), phone: '+45 12 34 56 78' },
    leader: { name: `Leder ${library.name}`, email: address(`leder.${key}`) },
    participants: participants.map((p) => ({ ...p, jobTitle: 'Bibliotekar', dietaryNeeds: '' })),
    invoiceEmail: address(`faktura.${key}`),
  });
}

/** Within the visit round (week 11); Tuesday's two times are of different lengths. */
const SLOTS = [
  { id: 'man-0900', date: '2016-03-14', start: '09:00', durationMinutes: 90 },
  { id: 'man-1300', date: '2016-03-14', start: '13:00', durationMinutes: 90 },
  { id: 'tir-0900', date: '2016-03-15', start: '09:00', durationMinutes: 90 },
  { id: 'tir-1300', date: '2016-03-15', start: '13:00', durationMinutes: 120 },
];

/** The seed course's booking reminder (28 days before the round) and case invitation (day 1, 17.00). */
const BOOKING_REMINDER_DUE = new Date('2016-02-15T09:00:01+01:00');
const CASE_INVITATION_DUE = new Date('2016-03-07T17:00:01+01:00');
/** Day 3 has ended at 16.00: the course is over. */
const AFTER_THE_COURSE = new Date('2016-08-25T16:00:01+02:00');

/** The link API's routes; `/link/` (with the slash) is the page. */
const API_PATHS = ['/link', '/link/visit', '/link/case'];

let api: TestApi;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** The page's own requests, in order, for what it sends and how. */
let requests: Request[];
/** A request the test itself changed on its way to the API, if any. */
let rewritten: Request | undefined;
/** The link each mail gave: the library contacts' booking links, the participants' case links. */
const linkTo: Record<string, string> = {};

/** The link in a mail's text (`<site>/link/#<token>`). */
function linkIn(mail: StoredMail): string {
  const link = /\bhttps?:\/\/\S+\/link\/#[A-Za-z0-9_-]+/.exec(mail.body.text ?? '')?.[0];
  if (!link) throw new Error(`no link in "${mail.subject}"`);
  return link;
}

const tokenOf = (link: string) => link.slice(link.indexOf('#') + 1);

/** The mails to `to` whose subject matches, once the background work has sent at least `count`. */
function mailsOf(to: string, subject: RegExp, count = 1): Promise<StoredMail[]> {
  return untilSwept(
    api.stack,
    async () => (await mailsTo(api.stack.mailUrl, to)).filter((m) => subject.test(m.subject)),
    (mails) => mails.length >= count,
    `${count} mail(s) "${subject}" to ${to}`,
    30_000,
  );
}

async function firstMail(to: string, subject: RegExp): Promise<StoredMail> {
  const [mail] = await mailsOf(to, subject);
  if (!mail) throw new Error(`no mail "${subject}" to ${to}`);
  return mail;
}

/** What a library does through its link without the page (the other library, a moment before). */
async function bookThroughApi(key: LibraryKey, slotId: string): Promise<void> {
  const response = await fetch(`${api.stack.url}/link/visit`, {
    method: 'PUT',
    headers: { 'x-link-token': tokenOf(linkTo[contactOf(key)] ?? ''), 'content-type': 'application/json' },
    body: JSON.stringify({ slotId }),
  });
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  [api, browser] = await Promise.all([startTestApi({ now: WHILE_OPEN }), launchBrowser()]);
  for (const key of Object.keys(LIBRARIES) as LibraryKey[]) {
    const { status, body } = await api.post(`/courses/${SEED}/registrations`, signup(key));
    expect(status).toBe(201);
    expect(body.registration.status).toBe('confirmed');
  }
  const coordinator = await asCoordinator(api.stack);
  const published = await coordinator.put(`/admin/courses/${SEED}/visits/slots`, { slots: SLOTS });
  expect(published.status).toBe(200);

  api.stack.clock.set(BOOKING_REMINDER_DUE);
  for (const key of Object.keys(LIBRARIES) as LibraryKey[]) {
    linkTo[contactOf(key)] = linkIn(await firstMail(contactOf(key), /^Book jeres besøg/));
  }
  // Before anyone opens the page: Marstal has a visit on Tuesday morning, Svendborg on Monday morning.
  await bookThroughApi('marstal', 'tir-0900');
  await bookThroughApi('svendborg', 'man-0900');

  api.stack.clock.set(CASE_INVITATION_DUE);
  for (const { participants } of Object.values(LIBRARIES)) {
    for (const { email } of participants) {
      linkTo[email] = linkIn(await firstMail(email, /^Din prøvehandling/));
    }
  }
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});
beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1000, height: 900 }, locale: 'da-DK' });
  page = await context.newPage();
  requests = [];
  rewritten = undefined;
  page.on('request', (request) => void requests.push(request));
});
afterEach(() => context.close());

/** Opens the link a mail gave `to`, as they would click it. */
async function openLinkOf(to: string) {
  const link = linkTo[to];
  if (!link) throw new Error(`no link was mailed to ${to}`);
  await page.goto(link);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return tokenOf(link);
}

const focusedId = async () => (await page.locator(':focus').getAttribute('id')) ?? '';
const day = (name: string) => page.getByRole('group', { name, exact: true });
const apiCalls = () => requests.filter((r) => API_PATHS.includes(new URL(r.url()).pathname));
const putsTo = (path: string) =>
  apiCalls().filter((r) => r.method() === 'PUT' && new URL(r.url()).pathname === path);

/** The token went in the header on every call, never in an address, and no answer may come from a cache. */
async function expectTokenKeptOutOfUrls(token: string) {
  expect(apiCalls().length).toBeGreaterThan(0);
  for (const call of apiCalls()) {
    const headers = await call.allHeaders();
    expect(headers['x-link-token']).toBe(token);
    // A request the test changed on its way is sent by Playwright, not by the browser's network stack.
    if (call !== rewritten) expect(headers['cache-control']).toBe('no-cache');
    expect(headers.referer).toBeUndefined();
  }
  for (const request of requests) expect(request.url()).not.toContain(token);
}

describe('the link page in Chromium, against the local system', () => {
  it('lets a library book a free visit time from the link in its reminder, listed by day in Danish with taken times disabled, and confirms the booking', async () => {
    const token = await openLinkOf(contactOf('aeroeskoebing'));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Book besøg');
    expect(await page.getByText('Besøgsrunde, 14.–18. marts 2016').count()).toBe(1);
    expect(await page.getByText('Ærøskøbing Bibliotek').count()).toBe(1);

    // Svendborg has Monday morning and Marstal Tuesday morning: shown, but not to be chosen.
    const monday = day('Mandag 14. marts 2016');
    expect(await monday.getByRole('radio', { name: 'kl. 9.00–10.30 (optaget)' }).isDisabled()).toBe(true);
    expect(await monday.getByRole('radio', { name: 'kl. 13.00–14.30' }).isEnabled()).toBe(true);
    const tuesday = day('Tirsdag 15. marts 2016');
    expect(await tuesday.getByRole('radio').count()).toBe(2);
    expect(await tuesday.getByRole('radio', { name: 'kl. 9.00–10.30 (optaget)' }).isDisabled()).toBe(true);
    await screenshot(page, 'link-visit-slots');

    await tuesday.getByRole('radio', { name: 'kl. 13.00–15.00' }).check();
    await page.getByRole('button', { name: 'Book tiden' }).click();
    const confirmation = page.getByRole('status').filter({ hasText: 'Besøget er booket' });
    await confirmation.waitFor();
    expect(await confirmation.locator('p').textContent()).toBe(
      'Besøget er booket: tirsdag 15. marts 2016 kl. 13.00–15.00. ' +
        'En kalenderinvitation er sendt til deltagerne og lederen.',
    );
    expect(await focusedId()).toBe('bekraeftelse');
    const mine = tuesday.getByRole('radio', { name: 'kl. 13.00–15.00 (jeres tid)' });
    expect(await mine.isChecked()).toBe(true);
    expect(await page.getByRole('button', { name: 'Flyt besøget' }).count()).toBe(1);
    await screenshot(page, 'link-visit-booked');

    expect(putsTo('/link/visit').map((r) => r.postDataJSON())).toEqual([{ slotId: 'tir-1300' }]);
    await expectTokenKeptOutOfUrls(token);

    // Opened again, the link shows the booking the system now holds.
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.locator('.current-booking').textContent()).toBe(
      'Jeres besøg: tirsdag 15. marts 2016 kl. 13.00–15.00.',
    );
  });

  it("sends the booked library's participants and leader a calendar invitation to the visit booked on the page", async () => {
    const { participants } = LIBRARIES.aeroeskoebing;
    for (const to of [...participants.map((p) => p.email), address('leder.aeroeskoebing')]) {
      const mail = await firstMail(to, /^Besøgsrunde: besøg/);
      expect(mail.subject).toBe('Besøgsrunde: besøg tirsdag 15. marts 2016 kl. 13.00–15.00');
      const ics = attachment(mail, /^besoeg\.ics$/).toString('utf8');
      expect(ics).toContain('DTSTART:20160315T120000Z');
      expect(ics).toContain('Vestergade 56');
    }
  });

  it('refuses a time another library booked a moment before, saying so in Danish and showing the time as taken', async () => {
    await openLinkOf(contactOf('marstal'));
    expect(await page.locator('.current-booking').textContent()).toBe(
      'Jeres besøg: tirsdag 15. marts 2016 kl. 9.00–10.30.',
    );
    const monday = day('Mandag 14. marts 2016');
    await monday.getByRole('radio', { name: 'kl. 13.00–14.30' }).check();

    // Svendborg moves its visit to the same time through its own link, just before Marstal clicks.
    await bookThroughApi('svendborg', 'man-1300');
    await page.getByRole('button', { name: 'Flyt besøget' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      'Tiden kan ikke bookes: et andet bibliotek har allerede booket den. ' +
        'Tiderne herunder er opdateret – vælg en anden.',
    );
    expect(await focusedId()).toBe('fejl');
    // The list is fetched again: the time just taken is disabled, the one Svendborg left is free, and
    // Marstal keeps its own.
    expect(await monday.getByRole('radio', { name: 'kl. 13.00–14.30 (optaget)' }).isDisabled()).toBe(true);
    expect(await monday.getByRole('radio', { name: 'kl. 9.00–10.30', exact: true }).isEnabled()).toBe(true);
    const kept = day('Tirsdag 15. marts 2016').getByRole('radio', { name: 'kl. 9.00–10.30 (jeres tid)' });
    expect(await kept.isChecked()).toBe(true);
    expect(apiCalls().map((r) => `${r.method()} ${new URL(r.url()).pathname}`)).toEqual([
      'GET /link',
      'PUT /link/visit',
      'GET /link',
    ]);
    await screenshot(page, 'link-visit-refused');
  });

  it('lets a participant write the trial action from the link in the invitation, marking what is missing and the field the API refuses, and says when it was saved', async () => {
    const mette = LIBRARIES.aeroeskoebing.participants[0].email;
    const token = await openLinkOf(mette);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Din prøvehandling');
    expect(await page.getByText('Mette Lærkegård, Ærøskøbing Bibliotek').count()).toBe(1);
    const deadlines = await page.getByRole('region', { name: 'Frister' }).textContent();
    expect(deadlines).toContain('Beskriv prøvehandlingen inden mandag 14. marts 2016');
    expect(deadlines).toContain('Giv status på prøvehandlingen inden mandag 13. juni 2016');

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

    // The page checks a case by the API's own rules, so only a body it would not send meets a refusal of
    // the API's: this one save goes out as an outdated page would have sent it, with the second partner
    // longer than the API takes, and what the page shows is the real API's answer.
    let sentByPage: unknown;
    await page.route(
      (url) => url.pathname === '/link/case',
      async (route) => {
        rewritten = route.request();
        sentByPage = rewritten.postDataJSON();
        const body = route.request().postDataJSON() as { partners: string[] };
        body.partners[1] = `${body.partners[1]} ${'og omegn '.repeat(12)}`.trim();
        await route.continue({ postData: JSON.stringify(body) });
      },
      { times: 1 },
    );
    await page.getByRole('button', { name: 'Gem' }).click();

    // The second partner stood on the third line (the blank one is not sent): the error says which.
    await page.locator('#f-partners-error:not([hidden])').waitFor();
    expect(await page.locator('#f-partners-error').textContent()).toBe('Linje 3: Højst 120 tegn.');
    expect(await focusedId()).toBe('f-partners');
    expect(await page.getByLabel('Samarbejdspartnere').getAttribute('aria-describedby')).toContain(
      'f-partners-error',
    );
    expect(await page.getByRole('alert').getByRole('heading').textContent()).toBe(
      'Prøvehandlingen kunne ikke gemmes: ret venligst de markerede felter.',
    );
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(1);
    await screenshot(page, 'link-case-refused');

    // Saved on Wednesday morning of the week before the visits.
    api.stack.clock.set(new Date('2016-03-09T10:15:00+01:00'));
    await page.getByLabel('Samarbejdspartnere').fill('Lokalhistorisk Forening\nÆrø Kommune');
    await page.getByRole('button', { name: 'Gem' }).click();
    await page.getByRole('status').filter({ hasText: 'Gemt' }).waitFor();
    expect(await page.locator('.submit-status').textContent()).toBe('Gemt 9. marts 2016 kl. 10.15.');
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
    const puts = putsTo('/link/case');
    expect(puts).toHaveLength(2);
    expect(puts[0]).toBe(rewritten);
    expect([sentByPage, puts[1]?.postDataJSON()]).toEqual([
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

    // Opened again, the link shows the case as the system saved it.
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByLabel('Titel').inputValue()).toBe('Fortællecafé for nye borgere');
    expect(await page.getByLabel('Samarbejdspartnere').inputValue()).toBe(
      'Lokalhistorisk Forening\nÆrø Kommune',
    );
    expect(await page.getByRole('combobox', { name: 'Status (valgfrit)' }).inputValue()).toBe('in-progress');
    expect(await page.getByText('Senest gemt 9. marts 2016 kl. 10.15.').count()).toBe(1);
    await expectTokenKeptOutOfUrls(token);
  });

  it('shows the trial action read-only once the course has ended, with a note saying so', async () => {
    const kirsten = LIBRARIES.marstal.participants[0].email;
    // Kirsten saved her case in April, after she had tried it.
    api.stack.clock.set(new Date('2016-04-18T12:00:00+02:00'));
    const saved = await fetch(`${api.stack.url}/link/case`, {
      method: 'PUT',
      headers: { 'x-link-token': tokenOf(linkTo[kirsten] ?? ''), 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Fortællecafé for nye borgere',
        description: 'Hver torsdag fortæller borgere om deres liv på øen.\nBiblioteket lægger rum til.',
        partners: ['Lokalhistorisk Forening', 'Sprogskolen'],
        status: 'tried',
        statusNote: 'Otte deltagere første gang.',
      }),
    });
    expect(saved.status).toBe(200);

    api.stack.clock.set(AFTER_THE_COURSE);
    await openLinkOf(kirsten);
    expect(await page.getByRole('heading', { name: 'Kurset er slut' }).count()).toBe(1);
    expect(await page.getByText('Prøvehandlingen kan ikke længere ændres.', { exact: false }).count()).toBe(
      1,
    );
    expect(await page.getByText('Kirsten Holm, Marstal Bibliotek').count()).toBe(1);
    expect(await page.getByText('Fortællecafé for nye borgere').count()).toBe(1);
    expect(await page.getByText('Sprogskolen').count()).toBe(1);
    expect(await page.locator('.case-read-only').textContent()).toContain('Afprøvet');
    expect(await page.getByText('Senest gemt 18. april 2016 kl. 12.00.').count()).toBe(1);
    expect(await page.getByRole('textbox').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Gem' }).count()).toBe(0);
    await screenshot(page, 'link-case-closed');
  });

  it('says a link that is not valid cannot be used and whom to contact, without showing the token', async () => {
    const unknown = 'ukendt7Q2mZ9xK4pL8sT1vW3yB00000';
    await page.goto(`${api.stack.url}/link/#${unknown}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Linket virker ikke');
    const text = (await page.getByRole('alert').textContent()) ?? '';
    expect(text).toContain('Linket er ikke gyldigt.');
    expect(text).toContain('kontakt kursets koordinator hos Centralbibliotek / Herning Bibliotekerne');
    expect(await page.locator('body').textContent()).not.toContain(unknown);
    expect(apiCalls().map((r) => `${r.method()} ${new URL(r.url()).pathname}`)).toEqual(['GET /link']);
    await screenshot(page, 'link-invalid');

    // Without any token the page asks the API nothing and says the same.
    requests = [];
    await page.goto(`${api.stack.url}/link/`);
    await page.getByRole('heading', { name: 'Linket virker ikke' }).waitFor();
    expect(apiCalls()).toHaveLength(0);
  });
});

afterAll(() => console.info(`screenshots: ${ARTIFACTS_DIR}`));
