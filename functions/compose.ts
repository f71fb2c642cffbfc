import { createDocumentClient, DynamoDbRegistrationStore } from '#adapters/dynamodb-store.ts';
import { readEnvironment } from '#adapters/environment.ts';
import { randomIds, systemClock } from '#adapters/system-clock.ts';
import type { ContactAddresses } from '#app/get-course.ts';
import type { Clock, Ids, RegistrationStore } from '#app/ports.ts';

/**
 * The one place that wires adapters to use cases. Lambda uses it as is; the local runtime passes its
 * own clock (the time-travelling one) and otherwise gets exactly the same objects. The DynamoDB endpoint
 * comes from the SDK's standard AWS_ENDPOINT_URL_DYNAMODB, so no code here knows where it runs.
 */
export interface Dependencies {
  store: RegistrationStore;
  clock: Clock;
  ids: Ids;
  contactAddresses: ContactAddresses;
}

export function composeDependencies(overrides: Partial<Dependencies> = {}): Dependencies {
  const env = readEnvironment();
  return {
    store: new DynamoDbRegistrationStore(createDocumentClient(), env.TABLE_NAME),
    clock: systemClock,
    ids: randomIds,
    contactAddresses: { coordinator: env.COORDINATOR_EMAIL, teacher: env.TEACHER_EMAIL },
    ...overrides,
  };
}
