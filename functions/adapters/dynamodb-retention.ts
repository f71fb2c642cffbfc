import type { Retention } from '#app/ports.ts';
import { withoutPersonalData } from '#domain/retention.ts';
import { itemKeys, keyRanges } from '../table-layout.ts';
import {
  type DynamoTable,
  epochSeconds,
  nextVersion,
  sameVersion,
  type TableWrite,
} from './dynamodb-table.ts';

/**
 * Removing people's data after the retention period: a registration is first marked (so no command read
 * before the mark can change it), then written without its people, and TTL deletes it when the books no
 * longer need what it bought.
 */
export function dynamoDbRetention(table: DynamoTable): Retention {
  return {
    async personalDataRemovedAt(courseId) {
      const counters = await table.get(itemKeys.counters(courseId), { consistent: true });
      return typeof counters?.personalDataRemovedAt === 'string' ? counters.personalDataRemovedAt : undefined;
    },

    async markPersonalDataRemoved(courseId, at) {
      await table.update({
        Key: itemKeys.counters(courseId),
        UpdateExpression: 'SET personalDataRemovedAt = :at, #type = :type',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':at': at.toISOString(), ':type': 'course-counters' },
      });
    },

    async beginPersonalDataRemoval(registration, at) {
      const asRead = sameVersion(registration.owedVersion);
      // A new version: a command that read the registration before this mark then fails its condition.
      const version = nextVersion();
      const begun = await table.conditionally((t) =>
        t.update({
          Key: itemKeys.registration(registration.courseId, registration.id),
          UpdateExpression: `SET personalDataRemovalFrom = :at, ${version.set}`,
          ConditionExpression: `attribute_exists(PK) AND attribute_not_exists(owedPk) AND ${asRead.condition}`,
          ExpressionAttributeValues: { ':at': at.toISOString(), ...version.values, ...asRead.values },
        }),
      );
      return begun ? 'begun' : 'changed';
    },

    async removePersonalData(registration, at, expiresAt) {
      const removal = withoutPersonalData(registration);
      const writes: TableWrite[] = [
        {
          Update: {
            Key: itemKeys.registration(registration.courseId, registration.id),
            UpdateExpression:
              'SET contact = :contact, leader = :leader, participants = :participants, ' +
              'mailHistory = :mailHistory, participantChanges = :changes, ' +
              'personalDataRemovedAt = :at, expiresAt = :expiresAt ' +
              `REMOVE ${removal.remove.map((_, i) => `#gone${i}`).join(', ')}`,
            // Marked for removal, and nothing owed (work that slipped in before the mark is dropped first).
            ConditionExpression: 'attribute_exists(personalDataRemovalFrom) AND attribute_not_exists(owedPk)',
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
      ];
      // The library guard goes with the registration it names (a later one keeps its own); a cancelled
      // registration released it already.
      if (registration.status !== 'cancelled') {
        writes.push({
          Update: {
            Key: itemKeys.libraryGuard(registration.courseId, registration.library.ean),
            UpdateExpression: 'SET expiresAt = :expiresAt',
            ConditionExpression: 'registrationId = :id',
            ExpressionAttributeValues: { ':id': registration.id, ':expiresAt': epochSeconds(expiresAt) },
          },
        });
      }
      return (await table.transact(writes)) ? 'changed' : 'removed';
    },

    async deleteAddressCounters(courseId) {
      const counters = await table.queryAll(keyRanges.addressUses(courseId), { keysOnly: true });
      for (const { PK, SK } of counters) await table.delete({ Key: { PK, SK } });
      return counters.length;
    },
  };
}
