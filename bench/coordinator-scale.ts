/**
 * Issue [7/8], measure 3: the coordinator's list and participant export for a course with 5,000
 * registrations (25,000 participants), over HTTP on the local stack. Query pagination only; the export
 * keeps one Query page of registrations in memory at a time, so its heap grows with the CSV, not with
 * the registrations.
 *
 *   npx tsx bench/coordinator-scale.ts       (BENCH_REGISTRATIONS=N, default 5000)
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startLocalStack } from '../local/runtime.ts';
import { courseVariant } from '../test/support/fixtures.ts';
import { seedRegistrations } from './seed.ts';
import { type BenchRow, median, ms, quietRuntime, runIfMain } from './support.ts';

const REGISTRATIONS = Number(process.env.BENCH_REGISTRATIONS ?? 5000);
const PARTICIPANTS = 5;
const RUNS = 5;
const COMMAND = 'npx tsx bench/coordinator-scale.ts';
const NOW = new Date('2016-01-20T10:00:00+01:00');

const gc: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** What is alive on the heap above `base`, after a full collection: garbage not yet collected is not counted. */
function liveAbove(base: number): number {
  gc();
  return process.memoryUsage().heapUsed - base;
}

type Store = import('../functions/app/ports.ts').CourseCatalogue &
  import('../functions/app/ports.ts').Registrations;

/** The export as it runs, with the live heap taken after every Query page: its largest value. */
async function livePeakPaged(store: Store, courseId: string): Promise<number> {
  const { participantExport } = await import('../functions/app/coordinator-queries.ts');
  const base = liveAbove(0);
  let peak = 0;
  const watched: Store = Object.create(store);
  watched.pageRegistrations = async (...args) => {
    const page = await store.pageRegistrations(...args);
    peak = Math.max(peak, liveAbove(base));
    return page;
  };
  const csv = await participantExport({ store: watched }, courseId);
  const live = liveAbove(base);
  // Used after the measurement, so the CSV is counted as alive in it.
  if (csv.length === 0) throw new Error('empty export');
  return Math.max(peak, live);
}

/** The same CSV made from every registration read first: the live heap once they are all read. */
async function livePeakWhole(store: Store, courseId: string): Promise<number> {
  const { participantsCsv } = await import('../functions/domain/coordinator-view.ts');
  const base = liveAbove(0);
  const registrations = await store.listRegistrations(courseId);
  const read = liveAbove(base);
  const csv = participantsCsv(registrations);
  const live = liveAbove(base);
  if (csv.length === 0 || registrations.length === 0) throw new Error('empty export');
  return Math.max(read, live);
}

export async function measure(): Promise<BenchRow[]> {
  quietRuntime();
  const course = courseVariant('bench-scale', { capacity: undefined });
  const stack = await startLocalStack({ port: 0, now: NOW, courses: [course], background: false });
  try {
    const seeded = performance.now();
    await seedRegistrations(course, REGISTRATIONS, PARTICIPANTS, NOW);
    const seedMs = performance.now() - seeded;
    const token = await stack.auth.token();
    const { composeDependencies } = await import('../functions/compose.ts');
    const { store } = composeDependencies();
    const get = async (path: string) => {
      const response = await fetch(`${stack.url}/admin/courses/${course.id}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      return response;
    };

    const listAll = async () => {
      let rows = 0;
      let cursor: string | undefined;
      do {
        const page = (await (
          await get(`/registrations?limit=200${cursor ? `&cursor=${cursor}` : ''}`)
        ).json()) as { items: unknown[]; nextCursor?: string };
        rows += page.items.length;
        cursor = page.nextCursor;
      } while (cursor);
      return rows;
    };
    const timed = async <T>(task: () => Promise<T>) => {
      const started = performance.now();
      const result = await task();
      return { result, ms: performance.now() - started };
    };

    const list: number[] = [];
    const search: number[] = [];
    const exportMs: number[] = [];
    const totals: number[] = [];
    const paged: number[] = [];
    const whole: number[] = [];
    let csvBytes = 0;
    let csvLines = 0;
    let listed = 0;
    for (let run = 0; run < RUNS; run++) {
      const all = await timed(listAll);
      listed = all.result;
      list.push(all.ms);
      // A search that matches nothing reads the whole partition before it can answer: the worst page.
      search.push((await timed(() => get('/registrations?limit=50&q=ingen-s%C3%A5dan'))).ms);
      totals.push((await timed(() => get('/totals'))).ms);
      const exported = await timed(async () => (await get('/participants.csv')).text());
      exportMs.push(exported.ms);
      csvBytes = Buffer.byteLength(exported.result);
      csvLines = exported.result.split('\r\n').length - 2;
      // Memory, in this process without HTTP: the export as it is (a Query page at a time) beside the same
      // CSV made from every registration read first.
      paged.push(await livePeakPaged(store, course.id));
      whole.push(await livePeakWhole(store, course.id));
    }
    if (listed !== REGISTRATIONS || csvLines !== REGISTRATIONS * PARTICIPANTS) {
      throw new Error(
        `listed ${listed}, exported ${csvLines} participants: expected ${REGISTRATIONS}, ${REGISTRATIONS * PARTICIPANTS}`,
      );
    }
    const scale = `${REGISTRATIONS} registrations, ${REGISTRATIONS * PARTICIPANTS} participants`;
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    return [
      {
        measure: '3',
        what: `participant CSV export, ${scale}`,
        figure: `${ms(median(exportMs))} median of ${RUNS}`,
        target: '≤ 2 s',
        met: median(exportMs) <= 2000,
        command: COMMAND,
      },
      {
        measure: '3',
        what: 'export memory: most live heap (after a full GC) while exporting',
        figure: `${mb(median(paged))} a Query page at a time vs ${mb(median(whole))} reading every registration first (CSV: ${mb(csvBytes)})`,
        target: 'bounded: the CSV so far and one page',
        met: median(paged) < median(whole) / 2,
        command: COMMAND,
      },
      {
        measure: '3',
        what: `list every registration, 200 per page (${Math.ceil(REGISTRATIONS / 200)} requests)`,
        figure: `${ms(median(list))} in all`,
        target: 'Query pagination only',
        met: undefined,
        command: COMMAND,
      },
      {
        measure: '3',
        what: 'a search matching nothing (reads the whole partition)',
        figure: ms(median(search)),
        target: 'reported',
        met: undefined,
        command: COMMAND,
      },
      {
        measure: '3',
        what: 'course totals',
        figure: ms(median(totals)),
        target: 'reported',
        met: undefined,
        command: COMMAND,
      },
      {
        measure: '3',
        what: 'seeding (store transactions, 8 at a time)',
        figure: `${(seedMs / 1000).toFixed(1)} s`,
        target: 'setup, reported',
        met: undefined,
        command: COMMAND,
      },
    ];
  } finally {
    await stack.stop();
  }
}

await runIfMain(import.meta.url, measure);
