import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadCourseFiles } from '../functions/adapters/course-files.ts';
import type { Course } from '../functions/domain/course.ts';
import { applyLocalAwsEnvironment, LOCAL_REGION, localAwsCredentials } from './aws-env.ts';
import { LocalClock } from './clock.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { createLocalApiServer } from './http-server.ts';
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
  log?: (line: string) => void;
}

export interface LocalStack {
  url: string;
  dynamoDbEndpoint: string;
  tableName: string;
  clock: LocalClock;
  courses: Course[];
  stop(): Promise<void>;
}

/**
 * The whole system on this machine: DynamoDB Local, the table from the shared layout, the courses from
 * courses/, and the API served by the same handler modules Lambda runs.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  // Course files are checked before anything starts, so a broken file costs no JVM start.
  const courses = options.courses ?? loadCourseFiles(options.coursesDir ?? join(REPOSITORY_ROOT, 'courses'));
  const tableName = options.tableName ?? 'kursus-tilmelding-local';
  const database = options.dynamoDbEndpoint
    ? { endpoint: options.dynamoDbEndpoint, stop: async () => undefined }
    : await startDynamoDbLocal({ dataDir: options.dataDir });
  try {
    applyLocalAwsEnvironment({ dynamoDbEndpoint: database.endpoint, tableName });
    process.env.COORDINATOR_EMAIL ??= options.coordinatorEmail ?? 'koordinator@example.dk';
    const client = new DynamoDBClient({
      endpoint: database.endpoint,
      region: LOCAL_REGION,
      credentials: localAwsCredentials,
    });
    await ensureTable(client, tableName);
    client.destroy();

    // Imported only now: the handler modules build their dependencies from the environment at import, as in Lambda.
    const { composeDependencies } = await import('../functions/compose.ts');
    const clock = new LocalClock(options.now ?? new Date(), options.speed ?? 1);
    const deps = composeDependencies({ clock });
    for (const course of courses) await deps.store.putCourse(course);

    const server = await createLocalApiServer({
      root: REPOSITORY_ROOT,
      deps,
      webDir: join(REPOSITORY_ROOT, 'web'),
      log: options.log,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 3000, '127.0.0.1', resolve);
    });
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://localhost:${port}`,
      dynamoDbEndpoint: database.endpoint,
      tableName,
      clock,
      courses,
      stop: async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await database.stop();
      },
    };
  } catch (error) {
    await database.stop();
    throw error;
  }
}
