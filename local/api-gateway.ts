import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
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
