import { isCourseId } from '#domain/course.ts';
import { CourseNotFoundError } from '#domain/errors.ts';
import type { CourseCatalogue } from './ports.ts';

/** The course and its counters, or CourseNotFoundError; ids that cannot exist never reach the table. */
export async function findCourse(store: Pick<CourseCatalogue, 'getCourse'>, courseId: string) {
  const found = isCourseId(courseId) ? await store.getCourse(courseId) : undefined;
  if (!found) throw new CourseNotFoundError(courseId);
  return found;
}

/** The course definition alone (no counters), or CourseNotFoundError. */
export async function findCourseDefinition(
  store: Pick<CourseCatalogue, 'getCourseDefinition'>,
  courseId: string,
) {
  const course = isCourseId(courseId) ? await store.getCourseDefinition(courseId) : undefined;
  if (!course) throw new CourseNotFoundError(courseId);
  return course;
}
