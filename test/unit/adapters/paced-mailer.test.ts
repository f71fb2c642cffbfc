import { afterEach, describe, expect, it, vi } from 'vitest';
import { PacedMailer, type PacingClock } from '#adapters/paced-mailer.ts';

/** Virtual time: sleeping advances it, and (as real timers may) wakes up to 1 ms early once in a while. */
function virtualClock(): PacingClock & { time: number } {
  let wakes = 0;
  const clock = {
    time: 0,
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.time += wakes++ % 3 === 0 ? Math.max(0, ms - 1) : ms;
    },
  };
  return clock;
}

function recordingMailer(clock: PacingClock) {
  const sentAt: number[] = [];
  return {
    sentAt,
    sendRaw: async () => {
      sentAt.push(clock.now());
      return `id-${sentAt.length}`;
    },
  };
}

/** The most sends that started within any window of `windowMs` (half-open, as a rate is counted). */
function busiestWindow(times: number[], windowMs = 1000): number {
  let most = 0;
  for (const [i, start] of times.entries()) {
    most = Math.max(most, times.slice(i).filter((t) => t < start + windowMs).length);
  }
  return most;
}

const message = { from: 'kursus@example.dk', to: ['a@example.dk'], raw: new Uint8Array() };

describe('a paced mailer', () => {
  it('never starts more than the cap within any second, and keeps up the full rate over a long run', async () => {
    const clock = virtualClock();
    const inner = recordingMailer(clock);
    const mailer = new PacedMailer(inner, 14, clock);
    for (let i = 0; i < 140; i++) await mailer.sendRaw(message);

    expect(busiestWindow(inner.sentAt)).toBe(14);
    // 140 mails at 14/s: the last starts 9 s after the first (full windows back to back, each with its
    // 5 ms of margin), not later.
    expect((inner.sentAt.at(-1) ?? 0) - (inner.sentAt[0] ?? 0)).toBe(9045);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('shares the cap among concurrent callers instead of giving each the full rate', async () => {
    vi.useFakeTimers({ now: 0 });
    const inner = recordingMailer({ now: () => performance.now(), sleep: async () => undefined });
    const mailer = new PacedMailer(inner, 5);
    const sends = Promise.all(Array.from({ length: 25 }, () => mailer.sendRaw(message)));
    await vi.runAllTimersAsync();
    await sends;
    expect(inner.sentAt).toHaveLength(25);
    expect(busiestWindow(inner.sentAt)).toBe(5);
    expect(inner.sentAt.at(-1)).toBe(4020);
  });

  it('spreads a rate below one per second over a longer window', async () => {
    const clock = virtualClock();
    const inner = recordingMailer(clock);
    const mailer = new PacedMailer(inner, 0.5, clock);
    for (let i = 0; i < 4; i++) await mailer.sendRaw(message);
    expect(inner.sentAt).toEqual([0, 2005, 4010, 6015]);
  });
});
