import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { type StructureMailDeps, sendStructureMails } from '#app/structure-mails.ts';
import { CourseNotFoundError } from '#domain/errors.ts';
import { composeFulfilment } from '../compose.ts';
import { courseIdOfKey } from '../table-layout.ts';
import { logger } from './http.ts';

/** Room for the send in flight to finish and be recorded before Lambda would end the invocation. */
const STOP_BEFORE_TIMEOUT_MS = 30_000;

/**
 * The course's structure items (visits, groups, attendance) arrive here from the table's stream when they
 * change: whatever the change owes (an invitation, a moved visit's new one, certificates) goes out now. A
 * batch names a course once, however many of its items changed; a failure is retried from its record, and
 * what still fails is left to the sweep.
 */
export function createHandler(deps: StructureMailDeps) {
  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event, context) => {
      const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
      const done = new Set<string>();
      for (const record of event.Records) {
        const courseId = courseIdOfKey({ PK: record.dynamodb?.Keys?.PK?.S });
        if (!courseId || done.has(courseId)) continue;
        try {
          await sendStructureMails(
            deps,
            courseId,
            () => context.getRemainingTimeInMillis() - STOP_BEFORE_TIMEOUT_MS,
          );
          done.add(courseId);
        } catch (error) {
          // A course that is gone owes nothing: retrying its record would only hold up the stream.
          if (error instanceof CourseNotFoundError) {
            done.add(courseId);
            continue;
          }
          // The error's name only: SES and DynamoDB messages can carry recipients' addresses.
          logger.warn('course structure mails not finished; will be retried', {
            courseId,
            errorName: (error as Error).name,
          });
          batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
          break;
        }
      }
      return { batchItemFailures };
    });
}

export const handler = createHandler(composeFulfilment());
