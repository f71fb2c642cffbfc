import { describe, expect, it } from 'vitest';
import { courseCalendar } from '../../../functions/documents/calendar.ts';
import { seedCourse } from '../../support/fixtures.ts';

interface Property {
  name: string;
  params: string[];
  value: string;
}

/** Just enough of RFC 5545 to read the calendar back: unfold, then split each line into name;params:value. */
function parseCalendar(ics: string): { calendar: Property[]; events: Property[][] } {
  const lines = ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter(Boolean);
  const calendar: Property[] = [];
  const events: Property[][] = [];
  let current: Property[] | undefined;
  for (const line of lines) {
    const colon = line.indexOf(':');
    const [name = '', ...params] = line.slice(0, colon).split(';');
    const property = { name, params, value: line.slice(colon + 1) };
    if (line === 'BEGIN:VEVENT') current = [];
    else if (line === 'END:VEVENT' && current) {
      events.push(current);
      current = undefined;
    } else (current ?? calendar).push(property);
  }
  return { calendar, events };
}

function prop(event: Property[], name: string): Property {
  const found = event.find((p) => p.name === name);
  if (!found) throw new Error(`no ${name} in ${JSON.stringify(event)}`);
  return found;
}

const unescapeText = (value: string) => value.replace(/\\([,;\\])/g, '$1').replace(/\\n/gi, '\n');

describe('the course calendar', () => {
  const course = seedCourse();
  const ics = courseCalendar(course, { stamp: new Date('2016-01-20T10:00:00Z') });
  const { calendar, events } = parseCalendar(ics);
  const byUid = new Map(events.map((event) => [prop(event, 'UID').value, event]));
  const eventOf = (sessionId: string) => {
    const event = byUid.get(`samskabelse-2016-${sessionId}@kursus-tilmelding`);
    if (!event) throw new Error(`no event for ${sessionId}`);
    return event;
  };

  it('is a published iCalendar named after the system, with CRLF line endings and folded lines', () => {
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect([...line].length).toBeLessThanOrEqual(75);
    expect(prop(calendar, 'VERSION').value).toBe('2.0');
    expect(prop(calendar, 'METHOD').value).toBe('PUBLISH');
    expect(prop(calendar, 'PRODID').value).toContain('kursus-tilmelding');
  });

  it('holds one event per session, five in all, with stable UIDs', () => {
    expect(events).toHaveLength(5);
    expect([...byUid.keys()]).toEqual([
      'samskabelse-2016-day-1@kursus-tilmelding',
      'samskabelse-2016-visits@kursus-tilmelding',
      'samskabelse-2016-day-2@kursus-tilmelding',
      'samskabelse-2016-group-guidance@kursus-tilmelding',
      'samskabelse-2016-day-3@kursus-tilmelding',
    ]);
    const again = parseCalendar(courseCalendar(course)).events.map((event) => prop(event, 'UID').value);
    expect(again).toEqual([...byUid.keys()]);
  });

  it('places the teaching days at 9.00–16.00 Copenhagen time: CET in March, CEST in May and August', () => {
    const times = (id: string) => [prop(eventOf(id), 'DTSTART').value, prop(eventOf(id), 'DTEND').value];
    expect(times('day-1')).toEqual(['20160307T080000Z', '20160307T150000Z']);
    expect(times('day-2')).toEqual(['20160510T070000Z', '20160510T140000Z']);
    expect(times('day-3')).toEqual(['20160825T070000Z', '20160825T140000Z']);
  });

  it('shows the visit round and the group guidance as all-day spans ending the day after the last day', () => {
    for (const [id, start, end] of [
      ['visits', '20160314', '20160319'],
      ['group-guidance', '20160613', '20160618'],
    ] as const) {
      const dtstart = prop(eventOf(id), 'DTSTART');
      const dtend = prop(eventOf(id), 'DTEND');
      expect(dtstart).toEqual({ name: 'DTSTART', params: ['VALUE=DATE'], value: start });
      expect(dtend).toEqual({ name: 'DTEND', params: ['VALUE=DATE'], value: end });
      expect(prop(eventOf(id), 'TRANSP').value).toBe('TRANSPARENT');
    }
  });

  it('gives the teaching days the venue address and the decentral rounds their place', () => {
    for (const id of ['day-1', 'day-2', 'day-3']) {
      expect(unescapeText(prop(eventOf(id), 'LOCATION').value)).toBe(
        'Herning Bibliotekerne, Østergade 8, 7400 Herning',
      );
    }
    expect(unescapeText(prop(eventOf('visits'), 'LOCATION').value)).toBe('På hvert deltagende bibliotek');
  });

  it('uses Danish titles and describes each session by its content', () => {
    expect(unescapeText(prop(eventOf('day-1'), 'SUMMARY').value)).toBe(`Kick off: ${course.title}`);
    expect(unescapeText(prop(eventOf('visits'), 'SUMMARY').value)).toBe(`Besøgsrunde: ${course.title}`);
    const description = unescapeText(prop(eventOf('day-2'), 'DESCRIPTION').value);
    expect(description).toContain('- Invitationen – hvordan samarbejdet etableres\n');
    expect(description).toContain('- Mod: selvtillid, risikovillighed og at give processen rum og tid');
    expect(unescapeText(prop(eventOf('visits'), 'DESCRIPTION').value)).toContain('efter aftale');
  });

  it('stamps every event with the given time', () => {
    for (const event of events) expect(prop(event, 'DTSTAMP').value).toBe('20160120T100000Z');
  });
});
