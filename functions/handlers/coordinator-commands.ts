import { type CancelDeps, cancelRegistration } from '#app/cancel-registration.ts';
import { composeDependencies } from '../compose.ts';
import { requireCoordinator } from './coordinator-auth.ts';
import { type HttpEvent, type HttpResult, httpRoute, json } from './http.ts';

type Route = (event: HttpEvent, deps: CancelDeps) => Promise<HttpResult>;

/** The coordinator's changes, by API Gateway route key; each only changes state, the rest is owed work. */
const routes: Record<string, Route> = {
  'POST /admin/courses/{courseId}/registrations/{registrationId}/cancel': async (event, deps) =>
    json(200, {
      registration: await cancelRegistration(
        deps,
        event.pathParameters?.courseId ?? '',
        event.pathParameters?.registrationId ?? '',
      ),
    }),
};

export function createHandler(deps: CancelDeps) {
  return httpRoute(async (event) => {
    requireCoordinator(event);
    const route = routes[event.routeKey];
    if (!route) return json(404, { message: 'Not Found' });
    return route(event, deps);
  });
}

export const handler = createHandler(composeDependencies());
