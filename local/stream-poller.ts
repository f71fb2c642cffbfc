import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamFilterPattern } from '../functions/manifest.ts';
import { LOCAL_REGION, localAwsCredentials } from './aws-env.ts';

type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;

export interface StreamPollerOptions {
  endpoint: string;
  tableName: string;
  filterPattern: StreamFilterPattern;
  handler: StreamHandler;
  intervalMs?: number;
  log?: (line: string) => void;
}

/** Lambda's filter semantics for the pattern subset the manifest uses: every field must hold an allowed value. */
export function matchesFilter(pattern: StreamFilterPattern, value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(pattern).every(([field, expected]) => {
    const actual = (value as Record<string, unknown>)[field];
    return Array.isArray(expected) ? expected.includes(actual as string) : matchesFilter(expected, actual);
  });
}

/** Shapes a Streams API record exactly as Lambda's event source mapping delivers it. */
function toLambdaRecord(record: _Record, streamArn: string): DynamoDBRecord {
  const change = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: LOCAL_REGION,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(change as DynamoDBRecord['dynamodb']),
      ApproximateCreationDateTime: change.ApproximateCreationDateTime
        ? Math.floor(new Date(change.ApproximateCreationDateTime).getTime() / 1000)
        : undefined,
    },
  } as DynamoDBRecord;
}

/**
 * Reads DynamoDB Local's stream (DescribeStream / GetShardIterator / GetRecords) and hands matching records
 * to the same handler Lambda runs. Records a batch reports as failed are retried a few times, then left to
 * the sweep, as Lambda's bounded retries would.
 */
export async function startStreamPoller(options: StreamPollerOptions): Promise<{ stop(): Promise<void> }> {
  const config = { endpoint: options.endpoint, region: LOCAL_REGION, credentials: localAwsCredentials };
  const dynamodb = new DynamoDBClient(config);
  const streams = new DynamoDBStreamsClient(config);
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: options.tableName }));
  dynamodb.destroy();
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${options.tableName} has no stream`);
  const log = options.log ?? (() => undefined);

  const iterators = new Map<string, string>();
  const closedShards = new Set<string>();
  // Shards open now are read from their end (older work is the sweep's); shards that appear later, from their start.
  const discoverShards = async (position: 'LATEST' | 'TRIM_HORIZON') => {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId;
      if (!shardId || iterators.has(shardId) || closedShards.has(shardId)) continue;
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: position }),
      );
      if (ShardIterator) iterators.set(shardId, ShardIterator);
    }
  };
  await discoverShards('LATEST');

  const deliver = async (records: DynamoDBRecord[]) => {
    let pending = records;
    for (let attempt = 1; pending.length > 0 && attempt <= 3; attempt++) {
      const result = await options.handler({ Records: pending }).catch((error: unknown) => {
        log(`stream handler failed: ${(error as Error).message}`);
        return { batchItemFailures: [{ itemIdentifier: pending[0]?.dynamodb?.SequenceNumber ?? '' }] };
      });
      const firstFailed = result?.batchItemFailures?.[0]?.itemIdentifier;
      if (!firstFailed) return;
      const from = pending.findIndex((r) => r.dynamodb?.SequenceNumber === firstFailed);
      pending = from < 0 ? [] : pending.slice(from);
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  };

  let stopped = false;
  let polls = 0;
  const loop = (async () => {
    while (!stopped) {
      try {
        if (++polls % 25 === 0) await discoverShards('TRIM_HORIZON');
        for (const [shardId, iterator] of iterators) {
          const { Records = [], NextShardIterator } = await streams.send(
            new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }),
          );
          if (NextShardIterator) iterators.set(shardId, NextShardIterator);
          else {
            iterators.delete(shardId);
            closedShards.add(shardId);
          }
          const matching = Records.map((r) => toLambdaRecord(r, streamArn)).filter((r) =>
            matchesFilter(options.filterPattern, r),
          );
          if (matching.length > 0) await deliver(matching);
        }
      } catch (error) {
        if (!stopped) log(`stream poll failed: ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
    }
  })();

  return {
    stop: async () => {
      stopped = true;
      await loop;
      streams.destroy();
    },
  };
}
