import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { type FulfilmentDeps, sweep } from '#app/process-registration.ts';
import { composeFulfilment } from '../compose.ts';
import { logger } from './http.ts';

/** Every 5 minutes: finish whatever the stream did not (lost records, SES outages, crashes). */
export function createHandler(deps: FulfilmentDeps) {
  return middy<ScheduledEvent, { processed: number; failed: number }>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async () => {
      const result = await sweep(deps, 100, (registrationId, error) =>
        // The error's name only: SES and DynamoDB messages can carry recipients' addresses.
        logger.warn('registration not finished; postponed', {
          registrationId,
          errorName: (error as Error).name,
        }),
      );
      if (result.processed + result.failed > 0) logger.info('sweep finished', result);
      return result;
    });
}

export const handler = createHandler(composeFulfilment());
