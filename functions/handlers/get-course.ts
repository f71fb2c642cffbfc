import { type GetCourseDeps, getCourseForSignup } from '#app/get-course.ts';
import { composeDependencies } from '../compose.ts';
import { httpRoute, json } from './http.ts';

export function createHandler(deps: GetCourseDeps) {
  return httpRoute(async (event) => {
    const course = await getCourseForSignup(deps, event.pathParameters?.courseId ?? '');
    return json(200, course);
  });
}

export const handler = createHandler(composeDependencies());
