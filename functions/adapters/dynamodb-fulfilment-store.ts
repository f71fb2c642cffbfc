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
  ReminderStore,
  StoredInvoice,
  StoredRegistration,
} from '#app/ports.ts';
import { itemKeys, OWED, tableLayout } from '../manifest.ts';
import { DynamoDbRegistrationStore } from './dynamodb-store.ts';

/** A claim older than this is a sender that crashed mid-send: another attempt may take it over. */
const MAIL_CLAIM_LEASE_MS = 5 * 60 * 1000;
/** Concurrent invoice issues race for the series counter; losers re-read and try the next number. */
const INVOICE_ATTEMPTS = 300;

function toStoredRegistration(item: Record<string, unknown>): StoredRegistration {
  const { PK: _pk, SK: _sk, type: _type, owedPk, owedSince: _owedSince, ...registration } = item;
  return { ...registration, owed: owedPk !== undefined } as StoredRegistration;
}

const isConditionFailure = (error: unknown) =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

export class DynamoDbStore
  extends DynamoDbRegistrationStore
  implements FulfilmentStore, ReminderStore, CoordinatorStore
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
                  ConditionExpression: last === 0 ? 'attribute_not_exists(lastNumber)' : 'lastNumber = :last',
                  ExpressionAttributeNames: { '#type': 'type' },
                  ExpressionAttributeValues: {
                    ':next': last + 1,
                    ':type': 'invoice-series',
                    ...(last > 0 && { ':last': last }),
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
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              {
                Update: {
                  TableName: this.tableName,
                  Key: itemKeys.registration(registration.courseId, registration.id),
                  UpdateExpression: 'SET invoiceNumber = :number',
                  // Only a confirmed registration is invoiced, and only once, whatever happened since it was read.
                  ConditionExpression:
                    'attribute_exists(PK) AND attribute_not_exists(invoiceNumber) AND #status = :confirmed',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':number': issued.invoice.number, ':confirmed': 'confirmed' },
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
          // Invoiced meanwhile by another worker: that invoice is the one, and no number was used up here.
          const current = await this.getRegistration(registration.courseId, registration.id);
          const existing = current?.invoiceNumber ? await this.getInvoice(current.invoiceNumber) : undefined;
          if (existing) return existing;
          throw new Error(
            `registration ${registration.id} is no longer confirmed or its invoice cannot be read`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 5 * attempt)));
      }
    }
    throw new Error(`invoice number in series ${series} not obtained after ${INVOICE_ATTEMPTS} attempts`);
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
}
