import { type GetCourseDeps, getCourseForSignup } from '#app/get-course.ts';
import { composeDependencies } from '../compose.ts';
import { routeHandler } from './dispatch.ts';

export function createHandler(deps: GetCourseDeps) {
  return routeHandler('GetCourse', deps, {
    getCourse: (request, deps) => getCourseForSignup(deps, request.param('courseId')),
  });
}

export const handler = createHandler(composeDependencies());
