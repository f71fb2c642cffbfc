import { describe, expect, it } from 'vitest';
import { certificatesDueAt, earnsCertificate, recordAttendance } from '#domain/attendance.ts';
import { ValidationError } from '#domain/errors.ts';
import { seedCourse } from '../../support/fixtures.ts';
import { validationFieldsOf } from '../../support/validation.ts';

const course = seedCourse();
const participants = ['aase@example.dk', 'bent@example.dk', 'carl@example.dk'];
const AFTER_COURSE = new Date('2016-08-26T10:00:00+02:00');

function attendedDays(days: Record<string, string[]>) {
  let attendance = {};
  for (const [sessionId, present] of Object.entries(days)) {
    attendance = recordAttendance(attendance, course, {
      sessionId,
      present,
      participants,
      now: AFTER_COURSE,
    });
  }
  return attendance;
}

describe('attendance', () => {
  it('is recorded per teaching day and meeting, once the day has begun, replacing an earlier list', () => {
    const first = recordAttendance({}, course, {
      sessionId: 'day-1',
      present: ['aase@example.dk'],
      participants,
      now: new Date('2016-03-07T09:15:00+01:00'),
    });
    const corrected = recordAttendance(first, course, {
      sessionId: 'day-1',
      present: ['aase@example.dk', 'bent@example.dk', 'bent@example.dk'],
      participants,
      now: new Date('2016-03-07T16:00:00+01:00'),
    });
    expect(corrected).toEqual({ 'day-1': ['aase@example.dk', 'bent@example.dk'] });
  });

  it('is refused before the day, for a session the course does not have, and for someone not registered', () => {
    const entry = { sessionId: 'day-2', present: ['aase@example.dk'], participants };
    expect(() =>
      recordAttendance({}, course, { ...entry, now: new Date('2016-05-09T12:00:00+02:00') }),
    ).toThrow(ValidationError);
    const fieldOf = (run: () => unknown) => validationFieldsOf(run)[0];
    expect(
      fieldOf(() => recordAttendance({}, course, { ...entry, sessionId: 'day-9', now: AFTER_COURSE })),
    ).toEqual({
      path: 'sessionId',
      message: 'Kurset har ingen sådan dag eller møde.',
    });
    expect(
      fieldOf(() =>
        recordAttendance({}, course, { ...entry, present: ['ukendt@example.dk'], now: AFTER_COURSE }),
      ),
    ).toEqual({ path: 'present.0', message: 'Deltageren er ikke tilmeldt kurset.' });
  });
});

describe('the course certificate', () => {
  const attendance = attendedDays({
    'day-1': ['aase@example.dk', 'bent@example.dk'],
    'day-2': ['aase@example.dk', 'bent@example.dk'],
    'day-3': ['aase@example.dk'],
    visits: ['bent@example.dk'],
  });

  it('is due when day 3 ends, at 16.00 in Herning', () => {
    expect(certificatesDueAt(course)).toEqual(new Date('2016-08-25T16:00:00+02:00'));
  });

  it('goes to a participant present at every teaching day, and not to one who missed one', () => {
    expect(earnsCertificate(course, attendance, 'aase@example.dk')).toBe(true);
    expect(earnsCertificate(course, attendance, 'bent@example.dk')).toBe(false);
    expect(earnsCertificate(course, attendance, 'carl@example.dk')).toBe(false);
  });

  it('follows a course rule that asks for fewer teaching days', () => {
    expect(earnsCertificate(course, attendance, 'bent@example.dk', 2)).toBe(true);
  });
});
