import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asCoordinator } from '../support/coordinator.ts';
import { courseVariant, WHILE_OPEN } from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ now: WHILE_OPEN });
});
afterAll(() => api.stop());

describe('a coordinator saving a course definition', () => {
  it('creates a course the signup form can open at once, and replaces it on a second save', async () => {
    const coordinator = await asCoordinator(api.stack);
    const course = courseVariant('nyt-kursus-2016', { title: 'Nyt kursus' });
    const created = await coordinator.put('/admin/courses/nyt-kursus-2016', course);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ courseId: 'nyt-kursus-2016', created: true });
    expect((await api.get('/courses/nyt-kursus-2016')).body.title).toBe('Nyt kursus');

    const renamed = await coordinator.put('/admin/courses/nyt-kursus-2016', { ...course, title: 'Nyt navn' });
    expect(renamed.status).toBe(200);
    expect((await api.get('/courses/nyt-kursus-2016')).body.title).toBe('Nyt navn');
    const { body } = await coordinator.get('/admin/courses');
    expect(body.courses.map((c: { id: string }) => c.id).sort()).toEqual([
      'nyt-kursus-2016',
      'samskabelse-2016',
    ]);
  });

  it('refuses a broken definition with 422 naming the fields, changing nothing', async () => {
    const coordinator = await asCoordinator(api.stack);
    const broken = { ...courseVariant('brudt-kursus-2016'), sessions: 'ingen' };
    const { status, body } = await coordinator.put('/admin/courses/brudt-kursus-2016', broken);
    expect(status).toBe(422);
    expect(body.error.fields.map((f: { path: string }) => f.path)).toContain('sessions');
    expect((await api.get('/courses/brudt-kursus-2016')).status).toBe(404);
  });
});
