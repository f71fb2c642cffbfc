import type { Mailer } from '#app/ports.ts';

export interface PacingClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realTime: PacingClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Holds a mailer to a sending rate: never more than `maxPerSecond` sends started in any window of one
 * second (SES refuses the excess, and its rate is the account's), while a run of mails goes out at the full
 * rate. Slots are reserved in call order before waiting, so concurrent callers share the rate rather than
 * each taking it; a timer that fires early is waited out again, so no send starts before its slot.
 */
export class PacedMailer implements Mailer {
  /** Sends allowed per window; a rate below 1/s becomes one send per longer window (0.5/s: one per 2 s). */
  private readonly perWindow: number;
  private readonly windowMs: number;
  /** Start times of the most recent `perWindow` reserved slots, oldest first. */
  private readonly recent: number[] = [];

  constructor(
    private readonly inner: Mailer,
    maxPerSecond: number,
    private readonly clock: PacingClock = realTime,
  ) {
    if (!(maxPerSecond > 0)) throw new RangeError(`maxPerSecond must be positive, got ${maxPerSecond}`);
    this.perWindow = Math.max(1, Math.floor(maxPerSecond));
    this.windowMs = (1000 * this.perWindow) / maxPerSecond;
  }

  async sendRaw(message: { from: string; to: string[]; raw: Uint8Array }): Promise<string> {
    const slot = this.reserveSlot();
    for (let wait = slot - this.clock.now(); wait > 0; wait = slot - this.clock.now()) {
      await this.clock.sleep(wait);
    }
    return this.inner.sendRaw(message);
  }

  private reserveSlot(): number {
    const now = this.clock.now();
    const oldest = this.recent.length === this.perWindow ? this.recent[0] : undefined;
    const slot = oldest === undefined ? now : Math.max(now, oldest + this.windowMs);
    this.recent.push(slot);
    if (this.recent.length > this.perWindow) this.recent.shift();
    return slot;
  }
}
