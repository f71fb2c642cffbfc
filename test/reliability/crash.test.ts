import { SESClient } from '@aws-sdk/client-ses';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { SesMailer } from '../../functions/adapters/ses-mailer.ts';
import type { Mailer } from '../../functions/app/ports.ts';
import type { Course } from '../../functions/domain/course.ts';
import { functionSpecs } from '../../functions/manifest.ts';
import type { LocalStackOptions } from '../../local/runtime.ts';
import { asCoordinator } from '../support/coordinator.ts';
import { courseVariant, WHILE_OPEN } from '../support/fixtures.ts';
import { numberedLibraryBody } from '../support/libraries.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { clearMails, type StoredMail, sentMails, waitForMails } from '../support/mail-store.ts';
import { recordFigure } from './figures.ts';

/**
 * Where the local system is killed: at the `call`-th DynamoDB call after SES accepted its `afterMail`-th
 * mail, either before that call leaves (`before`) or after DynamoDB did it but before its answer is read
 * (`after`); call 0 is the moment SES answers. After mail 0: as the first mail is handed to SES, which never
 * gets it (its claim stays behind).
 */
interface KillPoint {
  afterMail: number;
  call: number;
  phase: 'before' | 'after';
}

const killed = () => Object.assign(new Error('the process was killed'), { name: 'SimulatedKill' });

/**
 * A local system that can be SIGKILLed in the middle of its mail pipeline: from the kill on, none of its
 * code reaches DynamoDB or SES again (every call of its store and its mailer throws), as if the process
 * were gone; what it had written stays. Its mails wait at `open()`, so every signup is stored first.
 */
function mortalProcess(point: KillPoint) {
  const life = { dead: false, accepted: 0, callsSinceArmed: undefined as number | undefined, inFlight: 0 };
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const die = () => {
    life.dead = true;
    return killed();
  };
  const onClient = (client: DynamoDBDocumentClient) =>
    client.middlewareStack.add(
      (next) => async (args) => {
        if (life.dead) throw killed();
        if (life.callsSinceArmed === undefined || ++life.callsSinceArmed !== point.call) return next(args);
        if (point.phase === 'before') throw die();
        await next(args);
        throw die();
      },
      { step: 'initialize', name: 'mortalProcess' },
    );
  let ses: SesMailer | undefined;
  const mailer: Mailer = {
    async sendRaw(message) {
      await opened;
      if (life.dead) throw killed();
      if (point.afterMail === 0) throw die();
      // Created on first use: the local SES endpoint is known only once the stack runs.
      ses ??= new SesMailer(new SESClient({}));
      life.inFlight++;
      const messageId = await ses.sendRaw(message).finally(() => life.inFlight--);
      if (life.dead) throw killed();
      if (++life.accepted === point.afterMail) {
        if (point.call === 0) throw die();
        life.callsSinceArmed = 0;
      }
      return messageId;
    },
  };
  return { life, open, options: { mailer, storeSeams: { onClient } } satisfies LocalStackOptions };
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const owedOf = async (api: TestApi, courseId: string) =>
  (await api.itemsOfCourse(courseId)).filter((item) => item.owedPk !== undefined);

/** Sweeps until nothing is owed, as the sweep's timer would. */
async function sweptClean(api: TestApi, courseId: string) {
  for (let sweep = 0; sweep < 20 && (await owedOf(api, courseId)).length > 0; sweep++) {
    await api.stack.sweepNow();
  }
  expect(await owedOf(api, courseId)).toEqual([]);
}

/**
 * Signs `libraries` up on a system killed at `point`, then starts a fresh one on the same table, its clock
 * past the dead claims' lease, and lets its sweep finish. Returns every mail either SES got, and the new one.
 */
async function killAndRestart(course: Course, libraries: number, point: KillPoint) {
  const mortal = mortalProcess(point);
  const first = await startTestApi({ now: WHILE_OPEN, courses: [course], ...mortal.options });
  // The local SES keeps one store for every stack of the process: what is in it from now on is this test's.
  await clearMails(first.stack.mailUrl);
  for (let n = 1; n <= libraries; n++) {
    const answer = await first.post(
      `/courses/${course.id}/registrations`,
      numberedLibraryBody(n, 2, '579850'),
    );
    expect(answer.status).toBe(201);
  }
  mortal.open();
  await until(() => mortal.life.dead, 'the kill');
  await until(() => mortal.life.inFlight === 0, 'the sends in flight');
  const diedAt = first.stack.clock.now();
  // Not stopped in order: a killed process winds nothing down. What is left of it is cleared meanwhile.
  const remains = first.stop();
  const restarted = await startTestApi({
    tableName: first.stack.tableName,
    now: new Date(diedAt.getTime() + 10 * 60_000),
    courses: [course],
  });
  await sweptClean(restarted, course.id);
  return { restarted, remains, mails: await sentMails(restarted.stack.mailUrl) };
}

/** The points the system is killed at: around the first mails, and later ones of the batch. */
const KILL_POINTS: KillPoint[] = [
  { afterMail: 1, call: 0, phase: 'before' },
  { afterMail: 1, call: 1, phase: 'before' },
  { afterMail: 1, call: 1, phase: 'after' },
  { afterMail: 2, call: 2, phase: 'before' },
  { afterMail: 5, call: 1, phase: 'after' },
  { afterMail: 8, call: 4, phase: 'after' },
];

const recipientsOf = (mail: StoredMail) => [...mail.destination.to, ...mail.destination.cc].toSorted();

describe('the local system killed in its mail pipeline, then restarted on the same table', () => {
  it.each(KILL_POINTS)(
    'shows every mail that reached SES exactly once in its registration’s history and export (mail $afterMail, call $call, $phase)',
    async (point) => {
      const course = courseVariant(`crash-${point.afterMail}-${point.call}-${point.phase}`, {
        capacity: undefined,
      });
      const libraries = 3;
      const { restarted, remains, mails } = await killAndRestart(course, libraries, point);
      try {
        const coordinator = await asCoordinator(restarted.stack);
        const registrations = (await restarted.itemsOfCourse(course.id)).filter(
          (i) => i.type === 'registration',
        );
        expect(registrations).toHaveLength(libraries);
        const histories = [];
        for (const { SK } of registrations) {
          const id = String(SK).replace('REG#', '');
          const path = `/admin/courses/${course.id}/registrations/${id}`;
          const detail = await coordinator.get(path);
          const exported = await coordinator.get(`${path}/export`);
          expect(detail.body.workPending).toBe(false);
          const keys = detail.body.mailHistory.map((entry: { dedupeKey: string }) => entry.dedupeKey);
          // Confirmation, two welcomes and the invoice, each once.
          expect(keys.toSorted(), `history of ${id}`).toEqual([...new Set(keys)].toSorted());
          expect(keys).toHaveLength(4);
          expect(exported.body.registration.mailHistory).toEqual(detail.body.mailHistory);
          expect(
            exported.body.mailRecords.map((r: { PK: string; status: string }) => [r.PK, r.status]).toSorted(),
          ).toEqual(keys.map((key: string) => [`MAIL#${key}`, 'sent']).toSorted());
          histories.push(...detail.body.mailHistory);
        }
        for (const mail of mails) {
          const lines = histories.filter(
            (line: { subject: string; to: string[] }) =>
              line.subject === mail.subject && line.to.toSorted().join() === recipientsOf(mail).join(),
          );
          expect(lines, `"${mail.subject}" to ${recipientsOf(mail).join()}`).toHaveLength(1);
        }
        // At least once: only a mail SES took just before the kill, and not recorded, can go twice.
        expect(mails.length).toBeGreaterThanOrEqual(libraries * 4);
        expect(mails.length).toBeLessThanOrEqual(libraries * 4 + 1);
        recordFigure({
          area: 'faults',
          what: `killed after mail ${point.afterMail}, call ${point.call} ${point.phase}`,
          figure: `${mails.length - libraries * 4} duplicate(s), every mail once in history and export`,
        });
      } finally {
        await restarted.stop();
        await remains;
      }
    },
  );
});

const SWEEP_INTERVAL_MS = (functionSpecs.find((spec) => spec.scheduleMinutes)?.scheduleMinutes ?? 0) * 60_000;

/** How the system is started again after the kill, relative to the local clock's instant at the kill. */
const RESTARTS = [
  { how: 'the same --now, sped up ×60', now: (diedAt: Date) => diedAt, speed: 60 },
  {
    how: 'a --now a day earlier (the claim dated ahead of the clock)',
    now: (diedAt: Date) => new Date(diedAt.getTime() - 24 * 3600_000),
    speed: 1,
  },
];

describe('a claim left by a sender killed before SES had the mail', () => {
  it.each(RESTARTS)(
    'is taken over within one sweep interval of the local clock after a restart with $how, in seconds',
    async (restart) => {
      const course = courseVariant(`crash-lease-${restart.speed}`, { capacity: undefined });
      const mortal = mortalProcess({ afterMail: 0, call: 0, phase: 'before' });
      const first = await startTestApi({ now: WHILE_OPEN, courses: [course], ...mortal.options });
      await clearMails(first.stack.mailUrl);
      expect(
        (await first.post(`/courses/${course.id}/registrations`, numberedLibraryBody(1, 2, '579860'))).status,
      ).toBe(201);
      mortal.open();
      await until(() => mortal.life.dead, 'the kill');
      const diedAt = first.stack.clock.now();
      const remains = first.stop();

      const realStart = Date.now();
      const restarted = await startTestApi({
        tableName: first.stack.tableName,
        now: restart.now(diedAt),
        speed: restart.speed,
        courses: [course],
      });
      // From when the system is up again: its first sweep runs now, and one every interval after.
      const upAt = restarted.stack.clock.now().getTime();
      try {
        const mails = await waitForMails(restarted.stack.mailUrl, 4, 30_000);
        const realSeconds = (Date.now() - realStart) / 1000;
        expect(mails.map((mail) => mail.destination.to.join()).toSorted()).toEqual([
          'deltager-1-1@example.dk',
          'deltager-1-2@example.dk',
          'faktura-1@example.dk',
          'kontakt-1@example.dk',
        ]);
        const [registration] = (await restarted.itemsOfCourse(course.id)).filter(
          (i) => i.type === 'registration',
        );
        const history = (registration?.mailHistory ?? []) as { sentAt: string }[];
        const resumedAfter = Math.min(...history.map((line) => Date.parse(line.sentAt))) - upAt;
        expect(history).toHaveLength(4);
        // One sweep interval, and the few local seconds the sweep itself takes at this speed.
        expect(resumedAfter).toBeLessThan(SWEEP_INTERVAL_MS + 30_000);
        expect(realSeconds).toBeLessThan(30);
        recordFigure({
          area: 'faults',
          what: `dead sender's claim, restart with ${restart.how}`,
          figure: `first mail ${Math.round(resumedAfter / 1000)} local s after the restart (all 4 in ${realSeconds.toFixed(1)} real s)`,
        });
      } finally {
        await restarted.stop();
        await remains;
      }
    },
  );
});
