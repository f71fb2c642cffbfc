import { attendanceView, recordSessionAttendance } from '#app/attendance.ts';
import { casesView } from '#app/case-work.ts';
import type { StructureDeps } from '#app/course-structure.ts';
import { groupsView, saveGroups } from '#app/group-guidance.ts';
import { bookVisit, publishVisitSlots, visitsView } from '#app/visit-round.ts';
import { composeDependencies } from '../compose.ts';
import { requireCoordinator } from './coordinator-auth.ts';
import { type HttpEvent, type HttpResult, httpRoute, json, parseJsonBody } from './http.ts';

type Route = (event: HttpEvent, deps: StructureDeps) => Promise<HttpResult>;

const param = (event: HttpEvent, name: string) => event.pathParameters?.[name] ?? '';

/** The coordinator's work on the course's structure, by API Gateway route key (the manifest lists the same). */
const routes: Record<string, Route> = {
  'GET /admin/courses/{courseId}/visits': async (event, deps) =>
    json(200, await visitsView(deps, param(event, 'courseId'))),
  'PUT /admin/courses/{courseId}/visits/slots': async (event, deps) =>
    json(200, await publishVisitSlots(deps, param(event, 'courseId'), parseJsonBody(event))),
  'PUT /admin/courses/{courseId}/visits/bookings/{registrationId}': async (event, deps) => {
    const { view } = await bookVisit(
      deps,
      param(event, 'courseId'),
      param(event, 'registrationId'),
      parseJsonBody(event),
    );
    return json(200, view);
  },
  'GET /admin/courses/{courseId}/groups': async (event, deps) =>
    json(200, await groupsView(deps, param(event, 'courseId'))),
  'PUT /admin/courses/{courseId}/groups': async (event, deps) =>
    json(200, await saveGroups(deps, param(event, 'courseId'), parseJsonBody(event))),
  'GET /admin/courses/{courseId}/cases': async (event, deps) =>
    json(200, await casesView(deps, param(event, 'courseId'))),
  'GET /admin/courses/{courseId}/attendance': async (event, deps) =>
    json(200, await attendanceView(deps, param(event, 'courseId'))),
  'PUT /admin/courses/{courseId}/attendance/{sessionId}': async (event, deps) =>
    json(
      200,
      await recordSessionAttendance(
        deps,
        param(event, 'courseId'),
        param(event, 'sessionId'),
        parseJsonBody(event),
      ),
    ),
};

export function createHandler(deps: StructureDeps) {
  return httpRoute(async (event) => {
    requireCoordinator(event);
    const route = routes[event.routeKey];
    if (!route) return json(404, { message: 'Not Found' });
    return route(event, deps);
  });
}

export const handler = createHandler(composeDependencies());
