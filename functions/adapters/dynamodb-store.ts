import { createHash } from 'node:crypto';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

import type {
  CourseCounters,
  NewRegistration,
  RegistrationStore,
  SaveOutcome,
  StoredIdempotency,
} from '#app/ports.ts';
import { type Course, parseCourse } from '#domain/course.ts';
import { TemporarilyUnavailableError } from '#domain/errors.ts';
import { type Registration, type RegistrationStatus, receiptOf } from '#domain/registration.ts';
import { catalogueItem, courseItem, itemKeys, OWED } from '../table-layout.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const NO_COUNTERS: CourseCounters = {
  confirmedLibraries: 0,
  confirmedParticipants: 0,
  waitlistedLibraries: 0,
  waitlistedParticipants: 0,
};

/**
 * Every signup for a course updates its counters item, so simultaneous signups can collide
 * (TransactionConflict). They are retried with jittered pauses growing to a quarter second, for as long as
 * the budget lasts (well inside the function's 10-second timeout), before the caller is asked to retry: a
 * burst of hundreds at once then settles instead of turning away whoever lost the race a few times.
 */
const CONFLICT_BUDGET_MS = 6_000;
const MAX_BACKOFF_MS = 250;
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(MAX_BACKOFF_MS, 25 * 2 ** attempt)));

export function createDocumentClient(client = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/**
 * How long a function instance signs up against a course definition it has read. A signup needs the
 * definition (limits, deadline, prices, capacity) but not the counters, which its transaction checks
 * itself; reading it once per few seconds instead of per request takes a read off every signup. A saved
 * course reaches other instances within this time, and this instance at once.
 */
const COURSE_DEFINITION_MAX_AGE_MS = 5_000;

/**
 * The conditions that keep concurrent writers honest. Production code never passes these: only the
 * reliability tests switch one off, to show the race it prevents happening (a negative control).
 */
export interface StoreGuards {
  /** The idempotency record is written only if the key is new (or its record has expired). */
  idempotencyKey: boolean;
  /** The library guard item is written only if the library has none for the course. */
  oneRegistrationPerLibrary: boolean;
  /** Confirming is conditioned on the counters; off, the store reads them first and writes regardless. */
  capacity: boolean;
  /** An invoice number is taken only if the series still ends where it was read. */
  invoiceSeries: boolean;
}

export const ALL_GUARDS: StoreGuards = {
  idempotencyKey: true,
  oneRegistrationPerLibrary: true,
  capacity: true,
  invoiceSeries: true,
};

export class DynamoDbRegistrationStore implements RegistrationStore {
  private readonly definitions = new Map<string, { course: Course; readAt: number }>();

  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
    protected readonly guards: StoreGuards = ALL_GUARDS,
  ) {}

  async getCourse(courseId: string): Promise<{ course: Course; counters: CourseCounters } | undefined> {
    const [courseItem, countersItem] = await Promise.all([
      this.db.send(new GetCommand({ TableName: this.tableName, Key: itemKeys.course(courseId) })),
      this.db.send(new GetCommand({ TableName: this.tableName, Key: itemKeys.counters(courseId) })),
    ]);
    if (!courseItem.Item) return undefined;
    const course = parseCourse(courseItem.Item.definition, `table item COURSE#${courseId}`);
    const counters = { ...NO_COUNTERS, ...pickCounters(countersItem.Item) };
    return { course, counters };
  }

  async getCourseDefinition(courseId: string): Promise<Course | undefined> {
    const cached = this.definitions.get(courseId);
    if (cached && performance.now() - cached.readAt < COURSE_DEFINITION_MAX_AGE_MS) return cached.course;
    const readAt = performance.now();
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: itemKeys.course(courseId) }),
    );
    if (!Item) return undefined;
    const course = parseCourse(Item.definition, `table item COURSE#${courseId}`);
    this.definitions.set(courseId, { course, readAt });
    return course;
  }

  async putCourse(course: Course): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: courseItem(course) } },
          { Put: { TableName: this.tableName, Item: catalogueItem(course.id) } },
        ],
      }),
    );
    this.definitions.delete(course.id);
  }

  async getIdempotency(key: string, now: Date): Promise<StoredIdempotency | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: itemKeys.idempotency(key), ConsistentRead: true }),
    );
    // DynamoDB deletes expired items lazily (DynamoDB Local never does): an expired record is absent.
    if (!Item || (typeof Item.expiresAt === 'number' && Item.expiresAt <= epochSeconds(now)))
      return undefined;
    return { fingerprint: Item.fingerprint as string, receipt: Item.receipt as StoredIdempotency['receipt'] };
  }

  async saveRegistration(request: NewRegistration): Promise<SaveOutcome> {
    const participants = request.registration.participants.length;
    const cap = request.participantCapacity;
    // A registration larger than the whole course can never be confirmed: straight to the waitlist.
    let status: RegistrationStatus = cap === undefined || participants <= cap ? 'confirmed' : 'waitlisted';
    const giveUpAt = performance.now() + CONFLICT_BUDGET_MS;
    for (let attempt = 1; ; attempt++) {
      const result = await this.tryTransaction(request, status);
      if (result === 'capacity-reached' && status === 'confirmed') {
        status = 'waitlisted';
      } else if (result === 'conflict' && performance.now() < giveUpAt) {
        await backoff(attempt);
      } else if (result === 'conflict') {
        throw new TemporarilyUnavailableError();
      } else if (result === 'capacity-reached') {
        throw new Error('capacity reported reached for a waitlisted registration');
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
    const checkCapacity = status === 'confirmed' && participantCapacity !== undefined && this.guards.capacity;
    if (status === 'confirmed' && participantCapacity !== undefined && !this.guards.capacity) {
      // The negative control's check-then-write: decide on counters read outside the transaction.
      const counters = pickCounters(
        (
          await this.db.send(
            new GetCommand({
              TableName: this.tableName,
              Key: itemKeys.counters(registration.courseId),
              ConsistentRead: true,
            }),
          )
        ).Item,
      );
      const taken = counters.confirmedParticipants ?? 0;
      if (taken + participants > participantCapacity || (counters.waitlistedLibraries ?? 0) > 0)
        return 'capacity-reached';
    }

    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...itemKeys.registration(registration.courseId, registration.id),
            type: 'registration',
            ...stored,
            // A new registration owes its mails (and, if confirmed, its invoice): it enters the sparse index.
            ...owedMarker(registration.createdAt, 1),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...itemKeys.libraryGuard(registration.courseId, registration.library.ean),
            type: 'library-guard',
            registrationId: registration.id,
          },
          ...(this.guards.oneRegistrationPerLibrary && { ConditionExpression: 'attribute_not_exists(PK)' }),
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: itemKeys.counters(registration.courseId),
          UpdateExpression: 'ADD #participants :participants, #libraries :one SET #type = :type',
          ...(checkCapacity && {
            // First come, first served: once anyone waits, later signups queue behind them even if they would fit.
            ConditionExpression:
              '(attribute_not_exists(#participants) OR #participants <= :limit) AND ' +
              '(attribute_not_exists(#waiting) OR #waiting = :zero)',
          }),
          ExpressionAttributeNames: {
            '#participants': `${prefix}Participants`,
            '#libraries': `${prefix}Libraries`,
            '#type': 'type',
            ...(checkCapacity && { '#waiting': 'waitlistedLibraries' }),
          },
          ExpressionAttributeValues: {
            ':participants': participants,
            ':one': 1,
            ':type': 'course-counters',
            ...(checkCapacity && { ':limit': (participantCapacity as number) - participants, ':zero': 0 }),
          },
        },
      },
      ...(idempotency
        ? [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...itemKeys.idempotency(idempotency.key),
                  type: 'idempotency',
                  fingerprint: idempotency.fingerprint,
                  receipt: receiptOf(stored),
                  expiresAt: epochSeconds(idempotency.expiresAt),
                },
                ...(this.guards.idempotencyKey && {
                  ConditionExpression: 'attribute_not_exists(PK) OR expiresAt <= :now',
                  ExpressionAttributeValues: { ':now': epochSeconds(idempotency.now) },
                }),
              },
            },
          ]
        : []),
    ];

    const limits = request.floodLimits;
    const firstLimitItem = items.length;
    const limitItems = limits ? floodLimitItems(this.tableName, registration.courseId, limits) : [];
    items.push(...limitItems);

    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return { kind: 'saved', status };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = (error.CancellationReasons ?? []).map((r) => r.Code);
      const failedAt = (index: number) => reasons[index] === 'ConditionalCheckFailed';
      if (idempotency && failedAt(3)) return { kind: 'idempotency-key-taken' };
      if (failedAt(1)) return { kind: 'library-already-registered' };
      if (limits) {
        const overused = limits.addresses.findIndex((_, i) => failedAt(firstLimitItem + i));
        if (overused >= 0)
          return { kind: 'address-limit-reached', path: limits.addresses[overused]?.path ?? '' };
        if (limits.source && failedAt(firstLimitItem + limits.addresses.length))
          return { kind: 'source-limit-reached' };
      }
      if (failedAt(2)) return 'capacity-reached';
      if (reasons.includes('TransactionConflict')) return 'conflict';
      throw error;
    }
  }
}

/** Keys hold a hash, never the address itself: an address is personal data, a key is not erased with it. */
function hashed(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 32);
}

/** One counting update per address (and one for the source), each refused at its limit. */
function floodLimitItems(
  tableName: string,
  courseId: string,
  limits: NonNullable<NewRegistration['floodLimits']>,
) {
  const count = (Key: Record<string, string>, max: number, extra: Record<string, unknown> = {}) => ({
    Update: {
      TableName: tableName,
      Key,
      UpdateExpression: `ADD #uses :one SET #type = :type${':expiresAt' in extra ? ', expiresAt = :expiresAt' : ''}`,
      ConditionExpression: 'attribute_not_exists(#uses) OR #uses < :max',
      ExpressionAttributeNames: { '#uses': 'uses', '#type': 'type' },
      ExpressionAttributeValues: { ':one': 1, ':max': max, ':type': 'flood-counter', ...extra },
    },
  });
  return [
    ...limits.addresses.map(({ address }) =>
      count(itemKeys.addressUse(courseId, hashed(address)), limits.perAddress),
    ),
    ...(limits.source
      ? [
          count(itemKeys.sourceUse(hashed(limits.source.address), limits.source.hour), limits.source.max, {
            ':expiresAt': epochSeconds(limits.source.expiresAt),
          }),
        ]
      : []),
  ];
}

/** The attributes that put an item in the sparse `owed` index. */
export function owedMarker(since: string, version: number) {
  return { owedPk: OWED, owedSince: since, owedVersion: version };
}

/** DynamoDB's TTL attribute is a number of seconds since the epoch. */
export function epochSeconds(instant: Date): number {
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
