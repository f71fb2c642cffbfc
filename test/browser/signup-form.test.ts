import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ARTIFACTS_DIR, launchBrowser, screenshot, typeRegistration } from '../support/browser.ts';
import {
  courseVariant,
  registrationBody,
  seedCourse,
  validEan,
  WHILE_OPEN,
  withLibrary,
} from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { type StoredMail, sentMails } from '../support/mail-store.ts';

const SEED = 'samskabelse-2016';
const FULL = 'fuldt-hold-2016';
const CLOSED = 'lukket-hold-2016';

let api: TestApi;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let posts: Request[];

beforeAll(async () => {
  const seed = seedCourse();
  [api, browser] = await Promise.all([
    startTestApi({
      now: WHILE_OPEN,
      courses: [
        seed,
        courseVariant(FULL, { capacity: { participants: 1 } }),
        courseVariant(CLOSED, { signup: { ...seed.signup, deadline: '2016-01-10' } }),
      ],
    }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

// Each test is a new visitor: its own cookies and sessionStorage.
beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1000, height: 900 }, locale: 'da-DK' });
  page = await context.newPage();
  posts = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes('/registrations')) posts.push(request);
  });
});
afterEach(() => context.close());

async function openForm(courseId = SEED) {
  await page.goto(`${api.stack.url}/?kursus=${courseId}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
}

async function registrationsOf(courseId: string, ean: string) {
  const items = await api.itemsOfCourse(courseId);
  return items.filter((i) => i.type === 'registration' && (i.library as { ean: string }).ean === ean);
}

async function mailTo(address: string, subject: RegExp, timeoutMs = 10_000): Promise<StoredMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await sentMails(api.stack.mailUrl)).find(
      (m) => m.destination.to.some((to) => to.includes(address)) && subject.test(m.subject),
    );
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail "${subject}" to ${address}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const focusedId = async () => (await page.locator(':focus').getAttribute('id')) ?? '';
const totalPrice = () => page.locator('.price-box tr.total td').textContent();
const receiptHeading = () =>
  page.getByRole('heading', { level: 1, name: /Tak for tilmeldingen|ventelisten/ });

describe('the signup form in Chromium', () => {
  it('lets a library sign up with Danish characters, pricing live as participants come and go, and shows a receipt and mails the confirmation', async () => {
    const ean = validEan(101);
    await openForm();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Samskabelse – involvering og aktivering af borgere og lokalsamfund',
    );
    expect(await page.getByText('Mandag 7. marts 2016 kl. 9.00–16.00').count()).toBe(1);

    const library = page.getByRole('group', { name: 'Bibliotek', exact: true });
    await library.getByLabel('Bibliotekets navn').fill('Ærøskøbing Bibliotek');
    await library.getByLabel('Kommune').fill('Ærø');
    await library.getByLabel('Adresse').fill('Søndergade 28');
    await library.getByLabel('Postnummer').fill('5970');
    await library.getByLabel('By', { exact: true }).fill('Ærøskøbing');
    await library.getByLabel('EAN-nummer').fill(ean);
    const contact = page.getByRole('group', { name: 'Kontaktperson' });
    await contact.getByLabel('Navn').fill('Åse Ødegård');
    await contact.getByLabel('E-mail').fill('aase@aeroe.example.dk');
    await contact.getByLabel('Telefon').fill('+45 62 52 10 00');
    const leader = page.getByRole('group', { name: 'Leder' });
    await leader.getByLabel('Navn').fill('Bjørn Æbelø');
    await leader.getByLabel('E-mail').fill('bjoern@aeroe.example.dk');

    expect(await totalPrice()).toBe('10.700,00 kr.');
    // By keyboard: the add button puts focus in the new row, so typing can go on.
    const names = ['Søren Ågård', 'Mette Lærkegård', 'Jens Ørsted', 'Ditte Sø', 'Kaj Æbelø'];
    for (let i = 1; i < names.length; i++) {
      await page.getByRole('button', { name: 'Tilføj deltager' }).focus();
      await page.keyboard.press('Enter');
      expect(await focusedId()).toBe(`f-participants-${i}-name`);
    }
    expect(await totalPrice()).toBe('13.700,00 kr.');
    expect(await page.getByRole('button', { name: 'Tilføj deltager' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Fjern deltager 4' }).click();
    expect(await totalPrice()).toBe('12.950,00 kr.');
    expect(await page.locator('.price-box [aria-live]').textContent()).toBe(
      'Pris for 4 deltagere: 12.950,00 kr.',
    );

    const kept = names.filter((_, i) => i !== 3);
    for (const [i, name] of kept.entries()) {
      const row = page.getByRole('group', { name: `Deltager ${i + 1}`, exact: true });
      await row.getByLabel('Navn').fill(name);
      await row.getByLabel('E-mail').fill(`deltager${i + 1}@aeroe.example.dk`);
    }
    await page
      .getByRole('group', { name: 'Deltager 1', exact: true })
      .getByLabel('Kosthensyn')
      .fill('Glutenfri – ingen nødder');
    await page.getByLabel('Ordre- eller rekvisitionsnummer').fill('ÆRØ-2016/17');
    await page.getByLabel('Vi giver samtykke').check();
    await screenshot(page, 'signup-filled');

    await page.getByRole('button', { name: 'Send tilmelding' }).click();
    await receiptHeading().waitFor();
    expect(await receiptHeading().textContent()).toBe('Tak for tilmeldingen');
    const receipt = await page.locator('#kvittering').textContent();
    expect(receipt).toContain('Ærøskøbing Bibliotek er tilmeldt');
    expect(receipt).toContain(`e-faktura til EAN ${ean}`);
    expect(receipt).toContain('uge 11 (14.–18. marts 2016)');
    expect(receipt).toContain('Søren Ågård (deltager1@aeroe.example.dk)');
    expect(await page.locator('#kvittering tr.total td').textContent()).toBe('12.950,00 kr.');
    await screenshot(page, 'signup-receipt');

    const [registration] = await registrationsOf(SEED, ean);
    expect(registration).toMatchObject({
      library: { name: 'Ærøskøbing Bibliotek', city: 'Ærøskøbing' },
      invoiceReference: 'ÆRØ-2016/17',
      participants: [{ name: 'Søren Ågård', dietaryNeeds: 'Glutenfri – ingen nødder' }, {}, {}, {}],
    });
    expect(await page.locator('.registration-id').textContent()).toBe(registration?.id);
    const confirmation = await mailTo('aase@aeroe.example.dk', /^Tilmelding bekræftet/);
    expect(confirmation.body.text).toContain('Ærøskøbing Bibliotek');

    // A reload after the receipt shows the receipt again and registers nothing new.
    await page.reload();
    await receiptHeading().waitFor();
    expect(await registrationsOf(SEED, ean)).toHaveLength(1);
    expect(posts).toHaveLength(1);
  });

  it('marks every mistake at its field, moves focus to the first, and shows the API refusal at the EAN', async () => {
    await openForm();
    await page.getByRole('button', { name: 'Send tilmelding' }).click();
    expect(await focusedId()).toBe('f-library-name');
    const name = page.locator('#f-library-name');
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await name.getAttribute('aria-describedby')).toContain('f-library-name-error');
    expect(await page.locator('#f-library-name-error').textContent()).toBe('Feltet skal udfyldes.');
    const summary = page.getByRole('alert');
    expect(await summary.getByRole('link').count()).toBeGreaterThanOrEqual(10);
    expect(
      await summary.getByRole('link', { name: 'Kontaktperson – E-mail: Feltet skal udfyldes.' }).count(),
    ).toBe(1);
    await screenshot(page, 'signup-field-errors');

    // A check digit the browser catches itself: no request leaves the page.
    const body = withLibrary(registrationBody(), { ean: '5798000000002' });
    await typeRegistration(page, body);
    await page.getByRole('button', { name: 'Send tilmelding' }).click();
    expect(await focusedId()).toBe('f-library-ean');
    expect(await page.locator('#f-library-ean-error').textContent()).toBe(
      'EAN-nummeret har et forkert kontrolciffer.',
    );
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(1);
    expect(posts).toHaveLength(0);

    // An EAN that is already registered only the API knows: its answer lands at the same field.
    const taken = validEan(102);
    expect(
      (await api.post(`/courses/${SEED}/registrations`, withLibrary(registrationBody(), { ean: taken })))
        .status,
    ).toBe(201);
    await page.locator('#f-library-ean').fill(taken);
    await page.getByRole('button', { name: 'Send tilmelding' }).click();
    await page.locator('#f-library-ean-error:not([hidden])').waitFor();
    expect(await page.locator('#f-library-ean-error').textContent()).toBe(
      'Der findes allerede en tilmelding med dette EAN-nummer.',
    );
    expect(await focusedId()).toBe('f-library-ean');
    expect(posts).toHaveLength(1);
    expect(await registrationsOf(SEED, taken)).toHaveLength(1);
    await screenshot(page, 'signup-already-registered');
  });

  it('registers a library once when the submit button is double-clicked while the request is under way', async () => {
    const ean = validEan(103);
    await openForm();
    await typeRegistration(page, withLibrary(registrationBody({}, 2), { ean }));
    // A slow network: the second click comes while the first request is still out.
    await page.route('**/registrations', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await route.continue();
    });
    // The mouse itself, not a locator: a locator would politely wait for the busy button to be ready.
    const box = await page.getByRole('button', { name: 'Send tilmelding' }).boundingBox();
    if (!box) throw new Error('the submit button is not on screen');
    await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await receiptHeading().waitFor();
    expect(posts).toHaveLength(1);
    expect(await registrationsOf(SEED, ean)).toHaveLength(1);
  });

  it('retries a lost answer with the same Idempotency-Key, and the library is registered once', async () => {
    const ean = validEan(104);
    await openForm();
    await typeRegistration(page, withLibrary(registrationBody(), { ean }));
    let calls = 0;
    await page.route('**/registrations', async (route) => {
      calls++;
      if (calls > 1) return route.continue();
      // The API registers the library, but the answer never reaches the browser.
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: 'Send tilmelding' }).click();
    await receiptHeading().waitFor();
    expect(posts).toHaveLength(2);
    const keys = await Promise.all(posts.map((p) => p.headerValue('idempotency-key')));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(await registrationsOf(SEED, ean)).toHaveLength(1);
  });

  it('sends the form again under the same key after a reload in the middle of sending, registering once', async () => {
    const ean = validEan(105);
    await openForm();
    await typeRegistration(page, withLibrary(registrationBody(), { ean }));
    let arrived: () => void = () => undefined;
    const firstArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    let calls = 0;
    await page.route('**/registrations', async (route) => {
      calls++;
      if (calls > 1) return route.continue();
      await route.fetch();
      arrived(); // and no answer: the person reloads before it comes
    });
    await page.getByRole('button', { name: 'Send tilmelding' }).click();
    await firstArrived;
    await page.reload();
    await receiptHeading().waitFor();
    expect(calls).toBe(2);
    const keys = await Promise.all(posts.map((p) => p.headerValue('idempotency-key')));
    expect(new Set(keys).size).toBe(1);
    expect(await registrationsOf(SEED, ean)).toHaveLength(1);
    expect(await page.locator('#kvittering').textContent()).toContain('Silkeborg Bibliotekerne er tilmeldt');
  });

  it('says signup has closed after the deadline, and shows no form', async () => {
    await openForm(CLOSED);
    expect(await page.getByRole('heading', { name: 'Tilmeldingen er lukket' }).count()).toBe(1);
    expect(await page.getByText('Fristen var søndag 10. januar 2016.').count()).toBe(1);
    expect(await page.locator('form').count()).toBe(0);
    await screenshot(page, 'signup-closed');
  });

  it('offers the waitlist when the course is full, and the receipt says the library is waiting', async () => {
    const first = withLibrary(registrationBody(), { ean: validEan(106) });
    expect((await api.post(`/courses/${FULL}/registrations`, first)).status).toBe(201);
    await openForm(FULL);
    expect(await page.getByRole('heading', { name: 'Kurset er fuldt' }).count()).toBe(1);
    const ean = validEan(107);
    await typeRegistration(page, withLibrary(registrationBody(), { ean }));
    await page.getByRole('button', { name: 'Tilmeld til venteliste' }).click();
    await receiptHeading().waitFor();
    expect(await receiptHeading().textContent()).toBe('I er på ventelisten');
    expect(await page.locator('#kvittering').textContent()).toContain(
      'Der sendes ingen faktura, før I har fået plads.',
    );
    expect(await registrationsOf(FULL, ean)).toMatchObject([{ status: 'waitlisted' }]);
    await screenshot(page, 'signup-waitlisted');
  });

  it('refuses a bot that fills in the hidden trap field, registering nothing', async () => {
    const ean = validEan(108);
    await openForm();
    await typeRegistration(page, withLibrary(registrationBody(), { ean }));
    await page.locator('#f-website').fill('http://spam.example', { force: true });
    await page.getByRole('button', { name: 'Send tilmelding' }).click();
    await page.getByRole('alert').getByText('Tilmeldingen kunne ikke modtages.', { exact: false }).waitFor();
    expect(await registrationsOf(SEED, ean)).toHaveLength(0);
    // The browser refuses it before sending; a bot posting directly meets the same check in the API.
    expect(posts).toHaveLength(0);
  });
});

// Where the screenshots are, for whoever reads the test output.
afterAll(() => console.info(`screenshots: ${ARTIFACTS_DIR}`));
