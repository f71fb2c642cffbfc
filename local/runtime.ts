import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadCourseFiles } from '../functions/adapters/course-files.ts';
import type { Mailer } from '../functions/app/ports.ts';
import type { StoreSeams } from '../functions/compose.ts';
import type { Course } from '../functions/domain/course.ts';
import type { FloodLimits } from '../functions/domain/flood-limits.ts';
import { buildSignupSite } from '../web/build.ts';
import { createLocalIssuer, DEFAULT_COORDINATOR, LOCAL_AUTH_PATH, type LocalIssuer } from './auth-issuer.ts';
import { applyLocalAwsEnvironment, LOCAL_REGION, localAwsCredentials } from './aws-env.ts';
import { startBackgroundWork } from './background.ts';
import { LocalClock } from './clock.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { createLocalApiServer } from './http-server.ts';
import { localCertificateRenderer, localInvoiceRenderer } from './invoice-renderer.ts';
import { localReminderScheduler } from './reminder-scheduler.ts';
import { startLocalSes } from './ses-local.ts';
import { ensureTable } from './table.ts';

export const REPOSITORY_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface LocalStackOptions {
  port?: number;
  /** Persist DynamoDB Local's data here; absent means in memory. */
  dataDir?: string;
  /** Use an already running DynamoDB Local instead of starting one (tests share one JVM). */
  dynamoDbEndpoint?: string;
  tableName?: string;
  coursesDir?: string;
  /** Courses to seed instead of the files (tests use variants with a capacity). */
  courses?: Course[];
  now?: Date;
  speed?: number;
  coordinatorEmail?: string;
  /** The local coordinator's password (user `koordinator`); a fixed local default otherwise. */
  coordinatorPassword?: string;
  /** Replaces SES (tests inject failures); everything else stays as in Lambda. */
  mailer?: Mailer;
  /**
   * Limits against inbox flooding (domain/flood-limits.ts); as in AWS unless given. Every local request
   * comes from 127.0.0.1, so tests and benchmarks that sign up many libraries pass higher ones.
   */
  floodLimits?: FloodLimits;
  /**
   * What the API expects in CloudFront's origin header before it believes `x-viewer-address`; a random one
   * per start unless given. `npm start` has no CloudFront: the pages call this server directly, so their
   * source address is counted, as a request to execute-api without the secret is in AWS.
   */
  originSecret?: string;
  /** Days the sweep keeps a course's people's data after its last session; PERSONAL_DATA_RETENTION_DAYS otherwise. */
  personalDataRetentionDays?: number;
  /** Reliability tests only: store guards switched off, faults injected at the DynamoDB client. */
  storeSeams?: StoreSeams;
  /**
   * Run the stream, the sweep and the reminder timers (default). Benchmarks of the request path turn them
   * off, so mail and invoice work does not compete for the same cores.
   */
  background?: boolean;
  log?: (line: string) => void;
}

export interface LocalStack {
  url: string;
  dynamoDbEndpoint: string;
  tableName: string;
  /** The local SES: its web view of every sent mail, and `GET /store` for the same as JSON. */
  mailUrl: string;
  clock: LocalClock;
  /** The origin secret the API expects (see LocalStackOptions): tests play CloudFront with it. */
  originSecret: string;
  /** The local stand-in for the coordinators' user pool, and how to sign in to it. */
  auth: {
    /** Where Cognito's JSON API (InitiateAuth) answers: the dashboard's `config.json` names it too. */
    endpoint: string;
    clientId: string;
    /** The `iss` of its tokens; its keys are at `<issuer>/.well-known/jwks.json`. */
    issuer: string;
    /** The default coordinator. */
    username: string;
    password: string;
    /**
     * Signs in through the endpoint as the dashboard does and returns the access token: the default
     * coordinator, or another user given with their password.
     */
    token(username?: string, password?: string): Promise<string>;
    /** The pool itself: tests add users and mint tokens the gateway must refuse. */
    pool: LocalIssuer;
  };
  /** Runs the sweep now (it also runs every 5 local minutes). */
  sweepNow(): Promise<{ processed: number; failed: number }>;
  courses: Course[];
  stop(): Promise<void>;
}

/**
 * The whole system on this machine: DynamoDB Local, the table from the shared layout, the courses from
 * courses/, the API served by the same handler modules Lambda runs, a local SES, the table's stream fed to
 * the same stream handler, and the sweep on a timer of the local clock.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  // Course files are checked before anything starts, so a broken file costs no JVM start.
  const courses = options.courses ?? loadCourseFiles(options.coursesDir ?? join(REPOSITORY_ROOT, 'courses'));
  const tableName = options.tableName ?? 'kursus-tilmelding-local';
  const running: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const part of running.reverse()) await part.stop();
  };
  try {
    const database = options.dynamoDbEndpoint
      ? { endpoint: options.dynamoDbEndpoint, stop: async () => undefined }
      : await startDynamoDbLocal({ dataDir: options.dataDir });
    running.push(database);
    const ses = await startLocalSes();
    running.push(ses);
    applyLocalAwsEnvironment({ dynamoDbEndpoint: database.endpoint, sesEndpoint: ses.url, tableName });
    process.env.COORDINATOR_EMAIL ??= options.coordinatorEmail ?? 'koordinator@example.dk';
    const client = new DynamoDBClient({
      endpoint: database.endpoint,
      region: LOCAL_REGION,
      credentials: localAwsCredentials,
    });
    await ensureTable(client, tableName);
    client.destroy();

    // Imported only now: the handler modules build their dependencies from the environment at import, as in Lambda.
    const { composeDependencies, composeFulfilment } = await import('../functions/compose.ts');
    const clock = new LocalClock(options.now ?? new Date(), options.speed ?? 1);
    const storeSeams = options.storeSeams ?? {};
    const originSecret = options.originSecret ?? randomBytes(32).toString('base64url');
    const deps = composeDependencies({
      clock,
      storeSeams,
      originSecret,
      ...(options.floodLimits && { floodLimits: options.floodLimits }),
    });
    for (const course of courses) await deps.store.putCourse(course);

    const coordinator = {
      username: DEFAULT_COORDINATOR.username,
      password: options.coordinatorPassword ?? DEFAULT_COORDINATOR.password,
    };
    const issuer = await createLocalIssuer(coordinator);
    const server = await createLocalApiServer({
      issuer,
      root: REPOSITORY_ROOT,
      // The reminder ticker reads every course's plan itself: saving a course has no schedules to sync.
      deps: { ...deps, scheduler: localReminderScheduler },
      site: await buildSignupSite(),
      // Same origin as the page; the first course file is what a link without ?kursus= shows.
      siteConfig: {
        apiUrl: '',
        defaultCourseId: courses[0]?.id,
        auth: { endpoint: LOCAL_AUTH_PATH, clientId: issuer.clientId },
      },
      log: options.log,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 3000, '127.0.0.1', resolve);
    });
    running.push({
      stop: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    });

    const { port } = server.address() as AddressInfo;
    // The links in the mails open this server's pages, as they open the site's in AWS.
    const siteUrl = `http://localhost:${port}`;
    const fulfilment = composeFulfilment({
      clock,
      storeSeams,
      siteUrl,
      ...(options.mailer && { mailer: options.mailer }),
      renderPdf: localInvoiceRenderer(REPOSITORY_ROOT, deps),
      renderCertificate: localCertificateRenderer(REPOSITORY_ROOT, deps),
      ...(options.personalDataRetentionDays !== undefined && {
        personalDataRetentionDays: options.personalDataRetentionDays,
      }),
    });
    const background =
      options.background === false
        ? { stop: async () => undefined, sweepNow: async () => ({ processed: 0, failed: 0 }) }
        : await startBackgroundWork({
            root: REPOSITORY_ROOT,
            deps: fulfilment,
            endpoint: database.endpoint,
            tableName,
            speed: options.speed ?? 1,
            clock,
            courses,
            log: options.log,
          });
    running.push(background);

    const endpoint = `http://localhost:${port}${LOCAL_AUTH_PATH}`;
    return {
      url: `http://localhost:${port}`,
      originSecret,
      auth: {
        endpoint,
        clientId: issuer.clientId,
        issuer: issuer.issuer,
        ...coordinator,
        token: (username = coordinator.username, password = coordinator.password) =>
          signIn(endpoint, issuer.clientId, username, password),
        pool: issuer,
      },
      mailUrl: ses.url,
      dynamoDbEndpoint: database.endpoint,
      tableName,
      clock,
      courses,
      sweepNow: background.sweepNow,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Cognito's InitiateAuth, the same request the dashboard sends; throws with Cognito's error type. */
async function signIn(endpoint: string, clientId: string, username: string, password: string) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  });
  const body = (await response.json()) as {
    AuthenticationResult?: { AccessToken?: string };
    __type?: string;
    message?: string;
  };
  const token = body.AuthenticationResult?.AccessToken;
  if (!response.ok || !token) {
    throw new Error(`sign-in refused: ${body.__type ?? response.status} ${body.message ?? ''}`.trim());
  }
  return token;
}
