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

/** Timers and the receiving side's clock jitter by fractions of a millisecond; this keeps them apart. */
const MARGIN_MS = 1;

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

  async sendRaw(message: { from: string; to: string[]; raw: Uint8Array }): Promise<string> {
    const turn = this.turns.then(() => this.waitForSlot());
    this.turns = turn;
    await turn;
    return this.inner.sendRaw(message);
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
    this.started.push(this.clock.now());
    if (this.started.length > this.perWindow) this.started.shift();
  }
}
