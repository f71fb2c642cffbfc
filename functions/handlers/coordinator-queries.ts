import {
  type CoordinatorQueryDeps,
  courseTotalsFor,
  listCourses,
  listRegistrationPage,
  participantExport,
  registrationDetail,
  registrationExport,
} from '#app/coordinator-queries.ts';
import { parseRegistrationQuery } from '#domain/registration-query.ts';
import { composeDependencies } from '../compose.ts';
import { requireCoordinator } from './coordinator-auth.ts';
import { type HttpEvent, type HttpResult, httpRoute, json } from './http.ts';

type Route = (event: HttpEvent, deps: CoordinatorQueryDeps) => Promise<HttpResult>;

const courseId = (event: HttpEvent) => event.pathParameters?.courseId ?? '';

/** The coordinator's reading routes, by API Gateway route key (the manifest lists the same keys). */
const routes: Record<string, Route> = {
  'GET /admin/courses': async (_event, deps) => json(200, { courses: await listCourses(deps) }),
  'GET /admin/courses/{courseId}/registrations': async (event, deps) =>
    json(
      200,
      await listRegistrationPage(
        deps,
        courseId(event),
        parseRegistrationQuery(event.queryStringParameters ?? {}),
      ),
    ),
  'GET /admin/courses/{courseId}/registrations/{registrationId}': async (event, deps) =>
    json(200, await registrationDetail(deps, courseId(event), event.pathParameters?.registrationId ?? '')),
  'GET /admin/courses/{courseId}/registrations/{registrationId}/export': async (event, deps) => {
    const registrationId = event.pathParameters?.registrationId ?? '';
    const exported = await registrationExport(deps, courseId(event), registrationId, new Date());
    return json(200, exported, {
      'content-disposition': `attachment; filename="tilmelding-${registrationId}.json"`,
    });
  },
  'GET /admin/courses/{courseId}/totals': async (event, deps) =>
    json(200, await courseTotalsFor(deps, courseId(event))),
  'GET /admin/courses/{courseId}/participants.csv': async (event, deps) => ({
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="deltagere-${courseId(event)}.csv"`,
      'cache-control': 'no-store',
    },
    body: await participantExport(deps, courseId(event)),
  }),
};

export function createHandler(deps: CoordinatorQueryDeps) {
  return httpRoute(async (event) => {
    requireCoordinator(event);
    const route = routes[event.routeKey];
    if (!route) return json(404, { message: 'Not Found' });
    return route(event, deps);
  });
}

export const handler = createHandler(composeDependencies());
