import { DynamoDbStore } from '#adapters/dynamodb-fulfilment-store.ts';
import { createDocumentClient } from '#adapters/dynamodb-store.ts';
import { mailSettings, readEnvironment } from '#adapters/environment.ts';
import { createSesMailer } from '#adapters/ses-mailer.ts';
import { randomIds, systemClock } from '#adapters/system-clock.ts';
import type { Clock, Ids, Mailer } from '#app/ports.ts';
import type { FulfilmentDeps } from '#app/process-registration.ts';
import type { ContactAddresses } from '#domain/course.ts';

/**
 * The one place that wires adapters to use cases. Lambda uses it as is; the local runtime passes its
 * own clock (the time-travelling one) and otherwise gets exactly the same objects. Endpoints come from the
 * SDK's standard AWS_ENDPOINT_URL_* variables, so no code here knows where it runs.
 */
export interface Dependencies {
  store: DynamoDbStore;
  clock: Clock;
  ids: Ids;
  contactAddresses: ContactAddresses;
}

export function composeDependencies(overrides: Partial<Dependencies> = {}): Dependencies {
  const env = readEnvironment();
  return {
    store: new DynamoDbStore(createDocumentClient(), env.TABLE_NAME),
    clock: systemClock,
    ids: randomIds,
    contactAddresses: { coordinator: env.COORDINATOR_EMAIL, teacher: env.TEACHER_EMAIL },
    ...overrides,
  };
}

/** What the mailing functions need on top: SES, the sender and the seller's invoice details. */
export function composeFulfilment(
  overrides: Partial<Dependencies> & { mailer?: Mailer } = {},
): FulfilmentDeps {
  const base = composeDependencies(overrides);
  const settings = mailSettings(readEnvironment());
  return {
    ...base,
    mailer: overrides.mailer ?? createSesMailer(settings),
    senderAddress: settings.senderAddress,
    seller: settings.seller,
  };
}
