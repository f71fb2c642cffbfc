import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';
import type { FunctionSpec, HttpMethod } from '../functions/manifest.ts';

/** API Gateway's own payload limit: bigger bodies never reach a Lambda. */
export const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface LocalRoute {
  method: HttpMethod;
  path: string;
  routeKey: string;
  spec: FunctionSpec;
  pattern: RegExp;
  parameterNames: string[];
}

/** Turns the manifest's routes (`/courses/{courseId}`) into matchers, as HTTP API route keys do. */
export function routesOf(specs: FunctionSpec[]): LocalRoute[] {
  return specs.flatMap((spec) =>
    spec.routes.map(({ method, path }) => {
      const parameterNames: string[] = [];
      const source = path
        .split('/')
        .map((segment) => {
          const parameter = /^\{(\w+)\}$/.exec(segment);
          if (!parameter?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          parameterNames.push(parameter[1]);
          return '([^/]+)';
        })
        .join('/');
      return {
        method,
        path,
        routeKey: `${method} ${path}`,
        spec,
        pattern: new RegExp(`^${source}$`),
        parameterNames,
      };
    }),
  );
}

export function matchRoute(routes: LocalRoute[], method: string, path: string) {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (!match) continue;
    try {
      const pathParameters = Object.fromEntries(
        route.parameterNames.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]),
      );
      return { route, pathParameters };
    } catch {
      // Broken percent-encoding names nothing that exists.
      return undefined;
    }
  }
  return undefined;
}

const TEXT_TYPES = /^(application\/([\w.+-]*json|x-www-form-urlencoded|xml)|text\/)/i;

/** Builds the HTTP API (payload v2.0) event Lambda would receive for this request. */
export function toApiGatewayEvent(
  request: IncomingMessage,
  url: URL,
  body: Buffer,
  route: LocalRoute,
  pathParameters: Record<string, string>,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query = Object.fromEntries(url.searchParams);
  const isText = TEXT_TYPES.test(headers['content-type'] ?? '');
  const now = new Date();
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length > 0 && { queryStringParameters: query }),
    pathParameters,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: route.method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    // Invalid UTF-8 becomes U+FFFD in a text body, as in API Gateway; the text rule then refuses the field.
    ...(body.length > 0 && { body: isText ? body.toString('utf8') : body.toString('base64') }),
    isBase64Encoded: body.length > 0 && !isText,
  };
}

/** Enough of a Lambda context for the handlers' middleware (logger, timeouts). */
export function localContext(spec: FunctionSpec, requestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: spec.id,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${spec.id}`,
    memoryLimitInMB: '256',
    awsRequestId: requestId,
    logGroupName: `/local/${spec.id}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export interface JwtAuthorizerSettings {
  /** `JwtConfiguration.Issuer`; asked per request, as the local issuer's URL names the port it listens on. */
  issuer: () => string;
  /** `JwtConfiguration.Audience`: the app clients whose tokens are accepted. */
  audience: string[];
  /** The keys the issuer publishes at its jwks_uri. */
  jwks: JSONWebKeySet;
}

/** `requestContext.authorizer` of an HTTP API (payload 2.0) event behind a JWT authorizer. */
export interface JwtAuthorizerContext {
  jwt: { claims: Record<string, string>; scopes: string[] | null };
}

export type JwtAuthorization =
  | { authorized: true; authorizer: JwtAuthorizerContext }
  | { authorized: false; wwwAuthenticate: string }
  /** A valid token without any of the route's scopes: API Gateway answers 403 Forbidden. */
  | { authorized: false; forbidden: true };

/** API Gateway verifies RSA signatures only. */
const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512'];

/**
 * The HTTP API's JWT authorizer, as AWS documents its checks: the token from the Authorization header,
 * with or without `Bearer `; a `kid` naming one of the issuer's keys and a valid RSA signature by it;
 * `iss` the configured issuer; `aud`, or `client_id` when there is no `aud`, one of the audience; `exp`
 * after now; `nbf` and `iat` not after now. A route that names scopes needs a token whose `scope` (or
 * `scp`) holds at least one of them, and then gets the token's scopes in its context; a route without
 * scopes gets null there, as API Gateway passes them.
 */
export function jwtAuthorizer(settings: JwtAuthorizerSettings) {
  const keys = createLocalJWKSet(settings.jwks);
  return async (
    authorization: string | undefined,
    requiredScopes: readonly string[] = [],
    now = new Date(),
  ): Promise<JwtAuthorization> => {
    const token = (authorization ?? '').replace(/^Bearer\s+/i, '').trim();
    // No credentials at all: a bare challenge, as RFC 6750 has it for a request without a token.
    if (!token) return { authorized: false, wwwAuthenticate: 'Bearer' };
    let payload: JWTPayload;
    try {
      const verified = await jwtVerify(token, keys, {
        issuer: settings.issuer(),
        algorithms: RSA_ALGORITHMS,
        currentDate: now,
        requiredClaims: ['exp'],
      });
      if (!verified.protectedHeader.kid) return refused('the token does not have a key id');
      payload = verified.payload;
    } catch (error) {
      return refused(describeFailure(error));
    }
    // AWS evaluates aud when the token has one, and client_id (Cognito's access tokens) only otherwise.
    const audience = payload.aud === undefined ? [payload.client_id] : [payload.aud].flat();
    if (!audience.some((value) => typeof value === 'string' && settings.audience.includes(value))) {
      return refused('the token does not have a valid audience');
    }
    if (typeof payload.iat === 'number' && payload.iat > Math.floor(now.getTime() / 1000)) {
      return refused('the token was issued in the future');
    }
    const granted = scopesOf(payload);
    if (requiredScopes.length > 0 && !requiredScopes.some((scope) => granted.includes(scope))) {
      return { authorized: false, forbidden: true };
    }
    return {
      authorized: true,
      authorizer: {
        jwt: {
          claims: claimsAsApiGatewayPassesThem(payload),
          scopes: requiredScopes.length > 0 ? granted : null,
        },
      },
    };
  };
}

/** The scopes a token carries: OAuth's space-separated `scope`, or `scp` as a string or a list. */
function scopesOf(payload: JWTPayload): string[] {
  const raw = payload.scope ?? payload.scp;
  if (typeof raw === 'string') return raw.split(' ').filter(Boolean);
  return Array.isArray(raw) ? raw.filter((value): value is string => typeof value === 'string') : [];
}

/**
 * The 401's `www-authenticate` as AWS's troubleshooting guide shows it. Only the audience's wording is
 * published; the other descriptions are this stand-in's own, in the same style, for whoever debugs locally.
 */
function refused(description: string): JwtAuthorization {
  return {
    authorized: false,
    wwwAuthenticate: `Bearer scope="" error="invalid_token" error_description="${description}"`,
  };
}

function describeFailure(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'the token does not have a valid issuer';
    if (error.claim === 'nbf') return 'the token is not valid yet';
    return `the token does not have a valid ${error.claim} claim`;
  }
  if (error instanceof errors.JWKSNoMatchingKey) return 'the token was not signed by a key of the issuer';
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'the token does not have a valid signature';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is not signed with an RSA algorithm';
  return 'the token could not be decoded';
}

/**
 * The claims as API Gateway hands them to Lambda in `requestContext.authorizer.jwt.claims`: every value a
 * string, arrays written `[a b]` (so `cognito:groups` arrives as `"[coordinators]"`), objects as JSON,
 * null claims left out.
 */
export function claimsAsApiGatewayPassesThem(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === null || value === undefined) continue;
    claims[name] = Array.isArray(value)
      ? `[${value.join(' ')}]`
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  }
  return claims;
}
