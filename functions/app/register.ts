import { createHash } from 'node:crypto';
import { isSignupOpen } from '#domain/course.ts';
import {
  AddressLimitReachedError,
  AlreadyRegisteredError,
  IdempotencyKeyReusedError,
  SignupClosedError,
  TooManySignupsError,
} from '#domain/errors.ts';
import { FLOOD_LIMITS, type FloodLimits, mailedAddresses } from '#domain/flood-limits.ts';
import { priceRegistration } from '#domain/pricing.ts';
import { parseRegistration, type RegistrationReceipt, receiptOf } from '#domain/registration.ts';
import { describeDeadline } from '#domain/session-text.ts';
import { findCourseDefinition } from './find-course.ts';
import type { Clock, CourseCatalogue, Ids, Signups, StoredIdempotency } from './ports.ts';

export interface RegisterDeps {
  store: CourseCatalogue & Signups;
  clock: Clock;
  ids: Ids;
  /** FLOOD_LIMITS unless given: the local runtime's tests, all from 127.0.0.1, pass their own. */
  floodLimits?: FloodLimits;
}

export interface RegisterRequest {
  courseId: string;
  /** The parsed JSON body, not yet validated. */
  body: unknown;
  idempotencyKey?: string;
  /** The network address the request came from (API Gateway's sourceIp), for the per-source limit. */
  sourceIp?: string;
}

/** How long a retried POST with the same Idempotency-Key gets the first answer back. */
const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Registers a library for a course. Everything is decided before the one atomic write, so a refused
 * request changes nothing, and a retry with the same Idempotency-Key replays the first receipt.
 */
export async function register(deps: RegisterDeps, request: RegisterRequest): Promise<RegistrationReceipt> {
  const course = await findCourseDefinition(deps.store, request.courseId);

  const now = deps.clock.now();
  const fingerprint = request.idempotencyKey ? fingerprintOf(request.courseId, request.body) : '';
  // A retry is recognised by the transaction itself (its idempotency record exists), so a first attempt
  // costs no extra read. Only a retry arriving after the deadline has to be looked up before refusing.
  if (!isSignupOpen(course, now)) {
    const earlier = request.idempotencyKey
      ? await deps.store.getIdempotency(request.idempotencyKey, now)
      : undefined;
    if (earlier) return replay(earlier, fingerprint);
    throw new SignupClosedError(describeDeadline(course));
  }
  const input = parseRegistration(request.body, course);
  const limits = deps.floodLimits ?? FLOOD_LIMITS;
  const registration = {
    ...input,
    id: deps.ids.registrationId(),
    courseId: course.id,
    createdAt: now.toISOString(),
    price: priceRegistration(course, input.participants.length),
    pricing: course.pricing,
  };

  const outcome = await deps.store.saveRegistration({
    floodLimits: {
      addresses: mailedAddresses(input),
      perAddress: limits.registrationsPerAddress,
      ...(request.sourceIp && {
        source: { address: request.sourceIp, now, max: limits.signupsPerSourcePerHour },
      }),
    },
    registration,
    participantCapacity: course.capacity?.participants,
    idempotency: request.idempotencyKey
      ? {
          key: request.idempotencyKey,
          fingerprint,
          now,
          expiresAt: new Date(now.getTime() + IDEMPOTENCY_WINDOW_MS),
        }
      : undefined,
  });
  switch (outcome.kind) {
    case 'saved':
      return receiptOf({ ...registration, status: outcome.status });
    case 'library-already-registered':
      throw new AlreadyRegisteredError();
    case 'address-limit-reached':
      throw new AddressLimitReachedError(outcome.path);
    case 'source-limit-reached':
      throw new TooManySignupsError(outcome.retryAfterSeconds);
    case 'idempotency-key-taken': {
      // A concurrent request with the same key won the race: answer as if this were its retry.
      const winner = request.idempotencyKey
        ? await deps.store.getIdempotency(request.idempotencyKey, now)
        : undefined;
      if (!winner) throw new Error('idempotency record reported taken but not found');
      return replay(winner, fingerprint);
    }
  }
}

function replay(earlier: StoredIdempotency, fingerprint: string): RegistrationReceipt {
  if (earlier.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
  return receiptOf({ ...earlier.receipt.registration, price: earlier.receipt.price });
}

/** Same course and same JSON (whatever the key order) give the same fingerprint. */
export function fingerprintOf(courseId: string, body: unknown): string {
  return createHash('sha256').update(courseId).update('\0').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
