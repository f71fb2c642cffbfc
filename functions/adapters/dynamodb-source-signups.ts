import { createHash, randomBytes } from 'node:crypto';
import type { NewRegistration } from '#app/ports.ts';
import { decideSourceSignup, type SourceSignup } from '#domain/flood-limits.ts';
import { itemKeys } from '../table-layout.ts';
import type { DynamoTable, TableWrite } from './dynamodb-table.ts';

/** Keys hold a hash, never the address itself: an address is personal data, a key is not erased with it. */
export function hashed(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 32);
}

export type SourceCheck =
  | { kind: 'refused'; retryAfterSeconds: number }
  /** The write that counts the signup, in its transaction; refused if the window filled since the read. */
  | { kind: 'counted'; write: TableWrite };

/**
 * Reads a source's recent signups and lets the domain decide. The write adds this signup to the stored
 * map under a condition on its size, not on a version: signups from one address at once each add their
 * own entry without colliding, and the limit still holds for everything written since the read.
 */
export async function checkSourceSignup(
  table: DynamoTable,
  source: NonNullable<NonNullable<NewRegistration['floodLimits']>['source']>,
): Promise<SourceCheck> {
  const Key = itemKeys.sourceSignups(hashed(source.address));
  const item = await table.get(Key, { consistent: true });
  const stored = isMap(item?.signups) ? item.signups : undefined;
  const recent: SourceSignup[] = Object.entries(stored ?? {}).map(([id, at]) => ({ id, at: Number(at) }));
  const decision = decideSourceSignup(recent, source.now, source.max);
  if (decision.kind === 'refuse') return { kind: 'refused', retryAfterSeconds: decision.retryAfterSeconds };
  const id = randomBytes(9).toString('base64url');
  const at = source.now.getTime();
  // Rounded up: the item must outlive its newest signup's window, not end a second early.
  const expiresAt = Math.ceil(decision.expiresAt.getTime() / 1000);
  if (!stored) {
    // A source's first signup makes its empty map, outside the transaction, so that simultaneous first
    // signups all add to one map instead of racing to create it (only one would win).
    await table.conditionally((t) =>
      t.put({
        Item: { ...Key, type: 'flood-counter', signups: {}, expiresAt },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }
  const forget = decision.forget.map((_, i) => `signups.#forget${i}`);
  return {
    kind: 'counted',
    write: {
      Update: {
        Key,
        UpdateExpression: `SET signups.#new = :at, expiresAt = :expiresAt${forget.length > 0 ? ` REMOVE ${forget.join(', ')}` : ''}`,
        ConditionExpression: [
          'size(signups) < :below',
          ...forget.map((path) => `attribute_exists(${path})`),
        ].join(' AND '),
        ExpressionAttributeNames: {
          '#new': id,
          ...Object.fromEntries(decision.forget.map((forgotten, i) => [`#forget${i}`, forgotten])),
        },
        ExpressionAttributeValues: { ':at': at, ':expiresAt': expiresAt, ':below': decision.storedBelow },
      },
    },
  };
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
