import type { Course, CourseSession } from './course.ts';
import {
  copenhagenInstant,
  danishWeekday,
  endOfCopenhagenDay,
  formatDanishDate,
  formatDanishTime,
} from './time.ts';

/** The instants a session spans; a span of days runs from the first morning until the last day has ended. */
export function sessionTimes(s: CourseSession): { startsAt: string; endsAt: string } {
  if (s.when.type === 'timed') {
    return {
      startsAt: copenhagenInstant(s.when.date, s.when.start).toISOString(),
      endsAt: copenhagenInstant(s.when.date, s.when.end).toISOString(),
    };
  }
  return {
    startsAt: copenhagenInstant(s.when.from).toISOString(),
    endsAt: endOfCopenhagenDay(s.when.to).toISOString(),
  };
}

/** "mandag 8. februar 2016": the last day signups are accepted. */
export function describeDeadline(course: Course): string {
  return `${danishWeekday(course.signup.deadline)} ${formatDanishDate(course.signup.deadline)}`;
}

/** "mandag 7. marts 2016 kl. 9.00–16.00" or "uge 11 (14.–18. marts 2016)". */
export function describeWhen(s: CourseSession): string {
  if (s.when.type === 'timed') {
    const { date, start, end } = s.when;
    return `${danishWeekday(date)} ${formatDanishDate(date)} kl. ${formatDanishTime(start)}–${formatDanishTime(end)}`;
  }
  const { from, to, isoWeek } = s.when;
  const range = describeDateRange(from, to);
  return isoWeek === undefined ? range : `uge ${isoWeek} (${range})`;
}

/** "14.–18. marts 2016" within a month, otherwise both dates in full. */
export function describeDateRange(from: string, to: string): string {
  if (from === to) return formatDanishDate(from);
  if (from.slice(0, 7) === to.slice(0, 7)) return `${Number(from.slice(8))}.–${formatDanishDate(to)}`;
  return `${formatDanishDate(from)} – ${formatDanishDate(to)}`;
}
