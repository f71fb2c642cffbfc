import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ALL_GUARDS, createDynamoDbStore, type StoreGuards } from '#adapters/dynamodb-store.ts';
import { dynamoDbStructure } from '#adapters/dynamodb-structure-store.ts';
import { createDocumentClient, DynamoTable } from '#adapters/dynamodb-table.ts';
import { mailSettings, readEnvironment, schedulerSettings } from '#adapters/environment.ts';
import { createReminderScheduler } from '#adapters/eventbridge-scheduler.ts';
import {
  createLambdaCertificateRenderer,
  createLambdaPdfRenderer,
} from '#adapters/lambda-invoice-renderer.ts';
import { createSesMailer } from '#adapters/ses-mailer.ts';
import { randomIds, systemClock } from '#adapters/system-clock.ts';
import type { Clock, Ids, ReminderScheduler, Store, StructureStore } from '#app/ports.ts';
import type { FulfilmentDeps } from '#app/process-registration.ts';
import type { RetentionDeps } from '#app/remove-personal-data.ts';
import type { StructureMailDeps } from '#app/structure-mails.ts';
import type { SyncDeps } from '#app/sync-reminders.ts';
import type { ContactAddresses } from '#domain/course.ts';
import type { FloodLimits } from '#domain/flood-limits.ts';

/**
 * The one place that wires adapters to use cases. Lambda uses it as is; the local runtime passes its
 * own clock (the time-travelling one) and otherwise gets exactly the same objects. Endpoints come from the
 * SDK's standard AWS_ENDPOINT_URL_* variables, so no code here knows where it runs.
 */
export interface Dependencies {
  /** The table, one port per aggregate (courses, signups, registrations, ledger, mail records, owed work, retention). */
  store: Store;
  /** The course's structure: visits, groups, cases, attendance and the links that open them. */
  structure: StructureStore;
  clock: Clock;
  ids: Ids;
  contactAddresses: ContactAddresses;
  /** Absent in Lambda (the domain's FLOOD_LIMITS apply); the local runtime may pass its own. */
  floodLimits?: FloodLimits;
  /** The secret of CloudFront's origin header (ORIGIN_SECRET; the local runtime makes its own). */
  originSecret?: string;
}

/**
 * Seams for the reliability tests only: switch a store guard off (to show the race it prevents), or reach
 * the store's DynamoDB client (to inject throttling at the adapter's edge). Lambda never passes them.
 */
export interface StoreSeams {
  guards?: Partial<StoreGuards>;
  onClient?: (client: DynamoDBDocumentClient) => void;
}

type Overrides = Partial<Dependencies> & { storeSeams?: StoreSeams };

export function composeDependencies({ storeSeams = {}, ...overrides }: Overrides = {}): Dependencies {
  const env = readEnvironment();
  const client = createDocumentClient();
  storeSeams.onClient?.(client);
  return {
    store: createDynamoDbStore(client, env.TABLE_NAME, { ...ALL_GUARDS, ...storeSeams.guards }),
    structure: dynamoDbStructure(new DynamoTable(client, env.TABLE_NAME)),
    clock: systemClock,
    ids: randomIds,
    contactAddresses: { coordinator: env.COORDINATOR_EMAIL, teacher: env.TEACHER_EMAIL },
    ...(env.ORIGIN_SECRET && { originSecret: env.ORIGIN_SECRET }),
    ...overrides,
  };
}

/**
 * What the mailing functions need on top: SES, the sender and the seller's invoice details; and, for the
 * sweep, how long people's data is kept after a course.
 */
export function composeFulfilment(
  overrides: Overrides &
    Partial<Pick<FulfilmentDeps, 'mailer' | 'renderPdf'>> &
    Partial<Pick<StructureMailDeps, 'renderCertificate' | 'siteUrl'>> & {
      personalDataRetentionDays?: number;
    } = {},
): FulfilmentDeps & RetentionDeps & StructureMailDeps {
  const base = composeDependencies(overrides);
  const env = readEnvironment();
  const settings = mailSettings(env);
  return {
    ...base,
    personalDataRetentionDays: overrides.personalDataRetentionDays ?? env.PERSONAL_DATA_RETENTION_DAYS,
    mailer: overrides.mailer ?? createSesMailer(settings),
    renderPdf: overrides.renderPdf ?? createLambdaPdfRenderer(env.RENDER_INVOICE_FUNCTION),
    renderCertificate:
      overrides.renderCertificate ?? createLambdaCertificateRenderer(env.RENDER_INVOICE_FUNCTION),
    siteUrl: overrides.siteUrl ?? settings.siteUrl,
    senderAddress: settings.senderAddress,
    seller: settings.seller,
  };
}

/** What syncing reminder schedules needs: the store, the clock and EventBridge Scheduler. */
export function composeScheduling(overrides: Overrides & { scheduler?: ReminderScheduler } = {}): SyncDeps {
  const base = composeDependencies(overrides);
  return {
    store: base.store,
    clock: base.clock,
    scheduler: overrides.scheduler ?? createReminderScheduler(schedulerSettings(readEnvironment())),
  };
}
