import { type CancelDeps, cancelRegistration } from '#app/cancel-registration.ts';
import { type ChangeDeps, changeParticipants } from '#app/change-participants.ts';
import { type ResendDeps, resendMail } from '#app/resend-mail.ts';
import { composeDependencies } from '../compose.ts';
import { type RouteRequest, routeHandler } from './dispatch.ts';

const ids = (request: RouteRequest) => [request.param('courseId'), request.param('registrationId')] as const;

/** The coordinator's changes to a registration; each only changes state, the rest is owed work. */
export function createHandler(deps: CancelDeps & ChangeDeps & ResendDeps) {
  return routeHandler('CoordinatorCommands', deps, {
    cancelRegistration: async (request, deps) => ({
      registration: await cancelRegistration(deps, ...ids(request), request.body()),
    }),
    changeParticipants: async (request, deps) => ({
      registration: await changeParticipants(deps, ...ids(request), request.body()),
    }),
    resendMail: (request, deps) => resendMail(deps, ...ids(request), request.body(), request.idempotencyKey),
  });
}

export const handler = createHandler(composeDependencies());
