import type { NewRegistration, SaveOutcome, Signups, StoredIdempotency } from '#app/ports.ts';
import { TemporarilyUnavailableError } from '#domain/errors.ts';
import { receiptOf } from '#domain/registration.ts';
import { decideSignup, hasRoom, type SignupDecision } from '#domain/registration-changes.ts';
import { itemKeys } from '../table-layout.ts';
import { countersOf } from './dynamodb-courses.ts';
import { checkSourceSignup, hashed } from './dynamodb-source-signups.ts';
import {
  countersUpdate,
  type DynamoTable,
  epochSeconds,
  owedMarker,
  type TableWrite,
} from './dynamodb-table.ts';

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

/**
 * The conditions that keep concurrent signups honest. Production code never passes these: only the
 * reliability tests switch one off, to show the race it prevents happening (a negative control).
 */
export interface SignupGuards {
  /** The idempotency record is written only if the key is new (or its record has expired). */
  idempotencyKey: boolean;
  /** The library guard item is written only if the library has none for the course. */
  oneRegistrationPerLibrary: boolean;
  /** Confirming is conditioned on the counters; off, the store reads them first and writes regardless. */
  capacity: boolean;
}

/** The transaction writes the registration first, then these: a refused condition is reported by position. */
const LIBRARY_GUARD = 1;
const COUNTERS = 2;
const IDEMPOTENCY = 3;

export function dynamoDbSignups(table: DynamoTable, guards: SignupGuards): Signups {
  /** The negative control's check-then-write: decides on counters read outside the transaction. */
  async function capacityReachedAsRead(courseId: string, decision: SignupDecision): Promise<boolean> {
    const counters = countersOf(await table.get(itemKeys.counters(courseId), { consistent: true }));
    return (
      !hasRoom(counters, decision.room) ||
      (decision.queueMustBeEmpty && (counters.waitlistedLibraries ?? 0) > 0)
    );
  }

  async function getIdempotency(key: string, now: Date): Promise<StoredIdempotency | undefined> {
    const item = await table.get(itemKeys.idempotency(key), { consistent: true });
    // DynamoDB deletes expired items lazily (DynamoDB Local never does): an expired record is absent.
    if (!item || (typeof item.expiresAt === 'number' && item.expiresAt <= epochSeconds(now)))
      return undefined;
    return {
      fingerprint: item.fingerprint as string,
      receipt: item.receipt as StoredIdempotency['receipt'],
    };
  }

  async function trySaving(
    request: NewRegistration,
    decision: SignupDecision,
  ): Promise<SaveOutcome | 'capacity-reached' | 'conflict'> {
    const { registration, idempotency, floodLimits } = request;
    const { courseId } = registration;
    const stored = { ...registration, status: decision.status };
    if (decision.room && !guards.capacity && (await capacityReachedAsRead(courseId, decision))) {
      return 'capacity-reached';
    }
    const writes: TableWrite[] = [
      {
        Put: {
          // A new registration owes its mails (and, if confirmed, its invoice): it enters the owed index.
          Item: {
            ...itemKeys.registration(courseId, registration.id),
            type: 'registration',
            ...stored,
            ...owedMarker(decision.owed),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          Item: {
            ...itemKeys.libraryGuard(courseId, registration.library.ean),
            type: 'library-guard',
            registrationId: registration.id,
          },
          ...(guards.oneRegistrationPerLibrary && { ConditionExpression: 'attribute_not_exists(PK)' }),
        },
      },
      countersUpdate(itemKeys.counters(courseId), decision.counters, {
        ...(guards.capacity && decision.room && { room: decision.room }),
        queueMustBeEmpty: guards.capacity && decision.queueMustBeEmpty,
        type: 'course-counters',
      }),
    ];
    if (idempotency) {
      writes.push({
        Put: {
          Item: {
            ...itemKeys.idempotency(idempotency.key),
            type: 'idempotency',
            fingerprint: idempotency.fingerprint,
            receipt: receiptOf(stored),
            expiresAt: epochSeconds(idempotency.expiresAt),
          },
          ...(guards.idempotencyKey && {
            ConditionExpression: 'attribute_not_exists(PK) OR expiresAt <= :now',
            ExpressionAttributeValues: { ':now': epochSeconds(idempotency.now) },
          }),
        },
      });
    }
    const firstLimit = writes.length;
    if (floodLimits) writes.push(...addressLimitWrites(courseId, floodLimits));
    const source = floodLimits?.source && (await checkSourceSignup(table, floodLimits.source));
    if (source?.kind === 'refused') {
      // A retry of a signup that was taken is answered as before, however full its source's window now is.
      if (idempotency && (await getIdempotency(idempotency.key, idempotency.now)))
        return { kind: 'idempotency-key-taken' };
      return { kind: 'source-limit-reached', retryAfterSeconds: source.retryAfterSeconds };
    }
    if (source) writes.push(source.write);

    const refused = await table.transact(writes);
    if (!refused) return { kind: 'saved', status: decision.status };
    if (idempotency && refused.failed(IDEMPOTENCY)) return { kind: 'idempotency-key-taken' };
    if (refused.failed(LIBRARY_GUARD)) return { kind: 'library-already-registered' };
    if (floodLimits) {
      const overused = floodLimits.addresses.findIndex((_, i) => refused.failed(firstLimit + i));
      if (overused >= 0)
        return { kind: 'address-limit-reached', path: floodLimits.addresses[overused]?.path ?? '' };
      // Another signup from the same source counted first: read its list again.
      if (source && refused.failed(firstLimit + floodLimits.addresses.length)) return 'conflict';
    }
    if (refused.failed(COUNTERS)) return 'capacity-reached';
    if (refused.conflicted) return 'conflict';
    throw refused.error;
  }

  return {
    getIdempotency,

    async saveRegistration(request) {
      let decision = decideSignup(request.registration, request.participantCapacity);
      const giveUpAt = performance.now() + CONFLICT_BUDGET_MS;
      for (let attempt = 1; ; attempt++) {
        const result = await trySaving(request, decision);
        if (result === 'capacity-reached' && decision.status === 'confirmed') {
          decision = decideSignup(request.registration, request.participantCapacity, 'waitlist');
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
    },
  };
}

/** One counting update per address, each refused at its limit. */
function addressLimitWrites(
  courseId: string,
  limits: NonNullable<NewRegistration['floodLimits']>,
): TableWrite[] {
  return limits.addresses.map(({ address }) => ({
    Update: {
      Key: itemKeys.addressUse(courseId, hashed(address)),
      UpdateExpression: 'ADD #uses :one SET #type = :type',
      ConditionExpression: 'attribute_not_exists(#uses) OR #uses < :max',
      ExpressionAttributeNames: { '#uses': 'uses', '#type': 'type' },
      ExpressionAttributeValues: { ':one': 1, ':max': limits.perAddress, ':type': 'flood-counter' },
    },
  }));
}
