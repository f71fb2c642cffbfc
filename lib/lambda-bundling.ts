import { join } from 'node:path';
import { projectRoot } from './project.ts';

/**
 * How every Lambda bundle is built: one definition for NodejsFunction (table-function.ts), the size budget
 * test and the benchmark, so the figures checked are the deployed bundles'.
 */
export const lambdaBundling = {
  target: 'node22',
  minify: true,
  // Prefer packages' ESM builds: measured ~37% smaller bundles and ~40% faster import than the default.
  mainFields: ['module', 'main'],
  // CommonJS dependencies that call require() need it defined inside an ES module bundle.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  /** Packages replaced in the bundles only; each shim says why it is safe in Lambda. */
  alias: Object.fromEntries(
    ['@aws-sdk/credential-provider-node', 'pako', '@pdf-lib/upng', '@pdf-lib/standard-fonts'].map((name) => [
      name,
      join(projectRoot, 'functions/bundle-shims', `${name.split('/').pop()}.ts`),
    ]),
  ),
};

/** The same settings as esbuild's own build options (ESM, Node, SDK bundled). */
export function esbuildOptionsFor(entry: string) {
  return {
    entryPoints: [join(projectRoot, entry)],
    bundle: true,
    format: 'esm' as const,
    platform: 'node' as const,
    target: lambdaBundling.target,
    minify: lambdaBundling.minify,
    mainFields: [...lambdaBundling.mainFields],
    banner: { js: lambdaBundling.banner },
    alias: { ...lambdaBundling.alias },
  };
}

const KB = 1024;

/**
 * Size budgets for the minified bundles (issue [7/8]): the signup and coordinator paths stay near the bare
 * DynamoDB client, mail and invoice code at most 700 KB. pdf-lib (~260 KB with two fonts' metrics) is only
 * in the two functions that render PDFs; the ones that mail invoices invoke RenderInvoicePdf for them. A test
 * checks every function against this (test/infra/bundle-budget.test.ts).
 */
export const bundleBudgets: Record<string, { bytes: number; reason: string }> = {
  GetCourse: { bytes: 400 * KB, reason: 'signup path' },
  CreateRegistration: { bytes: 400 * KB, reason: 'signup path' },
  OpenApiDocument: { bytes: 400 * KB, reason: 'API description' },
  CoordinatorQueries: { bytes: 400 * KB, reason: 'coordinator' },
  CoordinatorCommands: { bytes: 400 * KB, reason: 'coordinator' },
  SaveCourse: { bytes: 400 * KB, reason: 'coordinator' },
  SyncReminderSchedules: { bytes: 400 * KB, reason: 'deploy-time, no mail' },
  CourseStructure: { bytes: 400 * KB, reason: 'coordinator' },
  ParticipantLinks: { bytes: 400 * KB, reason: 'public link pages' },
  SendReminder: { bytes: 700 * KB, reason: 'mail (MIME, ICS)' },
  InvoicePdf: { bytes: 700 * KB, reason: 'invoice PDF' },
  RenderInvoicePdf: { bytes: 700 * KB, reason: 'invoice and certificate PDF' },
  OnCourseStructureChange: { bytes: 700 * KB, reason: 'mail (MIME, ICS)' },
  OnRegistrationChange: { bytes: 700 * KB, reason: 'mail (MIME, ICS, OIOUBL)' },
  Sweep: { bytes: 700 * KB, reason: 'mail (MIME, ICS, OIOUBL)' },
};

/** Packages that only the functions that mail or render documents may carry. */
export const documentPackages = ['pdf-lib', '@pdf-lib/', 'nodemailer', 'ical-generator', 'fast-xml-builder'];
