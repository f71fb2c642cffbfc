import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { Clock } from '../functions/app/ports.ts';
import type { Course } from '../functions/domain/course.ts';
import { dueReminders } from '../functions/domain/reminders.ts';
import type { SweepDeps } from '../functions/handlers/sweep.ts';
import { functionSpecs } from '../functions/manifest.ts';
import { startStreamPoller } from './stream-poller.ts';

type Invoke<E, R> = (event: E, context: unknown) => Promise<R>;
type HandlerModule<E, R> = { createHandler: (deps: SweepDeps) => Invoke<E, R> };

const fakeContext = { awsRequestId: 'local', functionName: 'local', getRemainingTimeInMillis: () => 60_000 };

/**
 * What EventBridge and the event source mapping do in AWS: the stream handler fed from DynamoDB Local's
 * stream, and the scheduled functions on timers of the local clock (5 local minutes pass faster at --speed).
 */
export async function startBackgroundWork(options: {
  root: string;
  deps: SweepDeps;
  endpoint: string;
  tableName: string;
  speed: number;
  clock: Clock;
  courses: readonly Course[];
  log?: (line: string) => void;
}) {
  const load = async <E, R>(entry: string) =>
    ((await import(pathToFileURL(join(options.root, entry)).href)) as HandlerModule<E, R>).createHandler(
      options.deps,
    );
  const stoppers: (() => Promise<void>)[] = [];
  let sweepNow = async () => ({ processed: 0, failed: 0 });

  for (const spec of functionSpecs) {
    if (spec.stream) {
      const handler = await load<DynamoDBStreamEvent, DynamoDBBatchResponse>(spec.entry);
      const poller = await startStreamPoller({
        endpoint: options.endpoint,
        tableName: options.tableName,
        filterPattern: spec.stream.filterPattern,
        handler: (event) => handler(event, fakeContext),
        log: options.log,
      });
      stoppers.push(poller.stop);
    }
    if (spec.scheduleMinutes) {
      const handler = await load<unknown, { processed: number; failed: number }>(spec.entry);
      let running: Promise<{ processed: number; failed: number }> | undefined;
      // One sweep at a time, as one scheduled invocation per interval would; a tick during a run is skipped.
      const run = () => {
        running ??= handler({ source: 'local.timer' }, fakeContext).finally(() => {
          running = undefined;
        });
        return running;
      };
      sweepNow = run;
      // Once at start: work left over in a persistent .data/ from the last run is finished right away.
      run().catch((error: unknown) => options.log?.(`${spec.id} failed: ${(error as Error).message}`));
      const timer = setInterval(
        () =>
          run().catch((error: unknown) => options.log?.(`${spec.id} failed: ${(error as Error).message}`)),
        (spec.scheduleMinutes * 60_000) / options.speed,
      );
      stoppers.push(async () => {
        clearInterval(timer);
        await running?.catch(() => undefined);
      });
    }
  }
  for (const spec of functionSpecs.filter((s) => s.reminderTarget)) {
    const handler = await load<{ courseId: string; reminderId: string }, unknown>(spec.entry);
    const ticker = startReminderTicker(
      { ...options, courses: storedCourses(options.deps) },
      (courseId, reminderId) => handler({ courseId, reminderId }, fakeContext),
    );
    stoppers.push(ticker.stop);
  }
  return {
    sweepNow: () => sweepNow(),
    stop: async () => {
      for (const stop of stoppers) await stop();
    },
  };
}

/**
 * The courses as stored now, re-read at most once a second: a course the coordinator saves while
 * `npm start` runs gets its reminders as it would get schedules in AWS.
 */
function storedCourses(deps: SweepDeps): () => Promise<readonly Course[]> {
  let cached: { at: number; courses: Promise<Course[]> } | undefined;
  const load = async () => {
    const ids = await deps.store.listCourseIds();
    const found = await Promise.all(ids.map((id) => deps.store.getCourse(id)));
    return found.filter((entry) => entry !== undefined).map((entry) => entry.course);
  };
  return () => {
    // A failed read skips this tick; the next second reads again.
    if (!cached || Date.now() - cached.at > 1000)
      cached = { at: Date.now(), courses: load().catch(() => []) };
    return cached.courses;
  };
}

/**
 * What the one-time schedules do in AWS: each planned reminder fires once its time has come on the local
 * clock (still within its grace window), checked a few times a second so `--speed` works.
 */
function startReminderTicker(
  options: { clock: Clock; courses: () => Promise<readonly Course[]>; log?: (line: string) => void },
  fire: (courseId: string, reminderId: string) => Promise<unknown>,
) {
  const fired = new Set<string>();
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      for (const course of await options.courses()) {
        for (const reminder of dueReminders(course, options.clock.now())) {
          const key = `${course.id}#${reminder.id}`;
          if (fired.has(key)) continue;
          fired.add(key);
          // A failure is logged and left to the sweep, as the scheduler's retries and DLQ would.
          await fire(course.id, reminder.id).catch((error: unknown) =>
            options.log?.(`reminder ${reminder.id} failed: ${(error as Error).message}`),
          );
        }
      }
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), 250);
  return {
    stop: async () => {
      clearInterval(timer);
      while (busy) await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}
