import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { LOCAL_REGION, localAwsCredentials } from '../../local/aws-env.ts';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../local/runtime.ts';
import { apiFetch } from './openapi-validation.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field and assert each one.
type JsonBody = any;

export interface TestApi {
  stack: LocalStack;
  get(path: string): Promise<{ status: number; body: JsonBody }>;
  post(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: JsonBody }>;
  /** Every item stored under a course, to prove what a request did or did not write. */
  itemsOfCourse(courseId: string): Promise<Record<string, unknown>[]>;
  /** Every item under one partition key (e.g. `IDEMP#<key>`). */
  itemsUnder(partitionKey: string): Promise<Record<string, unknown>[]>;
  /** Writes an item as it is (tests that stand in for time passing, e.g. a lease running out). */
  putItem(item: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
}

export const GENEROUS_FLOOD_LIMITS = { registrationsPerAddress: 100_000, signupsPerSourcePerHour: 100_000 };

/** The local stack on the shared DynamoDB Local, in a fresh table, on a free port. */
export async function startTestApi(options: LocalStackOptions = {}): Promise<TestApi> {
  const stack = await startLocalStack({
    dynamoDbEndpoint: inject('dynamoDbEndpoint'),
    tableName: `test-${randomUUID()}`,
    port: 0,
    // Tests sign up many libraries from one address and often reuse the example's addresses; the flood
    // limits have tests of their own, which pass the real ones.
    floodLimits: GENEROUS_FLOOD_LIMITS,
    ...options,
  });
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.dynamoDbEndpoint,
      region: LOCAL_REGION,
      credentials: localAwsCredentials,
    }),
  );
  const itemsUnder = async (partitionKey: string) => {
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': partitionKey },
        ConsistentRead: true,
      }),
    );
    return Items;
  };
  const call = async (path: string, init: RequestInit) => {
    const response = await apiFetch(`${stack.url}${path}`, init);
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    stack,
    get: (path) => call(path, { method: 'GET' }),
    post: (path, body, headers = {}) =>
      call(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
      }),
    itemsOfCourse: (courseId) => itemsUnder(`COURSE#${courseId}`),
    itemsUnder,
    putItem: async (item) => {
      await db.send(new PutCommand({ TableName: stack.tableName, Item: item }));
    },
    stop: async () => {
      db.destroy();
      await stack.stop();
    },
  };
}
