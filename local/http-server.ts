import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { ReminderScheduler } from '../functions/app/ports.ts';
import type { Dependencies } from '../functions/compose.ts';
import { withApiEdgeHeaders } from '../functions/edge-headers.ts';
import { COORDINATOR_SCOPES, functionSpecs } from '../functions/manifest.ts';
import type { SiteFile } from '../web/build.ts';
import {
  GATEWAY_MAX_BODY_BYTES,
  type JwtAuthorization,
  jwtAuthorizer,
  type LocalRoute,
  localContext,
  matchRoute,
  routesOf,
  toApiGatewayEvent,
} from './api-gateway.ts';
import { LOCAL_AUTH_PATH, type LocalIssuer } from './auth-issuer.ts';

type Handler = (event: unknown, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
/** What the local handlers get: Lambda's dependencies, plus the local stand-in for reminder schedules. */
type LocalDependencies = Dependencies & { scheduler: ReminderScheduler };
type HandlerModule = { createHandler: (deps: LocalDependencies) => Handler };
type Authorize = (
  authorization: string | undefined,
  requiredScopes?: readonly string[],
) => Promise<JwtAuthorization>;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

export interface LocalApiOptions {
  root: string;
  deps: LocalDependencies;
  /** The built signup site, served at `/` as CloudFront serves it from S3. */
  site: SiteFile[];
  /** The site's config.json: in AWS the stack writes it at deploy time. */
  siteConfig: unknown;
  /** The coordinators' token issuer: Cognito's stand-in, and the key the gateway verifies tokens with. */
  issuer: LocalIssuer;
  log?: (line: string) => void;
}

/**
 * One HTTP server for the whole local API: each route of the manifest goes to the very handler module
 * Lambda runs (its `createHandler`, given the local dependencies), everything else is the signup site.
 */
export async function createLocalApiServer(options: LocalApiOptions): Promise<Server> {
  const routes = routesOf(functionSpecs);
  const handlers = new Map<string, Handler>();
  for (const spec of functionSpecs.filter((s) => s.routes.length > 0)) {
    const module = (await import(pathToFileURL(join(options.root, spec.entry)).href)) as HandlerModule;
    handlers.set(spec.id, module.createHandler(options.deps));
  }
  const log = options.log ?? (() => undefined);
  const site = new Map(options.site.map((file) => [`/${file.path}`, file]));
  site.set('/config.json', {
    path: 'config.json',
    contents: new TextEncoder().encode(JSON.stringify(options.siteConfig)),
    immutable: false,
  });

  // The coordinator routes' authorizer, configured as the stack configures it for the user pool.
  const authorize = jwtAuthorizer({
    issuer: () => options.issuer.issuer,
    audience: [options.issuer.clientId],
    jwks: options.issuer.jwks,
  });

  const server = createServer((request, response) => {
    const started = performance.now();
    response.on('finish', () => {
      // The path without its query string, as API Gateway's access log has the route: a search term may be a name.
      const path = (request.url ?? '').split('?')[0];
      log(
        `${request.method} ${path} → ${response.statusCode} (${Math.round(performance.now() - started)} ms)`,
      );
    });
    handle(request, response, routes, handlers, site, options.issuer, authorize).catch((error: unknown) => {
      log(`local server error: ${(error as Error).stack ?? error}`);
      if (!response.headersSent) sendGatewayAnswer(response, 500, 'Internal Server Error');
      else response.end();
    });
  });
  // The issuer's URL names this server, as a Cognito pool's names the pool; set before any request is read.
  server.on('listening', () => {
    const address = server.address();
    if (address && typeof address === 'object')
      options.issuer.listeningAt(`http://localhost:${address.port}`);
  });
  return server;
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  routes: LocalRoute[],
  handlers: Map<string, Handler>,
  site: Map<string, SiteFile>,
  issuer: LocalIssuer,
  authorize: Authorize,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const method = request.method ?? 'GET';
  if (url.pathname.startsWith(LOCAL_AUTH_PATH)) return serveIssuer(request, response, url, issuer);
  // Routes match the path as sent, as API Gateway's do: WHATWG URL parsing would fold `%2E%2E` into `..`
  // and resolve it, sending `/courses/%2E%2E` to the site instead of to the API.
  const rawPath = (request.url ?? '/').split('?')[0] ?? '/';
  const matched = matchRoute(routes, method, rawPath);
  if (matched) {
    const body = await readBody(request);
    if (body === 'too-large') return sendGatewayAnswer(response, 413, 'Request Entity Too Large');
    const handler = handlers.get(matched.route.spec.id);
    if (!handler) throw new Error(`no handler for ${matched.route.spec.id}`);
    const event = toApiGatewayEvent(request, url, body, matched.route, matched.pathParameters);
    if (matched.route.spec.auth) {
      // As the HTTP API's JWT authorizer: no valid token, no handler; with one, its claims in the event.
      const authorization = await authorize(request.headers.authorization, COORDINATOR_SCOPES);
      if (!authorization.authorized && 'forbidden' in authorization) {
        return sendGatewayAnswer(response, 403, 'Forbidden');
      }
      if (!authorization.authorized) {
        return sendGatewayAnswer(response, 401, 'Unauthorized', {
          'www-authenticate': authorization.wwwAuthenticate,
        });
      }
      (event.requestContext as { authorizer?: unknown }).authorizer = authorization.authorizer;
    }
    const result = await handler(event, localContext(matched.route.spec, event.requestContext.requestId));
    const headers = Object.entries(result.headers ?? {}).map(([name, value]) => [
      name.toLowerCase(),
      String(value),
    ]);
    response.writeHead(result.statusCode ?? 200, withApiEdgeHeaders(Object.fromEntries(headers)));
    response.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
    return;
  }
  if (method === 'GET' || method === 'HEAD') {
    // As the CloudFront Function in AWS: a path ending in a slash (and /admin, /link) means its index.html.
    const path = ['/admin', '/link'].includes(url.pathname) ? `${url.pathname}/` : url.pathname;
    const file = site.get(path.endsWith('/') ? `${path}index.html` : path);
    if (file) return serveSiteFile(file, response, method === 'HEAD');
  }
  // What API Gateway answers for a route it does not have, a path whose encoding is not UTF-8 among them.
  sendGatewayAnswer(response, 404, 'Not Found');
}

async function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > GATEWAY_MAX_BODY_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The local user pool: Cognito's JSON API (POST with `X-Amz-Target`) at the path itself, and under the
 * issuer URL its OpenID discovery document and public keys, where Cognito publishes a pool's.
 */
async function serveIssuer(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  issuer: LocalIssuer,
) {
  if (request.method === 'GET' && url.pathname === `${LOCAL_AUTH_PATH}.well-known/jwks.json`) {
    return sendJson(response, 200, issuer.jwks);
  }
  if (request.method === 'GET' && url.pathname === `${LOCAL_AUTH_PATH}.well-known/openid-configuration`) {
    return sendJson(response, 200, issuer.openIdConfiguration());
  }
  if (request.method !== 'POST' || url.pathname !== LOCAL_AUTH_PATH)
    return sendJson(response, 404, { message: 'Not Found' });
  const body = await readBody(request);
  let parsed: unknown;
  try {
    parsed = body === 'too-large' ? undefined : JSON.parse(body.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const target = request.headers['x-amz-target'];
  const answer = await issuer.call(Array.isArray(target) ? target[0] : target, parsed);
  response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1' });
  response.end(JSON.stringify(answer.body));
}

function serveSiteFile(file: SiteFile, response: ServerResponse, headOnly: boolean) {
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file.path)] ?? 'application/octet-stream',
    'content-length': file.contents.length,
    // As the stack deploys them: hashed assets forever, the page and its config always fresh.
    'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  response.end(headOnly ? undefined : file.contents);
}

/**
 * API Gateway's own answer, given before any handler runs (its body cannot be changed in an HTTP API), with
 * the headers the site's CloudFront adds to everything under /api/*.
 */
function sendGatewayAnswer(
  response: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, withApiEdgeHeaders({ 'content-type': 'application/json', ...headers }));
  response.end(JSON.stringify({ message }));
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}
