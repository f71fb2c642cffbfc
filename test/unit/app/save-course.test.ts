import { describe, expect, it, vi } from 'vitest';
import type { CourseCatalogue, ReminderScheduler } from '#app/ports.ts';
import { saveCourse } from '#app/save-course.ts';
import type { Course } from '#domain/course.ts';
import { ValidationError } from '#domain/errors.ts';
import { courseVariant, WHILE_OPEN } from '../../support/fixtures.ts';

function deps(existing?: Course) {
  const saved: Course[] = [];
  const store = {
    getCourse: async (id: string) => {
      const course = saved.findLast((c) => c.id === id) ?? (existing?.id === id ? existing : undefined);
      return course && { course, counters: {} };
    },
    putCourse: async (course: Course) => {
      saved.push(course);
    },
  } as unknown as CourseCatalogue;
  const scheduler: ReminderScheduler = {
    syncCourse: vi.fn(async (_id: string, reminders: unknown[]) => ({
      created: reminders.length,
      updated: 0,
      deleted: 0,
    })),
  };
  return { store, scheduler, clock: { now: () => WHILE_OPEN }, saved };
}

describe('saving a course definition', () => {
  it('creates a new course and schedules its reminders from its plan', async () => {
    const d = deps();
    const course = courseVariant('nyt-kursus-2016');
    const result = await saveCourse(d, course.id, JSON.parse(JSON.stringify(course)));
    expect(result.created).toBe(true);
    expect(d.saved.map((c) => c.id)).toEqual(['nyt-kursus-2016']);
    expect(d.scheduler.syncCourse).toHaveBeenCalledWith('nyt-kursus-2016', expect.any(Array));
    expect(result.schedules.created).toBeGreaterThan(0);
  });

  it('replaces an existing course and re-syncs its reminders', async () => {
    const course = courseVariant('samskabelse-2016');
    const d = deps(course);
    const moved = { ...course, signup: { ...course.signup, deadline: '2016-02-15' } };
    const result = await saveCourse(d, course.id, moved);
    expect(result.created).toBe(false);
    expect(d.saved[0]?.signup.deadline).toBe('2016-02-15');
    expect(d.scheduler.syncCourse).toHaveBeenCalledTimes(1);
  });

  it('refuses a broken definition as a 422 naming the path, saving and scheduling nothing', async () => {
    const d = deps();
    const broken = { ...courseVariant('nyt-kursus-2016'), pricing: { currency: 'DKK' } };
    const error = await saveCourse(d, 'nyt-kursus-2016', broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields.some((f) => f.path.startsWith('pricing'))).toBe(true);
    expect(d.saved).toEqual([]);
    expect(d.scheduler.syncCourse).not.toHaveBeenCalled();
  });

  it('refuses a body whose id differs from the address', async () => {
    const d = deps();
    const error = await saveCourse(d, 'et-andet-id', courseVariant('nyt-kursus-2016')).catch(
      (e: unknown) => e,
    );
    expect((error as ValidationError).fields).toEqual([
      { path: 'id', message: 'Kursets id skal være det samme som i adressen (et-andet-id).' },
    ]);
    expect(d.saved).toEqual([]);
  });
});
