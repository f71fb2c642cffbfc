/**
 * Issue [2/8]'s bar: `npm start` delivers a signup's mail within 2 seconds. Measures, on the local stack,
 * the time from the POST to the confirmation's arrival in the local SES, over many signups.
 *
 *   npm run bench            (prints median, p95 and max; exits 1 if the p95 misses the bar)
 */
import { startLocalStack } from '../local/runtime.ts';
import { registrationBody, validEan, withLibrary } from '../test/support/fixtures.ts';

const SIGNUPS = Number(process.env.BENCH_SIGNUPS ?? 20);
const BAR_MS = 2000;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';

async function confirmationsFor(mailUrl: string, to: string): Promise<number> {
  const { emails } = (await (await fetch(`${mailUrl}/store`)).json()) as {
    emails: { subject: string; destination: { to: string[] } }[];
  };
  return emails.filter((m) => m.subject.startsWith('Tilmelding bekræftet') && m.destination.to.includes(to))
    .length;
}

const stack = await startLocalStack({ port: 0, now: new Date('2016-01-20T10:00:00+01:00') });
const latencies: number[] = [];
try {
  for (let n = 1; n <= SIGNUPS; n++) {
    const contact = `bench-${n}@example.dk`;
    const body = withLibrary(
      registrationBody({ contact: { name: 'Bench', email: contact, phone: '+45 12 34 56 78' } }),
      {
        ean: validEan(n, '579801'),
      },
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

latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
const median = at(0.5);
console.log(
  `signup → confirmation in local SES, ${SIGNUPS} signups: median ${median.toFixed(0)} ms, ` +
    `p95 ${at(0.95).toFixed(0)} ms, max ${at(1).toFixed(0)} ms (bar: p95 < ${BAR_MS} ms)`,
);
process.exit(at(0.95) < BAR_MS ? 0 : 1);
