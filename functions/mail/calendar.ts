import { createEvents, type DateArray, type EventAttributes } from 'ics';
import type { Course, CourseSession } from '#domain/course.ts';
import { copenhagenInstant, nextDate } from '#domain/time.ts';

/** The formal public identifier calendar clients show as the calendar's producer. */
export const CALENDAR_PRODUCT_ID = '-//kursus-tilmelding//Kursustilmelding//DA';

export interface CalendarOptions {
  /** DTSTAMP of every event; the library takes the current time when it is not given. */
  stamp?: Date;
}

/**
 * The course's sessions as an iCalendar (METHOD:PUBLISH) for mail attachments.
 *
 * Timed sessions are written as UTC instants computed from Copenhagen wall-clock time: the `ics` library can
 * write only UTC or floating times (no TZID/VTIMEZONE), and a floating "09:00" would be read in the
 * recipient's own zone while the library's 'local' mode uses the zone of the process (UTC on Lambda). UTC
 * instants are exact in every client, and each shows them in its own local time (9.00 in Denmark).
 * Spans of days (visit round, group guidance) are all-day events with an exclusive end date, as RFC 5545
 * requires, and do not block the whole week as busy, because the actual visit is by appointment.
 */
export function courseCalendar(course: Course, options: CalendarOptions = {}): string {
  const events = course.sessions.map((session) => eventOf(course, session, options.stamp));
  const { error, value } = createEvents(events, {
    productId: CALENDAR_PRODUCT_ID,
    method: 'PUBLISH',
    calName: course.title,
  });
  if (error || !value) {
    throw new Error(`Kalenderen for ${course.id} kunne ikke laves: ${error?.message ?? 'tomt resultat'}`);
  }
  return value;
}

/** Stable across sends, so a second import updates the events instead of duplicating them. */
export function sessionUid(courseId: string, sessionId: string): string {
  return `${courseId}-${sessionId}@kursus-tilmelding`;
}

// `timestamp` (DTSTAMP) is accepted by the library's schema but missing from its type declarations.
type EventWithStamp = EventAttributes & { timestamp?: number };

function eventOf(course: Course, session: CourseSession, stamp: Date | undefined): EventAttributes {
  const common = {
    uid: sessionUid(course.id, session.id),
    title: `${session.title}: ${course.title}`,
    description: descriptionOf(session),
    location: session.atVenue
      ? `${course.venue.name}, ${course.venue.street}, ${course.venue.postalCode} ${course.venue.city}`
      : session.place,
    status: 'CONFIRMED' as const,
    ...(stamp && { timestamp: stamp.getTime() }),
  };
  const when = session.when;
  const event: EventWithStamp =
    when.type === 'timed'
      ? {
          ...common,
          start: copenhagenInstant(when.date, when.start).getTime(),
          end: copenhagenInstant(when.date, when.end).getTime(),
          startOutputType: 'utc',
          endOutputType: 'utc',
          busyStatus: 'BUSY',
          transp: 'OPAQUE',
        }
      : {
          ...common,
          start: dateArray(when.from),
          end: dateArray(nextDate(when.to)),
          busyStatus: 'FREE',
          transp: 'TRANSPARENT',
        };
  return event;
}

function descriptionOf(session: CourseSession): string {
  const lines = session.content.map((item) => `- ${item}`);
  return session.byAppointment
    ? [`${session.place}, efter aftale.`, '', ...lines].join('\n')
    : lines.join('\n');
}

function dateArray(date: string): DateArray {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return [y, m, d];
}
