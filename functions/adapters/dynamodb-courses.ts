import type { CourseCatalogue, CourseCounters } from '#app/ports.ts';
import { type Course, parseCourse } from '#domain/course.ts';
import { catalogueItem, courseItem, describeKey, itemKeys, keyRanges } from '../table-layout.ts';
import type { DynamoTable, Item } from './dynamodb-table.ts';

const NO_COUNTERS: CourseCounters = {
  confirmedLibraries: 0,
  confirmedParticipants: 0,
  waitlistedLibraries: 0,
  waitlistedParticipants: 0,
};

/**
 * How long a function instance signs up against a course definition it has read. A signup needs the
 * definition (limits, deadline, prices, capacity) but not the counters, which its transaction checks
 * itself; reading it once per few seconds instead of per request takes a read off every signup. A saved
 * course reaches other instances within this time, and this instance at once.
 */
const COURSE_DEFINITION_MAX_AGE_MS = 5_000;

/** The COURSE items, their counters (read only: registrations' transactions move them) and the catalogue. */
export function dynamoDbCourses(table: DynamoTable): CourseCatalogue {
  const definitions = new Map<string, { course: Course; readAt: number }>();
  const parse = (courseId: string, item: Item) =>
    parseCourse(item.definition, describeKey(itemKeys.course(courseId)));

  return {
    async getCourse(courseId) {
      const [course, counters] = await Promise.all([
        table.get(itemKeys.course(courseId)),
        table.get(itemKeys.counters(courseId)),
      ]);
      if (!course) return undefined;
      return { course: parse(courseId, course), counters: { ...NO_COUNTERS, ...countersOf(counters) } };
    },

    async getCourseDefinition(courseId) {
      const cached = definitions.get(courseId);
      if (cached && performance.now() - cached.readAt < COURSE_DEFINITION_MAX_AGE_MS) return cached.course;
      const readAt = performance.now();
      const item = await table.get(itemKeys.course(courseId));
      if (!item) return undefined;
      const course = parse(courseId, item);
      definitions.set(courseId, { course, readAt });
      return course;
    },

    async putCourse(course) {
      await table.writeAll([
        { Put: { Item: courseItem(course) } },
        { Put: { Item: catalogueItem(course.id) } },
      ]);
      definitions.delete(course.id);
    },

    async listCourseIds() {
      const entries = await table.queryAll(keyRanges.catalogue());
      return entries.map((entry) => String(entry.courseId));
    },
  };
}

/** The counters an item holds (the counters item, or the counters a signup read outside its transaction). */
export function countersOf(item: Item | undefined): Partial<CourseCounters> {
  if (!item) return {};
  const counters: Partial<CourseCounters> = {};
  for (const name of Object.keys(NO_COUNTERS) as (keyof CourseCounters)[]) {
    if (typeof item[name] === 'number') counters[name] = item[name];
  }
  return counters;
}
