import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { fieldId } from '../../web/src/field-id.ts';

/** Debian's Chromium (installed by .ci/run); playwright-core never downloads a browser of its own. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const ARTIFACTS_DIR = join(import.meta.dirname, '../../test-artifacts/browser');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // No sandbox as root in CI; no background traffic on a machine without internet.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A full-page screenshot kept as a test artefact (test-artifacts/browser/<name>.png). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}

/**
 * Types a registration body into the form field by field (each field found by the id the form derives
 * from the API path), adding participant rows with the form's own button.
 */
export async function typeRegistration(page: Page, body: Record<string, unknown>): Promise<void> {
  const participants = (body.participants as unknown[] | undefined) ?? [];
  for (let i = 1; i < participants.length; i++)
    await page.getByRole('button', { name: 'Tilføj deltager' }).click();
  for (const [path, value] of leaves(body)) {
    const control = page.locator(`#${fieldId(path)}`);
    if (typeof value === 'boolean') await control.setChecked(value);
    else await control.fill(String(value));
  }
}

function leaves(value: unknown, prefix = ''): [string, unknown][] {
  if (value === null || typeof value !== 'object') return [[prefix, value]];
  return Object.entries(value).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key));
}
