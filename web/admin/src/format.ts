import { formatKroner } from '#domain/money.ts';
import { describeDateRange } from '#domain/session-text.ts';
import {
  danishWeekday,
  formatDanishDate,
  formatDanishInstant,
  formatDanishTime,
  formatDateInCopenhagen,
} from '#domain/time.ts';

export { formatKroner };

/** "20. januar 2016" for a calendar date such as an invoice's issue date. */
export function formatDate(date: string): string {
  return formatDanishDate(date);
}

const dateTime = new Intl.DateTimeFormat('da-DK', {
  timeZone: 'Europe/Copenhagen',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "20. jan. 2016 10.00" in Copenhagen time, whatever the coordinator's computer is set to. */
export function formatInstant(iso: string): string {
  return dateTime.format(new Date(iso));
}

export const STATUS_TEXT: Record<string, string> = {
  confirmed: 'Bekræftet',
  waitlisted: 'Venteliste',
  cancelled: 'Afmeldt',
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "mandag 14. marts 2016" for a YYYY-MM-DD date: a day of the visit round or the group guidance. */
export function formatDay(date: string): string {
  return `${danishWeekday(date)} ${formatDanishDate(date)}`;
}

/** "9.00–10.30" for a visit starting at 09:00 that lasts 90 minutes. */
export function formatTimeSpan(start: string, durationMinutes: number): string {
  const [hh, mm] = start.split(':').map(Number) as [number, number];
  const end = hh * 60 + mm + durationMinutes;
  return `${formatDanishTime(start)}–${Math.floor(end / 60)}.${String(end % 60).padStart(2, '0')}`;
}

/** "mandag 14. marts 2016 kl. 9.00–10.30": one visit slot. */
export function formatSlot(slot: { date: string; start: string; durationMinutes: number }): string {
  return `${formatDay(slot.date)} kl. ${formatTimeSpan(slot.start, slot.durationMinutes)}`;
}

/** "25. august 2016 kl. 16.00" for an instant, read on Copenhagen clocks. */
export function formatMoment(iso: string): string {
  return formatDanishInstant(new Date(iso));
}

/**
 * A deadline given as an instant: "14. marts 2016" when it falls at midnight (due before that day begins),
 * otherwise with the time of day.
 */
export function formatDeadline(iso: string): string {
  const instant = new Date(iso);
  const text = formatDanishInstant(instant);
  return text.endsWith(' kl. 0.00') ? formatDanishDate(formatDateInCopenhagen(instant)) : text;
}

/**
 * A session's period, whether it comes as calendar dates ("14.–18. marts 2016") or as instants
 * ("7. marts 2016 kl. 9.00–16.00").
 */
export function formatPeriod(from: string, to: string): string {
  if (ISO_DATE.test(from) && ISO_DATE.test(to)) return describeDateRange(from, to);
  const start = new Date(from);
  const end = new Date(to);
  if (formatDateInCopenhagen(start) === formatDateInCopenhagen(end)) {
    return `${formatDanishInstant(start)}–${formatDanishInstant(end).split(' kl. ')[1]}`;
  }
  return `${formatDanishInstant(start)} – ${formatDanishInstant(end)}`;
}

/** The calendar date a session starts on, when it is given as a date: the bound of a date field. */
export function dateBound(value: string | undefined): string | undefined {
  return value !== undefined && ISO_DATE.test(value) ? value : undefined;
}
