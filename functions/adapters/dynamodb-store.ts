import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Store } from '#app/ports.ts';
import { dynamoDbCourses } from './dynamodb-courses.ts';
import { dynamoDbLedger } from './dynamodb-ledger.ts';
import { dynamoDbMailRecords } from './dynamodb-mail-records.ts';
import { dynamoDbOwedWork } from './dynamodb-owed-work.ts';
import { dynamoDbRegistrations } from './dynamodb-registrations.ts';
import { dynamoDbRetention } from './dynamodb-retention.ts';
import { dynamoDbSignups, type SignupGuards } from './dynamodb-signups.ts';
import { DynamoTable } from './dynamodb-table.ts';

/**
 * The conditions that keep concurrent writers honest. Production code never passes these: only the
 * reliability tests switch one off, to show the race it prevents happening (a negative control).
 */
export interface StoreGuards extends SignupGuards {
  /** An invoice number is taken only if the series still ends where it was read. */
  invoiceSeries: boolean;
}

export const ALL_GUARDS: StoreGuards = {
  idempotencyKey: true,
  oneRegistrationPerLibrary: true,
  capacity: true,
  invoiceSeries: true,
};

/** Every aggregate's adapter on the one table, as the one store the use cases are given. */
export function createDynamoDbStore(
  db: DynamoDBDocumentClient,
  tableName: string,
  guards: StoreGuards = ALL_GUARDS,
): Store {
  const table = new DynamoTable(db, tableName);
  return {
    ...dynamoDbCourses(table),
    ...dynamoDbSignups(table, guards),
    ...dynamoDbRegistrations(table),
    ...dynamoDbLedger(table, { invoiceSeriesGuard: guards.invoiceSeries }),
    ...dynamoDbMailRecords(table),
    ...dynamoDbOwedWork(table),
    ...dynamoDbRetention(table),
  };
}
