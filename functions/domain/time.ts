/**
 * Course dates are Danish wall-clock times (Europe/Copenhagen). They are stored as local date + time and
 * turned into instants here, so a session at 9.00 stays at 9.00 on both sides of a DST change.
 */
export const COURSE_TIME_ZONE = 'Europe/Copenhagen';

/**
 * Built on first use, not at import: a time-zone formatter loads ICU's zone data (~10 ms), which a Lambda
 * that never handles a date should not pay at cold start.
 */
let partsFormat: Intl.DateTimeFormat | undefined;
const copenhagenParts = () =>
  (partsFormat ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: COURSE_TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }));

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockAt(instant: Date): WallClock {
  const parts = Object.fromEntries(
    copenhagenParts()
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

function offsetMillisAt(instant: Date): number {
  const w = wallClockAt(instant);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant at which Copenhagen clocks show `date` (YYYY-MM-DD) `time` (HH:MM). */
export function copenhagenInstant(date: string, time = '00:00'): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const naiveUtc = Date.UTC(y, m - 1, d, hh, mm);
  // Two passes settle the offset even when the first guess lands on the other side of a DST switch.
  let instant = naiveUtc - offsetMillisAt(new Date(naiveUtc));
  instant = naiveUtc - offsetMillisAt(new Date(instant));
  return new Date(instant);
}

/** The day after a YYYY-MM-DD date, as YYYY-MM-DD (calendar arithmetic, no time zone involved). */
export function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The first instant after the whole Copenhagen day `date` has passed. */
export function endOfCopenhagenDay(date: string): Date {
  return copenhagenInstant(nextDate(date));
}

const MONTHS = [
  'januar',
  'februar',
  'marts',
  'april',
  'maj',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'december',
];
const WEEKDAYS = ['søndag', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag'];

/** "7. marts 2016" for a YYYY-MM-DD date. */
export function formatDanishDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d}. ${MONTHS[m - 1]} ${y}`;
}

/** "mandag" for a YYYY-MM-DD date. */
export function danishWeekday(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] as string;
}

/** "9.00" for "09:00": Danish clock notation. */
export function formatDanishTime(time: string): string {
  const [hh, mm] = time.split(':') as [string, string];
  return `${Number(hh)}.${mm}`;
}

/** "7. marts 2016 kl. 9.00" for an instant, read on Copenhagen clocks. */
export function formatDanishInstant(instant: Date): string {
  const w = wallClockAt(instant);
  const date = `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
  return `${formatDanishDate(date)} kl. ${w.hour}.${String(w.minute).padStart(2, '0')}`;
}

/** The Copenhagen calendar date (YYYY-MM-DD) of an instant: invoice dates are Danish dates. */
export function formatDateInCopenhagen(instant: Date): string {
  const w = wallClockAt(instant);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** An instant as Copenhagen clocks read it, to the minute: `2016-02-29T09:00` (what a scheduler in that zone takes). */
export function copenhagenLocalTime(instant: Date): string {
  const w = wallClockAt(instant);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${two(w.month)}-${two(w.day)}T${two(w.hour)}:${two(w.minute)}`;
}
