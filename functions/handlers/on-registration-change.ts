import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { type FulfilmentDeps, processRegistration } from '#app/process-registration.ts';
import { composeFulfilment } from '../compose.ts';
import { registrationOfKey } from '../table-layout.ts';
import { logger } from './http.ts';

/**
 * Registration items written to the table arrive here from its stream (filtered to those that owe
 * something). The first failed record is reported, so Lambda retries from it (the records after it come
 * again, harmlessly: every step is idempotent); whatever still fails is left to the sweep.
 */
export function createHandler(deps: FulfilmentDeps) {
  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
      for (const record of event.Records) {
        const key = registrationOfKey({ PK: record.dynamodb?.Keys?.PK?.S, SK: record.dynamodb?.Keys?.SK?.S });
        if (!key) continue;
        const { registrationId } = key;
        try {
          await processRegistration(deps, key);
        } catch (error) {
          // The error's name only: SES and DynamoDB messages can carry recipients' addresses.
          logger.warn('registration not finished; will be retried', {
            registrationId,
            errorName: (error as Error).name,
          });
          batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
        }
      }
      return { batchItemFailures };
    });
}

export const handler = createHandler(composeFulfilment());
