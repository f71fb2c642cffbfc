import { formatKroner } from '#domain/money.ts';
import { formatDanishDate } from '#domain/time.ts';

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
