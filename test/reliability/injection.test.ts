import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { untilSwept } from '../support/background-work.ts';
import { launchBrowser } from '../support/browser.ts';
import { asCoordinator, LOCAL_COORDINATOR } from '../support/coordinator.ts';
import { courseVariant, registrationBody, WHILE_OPEN, withLibrary } from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { attachment, sentMails } from '../support/mail-store.ts';
import { pdfText } from '../support/pdf-text.ts';
import { recordFigure } from './figures.ts';

/** Text from the public form that tries to be markup, script or a spreadsheet formula. */
const HOSTILE = {
  library: '<script>alert("bib")</script> & Co',
  contact: '=HYPERLINK("http://evil.example")',
  participant: '<img src=x onerror=alert(1)>',
  jobTitle: '+SUM(1;2)',
  dietary: '@kommando',
  reference: '-2+3',
};

const course = courseVariant('injection', { capacity: undefined });
let api: TestApi;
let registrationId: string;

beforeAll(async () => {
  api = await startTestApi({ now: WHILE_OPEN, courses: [course] });
  const body = withLibrary(
    registrationBody({
      contact: { name: HOSTILE.contact, email: 'kontakt@example.dk', phone: '+45 12 34 56 78' },
      participants: [
        {
          name: HOSTILE.participant,
          email: 'deltager@example.dk',
          jobTitle: HOSTILE.jobTitle,
          dietaryNeeds: HOSTILE.dietary,
        },
      ],
      invoiceReference: HOSTILE.reference,
    }),
    { name: HOSTILE.library },
  );
  const created = await api.post(`/courses/${course.id}/registrations`, body);
  expect(created.status).toBe(201);
  registrationId = created.body.registration.id;
  await untilSwept(
    api.stack,
    async () => (await api.itemsOfCourse(course.id)).find((item) => item.type === 'registration'),
    (registration) => registration?.invoiceNumber !== undefined && registration.owedPk === undefined,
    'the mails and the invoice',
  );
});
afterAll(() => api.stop());

describe('text from the public form that looks like markup, script or a formula', () => {
  it('is escaped in every mail’s HTML and kept as typed in its text part', async () => {
    const mails = await sentMails(api.stack.mailUrl);
    expect(mails.length).toBeGreaterThanOrEqual(3);
    for (const mail of mails) {
      const html = mail.body.html ?? '';
      expect(html, mail.subject).not.toMatch(/<script|<img/i);
    }
    const confirmation = mails.find((m) => m.subject.startsWith('Tilmelding bekræftet'));
    expect(confirmation?.body.html).toContain('&lt;script&gt;');
    expect(confirmation?.body.text).toContain(HOSTILE.library);
    expect(mails.find((m) => m.subject.startsWith('Velkommen'))?.body.html).toContain('&lt;img src=x');
  });

  it('is printed literally on the invoice PDF', async () => {
    const invoiceMail = (await sentMails(api.stack.mailUrl)).find((m) => m.subject.startsWith('Faktura '));
    const text = (
      await pdfText(attachment(invoiceMail as NonNullable<typeof invoiceMail>, /\.pdf$/))
    ).replace(/\s+/g, ' ');
    expect(text).toContain('<script>alert("bib")</script> & Co');
    expect(text).toContain(HOSTILE.reference);
  });

  it('cannot run as a formula in the participant CSV', async () => {
    const coordinator = await asCoordinator(api.stack);
    const csv = (await coordinator.get(`/admin/courses/${course.id}/participants.csv`)).text;
    const row = csv.slice(1).split('\r\n')[1] ?? '';
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    // It holds the separator too, so it is also quoted.
    expect(row).toContain(`"'+SUM(1;2)"`);
    expect(row).toContain(`'@kommando`);
    expect(row).toContain(`'-2+3`);
  });

  it('shows as plain text in the coordinator’s dashboard, running nothing', async () => {
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', async (dialog) => {
        dialogs.push(dialog.message());
        await dialog.dismiss();
      });
      await page.goto(`${api.stack.url}/admin/?kursus=${course.id}`);
      await page.getByLabel('Brugernavn').fill(LOCAL_COORDINATOR.username);
      await page.getByLabel('Adgangskode', { exact: true }).fill(LOCAL_COORDINATOR.password);
      await page.getByRole('button', { name: 'Log ind' }).click();
      await page.getByRole('button', { name: HOSTILE.library }).click();
      const detail = page.locator('section.detail');
      await detail.getByRole('heading', { name: HOSTILE.library }).waitFor();
      // The contact as text, the participant as the value of its editable row: both exactly as typed.
      await detail.getByText(HOSTILE.contact).first().waitFor();
      const inputs = await detail.locator('input').all();
      const values = await Promise.all(inputs.map((input) => input.inputValue()));
      expect(values).toContain(HOSTILE.participant);
      expect(await page.locator('section.detail img, section.detail script').count()).toBe(0);
      expect(dialogs).toEqual([]);
      recordFigure({
        area: 'bad input',
        what: 'markup, script and formulas from the form',
        figure: `escaped in ${(await sentMails(api.stack.mailUrl)).length} mails, literal on the PDF, neutralised in the CSV, inert in the dashboard (registration ${registrationId.slice(0, 8)}…)`,
      });
    } finally {
      await browser?.close();
    }
  });
});
