import type * as z from 'zod/mini';

/**
 * The shape of one HTTP route's declaration (see ARCHITECTURE.md, "Routes"). The route table lists every
 * route once in this shape; the CDK manifest, the handler dispatch, the local gateway and the OpenAPI
 * document all derive from it. Pure data and zod schemas only, so every Lambda bundle may import it.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT';

/**
 * Who may call a route: anyone (the signup form, the OpenAPI document), a coordinator with an access token
 * from the user pool (checked by API Gateway's JWT authorizer before the handler runs), or whoever holds a
 * link token from a mail (checked by the use case).
 */
export type RouteAccess = 'public' | 'coordinator' | 'link-token';

export interface RouteResponse {
  /** Danish: what this answer means to the caller. */
  description: string;
  /** The body's schema; absent for an empty body. */
  body?: z.core.$ZodType;
  /** Defaults to application/json. */
  contentType?: string;
}

export interface RouteSpec {
  /** Unique, camelCase: the OpenAPI operationId and the key a handler binds its use case to. */
  operationId: string;
  method: HttpMethod;
  /** API Gateway's path syntax: `/courses/{courseId}/registrations`. */
  path: string;
  access: RouteAccess;
  /** The FunctionSpec id (manifest) of the Lambda that serves the route. */
  functionId: string;
  /** Danish, one line. */
  summary: string;
  /** Danish, longer, optional. */
  description?: string;
  request?: {
    /** The JSON body's schema (the same the use case parses with). */
    body?: z.core.$ZodType;
    /** Whether a body may be left out (a cancel's reason is optional). */
    bodyOptional?: boolean;
    /** The query string's schema. */
    query?: z.core.$ZodType;
    /** The route honours an `Idempotency-Key` header. */
    idempotencyKey?: boolean;
  };
  /** The successful answers by status; the error envelope is added to every route by the document. */
  responses: Record<number, RouteResponse>;
}
