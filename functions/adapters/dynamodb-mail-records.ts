import type { MailRecords } from '#app/ports.ts';
import { itemKeys } from '../table-layout.ts';
import type { DynamoTable } from './dynamodb-table.ts';

/** A claim older than this is a sender that crashed mid-send: another attempt may take it over. */
const MAIL_CLAIM_LEASE_MS = 5 * 60 * 1000;

/** One MAIL item per dedupe key: claimed before the send, marked sent after it, so each mail goes out once. */
export function dynamoDbMailRecords(table: DynamoTable): MailRecords {
  return {
    async claimMail(dedupeKey) {
      // Real time, not the course clock: the lease is about a crashed process, and the local clock travels.
      const now = new Date();
      const claimed = await table.conditionally((t) =>
        t.put({
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
      if (claimed) return 'claimed';
      const record = await table.get(itemKeys.mail(dedupeKey), { consistent: true });
      return record?.status === 'sent' ? 'already-sent' : 'claimed-by-another';
    },

    async recordMailSent(entry, registration) {
      // First the mail record (what prevents a resend), then the history: a failure of the second costs a
      // history line, never a second mail.
      await table.update({
        Key: itemKeys.mail(entry.dedupeKey),
        UpdateExpression: 'SET #status = :sent, messageId = :messageId, sentAt = :sentAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':messageId': entry.messageId,
          ':sentAt': entry.sentAt,
        },
      });
      if (!registration) return;
      // A registration deleted meanwhile keeps no history.
      await table.conditionally((t) =>
        t.update({
          Key: itemKeys.registration(registration.courseId, registration.id),
          UpdateExpression: 'SET mailHistory = list_append(if_not_exists(mailHistory, :none), :entry)',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':none': [], ':entry': [entry] },
        }),
      );
    },

    async releaseMail(dedupeKey) {
      // Only a claim is given back: a mail already sent stays recorded as sent.
      await table.conditionally((t) =>
        t.delete({
          Key: itemKeys.mail(dedupeKey),
          ConditionExpression: '#status = :claimed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':claimed': 'claimed' },
        }),
      );
    },

    async deleteMailRecord(dedupeKey) {
      await table.delete({ Key: itemKeys.mail(dedupeKey) });
    },
  };
}
