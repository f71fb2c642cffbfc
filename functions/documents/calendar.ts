import ical, {
  ICalCalendarMethod,
  ICalEventBusyStatus,
  type ICalEventData,
  ICalEventStatus,
  ICalEventTransparency,
} from 'ical-generator';
import type { Course, CourseSession } from '#domain/course.ts';
import { copenhagenInstant, nextDate } from '#domain/time.ts';

/** The formal public identifier calendar clients show as the calendar's producer. */
const PRODUCT = { company: 'kursus-tilmelding', product: 'Kursustilmelding', language: 'DA' };
export const CALENDAR_PRODUCT_ID = `-//${PRODUCT.company}//${PRODUCT.product}//${PRODUCT.language}`;

export interface CalendarOptions {
  /** DTSTAMP of every event; the library takes the current time when it is not given. */
  stamp?: Date;
}

/**
 * The course's sessions as an iCalendar (METHOD:PUBLISH) for mail attachments.
 *
 * Timed sessions are written as UTC instants computed from Copenhagen wall-clock time: no VTIMEZONE to
 * carry, exact in every client, and each shows them in its own local time (9.00 in Denmark); a floating
 * "09:00" would be read in the recipient's own zone. Spans of days (visit round, group guidance) are all-day
 * events with an exclusive end date, as RFC 5545 requires, and do not block the whole week as busy, because
 * the actual visit is by appointment.
 */
export function courseCalendar(course: Course, options: CalendarOptions = {}): string {
  const calendar = ical({ prodId: PRODUCT, method: ICalCalendarMethod.PUBLISH, name: course.title });
  for (const session of course.sessions) calendar.createEvent(eventOf(course, session, options.stamp));
  // RFC 5545 ends every content line with CRLF, the last one too; the library leaves the last one bare.
  return `${calendar.toString()}\r\n`;
}

/** Stable across sends, so a second import updates the events instead of duplicating them. */
export function sessionUid(courseId: string, sessionId: string): string {
  return `${courseId}-${sessionId}@kursus-tilmelding`;
}

function eventOf(course: Course, session: CourseSession, stamp: Date | undefined): ICalEventData {
  const common = {
    id: sessionUid(course.id, session.id),
    summary: `${session.title}: ${course.title}`,
    description: descriptionOf(session),
    location: session.atVenue
      ? `${course.venue.name}, ${course.venue.street}, ${course.venue.postalCode} ${course.venue.city}`
      : session.place,
    status: ICalEventStatus.CONFIRMED,
    stamp: stamp ?? new Date(),
  };
  const when = session.when;
  return when.type === 'timed'
    ? {
        ...common,
        start: copenhagenInstant(when.date, when.start),
        end: copenhagenInstant(when.date, when.end),
        busystatus: ICalEventBusyStatus.BUSY,
        transparency: ICalEventTransparency.OPAQUE,
      }
    : {
        ...common,
        allDay: true,
        start: utcMidnight(when.from),
        end: utcMidnight(nextDate(when.to)),
        busystatus: ICalEventBusyStatus.FREE,
        transparency: ICalEventTransparency.TRANSPARENT,
      };
}

function descriptionOf(session: CourseSession): string {
  const lines = session.content.map((item) => `- ${item}`);
  return session.byAppointment
    ? [`${session.place}, efter aftale.`, '', ...lines].join('\n')
    : lines.join('\n');
}

/** A date-only value: ical-generator writes an all-day date from the UTC calendar date of its Date. */
function utcMidnight(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

export interface Appointment {
  /** Stable for the appointment, so a moved visit or meeting replaces the old event in the calendar. */
  uid: string;
  /** Grows with every change: calendar clients apply the highest (RFC 5545 SEQUENCE). */
  sequence: number;
  summary: string;
  description: string;
  location: string;
  start: Date;
  end: Date;
  stamp: Date;
}

/** One appointment (a booked visit, a group's meeting) as an iCalendar for a mail attachment. */
export function appointmentCalendar(course: Course, appointment: Appointment): string {
  const calendar = ical({ prodId: PRODUCT, method: ICalCalendarMethod.PUBLISH, name: course.title });
  calendar.createEvent({
    id: appointment.uid,
    sequence: appointment.sequence,
    summary: appointment.summary,
    description: appointment.description,
    location: appointment.location,
    start: appointment.start,
    end: appointment.end,
    stamp: appointment.stamp,
    status: ICalEventStatus.CONFIRMED,
    busystatus: ICalEventBusyStatus.BUSY,
    transparency: ICalEventTransparency.OPAQUE,
  });
  return `${calendar.toString()}\r\n`;
}

/**
 * One library's appointment in a session (its visit, its group's meeting) at the host library: the UID is
 * the library's part in the session, so each new invitation replaces the last in the calendar.
 */
export function libraryAppointmentCalendar(
  course: Course,
  session: CourseSession,
  appointment: {
    kind: 'visit' | 'group';
    registrationId: string;
    host: { library: { name: string; address: string; postalCode: string; city: string } };
    start: Date;
    minutes: number;
    sequence: number;
    /** The time in words, for the description (a visit's slot). */
    when?: string;
  },
  now: Date,
): string {
  const { library } = appointment.host;
  const heading = `${session.title} hos ${library.name}${appointment.when ? `, ${appointment.when}` : ''}.`;
  return appointmentCalendar(course, {
    uid: `${course.id}-${appointment.kind}-${appointment.registrationId}@kursus-tilmelding`,
    sequence: appointment.sequence,
    summary: `${session.title}: ${course.title}`,
    description: `${heading}\n\n${session.content.map((c) => `- ${c}`).join('\n')}`,
    location: `${library.name}, ${library.address}, ${library.postalCode} ${library.city}`,
    start: appointment.start,
    end: new Date(appointment.start.getTime() + appointment.minutes * 60_000),
    stamp: now,
  });
}
