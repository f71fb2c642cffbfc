import { saveCourse } from '#app/save-course.ts';
import type { SyncDeps } from '#app/sync-reminders.ts';
import { composeScheduling } from '../compose.ts';
import { Answer, routeHandler } from './dispatch.ts';
import { json } from './http.ts';

export function createHandler(deps: SyncDeps) {
  return routeHandler('SaveCourse', deps, {
    saveCourse: async (request, deps) => {
      const result = await saveCourse(deps, request.param('courseId'), request.body());
      return new Answer(json(result.created ? 201 : 200, result));
    },
  });
}

export const handler = createHandler(composeScheduling());
