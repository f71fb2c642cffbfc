import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { type Course, InvalidCourseError, parseCourse } from '#domain/course.ts';

/**
 * Reads and validates every course definition in a folder: used by `npm start` (seeding DynamoDB Local)
 * and by `cdk synth` (seeding the table at deploy). Every broken file is reported at once, each with the
 * file, the path inside it and the reason; nothing is returned unless all files are sound.
 */
export function loadCourseFiles(dir: string, relativeTo = process.cwd()): Course[] {
  // Short names inside the project, full paths for anything outside it.
  const shown = (path: string) => {
    const short = relative(relativeTo, path);
    return short.startsWith('..') || isAbsolute(short) ? path : short;
  };
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort();
  const courses: Course[] = [];
  const problems: string[] = [];
  for (const name of files) {
    const source = shown(join(dir, name));
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(join(dir, name), 'utf8'));
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
  const ids = courses.map((c) => c.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined) problems.push(`${shown(dir)}: kursus-id ${duplicate} bruges i to filer`);
  if (problems.length > 0) throw new Error(`Kursusdefinitioner afvist:\n${problems.join('\n')}`);
  return courses;
}
