import type { LocalStack } from '../../local/runtime.ts';

/**
 * Lets the owed work run (a sweep, besides the stream handler) until `read` shows it done, as a user
 * would look again: the background work of the local stack has no other signal of being finished.
 */
export async function untilSwept<T>(
  stack: Pick<LocalStack, 'sweepNow'>,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await stack.sweepNow();
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
