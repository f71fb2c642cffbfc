import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
  }
}

/** One DynamoDB Local JVM for the whole run; each test file works in its own table. */
export default async function setup(project: TestProject) {
  const database = await startDynamoDbLocal();
  project.provide('dynamoDbEndpoint', database.endpoint);
  return async () => {
    await database.stop();
  };
}
