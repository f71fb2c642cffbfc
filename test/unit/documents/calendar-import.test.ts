import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { courseCalendar } from '../../../functions/documents/calendar.ts';
import { seedCourse } from '../../support/fixtures.ts';

/** ical.js is the parser Mozilla's calendar clients (Thunderbird) import with: it reads what they read. */
describe('the course calendar as a calendar client imports it', () => {
  const calendar = new ICAL.Component(ICAL.parse(courseCalendar(seedCourse())));
  const events = calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));

  it('imports five events, the teaching days at 9.00–16.00 Copenhagen time', () => {
    expect(events).toHaveLength(5);
    const timed = events.filter((e) => !e.startDate.isDate);
    expect(
      timed.map((e) => [e.startDate.toJSDate().toISOString(), e.endDate.toJSDate().toISOString()]),
    ).toEqual([
      ['2016-03-07T08:00:00.000Z', '2016-03-07T15:00:00.000Z'],
      ['2016-05-10T07:00:00.000Z', '2016-05-10T14:00:00.000Z'],
      ['2016-08-25T07:00:00.000Z', '2016-08-25T14:00:00.000Z'],
    ]);
    expect(timed.every((e) => e.location.includes('Østergade 8'))).toBe(true);
  });

  it('imports the visit round and group guidance as all-day spans over their weeks', () => {
    const allDay = events.filter((e) => e.startDate.isDate);
    expect(allDay.map((e) => [e.startDate.toString(), e.endDate.toString()])).toEqual([
      ['2016-03-14', '2016-03-19'],
      ['2016-06-13', '2016-06-18'],
    ]);
  });
});
