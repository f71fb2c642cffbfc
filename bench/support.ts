/** Shared by the benchmarks: order statistics, a row format for the report, and a runner for one measure. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface BenchRow {
  /** Which measure of issue [7/8] (1–5) or the earlier mail-latency bar. */
  measure: string;
  what: string;
  figure: string;
  target: string;
  /** undefined: reported, no target. */
  met: boolean | undefined;
  /** What reproduces the figure. */
  command: string;
}

export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

export const median = (values: readonly number[]) => quantile(values, 0.5);

export const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;
export const ratio = (value: number) => `${value.toFixed(2)}×`;
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

/** Runs `tasks` with at most `concurrency` in flight, and returns each one's duration in ms. */
export async function timedPool(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<{ durations: number[]; wallMs: number }> {
  const durations: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t = performance.now();
        await task(i);
        durations.push(performance.now() - t);
      }
    }),
  );
  return { durations, wallMs: performance.now() - started };
}

export function printRows(rows: readonly BenchRow[]): void {
  for (const row of rows) {
    const verdict = row.met === undefined ? '' : row.met ? '  ✓' : '  ✗ misses';
    console.log(`[${row.measure}] ${row.what}: ${row.figure}   (target: ${row.target})${verdict}`);
  }
}

/**
 * Lets a measure run on its own (`tsx bench/<measure>.ts`). bench/run.ts runs each in its own process (a
 * local stack's handlers read their environment once per process) and reads its rows from BENCH_ROWS_FILE.
 */
export async function runIfMain(moduleUrl: string, measure: () => Promise<BenchRow[]>): Promise<void> {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  const rows = await measure();
  printRows(rows);
  if (process.env.BENCH_ROWS_FILE) writeFileSync(process.env.BENCH_ROWS_FILE, JSON.stringify(rows));
  process.exit(0);
}

/** Quiet SDK and handler logs while measuring: they are noise here, and cost time. */
export function quietRuntime(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
}
