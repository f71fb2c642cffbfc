import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod/mini';
import type { ScheduleSyncResult } from '#app/ports.ts';
import { type SyncDeps, syncReminderSchedules } from '#app/sync-reminders.ts';
import { composeScheduling } from '../compose.ts';
import { logger } from './http.ts';

/**
 * `revision` changes whenever a seed course's definition does, so the deploy-time invocation runs again
 * after such a change; it is not otherwise used.
 */
const syncEvent = z.strictObject({
  courseIds: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  revision: z.optional(z.string()),
});

export type SyncOutcome = Record<string, ScheduleSyncResult>;

/** Syncs each course's reminder plan to its schedules; invoked at deploy time with the seed courses. */
export function createHandler(deps: SyncDeps) {
  return middy<unknown, SyncOutcome>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const { courseIds } = syncEvent.parse(event);
      const outcome: SyncOutcome = {};
      for (const courseId of courseIds) {
        outcome[courseId] = await syncReminderSchedules(deps, courseId);
        logger.info('reminder schedules synced', { courseId, ...outcome[courseId] });
      }
      return outcome;
    });
}

export const handler = createHandler(composeScheduling());
