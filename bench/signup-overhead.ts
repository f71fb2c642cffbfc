/**
 * Issue [7/8], measure 2: POST /courses/{id}/registrations through the local HTTP server (validation,
 * course read, idempotency read, the transaction, the receipt) beside the same TransactWriteItems issued
 * by the store straight to the embedded DynamoDB, at concurrency 1 and 32, interleaved in one run.
 *
 *   npx tsx bench/signup-overhead.ts        (BENCH_SIGNUP_BLOCK=N signups per block, default 400)
 */
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { fingerprintOf } from '../functions/app/register.ts';
import { mailedAddresses } from '../functions/domain/flood-limits.ts';
import { startLocalStack } from '../local/runtime.ts';
import {
  courseVariant,
  registrationBody,
  seedCourse,
  validEan,
  withLibrary,
} from '../test/support/fixtures.ts';
import { aRegistration } from '../test/support/registrations.ts';
import { type BenchRow, median, ms, quantile, quietRuntime, ratio, runIfMain, timedPool } from './support.ts';

const SIGNUPS = Number(process.env.BENCH_SIGNUP_BLOCK ?? 400);
const COMMAND = 'npx tsx bench/signup-overhead.ts';
const NOW = new Date('2016-01-20T10:00:00+01:00');

export async function measure(): Promise<BenchRow[]> {
  quietRuntime();
  const course = courseVariant('bench-signup', { capacity: undefined });
  // Every request comes from 127.0.0.1: the per-source limit would stop the run, not measure it.
  const stack = await startLocalStack({
    port: 0,
    now: NOW,
    courses: [course],
    background: false,
    floodLimits: { registrationsPerAddress: 1_000_000, signupsPerSourcePerHour: 1_000_000 },
  });
  try {
    const { composeDependencies } = await import('../functions/compose.ts');
    const { store } = composeDependencies();
    let libraries = 0;
    const body = () => withLibrary(registrationBody({}, 3), { ean: validEan(++libraries, '579810') });

    const viaHttp = async () => {
      const payload = JSON.stringify(body());
      return async () => {
        const response = await fetch(`${stack.url}/courses/${course.id}/registrations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: payload,
        });
        if (response.status !== 201) throw new Error(`signup answered ${response.status}`);
        await response.arrayBuffer();
      };
    };
    // The same items the use case writes, built beforehand: only the transaction is timed.
    const direct = async () => {
      const input = body();
      const registration = aRegistration(
        { id: uuidv7(), courseId: 'bench-signup-raw', createdAt: NOW.toISOString() },
        { course: seedCourse(), participantCount: 3, body: input },
      );
      const request = {
        registration,
        participantCapacity: undefined,
        // The same flood counters the use case writes: one per mailed address, one for the source.
        floodLimits: {
          addresses: mailedAddresses(registration),
          perAddress: 1_000_000,
          source: { address: '127.0.0.1', now: NOW, max: 1_000_000 },
        },
        idempotency: {
          key: randomUUID(),
          fingerprint: fingerprintOf(registration.courseId, input),
          now: NOW,
          expiresAt: new Date(NOW.getTime() + 86_400_000),
        },
      };
      return async () => {
        const outcome = await store.saveRegistration(request);
        if (outcome.kind !== 'saved') throw new Error(`raw write: ${outcome.kind}`);
      };
    };

    const block = async (make: () => Promise<() => Promise<void>>, concurrency: number) => {
      const tasks = await Promise.all(Array.from({ length: SIGNUPS }, make));
      return timedPool(SIGNUPS, concurrency, (i) => (tasks[i] as () => Promise<void>)());
    };
    // Warm up both paths (JIT, connections, DynamoDB Local's own warm-up), then alternate.
    await block(viaHttp, 8);
    await block(direct, 8);
    const rows: BenchRow[] = [];
    for (const concurrency of [1, 32]) {
      const http: number[] = [];
      const raw: number[] = [];
      let httpWall = 0;
      let rawWall = 0;
      for (let round = 0; round < 2; round++) {
        const h = await block(viaHttp, concurrency);
        const r = await block(direct, concurrency);
        http.push(...h.durations);
        raw.push(...r.durations);
        httpWall += h.wallMs;
        rawWall += r.wallMs;
      }
      const p50 = median(http) / median(raw);
      const p99 = quantile(http, 0.99) / quantile(raw, 0.99);
      rows.push(
        {
          measure: '2',
          what: `signup POST vs raw TransactWriteItems, c=${concurrency}, p50`,
          figure: `${ms(median(http))} vs ${ms(median(raw))} = ${ratio(p50)}`,
          target: '≤ 1.5×',
          met: p50 <= 1.5,
          command: COMMAND,
        },
        {
          measure: '2',
          what: `signup POST vs raw TransactWriteItems, c=${concurrency}, p99`,
          figure: `${ms(quantile(http, 0.99))} vs ${ms(quantile(raw, 0.99))} = ${ratio(p99)}`,
          target: '≤ 2×',
          met: p99 <= 2,
          command: COMMAND,
        },
        {
          measure: '2',
          what: `signup throughput, c=${concurrency}`,
          figure: `${((http.length / httpWall) * 1000).toFixed(0)} signups/s over HTTP, ${((raw.length / rawWall) * 1000).toFixed(0)} raw writes/s`,
          target: 'reported',
          met: undefined,
          command: COMMAND,
        },
      );
    }
    return rows;
  } finally {
    await stack.stop();
  }
}

await runIfMain(import.meta.url, measure);
