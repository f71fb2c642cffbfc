import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod/mini';
import { type ReminderDeps, type ReminderOutcome, sendReminder } from '#app/send-reminder.ts';
import { composeFulfilment } from '../compose.ts';
import { logger } from './http.ts';

/** The payload each one-time schedule carries (EventBridge Scheduler target input). */
const reminderEvent = z.strictObject({
  courseId: z.string().check(z.minLength(1)),
  reminderId: z.string().check(z.minLength(1)),
});

/** Room for the send in flight to finish and be recorded before Lambda would end the invocation. */
const STOP_BEFORE_TIMEOUT_MS = 30_000;

/**
 * Invoked by the reminder's schedule (and safe to invoke again: every recipient is mailed once). A partial
 * failure is thrown after all recipients were tried, so Lambda's retry of the asynchronous invocation (twice) sends the rest; what still fails lands in FailedRuns and the sweep sends it while the reminder is due.
 */
export function createHandler(deps: ReminderDeps) {
  return middy<unknown, ReminderOutcome>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event, context) => {
      const key = reminderEvent.parse(event);
      const outcome = await sendReminder(deps, key, {
        timeLeftMs: () => context.getRemainingTimeInMillis() - STOP_BEFORE_TIMEOUT_MS,
      });
      logger.info('reminder handled', { ...key, ...outcome });
      return outcome;
    });
}

export const handler = createHandler(composeFulfilment());
