import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCourseFiles } from '#adapters/course-files.ts';
import { SEED_COURSE_FILE, seedCourse } from '../support/fixtures.ts';

const dirs: string[] = [];
function courseDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'courses-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const seedText = () => readFileSync(SEED_COURSE_FILE, 'utf8');

describe('loading the course folder', () => {
  it('finds the seed course, parsed as the functions parse it', () => {
    expect(loadCourseFiles(fileURLToPath(new URL('.', SEED_COURSE_FILE)))).toEqual([seedCourse()]);
  });

  it('reports every broken file at once, each with the file, the path in it and the reason', () => {
    const broken = JSON.parse(seedText());
    broken.signup.deadline = '8. februar 2016';
    const dir = courseDir({ 'a-broken.json': JSON.stringify(broken), 'b-half.json': '{"id": "half"' });
    expect(() => loadCourseFiles(dir, dir)).toThrow(
      /a-broken\.json: ugyldig kursusdefinition\n\s+signup\.deadline: .+\nb-half\.json: ikke gyldig JSON/,
    );
  });

  it('refuses two files with the same course id', () => {
    const dir = courseDir({ 'a.json': seedText(), 'b.json': seedText() });
    expect(() => loadCourseFiles(dir)).toThrow(/kursus-id samskabelse-2016 bruges i to filer/);
  });
});
