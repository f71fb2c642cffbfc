import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type {
  CourseCounters,
  NewRegistration,
  RegistrationStore,
  SaveOutcome,
  StoredIdempotency,
} from '#app/ports.ts';
import { type Course, parseCourse } from '#domain/course.ts';
import { type Registration, type RegistrationStatus, receiptOf } from '#domain/registration.ts';

/** Item keys of the single table (see DESIGN.md "Data"). */
export const keys = {
  course: (courseId: string) => ({ PK: `COURSE#${courseId}`, SK: 'COURSE' }),
  counters: (courseId: string) => ({ PK: `COURSE#${courseId}`, SK: 'STATS' }),
  registration: (courseId: string, id: string) => ({ PK: `COURSE#${courseId}`, SK: `REG#${id}` }),
  libraryGuard: (courseId: string, ean: string) => ({ PK: `COURSE#${courseId}`, SK: `LIB#${ean}` }),
  idempotency: (key: string) => ({ PK: `IDEMP#${key}`, SK: 'IDEMP' }),
};

const NO_COUNTERS: CourseCounters = {
  confirmedLibraries: 0,
  confirmedParticipants: 0,
  waitlistedLibraries: 0,
  waitlistedParticipants: 0,
};

/** Transactions that collide with another writer on the same items are retried this many times. */
const TRANSACTION_ATTEMPTS = 4;

export function createDocumentClient(client = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export class DynamoDbRegistrationStore implements RegistrationStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getCourse(courseId: string): Promise<{ course: Course; counters: CourseCounters } | undefined> {
    const [courseItem, countersItem] = await Promise.all([
      this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.course(courseId) })),
      this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.counters(courseId) })),
    ]);
    if (!courseItem.Item) return undefined;
    const course = parseCourse(courseItem.Item.definition, `table item COURSE#${courseId}`);
    const counters = { ...NO_COUNTERS, ...pickCounters(countersItem.Item) };
    return { course, counters };
  }

  async putCourse(course: Course): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.course(course.id), type: 'course', definition: course },
      }),
    );
  }

  async getIdempotency(key: string, now: Date): Promise<StoredIdempotency | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.idempotency(key), ConsistentRead: true }),
    );
    // DynamoDB deletes expired items lazily (DynamoDB Local never does): an expired record is absent.
    if (!Item || (typeof Item.expiresAt === 'number' && Item.expiresAt <= epochSeconds(now)))
      return undefined;
    return { fingerprint: Item.fingerprint as string, receipt: Item.receipt as StoredIdempotency['receipt'] };
  }

  async getRegistration(courseId: string, registrationId: string): Promise<Registration | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.registration(courseId, registrationId) }),
    );
    if (!Item) return undefined;
    const { PK: _pk, SK: _sk, type: _type, ...registration } = Item;
    return registration as Registration;
  }

  async saveRegistration(request: NewRegistration): Promise<SaveOutcome> {
    const participants = request.registration.participants.length;
    const cap = request.participantCapacity;
    // A registration larger than the whole course can never be confirmed: straight to the waitlist.
    let status: RegistrationStatus = cap === undefined || participants <= cap ? 'confirmed' : 'waitlisted';
    for (let attempt = 1; ; attempt++) {
      const result = await this.tryTransaction(request, status);
      if (result === 'capacity-reached' && status === 'confirmed') {
        status = 'waitlisted';
      } else if (result === 'conflict' && attempt < TRANSACTION_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      } else if (result === 'capacity-reached' || result === 'conflict') {
        throw new Error(`registration transaction did not settle (${result})`);
      } else {
        return result;
      }
    }
  }

  private async tryTransaction(
    request: NewRegistration,
    status: RegistrationStatus,
  ): Promise<SaveOutcome | 'capacity-reached' | 'conflict'> {
    const { registration, idempotency, participantCapacity } = request;
    const stored: Registration = { ...registration, status };
    const participants = registration.participants.length;
    const prefix = status === 'confirmed' ? 'confirmed' : 'waitlisted';
    const checkCapacity = status === 'confirmed' && participantCapacity !== undefined;

    const items = [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.registration(registration.courseId, registration.id),
            type: 'registration',
            ...stored,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.libraryGuard(registration.courseId, registration.library.ean),
            type: 'library-guard',
            registrationId: registration.id,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: keys.counters(registration.courseId),
          UpdateExpression: 'ADD #participants :participants, #libraries :one SET #type = :type',
          ...(checkCapacity && {
            ConditionExpression: 'attribute_not_exists(#participants) OR #participants <= :limit',
          }),
          ExpressionAttributeNames: {
            '#participants': `${prefix}Participants`,
            '#libraries': `${prefix}Libraries`,
            '#type': 'type',
          },
          ExpressionAttributeValues: {
            ':participants': participants,
            ':one': 1,
            ':type': 'course-counters',
            ...(checkCapacity && { ':limit': (participantCapacity as number) - participants }),
          },
        },
      },
      ...(idempotency
        ? [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.idempotency(idempotency.key),
                  type: 'idempotency',
                  fingerprint: idempotency.fingerprint,
                  receipt: receiptOf(stored),
                  expiresAt: epochSeconds(idempotency.expiresAt),
                },
                ConditionExpression: 'attribute_not_exists(PK) OR expiresAt <= :now',
                ExpressionAttributeValues: { ':now': epochSeconds(idempotency.now) },
              },
            },
          ]
        : []),
    ];

    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return { kind: 'saved', status };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = (error.CancellationReasons ?? []).map((r) => r.Code);
      const failedAt = (index: number) => reasons[index] === 'ConditionalCheckFailed';
      if (idempotency && failedAt(3)) return { kind: 'idempotency-key-taken' };
      if (failedAt(1)) return { kind: 'library-already-registered' };
      if (failedAt(2)) return 'capacity-reached';
      if (reasons.includes('TransactionConflict')) return 'conflict';
      throw error;
    }
  }
}

/** DynamoDB's TTL attribute is a number of seconds since the epoch. */
function epochSeconds(instant: Date): number {
  return Math.floor(instant.getTime() / 1000);
}

function pickCounters(item: Record<string, unknown> | undefined): Partial<CourseCounters> {
  if (!item) return {};
  const counters: Partial<CourseCounters> = {};
  for (const name of Object.keys(NO_COUNTERS) as (keyof CourseCounters)[]) {
    if (typeof item[name] === 'number') counters[name] = item[name];
  }
  return counters;
}
