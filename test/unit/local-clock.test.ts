import { describe, expect, it } from 'vitest';
import { LocalClock } from '../../local/clock.ts';

describe('the local clock', () => {
  it('starts at the requested instant and runs N times faster', () => {
    let real = 1_000_000;
    const clock = new LocalClock(new Date('2016-02-08T12:00:00Z'), 60, () => real);
    expect(clock.now().toISOString()).toBe('2016-02-08T12:00:00.000Z');
    real += 1000;
    expect(clock.now().toISOString()).toBe('2016-02-08T12:01:00.000Z');
  });

  it('refuses a speed that would stop or reverse time', () => {
    expect(() => new LocalClock(new Date(), 0)).toThrow(RangeError);
  });
});
