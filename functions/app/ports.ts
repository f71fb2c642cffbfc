import type { Course } from '#domain/course.ts';
import type { Registration, RegistrationReceipt, RegistrationStatus } from '#domain/registration.ts';

export interface Clock {
  now(): Date;
}

export interface Ids {
  registrationId(): string;
}

/** Confirmed/waitlisted totals per course, kept in the same transactions that write registrations. */
export interface CourseCounters {
  confirmedLibraries: number;
  confirmedParticipants: number;
  waitlistedLibraries: number;
  waitlistedParticipants: number;
}

export interface StoredIdempotency {
  fingerprint: string;
  receipt: RegistrationReceipt;
}

export interface NewRegistration {
  registration: Omit<Registration, 'status'>;
  /** Confirmed participants the course may hold; beyond it the registration is waitlisted. */
  participantCapacity?: number;
  /** `now` is the clock's: a record that expired by it may be overwritten (DynamoDB's TTL deletes lazily). */
  idempotency?: { key: string; fingerprint: string; now: Date; expiresAt: Date };
}

export type SaveOutcome =
  | { kind: 'saved'; status: RegistrationStatus }
  | { kind: 'library-already-registered' }
  | { kind: 'idempotency-key-taken' };

export interface RegistrationStore {
  getCourse(courseId: string): Promise<{ course: Course; counters: CourseCounters } | undefined>;
  putCourse(course: Course): Promise<void>;
  /** The record for a key, unless it has expired by `now`. */
  getIdempotency(key: string, now: Date): Promise<StoredIdempotency | undefined>;
  /** Writes the registration, its library guard, the counters and the idempotency record atomically. */
  saveRegistration(request: NewRegistration): Promise<SaveOutcome>;
  getRegistration(courseId: string, registrationId: string): Promise<Registration | undefined>;
}
