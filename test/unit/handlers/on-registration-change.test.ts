import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { FulfilmentDeps } from '#app/process-registration.ts';

process.env.TABLE_NAME = 'unit-table';
process.env.SENDER_EMAIL = 'kursus@example.dk';
process.env.SELLER_CVR = '29189781';
process.env.SELLER_BANK_REG = '1234';
process.env.SELLER_BANK_ACCOUNT = '12345678';
process.env.SITE_URL = 'https://kurser.example.dk';
const { createHandler } = await import('#handlers/on-registration-change.ts');

const record = (registrationId: string, sequenceNumber: string) => ({
  eventName: 'MODIFY' as const,
  dynamodb: {
    Keys: { PK: { S: 'COURSE#samskabelse-2016' }, SK: { S: `REG#${registrationId}` } },
    SequenceNumber: sequenceNumber,
  },
});

/** Deps whose store fails for one registration and finds nothing owed for the others. */
function depsFailingFor(failing: string, seen: string[]): FulfilmentDeps {
  const store = {
    getRegistration: async (_courseId: string, id: string) => {
      seen.push(id);
      if (id === failing) throw new Error('ProvisionedThroughputExceededException');
      return undefined;
    },
  };
  return { store } as unknown as FulfilmentDeps;
}

describe('the stream handler', () => {
  it('reports only the failed record, after trying every record of the batch', async () => {
    const seen: string[] = [];
    const handler = createHandler(depsFailingFor('b', seen)) as unknown as (
      event: DynamoDBStreamEvent,
      context: Context,
    ) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
    const event = {
      Records: [record('a', '100'), record('b', '200'), record('c', '300')],
    } as DynamoDBStreamEvent;
    const result = await handler(event, { awsRequestId: 'r' } as Context);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '200' }]);
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('ignores items that are not registrations', async () => {
    const seen: string[] = [];
    const handler = createHandler(depsFailingFor('x', seen)) as unknown as (
      event: DynamoDBStreamEvent,
      context: Context,
    ) => Promise<{ batchItemFailures: unknown[] }>;
    const other = {
      eventName: 'INSERT',
      dynamodb: { Keys: { PK: { S: 'MAIL#x' }, SK: { S: 'MAIL' } }, SequenceNumber: '1' },
    };
    const result = await handler(
      { Records: [other] } as DynamoDBStreamEvent,
      { awsRequestId: 'r' } as Context,
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(seen).toEqual([]);
  });
});
