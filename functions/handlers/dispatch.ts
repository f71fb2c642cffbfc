import type { RouteSpec } from '../http/route-spec.ts';
import { IDEMPOTENCY_KEY_HEADER, LINK_TOKEN_HEADER } from '../http/route-spec.ts';
import {
  type HttpFunctionId,
  type OperationIdOf,
  routeKeyOf,
  routesOfFunction,
} from '../http/route-table.ts';
import { requireCoordinator } from './coordinator-auth.ts';
import { type HttpEvent, type HttpHandler, type HttpResult, httpRoute, json, parseJsonBody } from './http.ts';

/** What a route's use case is given of the request, read as the route table declares it. */
export interface RouteRequest {
  event: HttpEvent;
  /** A path parameter of the route; '' if absent (API Gateway always passes the route's own). */
  param(name: string): string;
  query: Record<string, string | undefined>;
  /**
   * The JSON body, parsed when the binding asks for it, so that a use case's own checks that come before
   * it (an Idempotency-Key's form) keep their order; undefined when an optional body is left out.
   */
  body(): unknown;
  /** The Idempotency-Key header, on routes that honour one. */
  idempotencyKey: string | undefined;
  /** The link's token, on link-token routes: the use case checks it (absent or unknown opens nothing). */
  linkToken: string | undefined;
}

/**
 * An answer the binding shapes itself: a file, extra headers, or a status that depends on the outcome.
 * Anything else a binding returns is the JSON body of the route's one success status.
 */
export class Answer {
  constructor(readonly result: HttpResult) {}
}

export type Binding<Deps> = (request: RouteRequest, deps: Deps) => Promise<unknown>;

/**
 * The one HTTP handler of a function: finds the route by API Gateway's route key, checks the caller
 * (coordinator routes need a coordinator's token), hands the bound use case the request as the route
 * declares it, and answers with the route's success status. The compiler asks for a binding for every
 * route the table gives the function, and for no other.
 */
export function routeHandler<F extends HttpFunctionId, Deps>(
  functionId: F,
  deps: Deps,
  bindings: { [K in OperationIdOf<F>]: Binding<Deps> },
): HttpHandler {
  const bound = new Map(
    routesOfFunction(functionId).map((route) => {
      const binding = (bindings as Record<string, Binding<Deps>>)[route.operationId];
      if (!binding) throw new Error(`${functionId} has no binding for ${route.operationId}`);
      return [routeKeyOf(route), { route, binding }] as const;
    }),
  );
  // A function only for coordinators refuses a caller without a token even on a route it does not know.
  const onlyForCoordinators = [...bound.values()].every(({ route }) => route.access === 'coordinator');
  return httpRoute(async (event) => {
    const found = bound.get(event.routeKey);
    if (found?.route.access === 'coordinator' || (!found && onlyForCoordinators)) requireCoordinator(event);
    // API Gateway only sends a function its own route keys; any other event is answered as the gateway would.
    if (!found) return json(404, { message: 'Not Found' });
    const { route, binding } = found;
    const result = await binding(requestOf(event, route), deps);
    return result instanceof Answer ? result.result : json(successStatusOf(route), result);
  });
}

function requestOf(event: HttpEvent, route: RouteSpec): RouteRequest {
  return {
    event,
    param: (name) => event.pathParameters?.[name] ?? '',
    query: event.queryStringParameters ?? {},
    body: () => {
      if (!route.request?.body) return undefined;
      // An optional body may be left out; one that is sent must be JSON.
      if (route.request.bodyOptional && !event.body) return undefined;
      return parseJsonBody(event);
    },
    idempotencyKey: route.request?.idempotencyKey ? event.headers?.[IDEMPOTENCY_KEY_HEADER] : undefined,
    linkToken: route.access === 'link-token' ? event.headers?.[LINK_TOKEN_HEADER] : undefined,
  };
}

function successStatusOf(route: RouteSpec): number {
  const [status, ...others] = Object.keys(route.responses).map(Number);
  if (status === undefined || others.length > 0) {
    throw new Error(`${route.operationId} answers with one of several statuses: its binding must choose`);
  }
  return status;
}
