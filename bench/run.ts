/**
 * `npm run bench`: every benchmark of issue [7/8] (and [2/8]'s mail bar), each in its own Node process,
 * one table on the console and in BENCHMARKS.md with the machine and the command behind each figure.
 *
 *   npm run bench                         (all; the reminder fan-out alone takes ~12 minutes)
 *   BENCH_ONLY=bundles,invoice-pdf npm run bench
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    rows.push(...(JSON.parse(readFileSync(rowsFile, 'utf8')) as BenchRow[]));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const cell = (text: string) => text.replaceAll('|', '\\|');
const verdict = (row: BenchRow) => (row.met === undefined ? '' : row.met ? 'met' : '**missed**');
const table = [
  '| # | What | Figure | Target | | Reproduce |',
  '|---|---|---|---|---|---|',
  ...rows.map(
    (row) =>
      `| ${row.measure} | ${cell(row.what)} | ${cell(row.figure)} | ${cell(row.target)} | ${verdict(row)} | \`${row.command}\` |`,
  ),
].join('\n');
const cpu = cpus();
const machine = `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${process.platform} ${process.arch}, Node ${process.version}`;

if (!only) {
  writeFileSync(
    join(ROOT, 'BENCHMARKS.md'),
    `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}; each row names the command that
reproduces it alone. Figures are medians over repeated runs unless they say otherwise; ratios compare
two things measured side by side in the same run, because this machine is shared and noisy. Targets are
issue [7/8]'s (and [2/8]'s mail bar); they are checked here, never by timed unit tests. A CI test holds
every Lambda bundle to its size budget (\`test/infra/bundle-budget.test.ts\`, budgets in
\`lib/lambda-bundling.ts\`).

Machine: ${machine}. Local stand-ins: DynamoDB Local (Java), the local SES, the local HTTP server.

${table}
${failed.length > 0 ? `\nNot measured (the script failed): ${failed.join(', ')}.\n` : ''}`,
  );
}

console.log('\n');
printRows(rows);
if (failed.length > 0) console.log(`\nfailed: ${failed.join(', ')}`);
process.exit(failed.length > 0 ? 1 : 0);
