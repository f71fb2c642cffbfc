import { describe, expect, it } from 'vitest';
import {
  copenhagenInstant,
  danishWeekday,
  endOfCopenhagenDay,
  formatDanishDate,
  formatDanishInstant,
} from '#domain/time.ts';

describe('Copenhagen wall-clock times', () => {
  it('places 9.00 in winter at 08:00 UTC (CET)', () => {
    expect(copenhagenInstant('2016-03-07', '09:00').toISOString()).toBe('2016-03-07T08:00:00.000Z');
  });

  it('places 9.00 in summer at 07:00 UTC (CEST), after the March DST switch', () => {
    expect(copenhagenInstant('2016-05-10', '09:00').toISOString()).toBe('2016-05-10T07:00:00.000Z');
  });

  it('keeps times right on the days clocks change', () => {
    // 27 March 2016: 02:00 CET jumped to 03:00 CEST. 30 October 2016: 03:00 CEST fell back to 02:00 CET.
    expect(copenhagenInstant('2016-03-27', '09:00').toISOString()).toBe('2016-03-27T07:00:00.000Z');
    expect(copenhagenInstant('2016-10-30', '09:00').toISOString()).toBe('2016-10-30T08:00:00.000Z');
    expect(copenhagenInstant('2016-03-27', '00:00').toISOString()).toBe('2016-03-26T23:00:00.000Z');
  });

  it('ends a Copenhagen day at the following local midnight', () => {
    expect(endOfCopenhagenDay('2016-02-08').toISOString()).toBe('2016-02-08T23:00:00.000Z');
    expect(endOfCopenhagenDay('2016-12-31').toISOString()).toBe('2016-12-31T23:00:00.000Z');
  });

  it('writes dates and instants the Danish way', () => {
    expect(formatDanishDate('2016-03-07')).toBe('7. marts 2016');
    expect(danishWeekday('2016-02-08')).toBe('mandag');
    expect(formatDanishInstant(new Date('2016-03-07T08:00:00Z'))).toBe('7. marts 2016 kl. 9.00');
    expect(formatDanishInstant(new Date('2016-05-10T14:30:00Z'))).toBe('10. maj 2016 kl. 16.30');
  });
});
