import { describe, expect, it } from 'vitest';
import type { CourseSession } from '#domain/course.ts';
import { VisitSlotUnavailableError } from '#domain/errors.ts';
import {
  book,
  librariesWithoutVisit,
  routeByDay,
  slotStart,
  type VisitBooking,
  type VisitedLibrary,
  validateVisitSlots,
} from '#domain/visit-round.ts';
import { seedCourse } from '../../support/fixtures.ts';
import { validationFieldsOf } from '../../support/validation.ts';

const round = seedCourse().sessions.find((s) => s.kind === 'visit-round') as CourseSession;

const slots = validateVisitSlots(
  [
    { id: 'man-1', date: '2016-03-14', start: '09:00', durationMinutes: 90 },
    { id: 'man-2', date: '2016-03-14', start: '13:00', durationMinutes: 90 },
    { id: 'tir-1', date: '2016-03-15', start: '10:00', durationMinutes: 120 },
  ],
  round,
);

const libraries: VisitedLibrary[] = [
  {
    registrationId: 'r-silkeborg',
    name: 'Silkeborg Bibliotekerne',
    address: 'Hostrupsgade 41',
    postalCode: '8600',
    city: 'Silkeborg',
  },
  {
    registrationId: 'r-ikast',
    name: 'Ikast-Brande Bibliotek',
    address: 'Stadion Allé 2',
    postalCode: '7430',
    city: 'Ikast',
  },
  {
    registrationId: 'r-struer',
    name: 'Struer Bibliotek',
    address: 'Smedegade 27',
    postalCode: '7600',
    city: 'Struer',
  },
];

const BEFORE_ROUND = new Date('2016-03-01T12:00:00+01:00');

describe('the visit slots a coordinator publishes', () => {
  it('are accepted within week 11, each starting at its Copenhagen wall-clock time', () => {
    expect(slots).toHaveLength(3);
    expect(slotStart(slots[0] as (typeof slots)[number])).toEqual(new Date('2016-03-14T09:00:00+01:00'));
  });

  it('are refused outside the round, overlapping, running past midnight or with a repeated id, each at its field', () => {
    const fields = validationFieldsOf(() =>
      validateVisitSlots(
        [
          { id: 'a', date: '2016-03-11', start: '09:00', durationMinutes: 60 },
          { id: 'b', date: '2016-03-14', start: '09:00', durationMinutes: 120 },
          { id: 'c', date: '2016-03-14', start: '10:30', durationMinutes: 60 },
          { id: 'b', date: '2016-03-15', start: '23:30', durationMinutes: 60 },
        ],
        round,
      ),
    );
    expect(fields).toEqual([
      { path: '0.date', message: 'Besøgene ligger fra 2016-03-14 til 2016-03-18.' },
      { path: '2.start', message: 'Besøget overlapper tid nr. 2.' },
      { path: '3.durationMinutes', message: 'Et besøg skal slutte samme dag.' },
      { path: '3.id', message: 'Id findes allerede.' },
    ]);
  });

  it('must say when and how long in the expected formats, in Danish', () => {
    const fields = validationFieldsOf(() =>
      validateVisitSlots([{ id: 'x', date: '14/3', start: '9', durationMinutes: 5 }], round),
    );
    expect(fields.map((f) => f.path)).toEqual(['0.date', '0.start', '0.durationMinutes']);
    expect(fields[2]?.message).toBe('Et besøg varer mindst 15 minutter.');
  });
});

describe('booking a visit', () => {
  const first = book(slots, [], { registrationId: 'r-silkeborg', slotId: 'man-2', now: BEFORE_ROUND });

  it('gives the library the slot it chose', () => {
    expect(first).toEqual([
      { slotId: 'man-2', registrationId: 'r-silkeborg', bookedAt: BEFORE_ROUND.toISOString() },
    ]);
  });

  it('moves a library that books again, so it never holds two slots', () => {
    const moved = book(slots, first, { registrationId: 'r-silkeborg', slotId: 'tir-1', now: BEFORE_ROUND });
    expect(moved.map((b) => [b.registrationId, b.slotId])).toEqual([['r-silkeborg', 'tir-1']]);
  });

  it('changes nothing when the library books the slot it has (a double click)', () => {
    expect(book(slots, first, { registrationId: 'r-silkeborg', slotId: 'man-2', now: BEFORE_ROUND })).toEqual(
      first,
    );
  });

  it('refuses a slot another library has, one that has begun, and one that does not exist', () => {
    expect(() =>
      book(slots, first, { registrationId: 'r-ikast', slotId: 'man-2', now: BEFORE_ROUND }),
    ).toThrow(VisitSlotUnavailableError);
    const during = new Date('2016-03-14T09:00:00+01:00');
    expect(() => book(slots, first, { registrationId: 'r-ikast', slotId: 'man-1', now: during })).toThrow(
      /overstået/,
    );
    expect(() =>
      book(slots, first, { registrationId: 'r-ikast', slotId: 'fre-9', now: BEFORE_ROUND }),
    ).toThrow(/findes ikke/);
  });
});

describe("the round's route and its reminder", () => {
  const bookings: VisitBooking[] = [
    { slotId: 'man-2', registrationId: 'r-silkeborg', bookedAt: '2016-03-01T11:00:00.000Z' },
    { slotId: 'tir-1', registrationId: 'r-struer', bookedAt: '2016-03-02T11:00:00.000Z' },
    { slotId: 'man-1', registrationId: 'r-ikast', bookedAt: '2016-03-03T11:00:00.000Z' },
  ];

  it('lists each day’s libraries in the order they are visited, with their addresses', () => {
    const route = routeByDay(slots, bookings, libraries);
    expect(route.map((day) => [day.date, day.stops.map((s) => `${s.slot.start} ${s.library.city}`)])).toEqual(
      [
        ['2016-03-14', ['09:00 Ikast', '13:00 Silkeborg']],
        ['2016-03-15', ['10:00 Struer']],
      ],
    );
    expect(route[0]?.stops[0]?.library).toMatchObject({ address: 'Stadion Allé 2', postalCode: '7430' });
  });

  it('reminds only the libraries that have booked nothing', () => {
    expect(librariesWithoutVisit(libraries, bookings.slice(0, 1)).map((l) => l.registrationId)).toEqual([
      'r-ikast',
      'r-struer',
    ]);
    expect(librariesWithoutVisit(libraries, bookings)).toEqual([]);
  });
});
