import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Course, InvalidCourseError, parseCourse } from '../functions/domain/course.ts';

/**
 * Reads and validates every course definition in a folder. Any broken file stops the start-up with
 * the file, the path inside it and the reason; nothing half-valid is seeded.
 */
export async function loadCourseFiles(dir: string): Promise<Course[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const courses: Course[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const source = join(dir, file);
    let data: unknown;
    try {
      data = JSON.parse(await readFile(source, 'utf8'));
    } catch (error) {
      problems.push(`${source}: ikke gyldig JSON (${(error as Error).message})`);
      continue;
    }
    try {
      courses.push(parseCourse(data, source));
    } catch (error) {
      if (!(error instanceof InvalidCourseError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new Error(`Kursusdefinitioner afvist:\n${problems.join('\n')}`);
  return courses;
}
