import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDocumentClient, DynamoDbRegistrationStore } from '#adapters/dynamodb-store.ts';
import { TemporarilyUnavailableError } from '#domain/errors.ts';
import { priceRegistration } from '#domain/pricing.ts';
import { parseRegistration } from '#domain/registration.ts';
import { registrationBody, seedCourse } from '../../support/fixtures.ts';

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
  const store = new DynamoDbRegistrationStore(createDocumentClient(), 'table');

  it('confirms while the counters condition holds, checking capacity and the queue in it', async () => {
    db.on(TransactWriteCommand).resolves({});
    expect(await store.saveRegistration(request)).toEqual({ kind: 'saved', status: 'confirmed' });
    const update = db.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems?.[2]?.Update;
    expect(update?.ConditionExpression).toContain('#participants <= :limit');
    expect(update?.ExpressionAttributeValues).toMatchObject({ ':limit': 8, ':participants': 2 });
  });

  it('writes the registration again as waitlisted when the capacity condition fails', async () => {
    db.on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'None', 'ConditionalCheckFailed'))
      .resolves({});
    expect(await store.saveRegistration(request)).toEqual({ kind: 'saved', status: 'waitlisted' });
    const second = db.commandCalls(TransactWriteCommand)[1]?.args[0].input.TransactItems;
    expect(second?.[0]?.Put?.Item?.status).toBe('waitlisted');
    expect(second?.[2]?.Update?.ConditionExpression).toBeUndefined();
  });

  it('retries transaction conflicts for six seconds and then asks the caller to retry instead of failing', async () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout'] });
    try {
      db.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'TransactionConflict'));
      const saving = store.saveRegistration(request);
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
    expect(await store.saveRegistration(request)).toEqual({ kind: 'saved', status: 'confirmed' });
  });
});

describe('the course definition a signup reads', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is read once for a burst of signups, again after five seconds, and at once after a save', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const store = new DynamoDbRegistrationStore(createDocumentClient(), 'table');
    db.on(GetCommand).resolves({ Item: { definition: course } });
    db.on(TransactWriteCommand).resolves({});
    const reads = () => db.commandCalls(GetCommand).length;

    for (let i = 0; i < 3; i++) expect((await store.getCourseDefinition(course.id))?.id).toBe(course.id);
    expect(reads()).toBe(1);

    vi.advanceTimersByTime(5_001);
    await store.getCourseDefinition(course.id);
    expect(reads()).toBe(2);

    const renamed = { ...course, title: 'Nyt navn' };
    await store.putCourse(renamed);
    db.on(GetCommand).resolves({ Item: { definition: renamed } });
    expect((await store.getCourseDefinition(course.id))?.title).toBe('Nyt navn');
    expect(reads()).toBe(3);
  });
});
