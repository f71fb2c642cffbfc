import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { untilSwept } from '../support/background-work.ts';
import { launchBrowser, screenshot } from '../support/browser.ts';
import { asCoordinator, LOCAL_COORDINATOR } from '../support/coordinator.ts';
import { registrationBody, VALID_EANS, WHILE_OPEN } from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { mailsTo, type StoredMail } from '../support/mail-store.ts';

/**
 * The coordinator's course-structure tabs (Besøgsrunde, Gruppevejledning, Prøvehandlinger, Fremmøde) in
 * Chromium, against the whole local system: three libraries signed up through the public API, the local
 * clock moved through the 2016 course so each step is one the coordinator could take then, and what the
 * libraries and participants do themselves (booking a visit, writing a case) done through the links the
 * local SES received. What is tested is what the coordinator sees and how the page takes a refusal.
 */

const SEED = 'samskabelse-2016';

const address = (local: string) => `${local}@example.dk`;

/** Herning and Sunds share a municipality, so the group suggestion puts them together; Aabenraa is alone. */
const LIBRARIES = {
  herning: {
    n: 0,
    library: {
      name: 'Herning Bibliotekerne',
      municipality: 'Herning',
      address: 'Brænderigården, Østergade 2',
      postalCode: '7400',
      city: 'Herning',
    },
    participants: [
      { name: 'Anna Holm', email: address('anna.herning') },
      { name: 'Bo Lund', email: address('bo.herning') },
    ],
  },
  sunds: {
    n: 1,
    library: {
      name: 'Sunds Bibliotek',
      municipality: 'Herning',
      address: 'Hovedgaden 50',
      postalCode: '7451',
      city: 'Sunds',
    },
    participants: [{ name: 'Eva Kjær', email: address('eva.sunds') }],
  },
  aabenraa: {
    n: 2,
    library: {
      name: 'Aabenraa Bibliotek',
      municipality: 'Aabenraa',
      address: 'H.P. Hanssens Gade 7',
      postalCode: '6200',
      city: 'Aabenraa',
    },
    participants: [
      { name: 'Camilla Riis', email: address('camilla.aabenraa') },
      { name: 'Dennis Storm', email: address('dennis.aabenraa') },
    ],
  },
} as const;
type LibraryKey = keyof typeof LIBRARIES;
const KEYS = Object.keys(LIBRARIES) as LibraryKey[];

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

/** The steps' instants on the local clock (Copenhagen time). */
const BEFORE_THE_ROUND = new Date('2016-02-10T10:00:00+01:00');
/** The seed course's first booking reminder: 28 days before the round, at 09.00. */
const BOOKING_REMINDER_DUE = new Date('2016-02-15T09:00:01+01:00');
/** Day 1 is over and the case invitations go out (17.00); the visit round has not begun. */
const CASE_INVITATION_DUE = new Date('2016-03-07T17:00:01+01:00');
/** Day 2 is behind, the group guidance (week 24) ahead. */
const BEFORE_THE_GUIDANCE = new Date('2016-05-20T10:00:00+02:00');
/** Day 3 has ended at 16.00: every session has begun. */
const AFTER_THE_LAST_DAY = new Date('2016-08-25T16:00:01+02:00');

let api: TestApi;
let coordinator: Awaited<ReturnType<typeof asCoordinator>>;
let browser: Browser;
let page: Page;
const registrationOf: Partial<Record<LibraryKey, string>> = {};
/** The token of each link a mail gave, by the address it went to. */
const tokenTo: Record<string, string> = {};

const idOf = (key: LibraryKey) => {
  const id = registrationOf[key];
  if (!id) throw new Error(`${key} has not signed up`);
  return id;
};

/** The token of the link in a mail's text (`<site>/link/#<token>`). */
function tokenIn(mail: StoredMail | undefined): string {
  const token = /\/link\/#([A-Za-z0-9_-]+)/.exec(mail?.body.text ?? '')?.[1];
  if (!token) throw new Error(`no link in "${mail?.subject}"`);
  return token;
}

/** The first mail to `to` whose subject matches, once the background work has sent it. */
async function firstMail(to: string, subject: RegExp): Promise<StoredMail | undefined> {
  const [mail] = await untilSwept(
    api.stack,
    async () => (await mailsTo(api.stack.mailUrl, to)).filter((m) => subject.test(m.subject)),
    (mails) => mails.length > 0,
    `a mail "${subject}" to ${to}`,
    30_000,
  );
  return mail;
}

/** A call through a link, as the link page makes it: the token in its header. */
async function throughLink(to: string, method: 'GET' | 'PUT', path: string, body?: unknown) {
  const token = tokenTo[to];
  if (!token) throw new Error(`no link was mailed to ${to}`);
  const response = await fetch(`${api.stack.url}${path}`, {
    method,
    headers: {
      'x-link-token': token,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A library books a visit through the link in its booking mail. */
async function bookThroughLink(key: LibraryKey, slotId: string) {
  const booked = await throughLink(contactOf(key), 'PUT', '/link/visit', { slotId });
  expect(booked.status).toBe(200);
}

/** The published slots' ids in order (the page makes a new slot's id). */
async function publishedSlotIds(): Promise<string[]> {
  const { body } = await coordinator.get(`/admin/courses/${SEED}/visits`);
  return body.slots.map((s: { id: string }) => s.id);
}

beforeAll(async () => {
  [api, browser] = await Promise.all([startTestApi({ now: WHILE_OPEN }), launchBrowser()]);
  for (const key of KEYS) {
    const { status, body } = await api.post(`/courses/${SEED}/registrations`, signup(key));
    expect(status).toBe(201);
    expect(body.registration.status).toBe('confirmed');
    registrationOf[key] = body.registration.id;
  }
  coordinator = await asCoordinator(api.stack);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
  page = await context.newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

const panel = (name: string) => page.getByRole('tabpanel', { name });

/** Opens a tab and waits for its view (its heading) to be there. */
async function openTab(name: string): Promise<Locator> {
  await page.getByRole('tab', { name, exact: true }).click();
  await panel(name).getByRole('heading', { name, level: 1 }).waitFor();
  return panel(name);
}

/** Opens a tab afresh, as the coordinator does to see what has changed: away and back. */
async function reopenTab(name: string): Promise<Locator> {
  await openTab(name === 'Tilmeldinger' ? 'Besøgsrunde' : 'Tilmeldinger');
  return openTab(name);
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
const slot = (visits: Locator, n: number) => visits.getByRole('group', { name: `Tid ${n}`, exact: true });

describe("the coordinator's course structure in Chromium, against the local system", () => {
  it('signs the coordinator in to the registrations, with the parts of the course as tabs beside them', async () => {
    api.stack.clock.set(BEFORE_THE_ROUND);
    await page.goto(`${api.stack.url}/admin/`);
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
    await page.locator('table.registrations tbody tr').nth(2).waitFor();
    expect(await page.locator('table.registrations tbody tr').count()).toBe(3);
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
    const visits = panel('Besøgsrunde');
    expect(await visits.getByText('Besøgsrunde: 14.–18. marts 2016.').count()).toBe(1);
    expect(await visits.getByText('Der er ingen besøgstider endnu.').count()).toBe(1);
    expect(
      await visits.getByRole('region', { name: 'Ikke booket' }).getByRole('listitem').allInnerTexts(),
    ).toEqual(['Herning Bibliotekerne', 'Sunds Bibliotek', 'Aabenraa Bibliotek']);

    const times = [
      ['2016-03-14', '09:00', '90'],
      ['2016-03-14', '13:00', '90'],
      ['2016-03-21', '10:00', '120'],
      ['2016-03-16', '10:00', '90'],
    ];
    for (const [i, [date, start, duration]] of times.entries()) {
      await visits.getByRole('button', { name: 'Tilføj besøgstid' }).click();
      const added = slot(visits, i + 1);
      expect(await isFocused(added.getByLabel('Dato'))).toBe(true);
      await added.getByLabel('Dato').fill(date ?? '');
      await added.getByLabel('Starttid').fill(start ?? '');
      await added.getByLabel('Varighed (minutter)').fill(duration ?? '');
    }
    await visits.getByRole('button', { name: 'Gem besøgstider' }).click();

    await visits.getByRole('alert').getByText('Besøgstiderne kunne ikke gemmes').waitFor();
    const third = slot(visits, 3);
    expect(await visits.locator('#f-slots-2-date-error').textContent()).toBe(
      'Besøgene ligger fra 2016-03-14 til 2016-03-18.',
    );
    expect(await third.getByLabel('Dato').getAttribute('aria-invalid')).toBe('true');
    expect(await third.getByLabel('Dato').getAttribute('aria-describedby')).toBe('f-slots-2-date-error');
    expect(await isFocused(third.getByLabel('Dato'))).toBe(true);
    expect(await visits.locator('.field-error:not([hidden])').count()).toBe(1);
    expect(await publishedSlotIds()).toEqual([]);
    await screenshot(page, 'structure-visits-refused');

    await third.getByLabel('Dato').fill('2016-03-15');
    await visits.getByRole('button', { name: 'Gem besøgstider' }).click();
    await visits.getByRole('status').getByText('Besøgstiderne er gemt.').waitFor();
    expect(await visits.getByRole('alert').isHidden()).toBe(true);
    expect(await visits.getByRole('group', { name: /^Tid \d$/ }).count()).toBe(4);
    expect(await slot(visits, 3).getByLabel('Dato').inputValue()).toBe('2016-03-15');
    for (const n of [1, 2, 3, 4]) expect(await slot(visits, n).getByText('Ikke booket').count()).toBe(1);

    // Opened again, the tab shows the slots as the API stored them.
    const again = await reopenTab('Besøgsrunde');
    const stored = [];
    for (const n of [1, 2, 3, 4]) {
      const fields = slot(again, n);
      stored.push([
        await fields.getByLabel('Dato').inputValue(),
        await fields.getByLabel('Starttid').inputValue(),
        await fields.getByLabel('Varighed (minutter)').inputValue(),
      ]);
    }
    expect(stored).toEqual([
      ['2016-03-14', '09:00', '90'],
      ['2016-03-14', '13:00', '90'],
      ['2016-03-15', '10:00', '120'],
      ['2016-03-16', '10:00', '90'],
    ]);
  });

  it("shows the visits the libraries booked through their mails' links, each day's route in time order with the addresses, and who has not booked", async () => {
    api.stack.clock.set(BOOKING_REMINDER_DUE);
    for (const key of KEYS)
      tokenTo[contactOf(key)] = tokenIn(await firstMail(contactOf(key), /^Book jeres besøg/));
    const [monday9, monday13] = await publishedSlotIds();
    // Herning takes the afternoon first, Aabenraa the morning after it.
    await bookThroughLink('herning', monday13 ?? '');
    await bookThroughLink('aabenraa', monday9 ?? '');

    const visits = await reopenTab('Besøgsrunde');
    expect(
      await slot(visits, 1)
        .getByText(/^Booket af Aabenraa Bibliotek \(15\. feb\. 2016/)
        .count(),
    ).toBe(1);
    expect(
      await slot(visits, 2)
        .getByText(/^Booket af Herning Bibliotekerne \(15\. feb\. 2016/)
        .count(),
    ).toBe(1);
    expect(await slot(visits, 3).getByText('Ikke booket').count()).toBe(1);
    expect(await slot(visits, 4).getByText('Ikke booket').count()).toBe(1);

    const route = visits.getByRole('region', { name: 'Rute pr. dag' });
    expect(await route.locator('caption').allInnerTexts()).toEqual(['mandag 14. marts 2016']);
    expect(await cells(route.getByRole('table', { name: 'mandag 14. marts 2016' }))).toEqual([
      ['1.', 'kl. 9.00–10.30', 'Aabenraa Bibliotek', 'H.P. Hanssens Gade 7, 6200 Aabenraa'],
      ['2.', 'kl. 13.00–14.30', 'Herning Bibliotekerne', 'Brænderigården, Østergade 2, 7400 Herning'],
    ]);
    expect(
      await visits.getByRole('region', { name: 'Ikke booket' }).getByRole('listitem').allInnerTexts(),
    ).toEqual(['Sunds Bibliotek']);
    await screenshot(page, 'structure-visits-route');
  });

  it('refuses to drop a booked slot and names the library above the slots', async () => {
    const visits = panel('Besøgsrunde');
    await visits.getByRole('button', { name: 'Fjern tid 2' }).click();
    await visits.getByRole('button', { name: 'Gem besøgstider' }).click();
    await visits.getByRole('alert').getByText('Besøgstiderne kunne ikke gemmes').waitFor();
    expect(await visits.locator('#f-slots-error').textContent()).toBe(
      'En booket tid kan ikke fjernes; flyt først: Herning Bibliotekerne.',
    );
    expect(await publishedSlotIds()).toHaveLength(4);
    // Opened again, the tab shows what is published, not the refused edit.
    const again = await reopenTab('Besøgsrunde');
    expect(await again.getByRole('group', { name: /^Tid \d$/ }).count()).toBe(4);
  });

  it('says in an alert that a slot another library booked meanwhile cannot be had, then moves the visit to a free one', async () => {
    const visits = panel('Besøgsrunde');
    // While the coordinator has the tab open, Sunds books Tuesday's slot through its link.
    const [, , tuesday] = await publishedSlotIds();
    await bookThroughLink('sunds', tuesday ?? '');

    const newTime = visits.getByLabel('Ny tid for Herning Bibliotekerne');
    await newTime.selectOption({ label: 'tirsdag 15. marts 2016 kl. 10.00–12.00' });
    await visits.getByRole('button', { name: 'Flyt Herning Bibliotekerne' }).click();
    const alert = visits.getByRole('alert');
    await alert.getByText('Tiden kan ikke bookes: et andet bibliotek har allerede booket den.').waitFor();
    expect(await isFocused(alert)).toBe(true);
    // The page catches up with what happened meanwhile: the slot is Sunds's, and no longer offered.
    expect(
      await slot(visits, 3)
        .getByText(/^Booket af Sunds Bibliotek/)
        .count(),
    ).toBe(1);
    expect(await newTime.locator('option').allInnerTexts()).toEqual([
      'Vælg en ledig tid',
      'onsdag 16. marts 2016 kl. 10.00–11.30',
    ]);
    await screenshot(page, 'structure-visits-move-refused');

    await newTime.selectOption({ label: 'onsdag 16. marts 2016 kl. 10.00–11.30' });
    await visits.getByRole('button', { name: 'Flyt Herning Bibliotekerne' }).click();
    await visits
      .getByRole('status')
      .getByText('Herning Bibliotekerne er flyttet til onsdag 16. marts 2016 kl. 10.00–11.30.')
      .waitFor();
    expect(await alert.isHidden()).toBe(true);
    const route = visits.getByRole('region', { name: 'Rute pr. dag' });
    expect(await route.locator('caption').allInnerTexts()).toEqual([
      'mandag 14. marts 2016',
      'tirsdag 15. marts 2016',
      'onsdag 16. marts 2016',
    ]);
    expect(await cells(route.getByRole('table', { name: 'mandag 14. marts 2016' }))).toEqual([
      ['1.', 'kl. 9.00–10.30', 'Aabenraa Bibliotek', 'H.P. Hanssens Gade 7, 6200 Aabenraa'],
    ]);
    expect(await cells(route.getByRole('table', { name: 'tirsdag 15. marts 2016' }))).toEqual([
      ['1.', 'kl. 10.00–12.00', 'Sunds Bibliotek', 'Hovedgaden 50, 7451 Sunds'],
    ]);
    expect(await cells(route.getByRole('table', { name: 'onsdag 16. marts 2016' }))).toEqual([
      ['1.', 'kl. 10.00–11.30', 'Herning Bibliotekerne', 'Brænderigården, Østergade 2, 7400 Herning'],
    ]);
    expect(await slot(visits, 2).getByText('Ikke booket').count()).toBe(1);
    expect(
      await slot(visits, 4)
        .getByText(/^Booket af Herning Bibliotekerne/)
        .count(),
    ).toBe(1);
    expect(await visits.getByText('Alle biblioteker har booket et besøg.').count()).toBe(1);
  });

  it("shows in Prøvehandlinger the trial action a participant wrote through their mail's link, beside those not written yet", async () => {
    api.stack.clock.set(CASE_INVITATION_DUE);
    const anna = LIBRARIES.herning.participants[0].email;
    tokenTo[anna] = tokenIn(await firstMail(anna, /^Din prøvehandling/));
    const written = await throughLink(anna, 'PUT', '/link/case', {
      title: 'Læsecafé for ældre',
      description: 'En ugentlig læsecafé, planlagt sammen med de ældre selv.\nFørste gang i april.',
      partners: ['Ældre Sagen Herning', 'Lokalhistorisk Arkiv'],
      status: 'in-progress',
    });
    expect(written.status).toBe(200);

    const cases = await openTab('Prøvehandlinger');
    const deadlines = await cases.locator('dl.deadlines').textContent();
    expect(deadlines).toContain('inden 14. marts 2016');
    expect(deadlines).toContain('inden 13. juni 2016');
    expect(await cases.getByText('1 af 5 deltagere har beskrevet deres prøvehandling.').count()).toBe(1);
    expect(await cases.getByRole('heading', { level: 2 }).allInnerTexts()).toEqual([
      'Herning Bibliotekerne',
      'Sunds Bibliotek',
      'Aabenraa Bibliotek',
    ]);
    const herning = cases.getByRole('region', { name: 'Herning Bibliotekerne' });
    const facts = await herning
      .getByRole('article', { name: /Anna Holm/ })
      .locator('dl')
      .textContent();
    expect(facts).toContain('Læsecafé for ældre');
    expect(facts).toContain('Første gang i april.');
    expect(facts).toContain('Ældre Sagen Herning, Lokalhistorisk Arkiv');
    expect(facts).toMatch(/Status\s*I gang/);
    expect(facts).toMatch(/Senest opdateret\s*7\. marts 2016 kl\. 17\.0\d/);
    expect(await herning.getByRole('article', { name: /Bo Lund/ }).textContent()).toContain(
      'Ingen prøvehandling endnu',
    );
    expect(await cases.getByText('Ingen prøvehandling endnu').count()).toBe(4);
    await screenshot(page, 'structure-cases');
  });

  it('records who was present on the day that has begun, and keeps the days to come closed', async () => {
    const attendance = await openTab('Fremmøde');
    expect(await attendance.getByText('Kursusbeviserne sendes 25. august 2016 kl. 16.00').count()).toBe(1);
    const table = attendance.getByRole('table', { name: 'Fremmøde pr. deltager og dag' });
    expect(await table.getByRole('columnheader').allInnerTexts()).toEqual([
      'Deltager',
      expect.stringMatching(/^Kick off\s+7\. marts 2016$/),
      expect.stringMatching(/^Besøgsrunde\s+14\.–18\. marts 2016\s+Ikke begyndt endnu$/),
      expect.stringMatching(/^Midtvejsdag\s+10\. maj 2016\s+Ikke begyndt endnu$/),
      expect.stringMatching(/^Gruppevejledning\s+13\.–17\. juni 2016\s+Ikke begyndt endnu$/),
      expect.stringMatching(/^Afslutningsdag\s+25\. august 2016\s+Ikke begyndt endnu$/),
      'Kursusbevis',
    ]);
    for (const day of ['Besøgsrunde', 'Midtvejsdag', 'Gruppevejledning', 'Afslutningsdag']) {
      expect(await attendance.getByLabel(`Anna Holm til stede: ${day}`).isDisabled()).toBe(true);
      expect(await attendance.getByRole('button', { name: `Gem fremmøde for ${day}` }).isDisabled()).toBe(
        true,
      );
    }

    for (const name of ['Anna Holm', 'Bo Lund', 'Eva Kjær', 'Camilla Riis'])
      await attendance.getByLabel(`${name} til stede: Kick off`).check();
    await attendance.getByRole('button', { name: 'Gem fremmøde for Kick off' }).click();
    await attendance.getByRole('status').getByText('Fremmødet for Kick off er gemt.').waitFor();
    expect(await attendance.getByLabel('Bo Lund til stede: Kick off').isChecked()).toBe(true);
    expect(await attendance.getByLabel('Dennis Storm til stede: Kick off').isChecked()).toBe(false);
    const certificates = (await cells(table)).map((row) => row.at(-1));
    expect(certificates).toEqual(Array(5).fill('Opfylder ikke kravet'));

    // Opened again, the tab shows what the API stored.
    const again = await reopenTab('Fremmøde');
    const ticked = [];
    for (const { participants } of Object.values(LIBRARIES)) {
      for (const { name } of participants) {
        if (await again.getByLabel(`${name} til stede: Kick off`).isChecked()) ticked.push(name);
      }
    }
    expect(ticked).toEqual(['Anna Holm', 'Bo Lund', 'Eva Kjær', 'Camilla Riis']);
    await screenshot(page, 'structure-attendance');
  });

  it('saves the groups from the suggestion once a host is chosen and the date outside week 24, named at its field, is corrected', async () => {
    api.stack.clock.set(BEFORE_THE_GUIDANCE);
    const guidance = await openTab('Gruppevejledning');
    expect(await guidance.getByText('Gruppevejledning: 13.–17. juni 2016.').count()).toBe(1);
    expect(await guidance.locator('ol.suggestion li').allInnerTexts()).toEqual([
      'Aabenraa Bibliotek',
      'Herning Bibliotekerne, Sunds Bibliotek',
    ]);
    await guidance.getByRole('button', { name: 'Brug forslag' }).click();
    const one = guidance.getByRole('group', { name: 'Gruppe 1', exact: true });
    const two = guidance.getByRole('group', { name: 'Gruppe 2', exact: true });
    expect(await two.locator('.member').allInnerTexts()).toEqual([
      expect.stringContaining('Herning Bibliotekerne'),
      expect.stringContaining('Sunds Bibliotek'),
    ]);
    expect(await two.getByText('Mødested: Brænderigården, Østergade 2, 7400 Herning').count()).toBe(1);
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
    expect(await two.getByLabel('Dato').getAttribute('aria-invalid')).toBe('true');
    expect(await isFocused(two.getByLabel('Dato'))).toBe(true);
    expect(await guidance.locator('.field-error:not([hidden])').count()).toBe(1);
    expect((await coordinator.get(`/admin/courses/${SEED}/groups`)).body.groups).toEqual([]);
    await screenshot(page, 'structure-groups-refused');

    await two.getByLabel('Dato').fill('2016-06-16');
    await guidance.getByRole('button', { name: 'Gem grupper' }).click();
    await guidance.getByRole('status').getByText('Grupperne er gemt.').waitFor();
    expect((await coordinator.get(`/admin/courses/${SEED}/groups`)).body.groups).toEqual([
      {
        members: [idOf('aabenraa')],
        hostRegistrationId: idOf('aabenraa'),
        date: '2016-06-14',
        start: '10:00',
      },
      {
        members: [idOf('herning'), idOf('sunds')],
        hostRegistrationId: idOf('sunds'),
        date: '2016-06-16',
        start: '13:00',
      },
    ]);
    await screenshot(page, 'structure-groups-saved');

    // Opened again, the saved groups are where the coordinator starts: no suggestion to choose.
    const again = await reopenTab('Gruppevejledning');
    expect(await again.getByRole('button', { name: 'Brug forslag' }).count()).toBe(0);
    const saved = again.getByRole('group', { name: 'Gruppe 2', exact: true });
    expect(await saved.getByLabel('Vært').inputValue()).toBe(idOf('sunds'));
    expect(await saved.getByText('Mødested: Hovedgaden 50, 7451 Sunds').count()).toBe(1);
    expect(await saved.getByLabel('Dato').inputValue()).toBe('2016-06-16');
    expect(await saved.getByLabel('Starttid').inputValue()).toBe('13:00');
  });

  it('shows who meets the certificate requirement once the last teaching day is over and recorded', async () => {
    api.stack.clock.set(AFTER_THE_LAST_DAY);
    const attendance = await openTab('Fremmøde');
    expect(await attendance.getByText('Ikke begyndt endnu').count()).toBe(0);
    for (const name of ['Anna Holm', 'Eva Kjær', 'Camilla Riis'])
      await attendance.getByLabel(`${name} til stede: Midtvejsdag`).check();
    for (const name of ['Anna Holm', 'Bo Lund', 'Eva Kjær'])
      await attendance.getByLabel(`${name} til stede: Afslutningsdag`).check();
    await attendance.getByRole('button', { name: 'Gem fremmøde for Midtvejsdag' }).click();
    await attendance.getByRole('status').getByText('Fremmødet for Midtvejsdag er gemt.').waitFor();
    // Saving one day keeps the ticks of another that is not saved yet.
    expect(await attendance.getByLabel('Anna Holm til stede: Afslutningsdag').isChecked()).toBe(true);
    await attendance.getByRole('button', { name: 'Gem fremmøde for Afslutningsdag' }).click();
    await attendance.getByRole('status').getByText('Fremmødet for Afslutningsdag er gemt.').waitFor();

    const certificates = async (view: Locator) =>
      (await cells(view.getByRole('table', { name: 'Fremmøde pr. deltager og dag' }))).map((row) => [
        row[0],
        row.at(-1),
      ]);
    const expected = [
      ['Anna HolmHerning Bibliotekerne', 'Opfylder kravet'],
      ['Bo LundHerning Bibliotekerne', 'Opfylder ikke kravet'],
      ['Eva KjærSunds Bibliotek', 'Opfylder kravet'],
      ['Camilla RiisAabenraa Bibliotek', 'Opfylder ikke kravet'],
      ['Dennis StormAabenraa Bibliotek', 'Opfylder ikke kravet'],
    ];
    expect(await certificates(attendance)).toEqual(expected);
    await screenshot(page, 'structure-attendance-certificates');
    // Opened again, the same: what the API decided, not what the page remembered.
    expect(await certificates(await reopenTab('Fremmøde'))).toEqual(expected);
  });
});
