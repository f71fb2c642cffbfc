import type { MailHistoryEntry, MailRecords } from '#app/ports.ts';
import { itemKeys } from '../table-layout.ts';
import type { DynamoTable, TableWrite } from './dynamodb-table.ts';

/**
 * A claim this old on the sender's clock is a sender that died mid-send: another attempt may take it over.
 * Twice the life of a mailing Lambda, and a minute short of the sweep's interval, so that the first sweep a
 * whole interval after a claim (or after a restart) always finds it expired.
 */
export const MAIL_CLAIM_LEASE_MS = 4 * 60 * 1000;

/**
 * A claim dated further ahead of the clock than this was made on another clock (a local run with another
 * `--now` or `--speed`): no sender on this clock holds it. Clocks in AWS agree far more closely than this.
 */
export const MAIL_CLAIM_AHEAD_MS = 60 * 1000;

/** One MAIL item per dedupe key: claimed before the send, marked sent after it, so each mail goes out once. */
export function dynamoDbMailRecords(table: DynamoTable): MailRecords {
  return {
    async claimMail(dedupeKey, at) {
      const claimed = await table.conditionally((t) =>
        t.put({
          Item: { ...itemKeys.mail(dedupeKey), type: 'mail', status: 'claimed', claimedAt: at.toISOString() },
          ConditionExpression:
            'attribute_not_exists(PK) OR (#status = :claimed AND (claimedAt < :expired OR claimedAt > :ahead))',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':claimed': 'claimed',
            ':expired': new Date(at.getTime() - MAIL_CLAIM_LEASE_MS).toISOString(),
            ':ahead': new Date(at.getTime() + MAIL_CLAIM_AHEAD_MS).toISOString(),
          },
        }),
      );
      if (claimed) return 'claimed';
      const record = await table.get(itemKeys.mail(dedupeKey), { consistent: true });
      return record?.status === 'sent' ? 'already-sent' : 'claimed-by-another';
    },

    async recordMailSent(entry, registration) {
      // The record and the history line in one transaction: a crash leaves both or neither (then the claim
      // runs out and the mail is sent and recorded again), never a sent mail missing from the history.
      if (registration) {
        const refused = await table.transact([markSent(entry), historyLine(entry, registration)]);
        // Recorded already: an earlier attempt whose answer was lost, or a sender that took over the claim.
        if (!refused || refused.failed(0)) return;
        // Collided with another write of the registration: the caller tries again.
        if (!refused.failed(1)) throw refused.error;
      }
      // Not about a registration, or one that is gone or stripped of its people: the record alone.
      await table.conditionally((t) => t.update(markSent(entry).Update));
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

/** The record marked sent, unless it is already: so a second recording adds no second history line. */
function markSent(entry: MailHistoryEntry) {
  return {
    Update: {
      Key: itemKeys.mail(entry.dedupeKey),
      UpdateExpression: 'SET #status = :sent, messageId = :messageId, sentAt = :sentAt',
      ConditionExpression: 'attribute_not_exists(#status) OR #status <> :sent',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':sent': 'sent', ':messageId': entry.messageId, ':sentAt': entry.sentAt },
    },
  } satisfies TableWrite;
}

/** The history line, only on a registration that still exists and still has its people. */
function historyLine(entry: MailHistoryEntry, registration: { courseId: string; id: string }): TableWrite {
  return {
    Update: {
      Key: itemKeys.registration(registration.courseId, registration.id),
      UpdateExpression: 'SET mailHistory = list_append(if_not_exists(mailHistory, :none), :entry)',
      ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(personalDataRemovedAt)',
      ExpressionAttributeValues: { ':none': [], ':entry': [entry] },
    },
  };
}
