/**
 * Issue [7/8], measure 5: rendering an invoice PDF, as the Lambda bundle does it (esbuild with the Lambda
 * settings, so Node's zlib stands in for pako), in a fresh Node process: the first render (fonts unpacked)
 * and the median of the following ones, and the document's size.
 *
 *   npx tsx bench/invoice-pdf.ts             (BENCH_RENDERS=N, default 200)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { buildCreditNote, buildInvoice } from '../functions/domain/invoice.ts';
import { esbuildOptionsFor } from '../lib/lambda-bundling.ts';
import { projectRoot } from '../lib/project.ts';
import { EXAMPLE_SELLER, seedCourse } from '../test/support/fixtures.ts';
import { aRegistration } from '../test/support/registrations.ts';
import { type BenchRow, kb, median, ms, runIfMain } from './support.ts';

const RENDERS = Number(process.env.BENCH_RENDERS ?? 200);
const COMMAND = 'npx tsx bench/invoice-pdf.ts';

export async function measure(): Promise<BenchRow[]> {
  const course = seedCourse();
  const invoice = buildInvoice(course, aRegistration({}, { course, participantCount: 5 }), EXAMPLE_SELLER, {
    sequence: 1,
    issueDate: '2016-02-10',
  });
  const creditNote = buildCreditNote(invoice, { sequence: 1, issueDate: '2016-02-20' });
  const dir = mkdtempSync(join(tmpdir(), 'bench-pdf-'));
  try {
    const file = join(dir, 'render.mjs');
    const { entryPoints: _none, ...options } = esbuildOptionsFor('none');
    await build({
      ...options,
      stdin: {
        contents: `import { renderInvoicePdf } from './functions/documents/invoice-pdf.ts';
          const documents = ${JSON.stringify([invoice, creditNote])};
          const times = []; const sizes = [];
          for (let i = 0; i < ${RENDERS}; i++) {
            const started = performance.now();
            const pdf = await renderInvoicePdf(documents[i % 2]);
            times.push(performance.now() - started);
            sizes.push(pdf.byteLength);
          }
          console.log(JSON.stringify({ times, sizes }));`,
        resolveDir: projectRoot,
        loader: 'ts',
      },
      outfile: file,
      logLevel: 'silent',
    });
    const run = spawnSync(process.execPath, [file], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    if (run.status !== 0) throw new Error(run.stderr);
    const { times, sizes } = JSON.parse(run.stdout) as { times: number[]; sizes: number[] };
    const [first = Number.NaN, ...rest] = times;
    const largest = Math.max(...sizes);
    return [
      {
        measure: '5',
        what: `invoice/credit note PDF render, median of ${rest.length} after the first`,
        figure: ms(median(rest)),
        target: '≤ 50 ms',
        met: median(rest) <= 50,
        command: COMMAND,
      },
      {
        // Once per process (a Lambda instance's first render): JIT, pdf-lib's set-up, the fonts' metrics.
        measure: '5',
        what: 'the first render in a fresh process',
        figure: ms(first),
        target: 'reported',
        met: undefined,
        command: COMMAND,
      },
      {
        measure: '5',
        what: 'invoice PDF size (5 participants), largest',
        figure: kb(largest),
        target: '≤ 100 KB',
        met: largest <= 100 * 1024,
        command: COMMAND,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await runIfMain(import.meta.url, measure);
