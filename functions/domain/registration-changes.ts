import type { InvoiceDocument } from './ledger.ts';
import type { Registration, RegistrationStatus } from './registration.ts';

/**
 * What a signup, a cancellation, a participant change or a promotion means for the registration, the
 * course's counters and the work owed next. Pure: the store turns each decision into one transaction,
 * conditioned on the registration being as it was read.
 */

/** The course's confirmed and waitlisted totals, kept in the transactions that write registrations. */
export type CounterName =
  | 'confirmedLibraries'
  | 'confirmedParticipants'
  | 'waitlistedLibraries'
  | 'waitlistedParticipants';

/** How much each counter moves (a missing counter does not move). */
export type CounterMoves = Partial<Record<CounterName, number>>;

/** The room a write needs: `counter` may stand at most at `atMost` before it (the capacity less what it adds). */
export interface RoomCheck {
  counter: CounterName;
  atMost: number;
}

/** The work a change owes: it enters the queue of owed work at `since`, under a version no change reused. */
export interface OwedSince {
  since: string;
  version: number;
}

/** What a decision reads of a stored registration. */
export interface RegistrationAsRead {
  status: RegistrationStatus;
  participants: Registration['participants'];
  price: Registration['price'];
  /** The invoice standing now, if any. */
  invoiceNumber?: string;
  /** Grows with every change that owes work; absent before the first. */
  owedVersion?: number;
  documents?: InvoiceDocument[];
}

/** A waitlisted registration counts in the waitlist's counters; so, for its moves, does a cancelled one. */
function bucketOf(status: RegistrationStatus): 'confirmed' | 'waitlisted' {
  return status === 'confirmed' ? 'confirmed' : 'waitlisted';
}

function nextOwed(registration: Pick<RegistrationAsRead, 'owedVersion'>, at: Date): OwedSince {
  return { since: at.toISOString(), version: (registration.owedVersion ?? 0) + 1 };
}

export interface SignupDecision {
  status: 'confirmed' | 'waitlisted';
  counters: CounterMoves;
  /** Absent when waitlisted, or when the course has no capacity. */
  room?: RoomCheck;
  /** First come, first served: once anyone waits, a signup that would fit queues behind them. */
  queueMustBeEmpty: boolean;
  owed: OwedSince;
}

/**
 * A signup tries to be confirmed first; `waitlisted` is the retry after the capacity refused it. A
 * registration larger than the whole course can never be confirmed: it goes straight to the waitlist.
 */
export function decideSignup(
  registration: Pick<Registration, 'participants' | 'createdAt'>,
  capacity: number | undefined,
  attempt: 'confirm' | 'waitlist' = 'confirm',
): SignupDecision {
  const n = registration.participants.length;
  const fits = capacity === undefined || n <= capacity;
  const status = attempt === 'confirm' && fits ? 'confirmed' : 'waitlisted';
  const checked = status === 'confirmed' && capacity !== undefined;
  return {
    status,
    counters: { [`${status}Participants`]: n, [`${status}Libraries`]: 1 },
    ...(checked && { room: { counter: 'confirmedParticipants', atMost: capacity - n } }),
    queueMustBeEmpty: checked,
    owed: { since: registration.createdAt, version: 1 },
  };
}

export interface CancellationDecision {
  cancelledAt: string;
  reason?: string;
  /** The invoice that stood when the registration was read: it is credited, and not invoiced again. */
  credit?: string;
  counters: CounterMoves;
  owed: OwedSince;
}

/** A cancellation frees the library's seats (or its place in the queue) and credits what was invoiced. */
export function decideCancellation(
  registration: RegistrationAsRead,
  { at, reason }: { at: Date; reason?: string },
): CancellationDecision {
  const bucket = bucketOf(registration.status);
  return {
    cancelledAt: at.toISOString(),
    ...(reason && { reason }),
    ...(registration.invoiceNumber && { credit: registration.invoiceNumber }),
    counters: { [`${bucket}Participants`]: -registration.participants.length, [`${bucket}Libraries`]: -1 },
    owed: nextOwed(registration, at),
  };
}

export interface ParticipantChangeDecision {
  participants: Registration['participants'];
  price: Registration['price'];
  /** The invoice that stood, credited because the price moved; the new price is then invoiced afresh. */
  credit?: string;
  /** Empty when the list keeps its length (names or addresses changed). */
  counters: CounterMoves;
  /** Only a confirmed registration that grows needs room, and only on a course with a capacity. */
  room?: RoomCheck;
  owed: OwedSince;
  /** The line added to the registration's history of changes: the mails it owes are keyed by its version. */
  record: { version: number; at: string; removed: { name: string; email: string }[]; credited?: string };
}

export function decideParticipantChange(
  registration: RegistrationAsRead,
  change: {
    participants: Registration['participants'];
    price: Registration['price'];
    capacity?: number;
    at: Date;
  },
): ParticipantChangeDecision {
  const delta = change.participants.length - registration.participants.length;
  const bucket = bucketOf(registration.status);
  const kept = new Set(change.participants.map((p) => p.email));
  const removed = registration.participants
    .filter((p) => !kept.has(p.email))
    .map(({ name, email }) => ({ name, email }));
  const owed = nextOwed(registration, change.at);
  const credit =
    registration.invoiceNumber !== undefined && change.price.total !== registration.price.total
      ? registration.invoiceNumber
      : undefined;
  const grows = bucket === 'confirmed' && delta > 0 && change.capacity !== undefined;
  return {
    participants: change.participants,
    price: change.price,
    ...(credit && { credit }),
    counters: delta === 0 ? {} : { [`${bucket}Participants`]: delta },
    ...(grows && { room: { counter: 'confirmedParticipants', atMost: (change.capacity as number) - delta } }),
    owed,
    record: { version: owed.version, at: owed.since, removed, ...(credit && { credited: credit }) },
  };
}

export interface PromotionDecision {
  promotedAt: string;
  counters: CounterMoves;
  /** The seats must be free when the promotion is written, whatever was read. */
  room: RoomCheck;
  /** A promoted registration owes its confirmation and its invoice, as a signup does. */
  owed: OwedSince;
}

export function decidePromotion(
  registration: RegistrationAsRead,
  capacity: number,
  at: Date,
): PromotionDecision {
  const n = registration.participants.length;
  return {
    promotedAt: at.toISOString(),
    counters: {
      confirmedParticipants: n,
      confirmedLibraries: 1,
      waitlistedParticipants: -n,
      waitlistedLibraries: -1,
    },
    room: { counter: 'confirmedParticipants', atMost: capacity - n },
    owed: nextOwed(registration, at),
  };
}

/** Whether the counters leave the room a write needs. */
export function hasRoom(
  counters: Partial<Record<CounterName, number>>,
  room: RoomCheck | undefined,
): boolean {
  return room === undefined || (counters[room.counter] ?? 0) <= room.atMost;
}

/** The credit note already issued for an invoice, if one was: crediting it again returns that one. */
export function creditNoteFor(
  registration: Pick<RegistrationAsRead, 'documents'>,
  invoiceNumber: string,
): InvoiceDocument | undefined {
  return registration.documents?.find((d) => d.kind === 'credit-note' && d.credits === invoiceNumber);
}
