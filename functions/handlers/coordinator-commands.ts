import { type CancelDeps, cancelRegistration } from '#app/cancel-registration.ts';
import { type ChangeDeps, changeParticipants } from '#app/change-participants.ts';
import { type ResendDeps, resendMail } from '#app/resend-mail.ts';
import { composeDependencies } from '../compose.ts';
import { requireCoordinator } from './coordinator-auth.ts';
import { type HttpEvent, type HttpResult, httpRoute, json, parseJsonBody } from './http.ts';

type CommandDeps = CancelDeps & ChangeDeps & ResendDeps;
type Route = (event: HttpEvent, deps: CommandDeps) => Promise<HttpResult>;

const ids = (event: HttpEvent) =>
  [event.pathParameters?.courseId ?? '', event.pathParameters?.registrationId ?? ''] as const;

/** The coordinator's changes, by API Gateway route key; each only changes state, the rest is owed work. */
const routes: Record<string, Route> = {
  'POST /admin/courses/{courseId}/registrations/{registrationId}/cancel': async (event, deps) =>
    json(200, { registration: await cancelRegistration(deps, ...ids(event), optionalJsonBody(event)) }),
  'PUT /admin/courses/{courseId}/registrations/{registrationId}/participants': async (event, deps) =>
    json(200, { registration: await changeParticipants(deps, ...ids(event), parseJsonBody(event)) }),
  'POST /admin/courses/{courseId}/registrations/{registrationId}/resend': async (event, deps) =>
    json(
      202,
      await resendMail(deps, ...ids(event), parseJsonBody(event), event.headers?.['idempotency-key']),
    ),
};

/** A cancel may come without a body (the reason is optional); one that is sent must be JSON. */
function optionalJsonBody(event: HttpEvent): unknown {
  return event.body ? parseJsonBody(event) : undefined;
}

export function createHandler(deps: CommandDeps) {
  return httpRoute(async (event) => {
    requireCoordinator(event);
    const route = routes[event.routeKey];
    if (!route) return json(404, { message: 'Not Found' });
    return route(event, deps);
  });
}

export const handler = createHandler(composeDependencies());
