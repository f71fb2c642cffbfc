import { describe, expect, it, vi } from 'vitest';
import type { CourseCatalogue, ReminderScheduler } from '#app/ports.ts';
import { syncReminderSchedules } from '#app/sync-reminders.ts';
import { CourseNotFoundError } from '#domain/errors.ts';
import { reminderPlan } from '#domain/reminders.ts';
import { seedCourse } from '../../support/fixtures.ts';

const course = seedCourse();
const counters = {
  confirmedLibraries: 0,
  confirmedParticipants: 0,
  waitlistedLibraries: 0,
  waitlistedParticipants: 0,
};

function deps(found: boolean, now: Date) {
  const store = {
    getCourse: vi.fn(async () => (found ? { course, counters } : undefined)),
  } as unknown as CourseCatalogue;
  const scheduler: ReminderScheduler = {
    syncCourse: vi.fn(async () => ({ created: 0, updated: 0, deleted: 0 })),
  };
  return { store, scheduler, clock: { now: () => now } };
}

describe('syncing a course’s reminder schedules', () => {
  it('schedules only the reminders still to come', async () => {
    const d = deps(true, new Date('2016-03-01T12:00:00+01:00'));
    await syncReminderSchedules(d, course.id);
    const [courseId, reminders] = vi.mocked(d.scheduler.syncCourse).mock.calls[0] ?? [];
    expect(courseId).toBe(course.id);
    expect((reminders ?? []).map((r) => r.id)).toEqual(
      reminderPlan(course)
        .filter((r) => r.at > new Date('2016-03-01T12:00:00+01:00'))
        .map((r) => r.id),
    );
    expect((reminders ?? []).map((r) => r.id)).not.toContain('day-1-7d');
    expect((reminders ?? []).map((r) => r.id)).toContain('day-1-1d');
  });

  it('fails for a course that does not exist, scheduling nothing', async () => {
    const d = deps(false, new Date('2016-01-01T00:00:00Z'));
    await expect(syncReminderSchedules(d, course.id)).rejects.toBeInstanceOf(CourseNotFoundError);
    expect(d.scheduler.syncCourse).not.toHaveBeenCalled();
  });
});
