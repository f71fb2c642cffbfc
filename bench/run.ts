/**
 * `npm run bench`: every benchmark of issue [7/8] (and [2/8]'s mail bar), each in its own Node process,
 * one table on the console and in BENCHMARKS.md with the machine and the command behind each figure.
 *
 *   npm run bench                         (all; the reminder fan-out alone takes ~12 minutes)
 *   BENCH_ONLY=bundles,invoice-pdf npm run bench     (re-measures those; the others' rows stay as they were)
 *
 * The rows of every measure are kept in bench/results.json, so a re-run of one measure updates its rows
 * and BENCHMARKS.md is written again from all of them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { type BenchRow, printRows } from './support.ts';

const MEASURES = [
  'bundles',
  'signup-overhead',
  'coordinator-scale',
  'reminder-fanout',
  'invoice-pdf',
  'mail-latency',
] as const;

const ROOT = join(import.meta.dirname, '..');
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
const selected = MEASURES.filter((name) => !only || only.includes(name));
const dir = mkdtempSync(join(tmpdir(), 'bench-run-'));
const RESULTS = join(ROOT, 'bench', 'results.json');
type Results = Record<string, { measuredOn: string; rows: BenchRow[] }>;
const results: Results = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Results) : {};
const rows: BenchRow[] = [];
const failed: string[] = [];

try {
  for (const name of selected) {
    console.log(`\n— ${name}`);
    const rowsFile = join(dir, `${name}.json`);
    // No NODE_EXTRA_CA_CERTS: it adds ~50 ms to every Node start here, and Lambda has none.
    const { NODE_EXTRA_CA_CERTS: _certs, ...env } = process.env;
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', `${name}.ts`)], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...env, BENCH_ROWS_FILE: rowsFile },
    });
    if (run.status !== 0) {
      failed.push(name);
      continue;
    }
    const measured = JSON.parse(readFileSync(rowsFile, 'utf8')) as BenchRow[];
    rows.push(...measured);
    results[name] = { measuredOn: new Date().toISOString().slice(0, 10), rows: measured };
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);

const NOTES = `
## What was changed to meet the targets

- Bundles: \`zod/mini\` instead of \`zod\` (~65 KB less; it has no locale, so one Danish error map serves
  every parse); the SDK's default credential chain replaced in the bundles by the environment provider
  Lambda's credentials come from (~130 KB and a third of the import time: no nested STS/SSO clients);
  Intl formatters built on first use (a time-zone formatter costs ~10 ms at import); the table layout
  split from the function manifest; fast-xml-builder (~22 KB) instead of xmlbuilder2 and its DOM
  (~300 KB); ical-generator (~36 KB) instead of ics with yup (~79 KB); Node's zlib for pako and no PNG
  decoder in the bundles; module-first main fields and no source maps, as before. The functions that mail
  invoices (OnRegistrationChange, Sweep) no longer carry pdf-lib: they invoke RenderInvoicePdf for each
  PDF (~260 KB less each), and the PDF bundles carry the metrics of the two fonts the documents use instead
  of all 14 (~90 KB less), unpacked with Node's base64 and zlib; amounts are formatted without ICU's
  Danish data. A fresh process's first PDF fell from 60–105 ms to 40–60 ms on this machine; every later one
  takes 3–5 ms.
- Signup path: the course definition alone is read (not its counters, which the transaction checks), an
  instance keeps it five seconds, and the idempotency record is read only for a retry after the
  deadline: a first attempt is one read and one transaction.
- Coordinator scale: the participant export reads a Query page at a time and keeps finished CSV rows
  only.
- Reminders: one mail rendered at a time, registrations found by id in a map, a pacer that holds any one
  second to the cap, and a run that stops 30 s before Lambda's end (15 minutes for the reminder function).

## What still misses, and why

- The CSV export is complete in memory at the end (an HTTP API Lambda response is one string, at most
  6 MB); what is bounded is everything else: one Query page of registrations at a time.
`;

const cell = (text: string) => text.replaceAll('|', '\\|');
const verdict = (row: BenchRow) => (row.met === undefined ? '' : row.met ? 'met' : '**missed**');
const table = [
  '| # | What | Figure | Target | | Measured | Reproduce |',
  '|---|---|---|---|---|---|---|',
  ...MEASURES.flatMap((name) =>
    (results[name]?.rows ?? []).map(
      (row) =>
        `| ${row.measure} | ${cell(row.what)} | ${cell(row.figure)} | ${cell(row.target)} | ${verdict(row)} | ${results[name]?.measuredOn} | \`${row.command}\` |`,
    ),
  ),
].join('\n');
const cpu = cpus();
const machine = `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${process.platform} ${process.arch}, Node ${process.version}`;

writeFileSync(
  join(ROOT, 'BENCHMARKS.md'),
  `# Benchmarks

Written by \`npm run bench\` from \`bench/results.json\`; each row names the command that reproduces it
alone, and the day it was measured. Figures are medians over repeated runs unless they say otherwise;
ratios compare two things measured side by side in the same run, because this machine is shared and
noisy. Targets are issue [7/8]'s (and [2/8]'s mail bar); they are checked here, never by timed unit tests.
A CI test holds every Lambda bundle to its size budget (\`test/infra/bundle-budget.test.ts\`, budgets in
\`lib/lambda-bundling.ts\`).

Machine: ${machine}. Local stand-ins: DynamoDB Local (Java), the local SES, the local HTTP server.

${table}
${failed.length > 0 ? `\nNot measured in the last run (the script failed): ${failed.join(', ')}.\n` : ''}${NOTES}`,
);

console.log('\n');
printRows(rows);
if (failed.length > 0) console.log(`\nfailed: ${failed.join(', ')}`);
process.exit(failed.length > 0 ? 1 : 0);
