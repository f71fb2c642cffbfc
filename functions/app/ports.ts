import type { Attendance } from '#domain/attendance.ts';
import type { TrialCase } from '#domain/case-work.ts';
import type { Course } from '#domain/course.ts';
import type { GuidanceGroup } from '#domain/group-guidance.ts';
import type { Invoice } from '#domain/invoice.ts';
import type { InvoiceDocument } from '#domain/ledger.ts';
import type { Registration, RegistrationReceipt, RegistrationStatus } from '#domain/registration.ts';
import type { CounterName } from '#domain/registration-changes.ts';
import type { PlannedReminder } from '#domain/reminders.ts';
import type { VisitBooking, VisitSlot } from '#domain/visit-round.ts';

export interface Clock {
  now(): Date;
}

export interface Ids {
  registrationId(): string;
  /** An unguessable token for a link in a mail (a library's booking, a participant's case). */
  linkToken(): string;
}

/** Confirmed/waitlisted totals per course, kept in the same transactions that write registrations. */
export type CourseCounters = Record<CounterName, number>;

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
  /** Counted in the same transaction, refused past their limits (domain/flood-limits.ts). */
  floodLimits?: {
    addresses: { address: string; path: string }[];
    perAddress: number;
    /** The network address the signup came from, the moment, and how many any 60 minutes may hold. */
    source?: { address: string; now: Date; max: number };
  };
}

export type SaveOutcome =
  | { kind: 'saved'; status: RegistrationStatus }
  | { kind: 'library-already-registered' }
  | { kind: 'idempotency-key-taken' }
  | { kind: 'address-limit-reached'; path: string }
  /** The source's window is full; it has room again in this many seconds. */
  | { kind: 'source-limit-reached'; retryAfterSeconds: number };

/** The courses: their definitions, with the counters for reading, and the catalogue that lists them. */
export interface CourseCatalogue {
  getCourse(courseId: string): Promise<{ course: Course; counters: CourseCounters } | undefined>;
  /** The definition alone, one read: for a signup, which leaves the counters to its transaction's condition. */
  getCourseDefinition(courseId: string): Promise<Course | undefined>;
  /** Saves the definition and its line in the catalogue together. */
  putCourse(course: Course): Promise<void>;
  /** The ids of every stored course, from the course catalogue. */
  listCourseIds(): Promise<string[]>;
}

/** A library signing up: the registration, its library guard, the counters and the idempotency record. */
export interface Signups {
  /** The record for a key, unless it has expired by `now`. */
  getIdempotency(key: string, now: Date): Promise<StoredIdempotency | undefined>;
  /** Writes the registration, its library guard, the counters and the idempotency record atomically. */
  saveRegistration(request: NewRegistration): Promise<SaveOutcome>;
}

/** A registration as stored, with what is still owed to it (ARCHITECTURE.md, "Owed work"). */
export interface StoredRegistration extends Registration {
  /** Whether something is still owed (the item is in the sparse `owed` index). */
  owed: boolean;
  /** Grows with every change that owes something new; settling checks it so new work is never lost. */
  owedVersion?: number;
  /** The invoice currently standing (absent before invoicing, and after it was credited). */
  invoiceNumber?: string;
  /** Every invoice and credit note issued to this registration, in issue order. */
  documents?: InvoiceDocument[];
  /** Invoices that a cancellation or a price change left to be credited (owed work). */
  toCredit?: string[];
  cancelledAt?: string;
  /** The coordinator's note on why, for the coordinator's own records (not mailed to the library). */
  cancellationReason?: string;
  /** When a waitlisted registration got its seat: its confirmation says so. */
  promotedAt?: string;
  /** Mails the coordinator asked to have sent again, each sent once under its request id. */
  resendRequests?: ResendRequest[];
  /** Each change of the participant list, with who was removed: the mails it owes are keyed by its version. */
  participantChanges?: {
    version: number;
    at: string;
    removed: { name: string; email: string }[];
    credited?: string;
  }[];
  mailHistory?: MailHistoryEntry[];
  /** When removing the people's data began: from then on nothing is sent to them and nothing changes. */
  personalDataRemovalFrom?: string;
  /** When the people's data was removed after the retention period; what the library bought is kept. */
  personalDataRemovedAt?: string;
}

export interface ResendRequest {
  id: string;
  what: 'confirmation' | 'invoice';
  at: string;
}

export interface ParticipantChange {
  participants: Registration['participants'];
  price: Registration['price'];
  capacity?: number;
  at: Date;
}

export interface RegistrationItems {
  registration: Record<string, unknown>;
  libraryGuard?: Record<string, unknown>;
  documents: Record<string, unknown>[];
  mailRecords: Record<string, unknown>[];
}

export interface MailHistoryEntry {
  dedupeKey: string;
  kind: string;
  to: string[];
  subject: string;
  messageId: string;
  sentAt: string;
}

export interface StoredInvoice {
  invoice: Invoice;
  /** The OIOUBL 2.1 document exactly as sent to the buyer's EAN. */
  oioubl: string;
}

export type MailClaim = 'claimed' | 'already-sent' | 'claimed-by-another';

/** The registrations after signup: read, cancelled, changed, promoted, asked to send a mail again. */
export interface Registrations {
  getRegistration(courseId: string, registrationId: string): Promise<StoredRegistration | undefined>;
  /** Every registration of a course (a Query on its partition: never a Scan). */
  listRegistrations(courseId: string): Promise<StoredRegistration[]>;
  /** Up to `pageSize` registrations after `after` (by id, which orders them by signup time). */
  pageRegistrations(
    courseId: string,
    page: { after?: string; pageSize: number },
  ): Promise<{ registrations: StoredRegistration[]; more: boolean }>;
  /**
   * Every item the table holds about one registration, as stored: the registration, its library guard,
   * its invoices and credit notes, and the records of the mails in its history.
   */
  itemsAboutRegistration(courseId: string, registrationId: string): Promise<RegistrationItems | undefined>;
  /**
   * Cancels in one transaction: status, the library guard released, the counters, the standing invoice
   * left to be credited, and the registration marked as owing work. 'changed' if it changed since read.
   */
  cancelRegistration(
    registration: StoredRegistration,
    cancellation: { at: Date; reason?: string },
  ): Promise<'cancelled' | 'changed'>;
  /**
   * Writes a new participant list, its price and the counters in one transaction, leaving a standing
   * invoice to be credited if the price moved. 'no-room' if a confirmed registration would outgrow the
   * course; 'changed' if the registration changed since it was read.
   */
  changeParticipants(
    registration: StoredRegistration,
    change: ParticipantChange,
  ): Promise<'saved' | 'no-room' | 'changed'>;
  /** Confirms a waitlisted registration if its participants fit the capacity now, in one transaction. */
  promote(
    registration: StoredRegistration,
    capacity: number,
    at: Date,
  ): Promise<'promoted' | 'no-room' | 'changed'>;
  /** Records a coordinator's request to send a mail again (once per request id) and marks the work owed. */
  requestResend(registration: StoredRegistration, request: ResendRequest): Promise<void>;
}

/** Invoices and credit notes, numbered without gaps in their series. */
export interface Ledger {
  getInvoice(number: string): Promise<StoredInvoice | undefined>;
  /**
   * Takes the next number of the series and stores the invoice under it in one transaction that also
   * marks the registration invoiced, so numbers have no gaps and a registration is invoiced once.
   * Returns the registration's invoice, whether issued now or earlier.
   */
  issueInvoice(
    registration: StoredRegistration,
    series: string,
    render: (sequence: number) => StoredInvoice,
  ): Promise<StoredInvoice>;
  /**
   * Credits one invoice of `toCredit` with a credit note in its own gap-free series, in one transaction
   * that takes the invoice out of `toCredit`; returns the credit note, whether issued now or earlier.
   */
  issueCreditNote(
    registration: StoredRegistration,
    invoiceNumber: string,
    series: string,
    render: (sequence: number) => StoredInvoice,
  ): Promise<StoredInvoice>;
  /** Replaces an invoice's stored document by the one kept for the books, and lets TTL delete it at `expiresAt`. */
  keepInvoiceForBooks(document: StoredInvoice, expiresAt: Date): Promise<void>;
}

/** One record per mail (by its dedupe key): what makes each mail go out once. */
export interface MailRecords {
  /**
   * Claims the right to send the mail with this dedupe key, `at` the sender's clock (the one the sweep runs
   * on). A claim past its lease on that clock, or dated ahead of it (made on another clock), belongs to a
   * sender that died before it recorded the send, and is taken over.
   */
  claimMail(dedupeKey: string, at: Date): Promise<MailClaim>;
  /**
   * Records the send: the mail record and, for a mail about a registration, the line of its mail history,
   * in one write, so the two never disagree. A registration that is gone or stripped of its people gets no
   * line; the record is written all the same. Recording a mail already recorded changes nothing.
   */
  recordMailSent(entry: MailHistoryEntry, registration?: { courseId: string; id: string }): Promise<void>;
  /** Gives a claim back after a failed send, so the next attempt can send. */
  releaseMail(dedupeKey: string): Promise<void>;
  deleteMailRecord(dedupeKey: string): Promise<void>;
}

/** The queue of registrations that still owe work (mails, invoices, credit notes). */
export interface OwedWork {
  /** Registrations that still owe something, oldest first. */
  listOwed(limit: number): Promise<{ courseId: string; registrationId: string }[]>;
  /** Marks everything owed as done, unless the registration changed (owes something new) meanwhile. */
  settle(registration: StoredRegistration): Promise<void>;
  /** Moves a registration that keeps failing to the back of the sweep's queue. */
  postpone(key: { courseId: string; registrationId: string }): Promise<void>;
}

/** Removing people's data after the retention period (ARCHITECTURE.md, "Retention"). */
export interface Retention {
  /** When the course's personal data was removed, if it was (kept on its counters item, which no save replaces). */
  personalDataRemovedAt(courseId: string): Promise<string | undefined>;
  /**
   * Marks the registration as being stripped of its people, unless it owes work or changed since read: a
   * new version, so a command read before the mark fails its own condition.
   */
  beginPersonalDataRemoval(registration: StoredRegistration, at: Date): Promise<'begun' | 'changed'>;
  /** Writes the marked registration without its people; TTL deletes it at `expiresAt`. */
  removePersonalData(
    registration: StoredRegistration,
    at: Date,
    expiresAt: Date,
  ): Promise<'removed' | 'changed'>;
  /** The course's per-address signup counters (hashes of addresses: still about people). */
  deleteAddressCounters(courseId: string): Promise<number>;
  markPersonalDataRemoved(courseId: string, at: Date): Promise<void>;
}

/** The whole table, one port per aggregate; each use case names the ones it needs. */
export type Store = CourseCatalogue & Signups & Registrations & Ledger & MailRecords & OwedWork & Retention;

export interface Mailer {
  /** Sends one complete MIME message; returns the provider's message id. */
  sendRaw(message: { from: string; to: string[]; raw: Uint8Array }): Promise<string>;
}

/** What a sync changed: schedules created, moved (updated) and deleted. */
export interface ScheduleSyncResult {
  created: number;
  updated: number;
  deleted: number;
}

/**
 * One-time schedules, one per planned reminder of a course, each invoking send-reminder with
 * `{courseId, reminderId}` at the reminder's Copenhagen wall-clock time.
 */
export interface ReminderScheduler {
  /**
   * Makes the course's schedules exactly `reminders`: creates the missing, moves the changed and deletes
   * those no longer planned. Pass only reminders still to come (a scheduler cannot fire in the past).
   */
  syncCourse(courseId: string, reminders: PlannedReminder[]): Promise<ScheduleSyncResult>;
}

/**
 * A part of the course's structure as stored, with the version it was read at (0: never saved). Each part
 * is one item, written only if still at the version read, so two writers never both win.
 */
export interface Versioned<T> {
  value: T;
  version: number;
}

export interface VisitPlan {
  slots: VisitSlot[];
  bookings: VisitBooking[];
}

export interface GroupPlan {
  groups: GuidanceGroup[];
  /** Per library, the plan version at which its meeting (host, date, time) last changed. */
  revisions?: Record<string, number>;
}

export interface StoredCase extends TrialCase {
  registrationId: string;
  participantKey: string;
}

/** Whom a link opens: a library's (booking) or, with a participant key, a participant's (case). */
export interface LinkOwner {
  courseId: string;
  registrationId: string;
  participantKey?: string;
}

export type VersionedWrite = 'saved' | 'changed';

/** The course's own structure: visits, groups, cases, attendance, and the links that open them. */
export interface StructureStore {
  getVisitPlan(courseId: string): Promise<Versioned<VisitPlan>>;
  saveVisitPlan(courseId: string, plan: VisitPlan, readVersion: number): Promise<VersionedWrite>;
  getGroupPlan(courseId: string): Promise<Versioned<GroupPlan>>;
  saveGroupPlan(courseId: string, plan: GroupPlan, readVersion: number): Promise<VersionedWrite>;
  getAttendance(courseId: string): Promise<Versioned<Attendance>>;
  saveAttendance(courseId: string, attendance: Attendance, readVersion: number): Promise<VersionedWrite>;
  /** Every case of the course (a Query on its partition). */
  listCases(courseId: string): Promise<StoredCase[]>;
  getCase(courseId: string, registrationId: string, participantKey: string): Promise<StoredCase | undefined>;
  putCase(courseId: string, stored: StoredCase): Promise<void>;
  /** The owner's link token: the one it has, or `fresh` stored now (so every mail carries the same link). */
  linkToken(owner: LinkOwner, fresh: string): Promise<string>;
  findLink(token: string): Promise<LinkOwner | undefined>;
  /** Deletes what the structure keeps about people (cases, links, attendance); returns the items deleted. */
  deleteStructurePersonalData(courseId: string): Promise<number>;
}
