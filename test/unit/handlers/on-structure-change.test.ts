import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { StructureMailDeps } from '#app/structure-mails.ts';

process.env.TABLE_NAME = 'unit-table';
process.env.SENDER_EMAIL = 'kursus@example.dk';
process.env.SELLER_CVR = '29189781';
process.env.SELLER_BANK_REG = '1234';
process.env.SELLER_BANK_ACCOUNT = '12345678';
process.env.SITE_URL = 'https://kurser.example.dk';
const { createHandler } = await import('#handlers/on-structure-change.ts');

const record = (courseId: string, part: string, sequenceNumber: string) => ({
  eventName: 'MODIFY' as const,
  dynamodb: {
    Keys: { PK: { S: `COURSE#${courseId}` }, SK: { S: `STRUCTURE#${part}` } },
    SequenceNumber: sequenceNumber,
  },
});

/** Deps whose course lookup fails for one course and finds no course (so nothing to send) for the others. */
function depsFailingFor(failing: string, seen: string[]): StructureMailDeps {
  const store = {
    getCourseDefinition: async (courseId: string) => {
      seen.push(courseId);
      if (courseId === failing) throw new Error('ProvisionedThroughputExceededException');
      return undefined;
    },
  };
  return { store } as unknown as StructureMailDeps;
}

type Handler = (
  event: DynamoDBStreamEvent,
  context: Context,
) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

describe("the structure's stream handler", () => {
  it('looks at a course once however many of its items changed in the batch', async () => {
    const seen: string[] = [];
    const handler = createHandler(depsFailingFor('none', seen)) as unknown as Handler;
    const event = {
      Records: [record('a', 'VISITS', '1'), record('a', 'GROUPS', '2'), record('b', 'ATTENDANCE', '3')],
    } as DynamoDBStreamEvent;
    const result = await handler(event, {
      awsRequestId: 'r',
      getRemainingTimeInMillis: () => 60_000,
    } as unknown as Context);
    // Neither course exists any more: nothing to send, and nothing to retry.
    expect(seen).toEqual(['a', 'b']);
    expect(result.batchItemFailures).toEqual([]);
  });

  it('reports the first failed record, from which Lambda retries the rest of the batch', async () => {
    const seen: string[] = [];
    const handler = createHandler(depsFailingFor('b', seen)) as unknown as Handler;
    const event = {
      Records: [record('b', 'VISITS', '7'), record('c', 'GROUPS', '8')],
    } as DynamoDBStreamEvent;
    const result = await handler(event, {
      awsRequestId: 'r',
      getRemainingTimeInMillis: () => 60_000,
    } as unknown as Context);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '7' }]);
    expect(seen).toEqual(['b']);
  });
});
