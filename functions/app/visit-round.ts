import type { Course } from '#domain/course.ts';
import {
  RegistrationCancelledError,
  RegistrationNotFoundError,
  ValidationError,
  VisitSlotUnavailableError,
} from '#domain/errors.ts';
import { visitBookingBodySchema, visitSlotsBodySchema } from '#domain/request-bodies.ts';
import {
  book,
  librariesWithoutVisit,
  routeByDay,
  slotStart,
  type VisitBooking,
  validateVisitSlots,
} from '#domain/visit-round.ts';
import {
  loadCourse,
  type StructureDeps,
  sessionOfKind,
  sessionSpan,
  underField,
  underVersion,
} from './course-structure.ts';
import type { StoredRegistration, VisitPlan } from './ports.ts';

/** The visit round as the coordinator sees it: the slots and who booked them, the route, who is missing. */
export function visitsViewOf(course: Course, registrations: readonly StoredRegistration[], plan: VisitPlan) {
  const active = activeBookings(plan.bookings, registrations);
  const byId = new Map(registrations.map((r) => [r.id, r]));
  const libraries = registrations.map((r) => ({
    registrationId: r.id,
    name: r.library.name,
    address: r.library.address,
    postalCode: r.library.postalCode,
    city: r.library.city,
  }));
  return {
    round: sessionSpan(sessionOfKind(course, 'visit-round')),
    slots: plan.slots.map((slot) => {
      const booking = active.find((b) => b.slotId === slot.id);
      const library = booking && byId.get(booking.registrationId);
      return {
        ...slot,
        booking:
          booking && library
            ? {
                registrationId: booking.registrationId,
                libraryName: library.library.name,
                bookedAt: booking.bookedAt,
              }
            : null,
      };
    }),
    route: routeByDay(plan.slots, active, libraries),
    unbooked: librariesWithoutVisit(libraries, active).map((l) => ({
      registrationId: l.registrationId,
      libraryName: l.name,
    })),
  };
}

export type VisitsView = ReturnType<typeof visitsViewOf>;

/** Bookings of libraries still taking part: a cancelled library's slot is free again. */
export function activeBookings(
  bookings: readonly VisitBooking[],
  registrations: readonly Pick<StoredRegistration, 'id'>[],
): VisitBooking[] {
  const active = new Set(registrations.map((r) => r.id));
  return bookings.filter((b) => active.has(b.registrationId));
}

export async function visitsView(deps: StructureDeps, courseId: string): Promise<VisitsView> {
  const { course, registrations } = await loadCourse(deps, courseId);
  const { value } = await deps.structure.getVisitPlan(courseId);
  return visitsViewOf(course, registrations, value);
}

/**
 * Publishes the round's slots (the whole list; the coordinator edits it as one). A slot a library has
 * booked cannot be removed: its booking is moved first, so no library loses its visit without a word.
 */
export async function publishVisitSlots(
  deps: StructureDeps,
  courseId: string,
  body: unknown,
): Promise<VisitsView> {
  const { course, registrations } = await loadCourse(deps, courseId);
  const round = sessionOfKind(course, 'visit-round');
  if (!round) {
    throw new ValidationError([{ path: 'slots', message: 'Kurset har ingen besøgsrunde.' }]);
  }
  const parsed = visitSlotsBodySchema.safeParse(body);
  const raw = parsed.success ? parsed.data.slots : undefined;
  let slots: ReturnType<typeof validateVisitSlots>;
  try {
    slots = validateVisitSlots(raw, round);
  } catch (error) {
    underField(error, 'slots');
  }
  return underVersion(async () => {
    const { value, version } = await deps.structure.getVisitPlan(courseId);
    const bookings = activeBookings(value.bookings, registrations);
    const orphaned = bookings.filter((b) => !slots.some((s) => s.id === b.slotId));
    if (orphaned.length > 0) {
      const names = orphaned.map(
        (b) => registrations.find((r) => r.id === b.registrationId)?.library.name ?? b.registrationId,
      );
      throw new ValidationError(
        [{ path: 'slots', message: `En booket tid kan ikke fjernes; flyt først: ${names.join(', ')}.` }],
        'Besøgstiderne kunne ikke gemmes: ret venligst de markerede felter.',
      );
    }
    const plan = { slots, bookings };
    const write = await deps.structure.saveVisitPlan(courseId, plan, version);
    return { write, result: visitsViewOf(course, registrations, plan) };
  });
}

/**
 * Books the library's visit, or moves it: by the library through its link, or by the coordinator. The
 * calendar invitations go out from the stream of the stored plan (structure-mails.ts).
 */
export async function bookVisit(
  deps: StructureDeps,
  courseId: string,
  registrationId: string,
  body: unknown,
): Promise<{ view: VisitsView; registration: StoredRegistration }> {
  const parsed = visitBookingBodySchema.safeParse(body);
  if (!parsed.success) {
    throw new ValidationError(
      [{ path: 'slotId', message: 'Vælg en af tiderne.' }],
      'Besøget kunne ikke bookes: vælg en tid.',
    );
  }
  const { course, registrations } = await loadCourse(deps, courseId);
  const registration = registrations.find((r) => r.id === registrationId);
  if (!registration) throw await whyNotTakingPart(deps, courseId, registrationId);
  return underVersion(async () => {
    const { value, version } = await deps.structure.getVisitPlan(courseId);
    const bookings = book(value.slots, activeBookings(value.bookings, registrations), {
      registrationId,
      slotId: parsed.data.slotId,
      now: deps.clock.now(),
    });
    const plan = { slots: value.slots, bookings };
    const unchanged =
      bookings.length === value.bookings.length && bookings.every((b, i) => b === value.bookings[i]);
    const write = unchanged ? 'saved' : await deps.structure.saveVisitPlan(courseId, plan, version);
    return { write, result: { view: visitsViewOf(course, registrations, plan), registration } };
  });
}

/** Why a registration cannot take part in the structure: unknown, cancelled, or not (yet) confirmed. */
async function whyNotTakingPart(deps: StructureDeps, courseId: string, registrationId: string) {
  const stored = await deps.store.getRegistration(courseId, registrationId);
  if (!stored) return new RegistrationNotFoundError();
  if (stored.status === 'cancelled') return new RegistrationCancelledError();
  return new VisitSlotUnavailableError('kun bekræftede tilmeldinger kan booke et besøg.');
}

/** A slot as a library's link shows it: whether it can still be booked, and whether it is the library's own. */
export function slotsForLibrary(
  plan: VisitPlan,
  registrations: readonly StoredRegistration[],
  registrationId: string,
  now: Date,
) {
  const bookings = activeBookings(plan.bookings, registrations);
  const mine = bookings.find((b) => b.registrationId === registrationId);
  return {
    slots: plan.slots.map((slot) => ({
      ...slot,
      mine: mine?.slotId === slot.id,
      available: slotStart(slot).getTime() > now.getTime() && !bookings.some((b) => b.slotId === slot.id),
    })),
    booking: (() => {
      const slot = mine && plan.slots.find((s) => s.id === mine.slotId);
      return slot
        ? { slotId: slot.id, date: slot.date, start: slot.start, durationMinutes: slot.durationMinutes }
        : null;
    })(),
  };
}
