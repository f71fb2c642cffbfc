import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { buildInvoice } from '../../functions/domain/invoice.ts';
import { formatKroner } from '../../functions/domain/money.ts';
import { functionSpecs } from '../../functions/manifest.ts';
import { bundleBudgets, documentPackages, esbuildOptionsFor } from '../../lib/lambda-bundling.ts';
import { projectRoot } from '../../lib/project.ts';
import { EXAMPLE_SELLER, seedCourse } from '../support/fixtures.ts';
import { pdfText } from '../support/pdf-text.ts';
import { aRegistration } from '../support/registrations.ts';

const outdir = mkdtempSync(join(tmpdir(), 'bundle-budget-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The bundle's size and the packages in it, from esbuild's metafile, built as CDK builds it. */
async function bundleOf(entry: string) {
  const result = await build({ ...esbuildOptionsFor(entry), write: false, metafile: true, outdir });
  const [output] = Object.values(result.metafile.outputs);
  if (!output) throw new Error(`no output for ${entry}`);
  const packages = new Set(
    Object.keys(output.inputs).flatMap((path) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? []),
  );
  return { bytes: output.bytes, packages: [...packages] };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

describe('the Lambda bundles stay within their size budgets (esbuild metafile)', () => {
  it('has a budget for every function in the manifest', () => {
    expect(Object.keys(bundleBudgets).sort()).toEqual(functionSpecs.map((spec) => spec.id).sort());
  });

  it.each(functionSpecs.map((spec) => [spec.id, spec] as const))(
    '%s is within its budget',
    async (id, spec) => {
      const budget = bundleBudgets[id];
      const bundle = await bundleOf(spec.entry);
      expect(
        bundle.bytes,
        `${id}: ${kb(bundle.bytes)} > ${kb(budget?.bytes ?? 0)} (${budget?.reason})`,
      ).toBeLessThanOrEqual(budget?.bytes ?? 0);
      // PDF, MIME, calendar and XML code only where mail is sent or a document rendered; the PDF library
      // only in the two functions that render PDFs (the mailing functions invoke one of them).
      const rendersPdf = spec.id === 'InvoicePdf' || spec.invoiceRenderer === true;
      const rendersDocuments = spec.sendsMail === true || rendersPdf;
      const documentCode = bundle.packages.filter((name) => documentPackages.some((p) => name.startsWith(p)));
      if (!rendersDocuments) expect(documentCode, id).toEqual([]);
      if (!rendersPdf)
        expect(
          documentCode.filter((name) => name.includes('pdf-lib')),
          id,
        ).toEqual([]);
      // The SDK's default credential chain (and its nested STS/SSO clients) is replaced in every bundle.
      expect(
        bundle.packages.filter((name) => /credential-provider-(node|ini|sso)|nested-clients/.test(name)),
        id,
      ).toEqual([]);
    },
  );
});

/** Builds a small program with the Lambda bundling settings and runs it in a fresh Node, as Lambda would. */
async function runBundled(source: string, env: Record<string, string>): Promise<string> {
  const file = join(outdir, `program-${Math.random().toString(36).slice(2)}.mjs`);
  const { entryPoints: _unused, ...options } = esbuildOptionsFor('unused');
  await build({
    ...options,
    stdin: { contents: source, resolveDir: projectRoot, loader: 'ts' },
    outfile: file,
    logLevel: 'silent',
  });
  const run = spawnSync(process.execPath, [file], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, AWS_REGION: 'eu-north-1', AWS_EC2_METADATA_DISABLED: 'true', ...env },
  });
  expect(run.status, run.stderr.split('\n').slice(-8).join('\n')).toBe(0);
  return run.stdout;
}

describe('what the bundles replace still works in the bundle', () => {
  it('takes the credentials Lambda puts in the environment', async () => {
    const out = await runBundled(
      `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
       const credentials = await new DynamoDBClient({}).config.credentials();
       console.log(JSON.stringify({ id: credentials.accessKeyId, token: credentials.sessionToken }));`,
      {
        AWS_ACCESS_KEY_ID: 'ASIAROLEKEY',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'role-session',
      },
    );
    expect(JSON.parse(out)).toEqual({ id: 'ASIAROLEKEY', token: 'role-session' });
  });

  it('renders an invoice PDF that a PDF reader reads, with Node’s zlib in place of pako and only Helvetica’s metrics', async () => {
    const course = seedCourse();
    const invoice = buildInvoice(course, aRegistration({}, { course }), EXAMPLE_SELLER, {
      sequence: 1,
      issueDate: '2016-02-10',
    });
    const out = await runBundled(
      `import { renderInvoicePdf } from './functions/documents/invoice-pdf.ts';
       const pdf = await renderInvoicePdf(${JSON.stringify(invoice)});
       process.stdout.write(Buffer.from(pdf).toString('base64'));`,
      {},
    );
    const text = await pdfText(Buffer.from(out, 'base64'));
    expect(text).toContain('Faktura');
    expect(text).toContain('KURSUS-0001');
    expect(text).toContain(formatKroner(invoice.total));
  });
});
