import type { Registrations, StoredRegistration } from '#app/ports.ts';
import {
  type CounterMoves,
  decideCancellation,
  decideParticipantChange,
  decidePromotion,
  type OwedSince,
  type RoomCheck,
} from '#domain/registration-changes.ts';
import { itemKeys, keyRanges } from '../table-layout.ts';
import {
  countersUpdate,
  type DynamoTable,
  type Item,
  owedUpdate,
  type Refusal,
  sameVersion,
  type TableWrite,
} from './dynamodb-table.ts';

/** A registration item as the code sees it: without its keys and index attributes. */
function storedRegistrationOf(item: Item): StoredRegistration {
  const {
    PK: _pk,
    SK: _sk,
    type: _type,
    owedPk,
    owedSince: _owedSince,
    toCredit,
    resendIds: _ids,
    ...registration
  } = item;
  return {
    ...registration,
    // A string set in the table (so one number can be taken out atomically), a list to the code.
    ...(toCredit instanceof Set && toCredit.size > 0 && { toCredit: [...toCredit].sort() }),
    owed: owedPk !== undefined,
  } as StoredRegistration;
}

/**
 * The condition that the standing invoice is the one read (an invoice issued meanwhile must not be left
 * uncredited), and the clauses that leave it to be credited when the decision credits it.
 */
function standingInvoice(read: string | undefined, credit: string | undefined) {
  return {
    condition: read ? 'invoiceNumber = :number' : 'attribute_not_exists(invoiceNumber)',
    clauses: credit ? ' REMOVE invoiceNumber ADD toCredit :credit' : '',
    values: { ...(read && { ':number': read }), ...(credit && { ':credit': new Set([credit]) }) },
  };
}

/** What a decision writes on the registration itself, besides what every decision writes. */
interface RegistrationChange {
  set: string[];
  condition?: string;
  names?: Record<string, string>;
  values: Record<string, unknown>;
}

/**
 * The update of a registration read earlier by a decision: its own changes, plus what every decision
 * carries: the owed-work marker at the decided version, the condition that the registration is still at
 * the version read, and (unless the decision has no bearing on invoices) that the standing invoice is the
 * one read, left to be credited if the decision credits it.
 */
function decidedUpdate(
  registration: StoredRegistration,
  decision: { owed: OwedSince; credit?: string },
  change: RegistrationChange,
  { invoice = true } = {},
): TableWrite {
  const owed = owedUpdate(decision.owed);
  const asRead = sameVersion(registration.owedVersion);
  const standing = invoice ? standingInvoice(registration.invoiceNumber, decision.credit) : undefined;
  const conditions = [change.condition, asRead.condition, standing?.condition].filter(Boolean);
  return {
    Update: {
      Key: itemKeys.registration(registration.courseId, registration.id),
      UpdateExpression: `SET ${[...change.set, owed.set].join(', ')}${standing?.clauses ?? ''}`,
      ConditionExpression: conditions.join(' AND '),
      ...(change.names && { ExpressionAttributeNames: change.names }),
      ExpressionAttributeValues: { ...change.values, ...owed.values, ...asRead.values, ...standing?.values },
    },
  };
}

/** With a counters write second: its refusal alone means no room; the registration's means it moved on. */
function roomOutcome(refused: Refusal): 'no-room' | 'changed' {
  return refused.failed(1) && !refused.failed(0) ? 'no-room' : 'changed';
}

export function dynamoDbRegistrations(table: DynamoTable): Registrations {
  const counters = (registration: StoredRegistration, moves: CounterMoves, room?: RoomCheck): TableWrite[] =>
    Object.keys(moves).length === 0
      ? []
      : [countersUpdate(itemKeys.counters(registration.courseId), moves, room && { room })];

  return {
    async getRegistration(courseId, registrationId) {
      const item = await table.get(itemKeys.registration(courseId, registrationId), { consistent: true });
      return item ? storedRegistrationOf(item) : undefined;
    },

    async listRegistrations(courseId) {
      // Moving the waitlist up decides on what it reads: a stale status would send it round again.
      const items = await table.queryAll(keyRanges.registrations(courseId), { consistent: true });
      return items.map(storedRegistrationOf);
    },

    async pageRegistrations(courseId, { after, pageSize }) {
      const page = await table.query(keyRanges.registrations(courseId), {
        ...(after && { after: itemKeys.registration(courseId, after) }),
        limit: pageSize,
      });
      return { registrations: page.items.map(storedRegistrationOf), more: page.next !== undefined };
    },

    async itemsAboutRegistration(courseId, registrationId) {
      const get = (key: Record<string, string>) => table.get(key, { consistent: true });
      const registration = await get(itemKeys.registration(courseId, registrationId));
      if (!registration) return undefined;
      const stored = storedRegistrationOf(registration);
      const guard = await get(itemKeys.libraryGuard(courseId, stored.library.ean));
      const documents = await Promise.all(
        (stored.documents ?? []).map((d) => get(itemKeys.invoice(d.number))),
      );
      const mailKeys = new Set((stored.mailHistory ?? []).map((m) => m.dedupeKey));
      const mailRecords = await Promise.all([...mailKeys].map((key) => get(itemKeys.mail(key))));
      const present = (items: (Item | undefined)[]) =>
        items.filter((item): item is Item => item !== undefined);
      return {
        registration,
        // The guard names the registration it belongs to; after a cancellation it may name a later one.
        ...(guard?.registrationId === registrationId && { libraryGuard: guard }),
        documents: present(documents),
        mailRecords: present(mailRecords),
      };
    },

    async cancelRegistration(registration, cancellation) {
      const decision = decideCancellation(registration, cancellation);
      const refused = await table.transact([
        decidedUpdate(registration, decision, {
          set: [
            '#status = :cancelled',
            'cancelledAt = :at',
            ...(decision.reason ? ['cancellationReason = :reason'] : []),
          ],
          // As read: the same status and participants (so the right counters drop by the right number;
          // every change raises owedVersion) and the same standing invoice.
          condition: '#status = :was',
          names: { '#status': 'status' },
          values: {
            ':cancelled': 'cancelled',
            ':was': registration.status,
            ':at': decision.cancelledAt,
            ...(decision.reason && { ':reason': decision.reason }),
          },
        }),
        // The library may sign up again.
        { Delete: { Key: itemKeys.libraryGuard(registration.courseId, registration.library.ean) } },
        ...counters(registration, decision.counters),
      ]);
      return refused ? 'changed' : 'cancelled';
    },

    async promote(registration, capacity, at) {
      const decision = decidePromotion(registration, capacity, at);
      const promotion = decidedUpdate(
        registration,
        decision,
        {
          set: ['#status = :confirmed', 'promotedAt = :at'],
          // As read: still waiting, with the participants the counters move.
          condition: '#status = :waitlisted',
          names: { '#status': 'status' },
          values: { ':confirmed': 'confirmed', ':waitlisted': 'waitlisted', ':at': decision.promotedAt },
        },
        // A waiting registration has no invoice: the promotion has no bearing on one.
        { invoice: false },
      );
      const refused = await table.transact([
        promotion,
        ...counters(registration, decision.counters, decision.room),
      ]);
      return refused ? roomOutcome(refused) : 'promoted';
    },

    async changeParticipants(registration, change) {
      const decision = decideParticipantChange(registration, change);
      // Optimistic: every change raises owedVersion, so a change made meanwhile fails the condition; an
      // invoice issued meanwhile (which raises nothing) must be credited if the price moves.
      const participantChange = decidedUpdate(registration, decision, {
        set: [
          'participants = :participants',
          'price = :price',
          'participantChanges = list_append(if_not_exists(participantChanges, :none), :change)',
        ],
        values: {
          ':participants': decision.participants,
          ':price': decision.price,
          ':none': [],
          ':change': [decision.record],
        },
      });
      const refused = await table.transact([
        participantChange,
        ...counters(registration, decision.counters, decision.room),
      ]);
      return refused ? roomOutcome(refused) : 'saved';
    },

    async requestResend(registration, request) {
      // No read to condition on: the request takes the version after whatever is stored.
      const owed = owedUpdate({ since: request.at, version: 'next' });
      // The same request id twice (a retry, a double click) is one request.
      await table.conditionally((t) =>
        t.update({
          Key: itemKeys.registration(registration.courseId, registration.id),
          UpdateExpression:
            `SET resendRequests = list_append(if_not_exists(resendRequests, :none), :request), ${owed.set} ` +
            'ADD resendIds :id',
          ConditionExpression: 'attribute_exists(PK) AND NOT contains(resendIds, :requestId)',
          ExpressionAttributeValues: {
            ':none': [],
            ':request': [request],
            ':id': new Set([request.id]),
            ':requestId': request.id,
            ...owed.values,
          },
        }),
      );
    },
  };
}
