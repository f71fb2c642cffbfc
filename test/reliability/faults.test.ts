import { SESClient } from '@aws-sdk/client-ses';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { SesMailer } from '../../functions/adapters/ses-mailer.ts';
import type { Mailer } from '../../functions/app/ports.ts';
import { courseVariant, WHILE_OPEN } from '../support/fixtures.ts';
import { numberedLibraryBody } from '../support/libraries.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { type StoredMail, sentMails } from '../support/mail-store.ts';
import { recordFigure } from './figures.ts';

type Stored = Record<string, unknown>;
const registrationsOf = async (api: TestApi, courseId: string) =>
  (await api.itemsOfCourse(courseId)).filter((item) => item.type === 'registration');
const owedOf = async (api: TestApi, courseId: string) =>
  (await api.itemsOfCourse(courseId)).filter((item) => item.owedPk !== undefined);

/** SES that refuses a share of sends while `failing`, as during its throttling or an outage. */
function flakyMailer(failureRate: number) {
  let real: SesMailer | undefined;
  const mailer = {
    failing: true,
    failures: 0,
    async sendRaw(message: Parameters<Mailer['sendRaw']>[0]) {
      if (mailer.failing && Math.random() < failureRate) {
        mailer.failures++;
        throw Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling' });
      }
      // Created on first use: the local SES endpoint is known only once the stack runs.
      real ??= new SesMailer(new SESClient({}));
      return real.sendRaw(message);
    },
  };
  return mailer;
}

/**
 * DynamoDB throttling at the adapter's edge: a share of the store's calls fail as if the SDK's own
 * retries had run out, before any request leaves (so nothing is half written by the fault itself).
 */
function throttledDynamoDb(rate: number) {
  const faults = { on: false, injected: 0 };
  const onClient = (client: DynamoDBDocumentClient) =>
    client.middlewareStack.add(
      (next) => async (args) => {
        if (faults.on && Math.random() < rate) {
          faults.injected++;
          throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
            name: 'ProvisionedThroughputExceededException',
            $metadata: {},
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'injectedThrottling' },
    );
  return { faults, onClient };
}

const libraryBody = (n: number, participants = 2) => numberedLibraryBody(n, participants, '579840');

/** How many mails each address got, of those whose subject starts so. */
function perRecipient(mails: StoredMail[], subjectStart: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of mails.filter((m) => m.subject.startsWith(subjectStart))) {
    for (const to of mail.destination.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  }
  return counts;
}

describe('SES failing at random and DynamoDB throttling, then recovery', () => {
  it('leaves no registration without its mails and none with two', async () => {
    const course = courseVariant('faults-random', { capacity: undefined });
    const mailer = flakyMailer(0.3);
    const dynamo = throttledDynamoDb(0.05);
    const api = await startTestApi({
      now: WHILE_OPEN,
      courses: [course],
      mailer,
      storeSeams: { onClient: dynamo.onClient },
    });
    dynamo.faults.on = true;
    try {
      const libraries = 30;
      const statuses: number[] = [];
      // Each library submits as the form does: one Idempotency-Key, retried while the answer says "later".
      await Promise.all(
        Array.from({ length: libraries }, async (_, i) => {
          const key = `faults-${i}`;
          for (let attempt = 0; ; attempt++) {
            const answer = await api.post(`/courses/${course.id}/registrations`, libraryBody(i + 1), {
              'idempotency-key': key,
            });
            statuses.push(answer.status);
            if (answer.status === 201) return;
            expect(answer.status, JSON.stringify(answer.body)).toBe(503);
            expect(attempt).toBeLessThan(30);
          }
        }),
      );
      // The faults go on while the stream works through the signups, then stop.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      dynamo.faults.on = false;
      mailer.failing = false;
      for (let sweep = 0; sweep < 60 && (await owedOf(api, course.id)).length > 0; sweep++) {
        await api.stack.sweepNow();
      }
      expect(await owedOf(api, course.id)).toEqual([]);
      expect(await registrationsOf(api, course.id)).toHaveLength(libraries);

      const mails = await sentMails(api.stack.mailUrl);
      const confirmations = perRecipient(mails, 'Tilmelding bekræftet');
      const invoices = perRecipient(mails, 'Faktura ');
      const welcomes = perRecipient(mails, 'Velkommen');
      for (let n = 1; n <= libraries; n++) {
        expect(confirmations.get(`kontakt-${n}@example.dk`), `confirmation ${n}`).toBe(1);
        expect(invoices.get(`faktura-${n}@example.dk`), `invoice ${n}`).toBe(1);
        for (const p of [1, 2])
          expect(welcomes.get(`deltager-${n}-${p}@example.dk`), `welcome ${n}.${p}`).toBe(1);
      }
      expect(mails).toHaveLength(libraries * 4);
      expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
      recordFigure({
        area: 'faults',
        what: 'random SES failures + DynamoDB throttling',
        figure: `${mailer.failures} sends refused, ${dynamo.faults.injected} DynamoDB calls throttled, ${statuses.filter((s) => s === 503).length} × 503 retried; ${libraries} registrations, ${mails.length} mails, none lost or doubled`,
      });
    } finally {
      await api.stop();
    }
  });
});

describe('a crash between SES accepting a mail and the mail being recorded', () => {
  it('costs at most one duplicate once the claim’s lease runs out, and never the mail', async () => {
    const course = courseVariant('faults-crash', { capacity: undefined });
    // Recording the sent confirmation fails, every attempt, as if the process died right after SES took it.
    let crashing = true;
    let crashed = false;
    let lastCrashAt = 0;
    const onClient = (client: DynamoDBDocumentClient) =>
      client.middlewareStack.add(
        (next) => async (args) => {
          const input = JSON.stringify(args.input);
          if (crashing && input.includes('MAIL#confirmation#') && input.includes('#status = :sent')) {
            crashed = true;
            lastCrashAt = Date.now();
            throw Object.assign(new Error('simulated crash after SES accepted the mail'), {
              name: 'SimulatedCrash',
            });
          }
          return next(args);
        },
        { step: 'initialize', name: 'crashBeforeRecord' },
      );
    const api = await startTestApi({ now: WHILE_OPEN, courses: [course], storeSeams: { onClient } });
    try {
      expect((await api.post(`/courses/${course.id}/registrations`, libraryBody(500))).status).toBe(201);
      const confirmationsTo = async () =>
        perRecipient(await sentMails(api.stack.mailUrl), 'Tilmelding bekræftet').get(
          'kontakt-500@example.dk',
        ) ?? 0;
      // Within the lease, nobody sends it again: the claim stands for a sender that may still be at work.
      for (let sweep = 0; sweep < 5 && !crashed; sweep++) await api.stack.sweepNow();
      await api.stack.sweepNow();
      expect(crashed).toBe(true);
      expect(await confirmationsTo()).toBe(1);
      expect((await owedOf(api, course.id)).length).toBe(1);
      // A sender retries its record for about three seconds before it gives up: wait until every one has
      // (the stream's and the sweep's alike), so that none is still in flight when the store recovers.
      while (Date.now() - lastCrashAt < 4_000) await new Promise((resolve) => setTimeout(resolve, 250));
      crashing = false;

      // The lease (four minutes of the local clock) runs out: moved back in the table, as time would.
      const [claim] = await api.itemsUnder(
        `MAIL#confirmation#${String((await registrationsOf(api, course.id))[0]?.id)}`,
      );
      expect(claim?.status).toBe('claimed');
      await api.putItem({
        ...(claim as Stored),
        claimedAt: new Date(api.stack.clock.now().getTime() - 10 * 60_000).toISOString(),
      });
      for (let sweep = 0; sweep < 10 && (await owedOf(api, course.id)).length > 0; sweep++) {
        await api.stack.sweepNow();
      }
      expect(await owedOf(api, course.id)).toEqual([]);
      expect(await confirmationsTo()).toBe(2);
      recordFigure({
        area: 'faults',
        what: 'crash between "sent" and "recorded"',
        figure: '1 duplicate after the lease, 0 lost (at-least-once)',
      });
    } finally {
      await api.stop();
    }
  });
});

describe('a reminder run interrupted half way and run again', () => {
  it('reaches each recipient once', async () => {
    const course = courseVariant('faults-reminder', { capacity: undefined });
    const api = await startTestApi({ now: WHILE_OPEN, courses: [course], background: false });
    try {
      const libraries = 10;
      for (let n = 1; n <= libraries; n++) {
        expect((await api.post(`/courses/${course.id}/registrations`, libraryBody(700 + n, 3))).status).toBe(
          201,
        );
      }
      // Composed from this stack's environment, exactly as the reminder function composes itself.
      const { composeFulfilment } = await import('../../functions/compose.ts');
      const { sendReminder, ReminderRunStoppedError } = await import('../../functions/app/send-reminder.ts');
      const fulfilment = composeFulfilment();
      const deps = { ...fulfilment, contactAddresses: { coordinator: 'koordinator@example.dk' } };
      const key = { courseId: course.id, reminderId: 'day-1-7d' };

      // First run: its Lambda's time runs out after a dozen mails.
      let checks = 0;
      await expect(
        sendReminder(deps, key, { evenIfNotDue: true, timeLeftMs: () => (++checks <= 12 ? 60_000 : 0) }),
      ).rejects.toThrow(ReminderRunStoppedError);
      // Second run: SES refuses one address on the way; everyone else is reached.
      const refused = 'deltager-705-2@example.dk';
      const refusing = {
        ...deps,
        mailer: {
          sendRaw: (message: Parameters<Mailer['sendRaw']>[0]) =>
            message.to.includes(refused)
              ? Promise.reject(new Error('MessageRejected'))
              : fulfilment.mailer.sendRaw(message),
        },
      };
      await expect(sendReminder(refusing, key, { evenIfNotDue: true })).rejects.toThrow('1 of 30');
      // Third run: the retry.
      expect(await sendReminder(deps, key, { evenIfNotDue: true })).toEqual({
        status: 'sent',
        sent: 1,
        alreadySent: 29,
      });

      const counts = perRecipient(await sentMails(api.stack.mailUrl), 'Påmindelse:');
      const participants = Array.from({ length: libraries }, (_, i) =>
        [1, 2, 3].map((p) => `deltager-${701 + i}-${p}@example.dk`),
      ).flat();
      expect(participants.map((address) => counts.get(address) ?? 0)).toEqual(participants.map(() => 1));
      recordFigure({
        area: 'faults',
        what: 'reminder stopped at its deadline, then one address refused, then retried',
        figure: `${participants.length} participants, each reached once over 3 runs`,
      });
    } finally {
      await api.stop();
    }
  });
});
