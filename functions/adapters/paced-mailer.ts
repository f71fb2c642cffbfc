import type { Mailer } from '#app/ports.ts';

export interface PacingClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

// Monotonic and sub-millisecond: a wall clock in whole milliseconds could put two sends 999.x ms apart.
const realTime: PacingClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Added to every window: a pause of the event loop, or the network on the way to SES, moves a send by a few
 * milliseconds, and that must never put one more send into somebody's second. Costs 0.5% of the rate.
 */
const MARGIN_MS = 5;

/**
 * Holds a mailer to a sending rate: never more than `maxPerSecond` sends started in any window of one
 * second (SES refuses the excess, and its rate is the account's), while a run of mails goes out at the full
 * rate. Callers take turns in call order, each turn waiting until the send `perWindow` places earlier is a
 * window (plus a millisecond) behind, measured from when that send actually started, so late timers or
 * concurrent callers can never crowd a window. Only the start is paced: sends overlap in flight.
 */
export class PacedMailer implements Mailer {
  /** Sends allowed per window; a rate below 1/s becomes one send per longer window (0.5/s: one per 2 s). */
  private readonly perWindow: number;
  private readonly windowMs: number;
  /** When the most recent `perWindow` sends started, oldest first. */
  private readonly started: number[] = [];
  /** Settles when the latest caller's send has started: the next caller's turn. */
  private turns: Promise<void> = Promise.resolve();

  constructor(
    private readonly inner: Mailer,
    maxPerSecond: number,
    private readonly clock: PacingClock = realTime,
  ) {
    if (!(maxPerSecond > 0)) throw new RangeError(`maxPerSecond must be positive, got ${maxPerSecond}`);
    this.perWindow = Math.max(1, Math.floor(maxPerSecond));
    this.windowMs = (1000 * this.perWindow) / maxPerSecond + MARGIN_MS;
  }

  sendRaw(message: { from: string; to: string[]; raw: Uint8Array }): Promise<string> {
    const previous = this.turns;
    let started = () => {};
    this.turns = new Promise<void>((resolve) => {
      started = resolve;
    });
    return (async () => {
      try {
        await previous;
        await this.waitForSlot();
        // The start is taken and the send begun in one synchronous step: no pause can come between them.
        this.started.push(this.clock.now());
        if (this.started.length > this.perWindow) this.started.shift();
        return this.inner.sendRaw(message);
      } finally {
        started();
      }
    })();
  }

  private async waitForSlot(): Promise<void> {
    const oldest = this.started.length === this.perWindow ? this.started[0] : undefined;
    if (oldest !== undefined) {
      // Re-checked after each sleep: a timer that fires early is waited out again.
      for (let wait = oldest + this.windowMs - this.clock.now(); wait > 0; ) {
        await this.clock.sleep(wait);
        wait = oldest + this.windowMs - this.clock.now();
      }
    }
  }
}
