import * as z from 'zod/mini';
import { type CourseSession, sessionDays } from './course.ts';
import { type FieldProblem, ValidationError, VisitSlotUnavailableError } from './errors.ts';
import { copenhagenInstant } from './time.ts';
import { danishMessages } from './validation-messages.ts';

/** The message above the fields when the coordinator's or participant's input is refused. */
const REFUSED = 'Besøgstiderne kunne ikke gemmes: ret venligst de markerede felter.';

/**
 * The visit round (week 11): the teacher and the consultant visit every registered library. The
 * coordinator publishes slots; each library books one through the link in its mail. These are the round's
 * rules, without I/O: which slots are valid, who may book what, the day's route, and who has not booked.
 */

const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Datoen skal skrives ÅÅÅÅ-MM-DD.'));
const clockTime = z
  .string()
  .check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Tidspunktet skal skrives TT:MM, fx 09:30.'));

export const visitSlotSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9-]{1,40}$/, 'Id: små bogstaver, tal og bindestreg.')),
  date: isoDate,
  start: clockTime,
  durationMinutes: z
    .int('Varigheden skal være et helt antal minutter.')
    .check(
      z.minimum(15, 'Et besøg varer mindst 15 minutter.'),
      z.maximum(8 * 60, 'Et besøg varer højst 8 timer.'),
    ),
});

export type VisitSlot = z.infer<typeof visitSlotSchema>;

export interface VisitBooking {
  slotId: string;
  registrationId: string;
  bookedAt: string;
}

/** A library as the route shows it: where the teacher and the consultant drive to. */
export interface VisitedLibrary {
  registrationId: string;
  name: string;
  address: string;
  postalCode: string;
  city: string;
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const overlaps = (a: VisitSlot, b: VisitSlot) =>
  a.date === b.date &&
  minutesOf(a.start) < minutesOf(b.start) + b.durationMinutes &&
  minutesOf(b.start) < minutesOf(a.start) + a.durationMinutes;

/**
 * The slots the coordinator publishes, checked as a whole: each within the round's days, none running past
 * midnight, ids unique, and no two at once (the same two people make every visit).
 */
export function validateVisitSlots(raw: unknown, round: Pick<CourseSession, 'when'>): VisitSlot[] {
  const parsed = z.array(visitSlotSchema).safeParse(raw, { error: danishMessages });
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      REFUSED,
    );
  }
  const slots = parsed.data;
  const { from, to } = sessionDays(round);
  const problems: FieldProblem[] = [];
  slots.forEach((slot, i) => {
    if (slot.date < from || slot.date > to) {
      problems.push({ path: `${i}.date`, message: `Besøgene ligger fra ${from} til ${to}.` });
    }
    if (minutesOf(slot.start) + slot.durationMinutes > 24 * 60) {
      problems.push({ path: `${i}.durationMinutes`, message: 'Et besøg skal slutte samme dag.' });
    }
    if (slots.findIndex((other) => other.id === slot.id) !== i) {
      problems.push({ path: `${i}.id`, message: 'Id findes allerede.' });
    }
    const clash = slots.findIndex((other, j) => j < i && overlaps(other, slot));
    if (clash >= 0) {
      problems.push({ path: `${i}.start`, message: `Besøget overlapper tid nr. ${clash + 1}.` });
    }
  });
  if (problems.length > 0) throw new ValidationError(problems, REFUSED);
  return slots;
}

/** When a slot begins, as an instant (Copenhagen wall-clock time). */
export function slotStart(slot: VisitSlot): Date {
  return copenhagenInstant(slot.date, slot.start);
}

/**
 * The bookings after `registrationId` books `slotId` (or moves to it) at `now`: one slot per library, one
 * library per slot, and only a slot that has not begun. Booking the slot it already has changes nothing.
 */
export function book(
  slots: readonly VisitSlot[],
  bookings: readonly VisitBooking[],
  request: { registrationId: string; slotId: string; now: Date },
): VisitBooking[] {
  const slot = slots.find((s) => s.id === request.slotId);
  if (!slot) throw new VisitSlotUnavailableError('tiden findes ikke.');
  const mine = bookings.find((b) => b.registrationId === request.registrationId);
  if (mine?.slotId === slot.id) return [...bookings];
  if (slotStart(slot).getTime() <= request.now.getTime()) {
    throw new VisitSlotUnavailableError('tiden er overstået.');
  }
  if (bookings.some((b) => b.slotId === slot.id)) {
    throw new VisitSlotUnavailableError('et andet bibliotek har allerede booket den.');
  }
  return [
    ...bookings.filter((b) => b.registrationId !== request.registrationId),
    { slotId: slot.id, registrationId: request.registrationId, bookedAt: request.now.toISOString() },
  ];
}

export interface RouteStop {
  slot: VisitSlot;
  library: VisitedLibrary;
}

/** Each day's visits in driving order (by start time), with the libraries' addresses. */
export function routeByDay(
  slots: readonly VisitSlot[],
  bookings: readonly VisitBooking[],
  libraries: readonly VisitedLibrary[],
): { date: string; stops: RouteStop[] }[] {
  const byId = new Map(libraries.map((library) => [library.registrationId, library]));
  const stops = bookings.flatMap((booking) => {
    const slot = slots.find((s) => s.id === booking.slotId);
    const library = byId.get(booking.registrationId);
    return slot && library ? [{ slot, library }] : [];
  });
  stops.sort((a, b) => slotStart(a.slot).getTime() - slotStart(b.slot).getTime());
  const days = new Map<string, RouteStop[]>();
  for (const stop of stops) days.set(stop.slot.date, [...(days.get(stop.slot.date) ?? []), stop]);
  return [...days].map(([date, dayStops]) => ({ date, stops: dayStops }));
}

/** The libraries that still have no visit booked: the ones the round's reminder goes to. */
export function librariesWithoutVisit<L extends { registrationId: string }>(
  libraries: readonly L[],
  bookings: readonly VisitBooking[],
): L[] {
  const booked = new Set(bookings.map((b) => b.registrationId));
  return libraries.filter((library) => !booked.has(library.registrationId));
}
