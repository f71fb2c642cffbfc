import { createServer, type Server } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { LOCAL_REGION, localAwsCredentials } from '../../local/aws-env.ts';
import { freePort, startDynamoDbLocal } from '../../local/dynamodb-local.ts';

/** A port someone else holds: it takes connections and drops them, as a busy neighbour might. */
async function occupiedPort(): Promise<{ port: number; server: Server }> {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('no port');
  return { port: address.port, server };
}

describe('starting DynamoDB Local on a busy machine', () => {
  it('starts on another port when the port it chose is taken before the JVM binds it', async () => {
    const occupied = await occupiedPort();
    const tried: number[] = [];
    // The first choice is taken between being chosen and being bound, as on a busy machine.
    const choosePort = async () => {
      const port = tried.length === 0 ? occupied.port : await freePort();
      tried.push(port);
      return port;
    };
    const database = await startDynamoDbLocal({ choosePort });
    const client = new DynamoDBClient({
      endpoint: database.endpoint,
      region: LOCAL_REGION,
      credentials: localAwsCredentials,
    });
    try {
      expect(tried).toHaveLength(2);
      expect(tried[1]).not.toBe(occupied.port);
      expect(database.endpoint).toBe(`http://127.0.0.1:${tried[1]}`);
      expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    } finally {
      client.destroy();
      await database.stop();
      occupied.server.close();
    }
  });

  it('reports any other failure at once, with what the JVM said, and tries no other port', async () => {
    let choices = 0;
    const choosePort = async () => {
      choices += 1;
      return 70_000;
    };
    await expect(startDynamoDbLocal({ choosePort })).rejects.toThrow(/exited .*\n.*Invalid Port/s);
    expect(choices).toBe(1);
  });
});
