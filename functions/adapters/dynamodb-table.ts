import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DeleteCommandInput,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { CounterMoves, OwedSince, RoomCheck } from '#domain/registration-changes.ts';
import { type KeyRange, OWED } from '../table-layout.ts';

/**
 * What every adapter of the single table shares: its name on each command, the decoding of refused
 * writes, paged Queries, and the two things several aggregates write alike (the owed-work marker and the
 * course's counters). One instance per table serves all the adapters.
 */

export function createDocumentClient(client = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** DynamoDB's TTL attribute is a number of seconds since the epoch. */
export function epochSeconds(instant: Date): number {
  return Math.floor(instant.getTime() / 1000);
}

export type Item = Record<string, unknown>;
type Key = Record<string, unknown>;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Untabled<T> = Omit<NonNullable<T>, 'TableName'>;

/** One write of a transaction, the table left out (the table adds it). */
export type TableWrite =
  | { Put: Untabled<TransactItem['Put']> }
  | { Update: Untabled<TransactItem['Update']> }
  | { Delete: Untabled<TransactItem['Delete']> };

/** Why a transaction was refused: which of its writes found their condition false, and whether it collided. */
export class Refusal {
  private readonly codes: (string | undefined)[];

  /** `error`: as DynamoDB raised it, for a refusal the caller has no answer to. */
  constructor(readonly error: TransactionCanceledException) {
    this.codes = (error.CancellationReasons ?? []).map((reason) => reason.Code);
  }

  /** Whether the write at `index` (in the order the transaction listed them) found its condition false. */
  failed(index: number): boolean {
    return this.codes[index] === 'ConditionalCheckFailed';
  }

  /** Another transaction wrote the same items at the same moment: trying again may succeed. */
  get conflicted(): boolean {
    return this.codes.includes('TransactionConflict');
  }
}

const isConditionFailure = (error: unknown) =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

export class DynamoTable {
  constructor(
    readonly db: DynamoDBDocumentClient,
    readonly name: string,
  ) {}

  async get(Key: Key, { consistent = false } = {}): Promise<Item | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.name, Key, ...(consistent && { ConsistentRead: true }) }),
    );
    return Item;
  }

  async put(input: Omit<PutCommandInput, 'TableName'>): Promise<void> {
    await this.db.send(new PutCommand({ ...input, TableName: this.name }));
  }

  async update(input: Omit<UpdateCommandInput, 'TableName'>): Promise<void> {
    await this.db.send(new UpdateCommand({ ...input, TableName: this.name }));
  }

  /** Deletes; returns the item as it was, if there was one. */
  async delete(input: Omit<DeleteCommandInput, 'TableName'>): Promise<Item | undefined> {
    const { Attributes } = await this.db.send(new DeleteCommand({ ...input, TableName: this.name }));
    return Attributes;
  }

  /** Runs a conditional write: true if it was written, false if its condition was false. */
  async conditionally(write: (table: this) => Promise<unknown>): Promise<boolean> {
    try {
      await write(this);
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Writes all or nothing: undefined when written, else why it was refused. */
  async transact(writes: TableWrite[]): Promise<Refusal | undefined> {
    const TransactItems = writes.map((write) => {
      const [operation, input] = Object.entries(write)[0] as [string, object];
      return { [operation]: { ...input, TableName: this.name } } as TransactItem;
    });
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems }));
      return undefined;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      return new Refusal(error);
    }
  }

  /** Writes all or nothing, with no condition to answer: a refusal is an error. */
  async writeAll(writes: TableWrite[]): Promise<void> {
    const refused = await this.transact(writes);
    if (refused) throw refused.error;
  }

  /** Every item of a range, page after page. */
  async queryAll(range: KeyRange, { consistent = false, keysOnly = false } = {}): Promise<Item[]> {
    const items: Item[] = [];
    let after: Key | undefined;
    do {
      const page = await this.query(range, { consistent, keysOnly, after });
      items.push(...page.items);
      after = page.next;
    } while (after);
    return items;
  }

  /** One page of a range: up to `limit` items after the item with key `after`. */
  async query(
    range: KeyRange,
    options: { consistent?: boolean; keysOnly?: boolean; after?: Key; limit?: number } = {},
  ): Promise<{ items: Item[]; next?: Key }> {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.name,
        ...(range.index
          ? {
              IndexName: range.index.name,
              KeyConditionExpression: '#pk = :pk',
              ExpressionAttributeNames: { '#pk': range.index.partitionKey },
            }
          : {
              KeyConditionExpression: range.skPrefix ? 'PK = :pk AND begins_with(SK, :sk)' : 'PK = :pk',
            }),
        ExpressionAttributeValues: { ':pk': range.PK, ...(range.skPrefix && { ':sk': range.skPrefix }) },
        ...(options.consistent && { ConsistentRead: true }),
        ...(options.keysOnly && { ProjectionExpression: 'PK, SK' }),
        ...(options.after && { ExclusiveStartKey: options.after }),
        ...(options.limit !== undefined && { Limit: options.limit }),
      }),
    );
    return { items: page.Items ?? [], ...(page.LastEvaluatedKey && { next: page.LastEvaluatedKey }) };
  }
}

/**
 * The owed-work marker: `owedPk` puts the item in the sparse `owed` index (the sweep's queue), `owedSince`
 * orders it there, and `owedVersion` grows with every change that owes work, so settling an older read
 * never drops newer work. On a new item, as attributes.
 */
export function owedMarker({ since, version }: OwedSince) {
  return { owedPk: OWED, owedSince: since, owedVersion: version };
}

/**
 * The marker as SET clauses of an update. A decision conditioned on the version it read knows the next
 * one; a write with no read to condition on (a resend request) takes one past whatever is stored.
 */
export function owedUpdate({ since, version }: { since: string; version: number | 'next' }) {
  const versionUpdate =
    version === 'next'
      ? nextVersion()
      : { set: 'owedVersion = :owedVersion', values: { ':owedVersion': version } };
  return {
    set: `owedPk = :owedPk, owedSince = :owedSince, ${versionUpdate.set}`,
    values: { ':owedPk': OWED, ':owedSince': since, ...versionUpdate.values },
  };
}

/**
 * One version past whatever is stored, as a SET clause: for a write that owes work with no read to
 * condition on, and for a mark that owes none but must still make every earlier read stale.
 */
export function nextVersion() {
  return { set: 'owedVersion = if_not_exists(owedVersion, :zero) + :one', values: { ':zero': 0, ':one': 1 } };
}

/** The condition that a registration is still at the version it was read at (placeholder `:read`). */
export function sameVersion(read: number | undefined) {
  return read === undefined
    ? { condition: 'attribute_not_exists(owedVersion)', values: {} }
    : { condition: 'owedVersion = :read', values: { ':read': read } };
}

/**
 * The update of a course's counters item that a registration's write carries: each move added, and the
 * room it needs checked in the same transaction (whatever the writer read). First come, first served:
 * with `queueMustBeEmpty`, nobody may be waiting either.
 */
export function countersUpdate(
  Key: Key,
  moves: CounterMoves,
  {
    room,
    queueMustBeEmpty = false,
    type,
  }: { room?: RoomCheck; queueMustBeEmpty?: boolean; type?: string } = {},
): TableWrite {
  const adds = Object.keys(moves).map((name) => `${name} :${name}`);
  const conditions = [
    ...(room ? [`(attribute_not_exists(${room.counter}) OR ${room.counter} <= :room)`] : []),
    ...(queueMustBeEmpty
      ? ['(attribute_not_exists(waitlistedLibraries) OR waitlistedLibraries = :zero)']
      : []),
  ];
  return {
    Update: {
      Key,
      UpdateExpression: `ADD ${adds.join(', ')}${type ? ' SET #type = :type' : ''}`,
      ...(conditions.length > 0 && { ConditionExpression: conditions.join(' AND ') }),
      ...(type && { ExpressionAttributeNames: { '#type': 'type' } }),
      ExpressionAttributeValues: {
        ...Object.fromEntries(Object.entries(moves).map(([name, by]) => [`:${name}`, by])),
        ...(room && { ':room': room.atMost }),
        ...(queueMustBeEmpty && { ':zero': 0 }),
        ...(type && { ':type': type }),
      },
    },
  };
}
