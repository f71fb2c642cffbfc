import type { Clock } from '../functions/app/ports.ts';

/**
 * The local runtime's clock: starts at any instant (`--now`) and may run faster (`--speed`), so the
 * 2016 course can be tried as it was open and its deadline watched pass.
 */
export class LocalClock implements Clock {
  private realStart: number;

  constructor(
    private start: Date,
    private readonly speed = 1,
    private readonly realNow: () => number = Date.now,
  ) {
    if (!(speed > 0)) throw new RangeError('speed must be positive');
    this.realStart = realNow();
  }

  /** Jumps to another instant and runs on from there at the same speed (the CLI and tests travel in time). */
  set(instant: Date): void {
    this.start = instant;
    this.realStart = this.realNow();
  }

  now(): Date {
    return new Date(this.start.getTime() + (this.realNow() - this.realStart) * this.speed);
  }
}
