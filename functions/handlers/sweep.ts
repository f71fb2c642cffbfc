import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { type FulfilmentDeps, sweep } from '#app/process-registration.ts';
import { sweepReminders } from '#app/send-reminder.ts';

export interface SweepResult {
  processed: number;
  failed: number;
  remindersSent: number;
  remindersFailed: number;
}

import { composeFulfilment } from '../compose.ts';
import { logger } from './http.ts';

/**
 * Every 5 minutes: finish whatever the stream did not (lost records, SES outages, crashes), and send any
 * reminder that is due and unfinished within its grace window (a missed or failed schedule).
 */
export function createHandler(deps: FulfilmentDeps) {
  return middy<ScheduledEvent, SweepResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async () => {
      const registrations = await sweep(deps, 100, (registrationId, error) =>
        // The error's name only: SES and DynamoDB messages can carry recipients' addresses.
        logger.warn('registration not finished; postponed', {
          registrationId,
          errorName: (error as Error).name,
        }),
      );
      const reminders = await sweepReminders(deps);
      const result = { ...registrations, remindersSent: reminders.sent, remindersFailed: reminders.failed };
      if (Object.values(result).some((n) => n > 0)) logger.info('sweep finished', result);
      return result;
    });
}

export const handler = createHandler(composeFulfilment());
