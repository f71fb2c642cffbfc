import { saveCourse } from '#app/save-course.ts';
import type { SyncDeps } from '#app/sync-reminders.ts';
import { composeScheduling } from '../compose.ts';
import { requireCoordinator } from './coordinator-auth.ts';
import { httpRoute, json, parseJsonBody } from './http.ts';

export function createHandler(deps: SyncDeps) {
  return httpRoute(async (event) => {
    requireCoordinator(event);
    const result = await saveCourse(deps, event.pathParameters?.courseId ?? '', parseJsonBody(event));
    return json(result.created ? 201 : 200, result);
  });
}

export const handler = createHandler(composeScheduling());
