import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { type FulfilmentDeps, sweep } from '#app/process-registration.ts';
import { type RetentionDeps, removeExpiredPersonalData } from '#app/remove-personal-data.ts';
import { sweepReminders } from '#app/send-reminder.ts';
import { type StructureMailDeps, sweepStructureMails } from '#app/structure-mails.ts';

export interface SweepResult {
  processed: number;
  failed: number;
  remindersSent: number;
  remindersFailed: number;
  structureMailsSent: number;
  structureMailsFailed: number;
  personalDataRemoved: number;
  personalDataPostponed: number;
}

export type SweepDeps = FulfilmentDeps & RetentionDeps & StructureMailDeps;

import { composeFulfilment } from '../compose.ts';

/** Room for the send in flight to finish and be recorded before Lambda would end the invocation. */
const STOP_BEFORE_TIMEOUT_MS = 30_000;

import { logger } from './http.ts';

/**
 * Every 5 minutes: finish whatever the stream did not (lost records, SES outages, crashes), and send any
 * reminder that is due and unfinished within its grace window (a missed or failed schedule); then remove
 * the people's data of courses whose retention period has ended.
 */
export function createHandler(deps: SweepDeps) {
  return middy<ScheduledEvent, SweepResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (_event, context) => {
      const registrations = await sweep(deps, 100, (registrationId, error) =>
        // The error's name only: SES and DynamoDB messages can carry recipients' addresses.
        logger.warn('registration not finished; postponed', {
          registrationId,
          errorName: (error as Error).name,
        }),
      );
      // A missed reminder to many is sent at the mail rate: stop before this invocation ends, mid-send never.
      const reminders = await sweepReminders(
        deps,
        () => context.getRemainingTimeInMillis() - STOP_BEFORE_TIMEOUT_MS,
      );
      // Visits, groups and certificates the stream did not finish, and certificates once their time comes.
      const structure = await sweepStructureMails(deps, {
        onFailure: (courseId, error) =>
          logger.warn('course structure mails not finished; the next sweep tries again', {
            courseId,
            errorName: (error as Error).name,
          }),
        timeLeftMs: () => context.getRemainingTimeInMillis() - STOP_BEFORE_TIMEOUT_MS,
      });
      // Last, and never the reason a sweep fails: what it does not finish, the next sweep does.
      const retention = await removeExpiredPersonalData(deps, {
        onFailure: (registrationId, error) =>
          logger.warn('personal data not removed yet; postponed', {
            registrationId,
            errorName: (error as Error).name,
          }),
        timeLeftMs: () => context.getRemainingTimeInMillis() - STOP_BEFORE_TIMEOUT_MS,
      }).catch((error: unknown) => {
        logger.error('removing personal data failed; the next sweep tries again', {
          errorName: (error as Error).name,
        });
        return { removed: 0, postponed: 0 };
      });
      const result = {
        ...registrations,
        remindersSent: reminders.sent,
        remindersFailed: reminders.failed,
        structureMailsSent: structure.sent,
        structureMailsFailed: structure.failed,
        personalDataRemoved: retention.removed,
        personalDataPostponed: retention.postponed,
      };
      if (Object.values(result).some((n) => n > 0)) logger.info('sweep finished', result);
      return result;
    });
}

export const handler = createHandler(composeFulfilment());
