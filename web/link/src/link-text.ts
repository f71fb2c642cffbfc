import { describeDateRange } from '#domain/session-text.ts';
import {
  copenhagenLocalTime,
  danishWeekday,
  formatDanishDate,
  formatDanishInstant,
  formatDanishTime,
} from '#domain/time.ts';

/** The course's own Danish wording for dates and times, as the signup form and the mails use it. */

interface Timed {
  date: string;
  start: string;
  durationMinutes: number;
}

/** "mandag 14. marts 2016". */
export function dayText(date: string): string {
  return `${danishWeekday(date)} ${formatDanishDate(date)}`;
}

/** "14.–18. marts 2016". */
export const rangeText = describeDateRange;

/** "HH:MM" `minutes` after `start` (a visit ends the day it starts). */
function endOf(start: string, minutes: number): string {
  const total = Number(start.slice(0, 2)) * 60 + Number(start.slice(3, 5)) + minutes;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(total / 60) % 24)}:${two(total % 60)}`;
}

/** "kl. 9.00–10.30". */
export function timeSpanText(slot: Timed): string {
  return `kl. ${formatDanishTime(slot.start)}–${formatDanishTime(endOf(slot.start, slot.durationMinutes))}`;
}

/** "mandag 14. marts 2016 kl. 9.00–10.30". */
export function slotText(slot: Timed): string {
  return `${dayText(slot.date)} ${timeSpanText(slot)}`;
}

/**
 * A deadline instant in words: "inden mandag 14. marts 2016" when it is the start of a day (as the case
 * deadlines are: the first day of the visit round, of the group guidance), else "senest … kl. 12.00".
 */
export function deadlineText(iso: string): string {
  const [date = '', time = ''] = copenhagenLocalTime(new Date(iso)).split('T');
  return time === '00:00'
    ? `inden ${dayText(date)}`
    : `senest ${dayText(date)} kl. ${formatDanishTime(time)}`;
}

/** "7. marts 2016 kl. 10.15" for an instant such as a save's. */
export function instantText(iso: string): string {
  return formatDanishInstant(new Date(iso));
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
