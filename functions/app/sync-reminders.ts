import { upcomingReminders } from '#domain/reminders.ts';
import { findCourse } from './find-course.ts';
import type { Clock, CourseCatalogue, ReminderScheduler, ScheduleSyncResult } from './ports.ts';

export interface SyncDeps {
  store: CourseCatalogue;
  scheduler: ReminderScheduler;
  clock: Clock;
}

/**
 * Makes the course's schedules its reminder plan as it is now: reminders whose time has passed are not
 * scheduled again (the sweep sends a missed one within its grace window). CourseNotFoundError if none.
 */
export async function syncReminderSchedules(deps: SyncDeps, courseId: string): Promise<ScheduleSyncResult> {
  const { course } = await findCourse(deps.store, courseId);
  return deps.scheduler.syncCourse(courseId, upcomingReminders(course, deps.clock.now()));
}
