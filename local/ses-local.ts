import type { AddressInfo } from 'node:net';
import sesLocal from 'aws-ses-v2-local';

export interface RunningSes {
  /** Endpoint for the SES SDK client; also the web view of every sent mail. */
  url: string;
  stop(): Promise<void>;
}

type StartServer = (config: { host: string; port: number }) => Promise<import('node:http').Server>;
// The package's default export arrives as `.default` under Node's ESM loader and bare under vitest.
const imported = sesLocal as unknown as StartServer | { default: StartServer };
const startServer: StartServer = typeof imported === 'function' ? imported : imported.default;

/** The local SES stand-in: accepts SendRawEmail, keeps every mail, shows them at its URL (GET /store: JSON). */
export async function startLocalSes(): Promise<RunningSes> {
  const server = await startServer({ host: '127.0.0.1', port: 0 });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
