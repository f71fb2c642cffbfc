import type { StructureDeps } from '#app/course-structure.ts';
import { bookByLink, openLink, saveCaseByLink } from '#app/links.ts';
import { composeDependencies } from '../compose.ts';
import { routeHandler } from './dispatch.ts';

/** The pages that a library's or a participant's link opens: no login, the token is the key. */
export function createHandler(deps: StructureDeps) {
  return routeHandler('ParticipantLinks', deps, {
    openLink: (request, deps) => openLink(deps, request.linkToken),
    bookVisitByLink: (request, deps) => bookByLink(deps, request.linkToken, request.body()),
    saveCaseByLink: (request, deps) => saveCaseByLink(deps, request.linkToken, request.body()),
  });
}

export const handler = createHandler(composeDependencies());
