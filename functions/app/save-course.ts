import { InvalidCourseError, parseCourse } from '#domain/course.ts';
import { ValidationError } from '#domain/errors.ts';
import type { ScheduleSyncResult } from './ports.ts';
import { type SyncDeps, syncReminderSchedules } from './sync-reminders.ts';

/**
 * Creates or replaces a course definition, checked by the same schema as the course files, and brings the
 * course's reminder schedules in step with its (possibly moved) sessions and deadline.
 */
export async function saveCourse(
  deps: SyncDeps,
  courseId: string,
  body: unknown,
): Promise<{ courseId: string; created: boolean; schedules: ScheduleSyncResult }> {
  let course: ReturnType<typeof parseCourse>;
  try {
    course = parseCourse(body, `kursus ${courseId}`);
  } catch (error) {
    if (error instanceof InvalidCourseError) throw new ValidationError(error.problems);
    throw error;
  }
  if (course.id !== courseId) {
    throw new ValidationError([
      { path: 'id', message: `Kursets id skal være det samme som i adressen (${courseId}).` },
    ]);
  }
  const existing = await deps.store.getCourse(courseId);
  await deps.store.putCourse(course);
  const schedules = await syncReminderSchedules(deps, courseId);
  return { courseId, created: existing === undefined, schedules };
}
