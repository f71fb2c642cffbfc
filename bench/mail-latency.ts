/**
 * Issue [2/8]'s bar: `npm start` delivers a signup's mail within 2 seconds. Measures, on the local stack,
 * the time from the POST to the confirmation's arrival in the local SES, over many signups.
 *
 *   npx tsx bench/mail-latency.ts       (BENCH_SIGNUPS=N, default 20)
 */
import { startLocalStack } from '../local/runtime.ts';
import { registrationBody, validEan, withLibrary } from '../test/support/fixtures.ts';
import { type BenchRow, median, ms, quantile, quietRuntime, runIfMain } from './support.ts';

const SIGNUPS = Number(process.env.BENCH_SIGNUPS ?? 20);
const BAR_MS = 2000;

async function confirmationsFor(mailUrl: string, to: string): Promise<number> {
  const { emails } = (await (await fetch(`${mailUrl}/store`)).json()) as {
    emails: { subject: string; destination: { to: string[] } }[];
  };
  return emails.filter((m) => m.subject.startsWith('Tilmelding bekræftet') && m.destination.to.includes(to))
    .length;
}

const COMMAND = 'npx tsx bench/mail-latency.ts';

export async function measure(): Promise<BenchRow[]> {
  quietRuntime();
  const stack = await startLocalStack({
    port: 0,
    now: new Date('2016-01-20T10:00:00+01:00'),
    floodLimits: { registrationsPerAddress: 1_000, signupsPerSourcePerHour: 1_000 },
  });
  const latencies: number[] = [];
  try {
    for (let n = 1; n <= SIGNUPS; n++) {
      const contact = `bench-${n}@example.dk`;
      const body = withLibrary(
        registrationBody({ contact: { name: 'Bench', email: contact, phone: '+45 12 34 56 78' } }),
        { ean: validEan(n, '579801') },
      );
      const started = performance.now();
      const response = await fetch(`${stack.url}/courses/samskabelse-2016/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status !== 201) throw new Error(`signup ${n} answered ${response.status}`);
      while ((await confirmationsFor(stack.mailUrl, contact)) === 0) {
        if (performance.now() - started > 30_000) throw new Error(`signup ${n}: no confirmation within 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      latencies.push(performance.now() - started);
    }
  } finally {
    await stack.stop();
  }
  const p95 = quantile(latencies, 0.95);
  return [
    {
      measure: '2/8',
      what: `signup → confirmation in the local SES, ${SIGNUPS} signups`,
      figure: `median ${ms(median(latencies))}, p95 ${ms(p95)}, max ${ms(Math.max(...latencies))}`,
      target: `p95 < ${BAR_MS} ms`,
      met: p95 < BAR_MS,
      command: COMMAND,
    },
  ];
}

await runIfMain(import.meta.url, measure);
