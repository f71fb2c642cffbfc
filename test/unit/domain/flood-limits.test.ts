import { describe, expect, it } from 'vitest';
import { decideSourceSignup, SOURCE_WINDOW_MS } from '#domain/flood-limits.ts';

const at = (time: string) => new Date(`2016-01-20T${time}Z`);
const signup = (id: string, time: string) => ({ id, at: at(time).getTime() });

describe('the per-source signup limit over any 60 minutes', () => {
  it('counts a first signup, and keeps the source until its window has passed', () => {
    expect(decideSourceSignup([], at('09:00:00'), 2)).toEqual({
      kind: 'count',
      forget: [],
      storedBelow: 2,
      expiresAt: at('10:00:00'),
    });
  });

  it('refuses across the clock hour, until the oldest counted signup leaves the window', () => {
    const full = [signup('a', '08:59:30'), signup('b', '08:59:50')];
    expect(decideSourceSignup(full, at('09:00:10'), 2)).toEqual({ kind: 'refuse', retryAfterSeconds: 3560 });
    expect(decideSourceSignup(full, at('09:59:29.200'), 2)).toEqual({ kind: 'refuse', retryAfterSeconds: 1 });
    expect(decideSourceSignup(full, at('09:59:30'), 2)).toEqual({
      kind: 'count',
      forget: ['a'],
      storedBelow: 3,
      expiresAt: at('10:59:30'),
    });
  });

  it('names the wait until enough have left when the limit was lowered below what is counted', () => {
    const four = ['09:00', '09:10', '09:20', '09:30'].map((time, i) => signup(String(i), `${time}:00`));
    expect(decideSourceSignup(four, at('09:40:00'), 2)).toEqual({
      kind: 'refuse',
      retryAfterSeconds: (SOURCE_WINDOW_MS - 20 * 60_000) / 1000,
    });
  });

  it('forgets the signups older than the window, whatever order they were stored in', () => {
    const stored = [signup('new', '09:30:00'), signup('old', '08:00:00'), signup('older', '07:00:00')];
    expect(decideSourceSignup(stored, at('10:00:00'), 2)).toMatchObject({
      kind: 'count',
      forget: ['old', 'older'],
      storedBelow: 4,
    });
  });
});
