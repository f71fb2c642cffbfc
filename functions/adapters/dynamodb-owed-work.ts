import type { OwedWork } from '#app/ports.ts';
import { itemKeys, keyRanges, registrationOfKey } from '../table-layout.ts';
import type { DynamoTable } from './dynamodb-table.ts';

/**
 * The queue of owed work is the sparse `owed` index: a registration is in it while it carries `owedPk`
 * (ARCHITECTURE.md, "Owed work"). Those who owe work mark it themselves (dynamodb-table.ts).
 */
export function dynamoDbOwedWork(table: DynamoTable): OwedWork {
  return {
    async listOwed(limit) {
      const { items } = await table.query(keyRanges.owed(), { limit });
      return items.flatMap((item) => {
        const key = registrationOfKey(item);
        return key ? [key] : [];
      });
    },

    async settle(registration) {
      // Refused when the registration owes something new since it was read: it stays for the next pass.
      await table.conditionally((t) =>
        t.update({
          Key: itemKeys.registration(registration.courseId, registration.id),
          // The version stays: a later change owes new work under a higher version, never a reused one.
          UpdateExpression: 'REMOVE owedPk, owedSince',
          ConditionExpression: 'owedVersion = :version',
          ExpressionAttributeValues: { ':version': registration.owedVersion },
        }),
      );
    },

    async postpone(key) {
      // Refused when it was settled meanwhile: nothing to move.
      await table.conditionally((t) =>
        t.update({
          Key: itemKeys.registration(key.courseId, key.registrationId),
          UpdateExpression: 'SET owedSince = :now',
          ConditionExpression: 'attribute_exists(owedPk)',
          ExpressionAttributeValues: { ':now': new Date().toISOString() },
        }),
      );
    },
  };
}
