import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { LOCAL_COORDINATOR } from '../support/coordinator.ts';
import { courseVariant, registrationBody, validEan, WHILE_OPEN } from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';

const COURSE = 'lille-hold-2016';

let api: TestApi;
let browser: Browser;
let page: Page;

function signup(name: string, n: number, participants: number) {
  const body = registrationBody({}, participants);
  return api.post(`/courses/${COURSE}/registrations`, {
    ...body,
    library: { ...body.library, name, ean: validEan(200 + n) },
    participants: body.participants.map((p, i) => ({ ...p, email: `d${n}-${i}@example.dk` })),
  });
}

beforeAll(async () => {
  [api, browser] = await Promise.all([
    startTestApi({ now: WHILE_OPEN, courses: [courseVariant(COURSE, { capacity: { participants: 6 } })] }),
    launchBrowser(),
  ]);
  expect((await signup('Aabenraa Bibliotek', 1, 3)).body.registration.status).toBe('confirmed');
  expect((await signup('Ærø Bibliotek', 2, 3)).body.registration.status).toBe('confirmed');
  expect((await signup('Vejle Bibliotekerne', 3, 2)).body.registration.status).toBe('waitlisted');
  await api.stack.sweepNow();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

const rows = () => page.locator('table.registrations tbody tr');
const total = (label: string) => page.locator('.totals div', { hasText: label }).locator('dd');

/** Lets the background work go on and presses "Opdater" until the dashboard shows it is done. */
async function refreshUntil(done: () => Promise<boolean>) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await api.stack.sweepNow();
    await page.getByRole('button', { name: 'Opdater' }).click();
    await page.waitForTimeout(300);
    if (await done()) return;
    if (Date.now() > deadline) throw new Error('the dashboard never showed the background work done');
  }
}

/** Waits until the table lists exactly these libraries (a filter's answer, not the one before it). */
async function tableShows(...names: string[]) {
  await page.waitForFunction(
    `JSON.stringify([...document.querySelectorAll('table.registrations tbody tr th button')].map((b) => b.textContent)) === ${JSON.stringify(JSON.stringify(names))}`,
  );
  return rows().count();
}

describe('the coordinator dashboard in Chromium', () => {
  it('refuses a wrong password and lets the coordinator in with the right one', async () => {
    await page.goto(`${api.stack.url}/admin/`);
    await page.getByLabel('Brugernavn').fill(LOCAL_COORDINATOR.username);
    await page.getByLabel('Adgangskode', { exact: true }).fill('forkert-kode');
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.getByRole('alert').getByText('Forkert brugernavn').waitFor();

    await page.getByLabel('Adgangskode', { exact: true }).fill(LOCAL_COORDINATOR.password);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.getByRole('heading', { name: 'Tilmeldinger' }).waitFor();
    expect(await tableShows('Aabenraa Bibliotek', 'Ærø Bibliotek', 'Vejle Bibliotekerne')).toBe(3);
    expect(await total('Biblioteker').textContent()).toBe('2');
    expect(await total('Deltagere').textContent()).toBe('6');
    expect(await total('Venteliste').textContent()).toBe('1 bibl. / 2 delt.');
    expect(await total('Faktureret').textContent()).toMatch(/kr\.$/);
    await screenshot(page, 'dashboard-overview');
  });

  it('filters by free text and by status', async () => {
    await page.getByLabel('Søg').fill('AABENRAA');
    expect(await tableShows('Aabenraa Bibliotek')).toBe(1);
    await page.getByLabel('Søg').fill('');
    await page.getByLabel('Status').selectOption('waitlisted');
    expect(await tableShows('Vejle Bibliotekerne')).toBe(1);
    await page.getByLabel('Status').selectOption('');
    expect(await tableShows('Aabenraa Bibliotek', 'Ærø Bibliotek', 'Vejle Bibliotekerne')).toBe(3);
  });

  it('exports the participants as a CSV for Danish Excel', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Hent deltagerliste (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`deltagere-${COURSE}.csv`);
    const bytes = await readFile((await download.path()) ?? '');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]?.startsWith('Status;Bibliotek;Kommune;EAN;Deltager')).toBe(true);
    expect(lines.filter((l) => l.startsWith('Bekræftet;'))).toHaveLength(6);
    expect(lines.filter((l) => l.startsWith('Venteliste;'))).toHaveLength(2);
  });

  it('cancels a registration, after which the first library on the waitlist is promoted', async () => {
    await page.getByRole('button', { name: 'Aabenraa Bibliotek' }).click();
    const detail = page.locator('section.detail');
    await detail.getByRole('heading', { name: 'Aabenraa Bibliotek' }).waitFor();
    page.once('dialog', (dialog) => void dialog.accept('Biblioteket har aflyst'));
    await detail.getByRole('button', { name: 'Afmeld tilmeldingen' }).click();
    await detail.getByText('Tilmeldingen er afmeldt').waitFor();
    await screenshot(page, 'dashboard-cancelled');

    // The credit note and the promotion happen in the background, as the stream handler does in AWS:
    // the coordinator presses "Opdater" until they show.
    await page.getByLabel('Status').selectOption('confirmed');
    await refreshUntil(async () => (await total('Krediteret').textContent()) === '12.200,00 kr.');
    await refreshUntil(async () => (await total('Venteliste').textContent()) === '0 bibl. / 0 delt.');
    expect(await tableShows('Ærø Bibliotek', 'Vejle Bibliotekerne')).toBe(2);
    await screenshot(page, 'dashboard-after-promotion');
  });

  it('changes the participants of a registration from its detail panel, naming a mistake at its field', async () => {
    await page.getByLabel('Status').selectOption('');
    await tableShows('Aabenraa Bibliotek', 'Ærø Bibliotek', 'Vejle Bibliotekerne');
    await page.getByRole('button', { name: 'Ærø Bibliotek' }).click();
    const detail = page.locator('section.detail');
    await detail.getByRole('heading', { name: 'Ærø Bibliotek' }).waitFor();

    await detail.getByRole('button', { name: 'Fjern deltager 3' }).click();
    await detail.getByRole('button', { name: 'Tilføj deltager' }).click();
    const added = detail.getByRole('group', { name: 'Deltager 3', exact: true });
    await added.getByLabel('Navn').fill('Søren Ny');
    await added.getByLabel('E-mail').fill('ikke-en-adresse');
    await detail.getByRole('button', { name: 'Gem deltagere' }).click();
    await detail.locator('#f-participants-2-email-error:not([hidden])').waitFor();
    expect(await detail.locator('#f-participants-2-email-error').textContent()).toBe(
      'Ugyldig e-mailadresse.',
    );

    await added.getByLabel('E-mail').fill('soeren.ny@example.dk');
    await detail.getByRole('button', { name: 'Gem deltagere' }).click();
    await page.locator('section.detail').getByText('Deltagerne er gemt').waitFor();
    expect(await page.locator('#f-participants-2-name').inputValue()).toBe('Søren Ny');
    await screenshot(page, 'dashboard-participants-changed');
  });
});
