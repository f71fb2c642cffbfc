import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Dependencies } from '../functions/compose.ts';
import { functionSpecs } from '../functions/manifest.ts';
import {
  GATEWAY_MAX_BODY_BYTES,
  type LocalRoute,
  localContext,
  matchRoute,
  routesOf,
  toApiGatewayEvent,
} from './api-gateway.ts';

type Handler = (event: unknown, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
type HandlerModule = { createHandler: (deps: Dependencies) => Handler };

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
  deps: Dependencies;
  webDir: string;
  log?: (line: string) => void;
}

/**
 * One HTTP server for the whole local API: each route of the manifest goes to the very handler module
 * Lambda runs (its `createHandler`, given the local dependencies), everything else is served from web/.
 */
export async function createLocalApiServer(options: LocalApiOptions): Promise<Server> {
  const routes = routesOf(functionSpecs);
  const handlers = new Map<string, Handler>();
  for (const spec of functionSpecs.filter((s) => s.routes.length > 0)) {
    const module = (await import(pathToFileURL(join(options.root, spec.entry)).href)) as HandlerModule;
    handlers.set(spec.id, module.createHandler(options.deps));
  }
  const log = options.log ?? (() => undefined);

  return createServer((request, response) => {
    const started = performance.now();
    response.on('finish', () => {
      log(
        `${request.method} ${request.url} → ${response.statusCode} (${Math.round(performance.now() - started)} ms)`,
      );
    });
    handle(request, response, routes, handlers, options.webDir).catch((error: unknown) => {
      log(`local server error: ${(error as Error).stack ?? error}`);
      if (!response.headersSent) sendJson(response, 500, { message: 'Internal Server Error' });
      else response.end();
    });
  });
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  routes: LocalRoute[],
  handlers: Map<string, Handler>,
  webDir: string,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const method = request.method ?? 'GET';
  const matched = matchRoute(routes, method, url.pathname);
  if (matched) {
    const body = await readBody(request);
    if (body === 'too-large') return sendJson(response, 413, { message: 'Request Entity Too Large' });
    const handler = handlers.get(matched.route.spec.id);
    if (!handler) throw new Error(`no handler for ${matched.route.spec.id}`);
    const event = toApiGatewayEvent(request, url, body, matched.route, matched.pathParameters);
    const result = await handler(event, localContext(matched.route.spec, event.requestContext.requestId));
    response.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
    response.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
    return;
  }
  if (method === 'GET' || method === 'HEAD') {
    if (await serveStatic(url.pathname, webDir, response, method === 'HEAD')) return;
  }
  // What API Gateway answers for a route it does not have.
  sendJson(response, 404, { message: 'Not Found' });
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

async function serveStatic(pathname: string, webDir: string, response: ServerResponse, headOnly: boolean) {
  const root = resolve(webDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  let file = resolve(root, relative);
  if (file !== root && !file.startsWith(`${root}/`)) return false;
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const info = await stat(file);
    if (!info.isFile()) return false;
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
    });
    if (headOnly) response.end();
    else createReadStream(file).pipe(response);
    return true;
  } catch {
    return false;
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}
