import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dynamoDbSignups } from '#adapters/dynamodb-signups.ts';
import { ALL_GUARDS } from '#adapters/dynamodb-store.ts';
import { createDocumentClient, DynamoTable } from '#adapters/dynamodb-table.ts';
import { TemporarilyUnavailableError } from '#domain/errors.ts';
import { priceRegistration } from '#domain/pricing.ts';
import { parseRegistration } from '#domain/registration.ts';
import { registrationBody, seedCourse } from '../../support/fixtures.ts';

// What DynamoDB Local cannot be made to do on demand (a transaction conflict, a capacity refusal between
// two writes) is played here by a mocked client; the conditions themselves are tested against DynamoDB
// Local in test/integration/persistence.test.ts.
const db = mockClient(DynamoDBDocumentClient);
afterEach(() => db.reset());

const course = seedCourse();
const input = parseRegistration(registrationBody({}, 2), course);
const request = {
  registration: {
    ...input,
    id: 'reg-1',
    courseId: course.id,
    createdAt: '2016-01-20T09:00:00.000Z',
    price: priceRegistration(course, 2),
    pricing: course.pricing,
  },
  participantCapacity: 10,
};

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('saving a registration against a capacity', () => {
  const signups = dynamoDbSignups(new DynamoTable(createDocumentClient(), 'table'), ALL_GUARDS);

  it('writes the registration again as waitlisted when the capacity condition fails', async () => {
    db.on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'None', 'ConditionalCheckFailed'))
      .resolves({});
    expect(await signups.saveRegistration(request)).toEqual({ kind: 'saved', status: 'waitlisted' });
    const second = db.commandCalls(TransactWriteCommand)[1]?.args[0].input.TransactItems;
    expect(second?.[0]?.Put?.Item?.status).toBe('waitlisted');
  });

  it('retries transaction conflicts for six seconds and then asks the caller to retry instead of failing', async () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout'] });
    try {
      db.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'TransactionConflict'));
      const saving = signups.saveRegistration(request);
      const refused = expect(saving).rejects.toBeInstanceOf(TemporarilyUnavailableError);
      await vi.advanceTimersByTimeAsync(5_900);
      const triedSoFar = db.commandCalls(TransactWriteCommand).length;
      expect(triedSoFar).toBeGreaterThan(20);
      await vi.advanceTimersByTimeAsync(400);
      await refused;
    } finally {
      vi.useRealTimers();
    }
  });

  it('recovers when a conflict clears on a retry', async () => {
    db.on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'None', 'TransactionConflict'))
      .resolves({});
    expect(await signups.saveRegistration(request)).toEqual({ kind: 'saved', status: 'confirmed' });
  });
});
