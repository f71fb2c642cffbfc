import type { StructureDeps } from '#app/course-structure.ts';
import { bookByLink, openLink, saveCaseByLink } from '#app/links.ts';
import { composeDependencies } from '../compose.ts';
import { type HttpEvent, type HttpResult, httpRoute, json, parseJsonBody } from './http.ts';

type Route = (event: HttpEvent, deps: StructureDeps, token: string | undefined) => Promise<HttpResult>;

/**
 * The header that carries a link's token. Not the path: API Gateway's access log records paths, and the
 * token is the only key to a library's booking or a participant's case.
 */
export const LINK_TOKEN_HEADER = 'x-link-token';

/** The pages that a library's or a participant's link opens: no login, the token is the key. */
const routes: Record<string, Route> = {
  'GET /link': async (_event, deps, token) => json(200, await openLink(deps, token)),
  'PUT /link/visit': async (event, deps, token) =>
    json(200, await bookByLink(deps, token, parseJsonBody(event))),
  'PUT /link/case': async (event, deps, token) =>
    json(200, await saveCaseByLink(deps, token, parseJsonBody(event))),
};

export function createHandler(deps: StructureDeps) {
  return httpRoute(async (event) => {
    const route = routes[event.routeKey];
    if (!route) return json(404, { message: 'Not Found' });
    return route(event, deps, event.headers?.[LINK_TOKEN_HEADER]);
  });
}

export const handler = createHandler(composeDependencies());
