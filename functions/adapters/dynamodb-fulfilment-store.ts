import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  CoordinatorStore,
  FulfilmentStore,
  MailClaim,
  MailHistoryEntry,
  ParticipantChange,
  RegistrationItems,
  ReminderStore,
  ResendRequest,
  RetentionStore,
  StoredInvoice,
  StoredRegistration,
} from '#app/ports.ts';
import type { InvoiceDocument } from '#domain/ledger.ts';
import { withoutPersonalData } from '#domain/retention.ts';
import { itemKeys, OWED, tableLayout } from '../table-layout.ts';
import { DynamoDbRegistrationStore, epochSeconds } from './dynamodb-store.ts';

/** A claim older than this is a sender that crashed mid-send: another attempt may take it over. */
const MAIL_CLAIM_LEASE_MS = 5 * 60 * 1000;
/** Concurrent invoice issues race for the series counter; losers re-read and try the next number. */
const INVOICE_ATTEMPTS = 300;

function toStoredRegistration(item: Record<string, unknown>): StoredRegistration {
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

/** The ledger line a document adds to its registration. */
function ledgerLine({ invoice }: StoredInvoice): InvoiceDocument {
  return {
    number: invoice.number,
    kind: invoice.kind,
    total: invoice.total,
    issueDate: invoice.issueDate,
    ...(invoice.creditsInvoiceNumber && { credits: invoice.creditsInvoiceNumber }),
  };
}

/** The condition that the registration is still at the version it was read at. */
function sameVersion(registration: StoredRegistration): string {
  return registration.owedVersion === undefined ? 'attribute_not_exists(owedVersion)' : 'owedVersion = :read';
}

function versionValue(registration: StoredRegistration) {
  return registration.owedVersion === undefined ? {} : { ':read': registration.owedVersion };
}

const isConditionFailure = (error: unknown) =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

export class DynamoDbStore
  extends DynamoDbRegistrationStore
  implements FulfilmentStore, ReminderStore, CoordinatorStore, RetentionStore
{
  async getRegistration(courseId: string, registrationId: string): Promise<StoredRegistration | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: itemKeys.registration(courseId, registrationId),
        ConsistentRead: true,
      }),
    );
    return Item ? toStoredRegistration(Item) : undefined;
  }

  async listRegistrations(courseId: string): Promise<StoredRegistration[]> {
    const registrations: StoredRegistration[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :reg)',
          ExpressionAttributeValues: { ':pk': itemKeys.course(courseId).PK, ':reg': 'REG#' },
          ExclusiveStartKey: startKey,
          // Moving the waitlist up decides on what it reads: a stale status would send it round again.
          ConsistentRead: true,
        }),
      );
      for (const item of page.Items ?? []) registrations.push(toStoredRegistration(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return registrations;
  }

  async pageRegistrations(
    courseId: string,
    { after, pageSize }: { after?: string; pageSize: number },
  ): Promise<{ registrations: StoredRegistration[]; more: boolean }> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :reg)',
        ExpressionAttributeValues: { ':pk': itemKeys.course(courseId).PK, ':reg': 'REG#' },
        ...(after && { ExclusiveStartKey: itemKeys.registration(courseId, after) }),
        Limit: pageSize,
      }),
    );
    return {
      registrations: (page.Items ?? []).map(toStoredRegistration),
      more: page.LastEvaluatedKey !== undefined,
    };
  }

  async listCourseIds(): Promise<string[]> {
    const ids: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :catalogue',
          ExpressionAttributeValues: { ':catalogue': 'CATALOGUE' },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) ids.push(String(item.courseId));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return ids;
  }

  async itemsAboutRegistration(
    courseId: string,
    registrationId: string,
  ): Promise<RegistrationItems | undefined> {
    const get = async (Key: Record<string, string>) =>
      (await this.db.send(new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }))).Item;
    const registration = await get(itemKeys.registration(courseId, registrationId));
    if (!registration) return undefined;
    const stored = toStoredRegistration(registration);
    const guard = await get(itemKeys.libraryGuard(courseId, stored.library.ean));
    const documents = await Promise.all((stored.documents ?? []).map((d) => get(itemKeys.invoice(d.number))));
    const mailRecords = await Promise.all(
      [...new Set((stored.mailHistory ?? []).map((m) => m.dedupeKey))].map((key) => get(itemKeys.mail(key))),
    );
    const present = (items: (Record<string, unknown> | undefined)[]) =>
      items.filter((item): item is Record<string, unknown> => item !== undefined);
    return {
      registration,
      // The guard names the registration it belongs to; after a cancellation it may name a later one.
      ...(guard?.registrationId === registrationId && { libraryGuard: guard }),
      documents: present(documents),
      mailRecords: present(mailRecords),
    };
  }

  async getInvoice(number: string): Promise<StoredInvoice | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: itemKeys.invoice(number), ConsistentRead: true }),
    );
    return Item
      ? { invoice: Item.invoice as StoredInvoice['invoice'], oioubl: Item.oioubl as string }
      : undefined;
  }

  async issueInvoice(
    registration: StoredRegistration,
    series: string,
    render: (sequence: number) => StoredInvoice,
  ): Promise<StoredInvoice> {
    return this.issueDocument(
      registration,
      series,
      render,
      (issued) => ({
        UpdateExpression:
          'SET invoiceNumber = :number, documents = list_append(if_not_exists(documents, :none), :line)',
        // Only a confirmed registration is invoiced, only once, and only for the price it has now: a
        // participant change saved since the read must not be left with an invoice for the old price.
        ConditionExpression:
          'attribute_exists(PK) AND attribute_not_exists(invoiceNumber) AND #status = :confirmed AND ' +
          '#price.#total = :total AND #price.#participants = :participants',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#price': 'price',
          '#total': 'total',
          '#participants': 'participants',
        },
        ExpressionAttributeValues: {
          ':number': issued.invoice.number,
          ':confirmed': 'confirmed',
          ':total': registration.price.total,
          ':participants': registration.price.participants,
          ':none': [],
          ':line': [ledgerLine(issued)],
        },
      }),
      async () => {
        const current = await this.getRegistration(registration.courseId, registration.id);
        return current?.invoiceNumber ? this.getInvoice(current.invoiceNumber) : undefined;
      },
    );
  }

  async issueCreditNote(
    registration: StoredRegistration,
    invoiceNumber: string,
    series: string,
    render: (sequence: number) => StoredInvoice,
  ): Promise<StoredInvoice> {
    return this.issueDocument(
      registration,
      series,
      render,
      (issued) => ({
        UpdateExpression:
          'DELETE toCredit :invoice SET documents = list_append(if_not_exists(documents, :none), :line)',
        // One credit note per invoice: the number leaves the set in the transaction that credits it.
        ConditionExpression: 'contains(toCredit, :number)',
        ExpressionAttributeValues: {
          ':invoice': new Set([invoiceNumber]),
          ':number': invoiceNumber,
          ':none': [],
          ':line': [ledgerLine(issued)],
        },
      }),
      async () => {
        const current = await this.getRegistration(registration.courseId, registration.id);
        const note = current?.documents?.find((d) => d.kind === 'credit-note' && d.credits === invoiceNumber);
        return note ? this.getInvoice(note.number) : undefined;
      },
    );
  }

  /**
   * Takes the next number of a series and stores the document under it in one transaction that also
   * marks the registration, so numbers have no gaps and a document is issued once. If the registration's
   * condition fails, another worker issued it meanwhile: `existing` finds that one, no number used up.
   */
  private async issueDocument(
    registration: StoredRegistration,
    series: string,
    render: (sequence: number) => StoredInvoice,
    markRegistration: (issued: StoredInvoice) => {
      UpdateExpression: string;
      ConditionExpression: string;
      ExpressionAttributeNames?: Record<string, string>;
      ExpressionAttributeValues: Record<string, unknown>;
    },
    existing: () => Promise<StoredInvoice | undefined>,
  ): Promise<StoredInvoice> {
    for (let attempt = 1; attempt <= INVOICE_ATTEMPTS; attempt++) {
      const { Item: counter } = await this.db.send(
        new GetCommand({
          TableName: this.tableName,
          Key: itemKeys.invoiceSeries(series),
          ConsistentRead: true,
        }),
      );
      const last = typeof counter?.lastNumber === 'number' ? counter.lastNumber : 0;
      const issued = render(last + 1);
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.tableName,
                  Key: itemKeys.invoiceSeries(series),
                  UpdateExpression: 'SET lastNumber = :next, #type = :type',
                  ...(this.guards.invoiceSeries && {
                    ConditionExpression:
                      last === 0 ? 'attribute_not_exists(lastNumber)' : 'lastNumber = :last',
                  }),
                  ExpressionAttributeNames: { '#type': 'type' },
                  ExpressionAttributeValues: {
                    ':next': last + 1,
                    ':type': 'invoice-series',
                    ...(last > 0 && this.guards.invoiceSeries && { ':last': last }),
                  },
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...itemKeys.invoice(issued.invoice.number),
                    type: 'invoice',
                    ...issued,
                    courseId: registration.courseId,
                    registrationId: registration.id,
                  },
                  ...(this.guards.invoiceSeries && { ConditionExpression: 'attribute_not_exists(PK)' }),
                },
              },
              {
                Update: {
                  TableName: this.tableName,
                  Key: itemKeys.registration(registration.courseId, registration.id),
                  ...markRegistration(issued),
                },
              },
            ],
          }),
        );
        return issued;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = (error.CancellationReasons ?? []).map((r) => r.Code);
        if (reasons[2] === 'ConditionalCheckFailed') {
          const found = await existing();
          if (found) return found;
          throw new Error(
            `registration ${registration.id} no longer needs this document, or it cannot be read`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 5 * attempt)));
      }
    }
    throw new Error(`a number in series ${series} not obtained after ${INVOICE_ATTEMPTS} attempts`);
  }

  async claimMail(dedupeKey: string): Promise<MailClaim> {
    // Real time, not the course clock: the lease is about a crashed process, and the local clock travels.
    const now = new Date();
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...itemKeys.mail(dedupeKey),
            type: 'mail',
            status: 'claimed',
            claimedAt: now.toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(PK) OR (#status = :claimed AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':claimed': 'claimed',
            ':stale': new Date(now.getTime() - MAIL_CLAIM_LEASE_MS).toISOString(),
          },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const { Item } = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: itemKeys.mail(dedupeKey), ConsistentRead: true }),
      );
      return Item?.status === 'sent' ? 'already-sent' : 'claimed-by-another';
    }
  }

  async recordMailSent(
    entry: MailHistoryEntry,
    registration?: { courseId: string; id: string },
  ): Promise<void> {
    // First the mail record (what prevents a resend), then the history: a failure of the second costs a
    // history line, never a second mail.
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: itemKeys.mail(entry.dedupeKey),
        UpdateExpression: 'SET #status = :sent, messageId = :messageId, sentAt = :sentAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':messageId': entry.messageId,
          ':sentAt': entry.sentAt,
        },
      }),
    );
    if (!registration) return;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: itemKeys.registration(registration.courseId, registration.id),
          UpdateExpression: 'SET mailHistory = list_append(if_not_exists(mailHistory, :none), :entry)',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':none': [], ':entry': [entry] },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async releaseMail(dedupeKey: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: itemKeys.mail(dedupeKey),
          ConditionExpression: '#status = :claimed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':claimed': 'claimed' },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async settle(registration: StoredRegistration): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: itemKeys.registration(registration.courseId, registration.id),
          // The version stays: a later change owes new work under a higher version, never a reused one.
          UpdateExpression: 'REMOVE owedPk, owedSince',
          ConditionExpression: 'owedVersion = :version',
          ExpressionAttributeValues: { ':version': registration.owedVersion },
        }),
      );
    } catch (error) {
      // The registration owes something new since it was read: leave it in the index for the next pass.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async postpone(key: { courseId: string; registrationId: string }): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: itemKeys.registration(key.courseId, key.registrationId),
          UpdateExpression: 'SET owedSince = :now',
          ConditionExpression: 'attribute_exists(owedPk)',
          ExpressionAttributeValues: { ':now': new Date().toISOString() },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async listOwed(limit: number): Promise<{ courseId: string; registrationId: string }[]> {
    const { owedIndex } = tableLayout;
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: owedIndex.name,
        KeyConditionExpression: '#pk = :owed',
        ExpressionAttributeNames: { '#pk': owedIndex.partitionKey },
        ExpressionAttributeValues: { ':owed': OWED },
        Limit: limit,
      }),
    );
    return Items.flatMap((item) => {
      const courseId = /^COURSE#(.+)$/.exec(String(item.PK))?.[1];
      const registrationId = /^REG#(.+)$/.exec(String(item.SK))?.[1];
      return courseId && registrationId ? [{ courseId, registrationId }] : [];
    });
  }

  async cancelRegistration(
    registration: StoredRegistration,
    { at, reason }: { at: Date; reason?: string },
  ): Promise<'cancelled' | 'changed'> {
    const bucket = registration.status === 'confirmed' ? 'confirmed' : 'waitlisted';
    const invoice = registration.invoiceNumber;
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: itemKeys.registration(registration.courseId, registration.id),
                UpdateExpression:
                  'SET #status = :cancelled, cancelledAt = :at, owedPk = :owed, owedSince = :at, ' +
                  'owedVersion = if_not_exists(owedVersion, :zero) + :one' +
                  (reason ? ', cancellationReason = :reason' : '') +
                  (invoice ? ' REMOVE invoiceNumber ADD toCredit :invoice' : ''),
                // As read: the same status and participants (so the right counters drop by the right
                // number; every change raises owedVersion) and the same standing invoice (so an invoice
                // issued meanwhile is not left uncredited).
                ConditionExpression: `#status = :was AND ${sameVersion(registration)} AND ${
                  invoice ? 'invoiceNumber = :number' : 'attribute_not_exists(invoiceNumber)'
                }`,
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':cancelled': 'cancelled',
                  ':was': registration.status,
                  ':at': at.toISOString(),
                  ':owed': OWED,
                  ':zero': 0,
                  ':one': 1,
                  ...versionValue(registration),
                  ...(reason && { ':reason': reason }),
                  ...(invoice && { ':invoice': new Set([invoice]), ':number': invoice }),
                },
              },
            },
            // The library may sign up again.
            {
              Delete: {
                TableName: this.tableName,
                Key: itemKeys.libraryGuard(registration.courseId, registration.library.ean),
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: itemKeys.counters(registration.courseId),
                UpdateExpression: 'ADD #participants :participants, #libraries :minusOne',
                ExpressionAttributeNames: {
                  '#participants': `${bucket}Participants`,
                  '#libraries': `${bucket}Libraries`,
                },
                ExpressionAttributeValues: {
                  ':participants': -registration.participants.length,
                  ':minusOne': -1,
                },
              },
            },
          ],
        }),
      );
      return 'cancelled';
    } catch (error) {
      if (error instanceof TransactionCanceledException) return 'changed';
      throw error;
    }
  }

  async promote(
    registration: StoredRegistration,
    capacity: number,
    at: Date,
  ): Promise<'promoted' | 'no-room' | 'changed'> {
    const n = registration.participants.length;
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: itemKeys.registration(registration.courseId, registration.id),
                UpdateExpression:
                  'SET #status = :confirmed, promotedAt = :at, owedPk = :owed, owedSince = :at, ' +
                  'owedVersion = if_not_exists(owedVersion, :zero) + :one',
                // As read: still waiting, with the participants the counters below move.
                ConditionExpression: `#status = :waitlisted AND ${sameVersion(registration)}`,
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':confirmed': 'confirmed',
                  ':waitlisted': 'waitlisted',
                  ':at': at.toISOString(),
                  ':owed': OWED,
                  ':zero': 0,
                  ':one': 1,
                  ...versionValue(registration),
                },
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: itemKeys.counters(registration.courseId),
                UpdateExpression:
                  'ADD confirmedParticipants :n, confirmedLibraries :one, waitlistedParticipants :minusN, waitlistedLibraries :minusOne',
                // The seats must be free now, whatever was read.
                ConditionExpression:
                  'attribute_not_exists(confirmedParticipants) OR confirmedParticipants <= :room',
                ExpressionAttributeValues: {
                  ':n': n,
                  ':one': 1,
                  ':minusN': -n,
                  ':minusOne': -1,
                  ':room': capacity - n,
                },
              },
            },
          ],
        }),
      );
      return 'promoted';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = (error.CancellationReasons ?? []).map((r) => r.Code);
      return reasons[1] === 'ConditionalCheckFailed' && reasons[0] !== 'ConditionalCheckFailed'
        ? 'no-room'
        : 'changed';
    }
  }

  async changeParticipants(
    registration: StoredRegistration,
    change: ParticipantChange,
  ): Promise<'saved' | 'no-room' | 'changed'> {
    const delta = change.participants.length - registration.participants.length;
    const bucket = registration.status === 'confirmed' ? 'confirmed' : 'waitlisted';
    const kept = new Set(change.participants.map((p) => p.email));
    const removed = registration.participants
      .filter((p) => !kept.has(p.email))
      .map(({ name, email }) => ({ name, email }));
    const version = (registration.owedVersion ?? 0) + 1;
    const invoice = registration.invoiceNumber;
    const recredit = invoice !== undefined && change.price.total !== registration.price.total;
    const growsConfirmed = bucket === 'confirmed' && delta > 0 && change.capacity !== undefined;
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: itemKeys.registration(registration.courseId, registration.id),
                UpdateExpression:
                  'SET participants = :participants, price = :price, owedPk = :owed, owedSince = :at, ' +
                  'owedVersion = :version, participantChanges = list_append(if_not_exists(participantChanges, :none), :change)' +
                  (recredit ? ' REMOVE invoiceNumber ADD toCredit :invoice' : ''),
                // Optimistic: every change raises owedVersion, so a change made meanwhile fails this; an
                // invoice issued meanwhile (which raises nothing) must be credited if the price moves.
                ConditionExpression: `${sameVersion(registration)} AND ${
                  invoice ? 'invoiceNumber = :number' : 'attribute_not_exists(invoiceNumber)'
                }`,
                ExpressionAttributeValues: {
                  ':participants': change.participants,
                  ':price': change.price,
                  ':owed': OWED,
                  ':at': change.at.toISOString(),
                  ':version': version,
                  ':none': [],
                  ':change': [
                    { version, at: change.at.toISOString(), removed, ...(recredit && { credited: invoice }) },
                  ],
                  ...versionValue(registration),
                  ...(invoice && { ':number': invoice }),
                  ...(recredit && { ':invoice': new Set([invoice]) }),
                },
              },
            },
            ...(delta === 0
              ? []
              : [
                  {
                    Update: {
                      TableName: this.tableName,
                      Key: itemKeys.counters(registration.courseId),
                      UpdateExpression: 'ADD #participants :delta',
                      ...(growsConfirmed && {
                        ConditionExpression: 'attribute_not_exists(#participants) OR #participants <= :room',
                      }),
                      ExpressionAttributeNames: { '#participants': `${bucket}Participants` },
                      ExpressionAttributeValues: {
                        ':delta': delta,
                        ...(growsConfirmed && { ':room': (change.capacity as number) - delta }),
                      },
                    },
                  },
                ]),
          ],
        }),
      );
      return 'saved';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = (error.CancellationReasons ?? []).map((r) => r.Code);
      return reasons[1] === 'ConditionalCheckFailed' && reasons[0] !== 'ConditionalCheckFailed'
        ? 'no-room'
        : 'changed';
    }
  }

  async personalDataRemovedAt(courseId: string): Promise<string | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: itemKeys.counters(courseId), ConsistentRead: true }),
    );
    return typeof Item?.personalDataRemovedAt === 'string' ? Item.personalDataRemovedAt : undefined;
  }

  async markPersonalDataRemoved(courseId: string, at: Date): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: itemKeys.counters(courseId),
        UpdateExpression: 'SET personalDataRemovedAt = :at, #type = :type',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':at': at.toISOString(), ':type': 'course-counters' },
      }),
    );
  }

  async keepInvoiceForBooks(document: StoredInvoice, expiresAt: Date): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: itemKeys.invoice(document.invoice.number),
        UpdateExpression: 'SET invoice = :invoice, oioubl = :oioubl, expiresAt = :expiresAt',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: {
          ':invoice': document.invoice,
          ':oioubl': document.oioubl,
          ':expiresAt': epochSeconds(expiresAt),
        },
      }),
    );
  }

  async deleteMailRecord(dedupeKey: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: itemKeys.mail(dedupeKey) }));
  }

  async beginPersonalDataRemoval(registration: StoredRegistration, at: Date): Promise<'begun' | 'changed'> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: itemKeys.registration(registration.courseId, registration.id),
          // A new version: a command that read the registration before this mark then fails its condition.
          UpdateExpression:
            'SET personalDataRemovalFrom = :at, owedVersion = if_not_exists(owedVersion, :zero) + :one',
          ConditionExpression: `attribute_exists(PK) AND attribute_not_exists(owedPk) AND ${sameVersion(registration)}`,
          ExpressionAttributeValues: {
            ':at': at.toISOString(),
            ':zero': 0,
            ':one': 1,
            ...versionValue(registration),
          },
        }),
      );
      return 'begun';
    } catch (error) {
      if (isConditionFailure(error)) return 'changed';
      throw error;
    }
  }

  async removePersonalData(
    registration: StoredRegistration,
    at: Date,
    expiresAt: Date,
  ): Promise<'removed' | 'changed'> {
    const removal = withoutPersonalData(registration);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: itemKeys.registration(registration.courseId, registration.id),
                UpdateExpression:
                  'SET contact = :contact, leader = :leader, participants = :participants, ' +
                  'mailHistory = :mailHistory, participantChanges = :changes, ' +
                  'personalDataRemovedAt = :at, expiresAt = :expiresAt ' +
                  `REMOVE ${removal.remove.map((_, i) => `#gone${i}`).join(', ')}`,
                // Marked for removal, and nothing owed (work that slipped in before the mark is dropped first).
                ConditionExpression:
                  'attribute_exists(personalDataRemovalFrom) AND attribute_not_exists(owedPk)',
                // Some of these names (COMMENT) are words DynamoDB reserves.
                ExpressionAttributeNames: Object.fromEntries(
                  removal.remove.map((name, i) => [`#gone${i}`, name]),
                ),
                ExpressionAttributeValues: {
                  ':contact': removal.contact,
                  ':leader': removal.leader,
                  ':participants': removal.participants,
                  ':mailHistory': removal.mailHistory,
                  ':changes': removal.participantChanges,
                  ':at': at.toISOString(),
                  ':expiresAt': epochSeconds(expiresAt),
                },
              },
            },
            {
              // The library guard goes with the registration it names (a later one keeps its own).
              Update: {
                TableName: this.tableName,
                Key: itemKeys.libraryGuard(registration.courseId, registration.library.ean),
                UpdateExpression: 'SET expiresAt = :expiresAt',
                ConditionExpression: 'registrationId = :id',
                ExpressionAttributeValues: { ':id': registration.id, ':expiresAt': epochSeconds(expiresAt) },
              },
            },
          ].slice(0, registration.status === 'cancelled' ? 1 : 2),
        }),
      );
      return 'removed';
    } catch (error) {
      if (error instanceof TransactionCanceledException) return 'changed';
      throw error;
    }
  }

  async deleteAddressCounters(courseId: string): Promise<number> {
    let deleted = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :addr)',
          ExpressionAttributeValues: { ':pk': itemKeys.course(courseId).PK, ':addr': 'ADDR#' },
          ProjectionExpression: 'PK, SK',
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        await this.db.send(
          new DeleteCommand({ TableName: this.tableName, Key: { PK: item.PK, SK: item.SK } }),
        );
        deleted++;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return deleted;
  }

  async requestResend(registration: StoredRegistration, request: ResendRequest): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: itemKeys.registration(registration.courseId, registration.id),
          UpdateExpression:
            'SET resendRequests = list_append(if_not_exists(resendRequests, :none), :request), ' +
            'owedPk = :owed, owedSince = :at, owedVersion = if_not_exists(owedVersion, :zero) + :one ADD resendIds :id',
          // The same request id twice (a retry, a double click) is one request.
          ConditionExpression: 'attribute_exists(PK) AND NOT contains(resendIds, :requestId)',
          ExpressionAttributeValues: {
            ':none': [],
            ':request': [request],
            ':owed': OWED,
            ':at': request.at,
            ':zero': 0,
            ':one': 1,
            ':id': new Set([request.id]),
            ':requestId': request.id,
          },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
