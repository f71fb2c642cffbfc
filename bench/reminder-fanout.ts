/**
 * Issue [7/8], measure 4: one reminder to 10,000 participants (2,000 libraries of five) with a sending cap
 * of 14 mails/s, against a stub mailer that answers at once but is held to the cap by the same pacer SES
 * is (PacedMailer), with the real store on DynamoDB Local claiming and recording every mail. Real time:
 * 10,000 mails at 14/s take about 12 minutes. Then the same reminder again: it must send nothing.
 *
 *   npx tsx bench/reminder-fanout.ts         (BENCH_RECIPIENTS=N, default 10000; BENCH_MAIL_RATE, default 14)
 */
import { PacedMailer } from '../functions/adapters/paced-mailer.ts';
import type { ReminderDeps } from '../functions/app/send-reminder.ts';
import { startLocalStack } from '../local/runtime.ts';
import { courseVariant } from '../test/support/fixtures.ts';
import { seedRegistrations } from './seed.ts';
import { type BenchRow, ms, quietRuntime, runIfMain } from './support.ts';

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 10_000);
const RATE = Number(process.env.BENCH_MAIL_RATE ?? 14);
const PER_LIBRARY = 5;
const REMINDER = 'day-1-7d';
const COMMAND = 'npx tsx bench/reminder-fanout.ts';
const NOW = new Date('2016-02-29T10:00:00+01:00');

/** The most sends that started within any one-second window (half-open), by two pointers. */
function busiestSecond(times: readonly number[]): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] as number) - (times[start] as number) >= 1000) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

export async function measure(): Promise<BenchRow[]> {
  quietRuntime();
  const course = courseVariant('bench-fanout', { capacity: undefined });
  const stack = await startLocalStack({ port: 0, now: NOW, courses: [course], background: false });
  try {
    await seedRegistrations(course, Math.ceil(RECIPIENTS / PER_LIBRARY), PER_LIBRARY, NOW);
    const { composeFulfilment } = await import('../functions/compose.ts');
    const { sendReminder } = await import('../functions/app/send-reminder.ts');
    const sentAt: number[] = [];
    const stub = {
      sendRaw: async () => {
        sentAt.push(performance.now());
        return `stub-${sentAt.length}`;
      },
    };
    const fulfilment = composeFulfilment({ mailer: new PacedMailer(stub, RATE) });
    const deps: ReminderDeps = {
      store: fulfilment.store,
      mailer: fulfilment.mailer,
      clock: { now: () => NOW },
      senderAddress: fulfilment.senderAddress,
      contactAddresses: { coordinator: 'koordinator@example.dk' },
    };
    const key = { courseId: course.id, reminderId: REMINDER };

    const first = await sendReminder(deps, key, { evenIfNotDue: true });
    if (first.status !== 'sent') throw new Error(`first run: ${first.status}`);
    const spanMs = (sentAt.at(-1) ?? 0) - (sentAt[0] ?? 0);
    const achieved = ((sentAt.length - 1) / spanMs) * 1000;
    const busiest = busiestSecond(sentAt);

    const againStarted = performance.now();
    const again = await sendReminder(deps, key, { evenIfNotDue: true });
    const againMs = performance.now() - againStarted;
    const sentAgain = again.status === 'sent' ? again.sent : Number.NaN;

    return [
      {
        measure: '4',
        what: `reminder to ${first.sent} recipients at a cap of ${RATE}/s: achieved rate`,
        figure: `${achieved.toFixed(2)}/s = ${((achieved / RATE) * 100).toFixed(1)}% of the cap, ${(spanMs / 1000).toFixed(0)} s in all`,
        target: '≥ 95% of the cap',
        met: achieved >= 0.95 * RATE,
        command: COMMAND,
      },
      {
        measure: '4',
        what: 'most mails started in any one second',
        figure: `${busiest}`,
        target: `never above ${RATE}`,
        met: busiest <= RATE,
        command: COMMAND,
      },
      {
        measure: '4',
        what: 'the same reminder run again',
        figure: `${sentAgain} sent, ${again.status === 'sent' ? again.alreadySent : 0} already sent, in ${ms(againMs)}`,
        target: 'sends nothing',
        met: sentAgain === 0 && sentAt.length === first.sent,
        command: COMMAND,
      },
    ];
  } finally {
    await stack.stop();
  }
}

await runIfMain(import.meta.url, measure);
