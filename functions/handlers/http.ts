import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import {
  DomainError,
  type ErrorKind,
  type FieldProblem,
  TemporarilyUnavailableError,
  ValidationError,
} from '#domain/errors.ts';
import { textProblemsIn } from '#domain/text-rule.ts';
import { SECURITY_HEADERS } from '../edge-headers.ts';

/** Largest request body the API accepts; the form's largest realistic registration is a few KiB. */
export const MAX_BODY_BYTES = 64 * 1024;

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;
export type HttpHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

export const logger = new Logger({ serviceName: 'kursus-tilmelding' });

/** Mistakes in the HTTP envelope itself (before any domain rule is asked). */
export class PayloadTooLargeError extends DomainError {
  readonly code = 'PAYLOAD_TOO_LARGE';
  readonly kind = 'payload-too-large';
  constructor() {
    super(`Forespørgslen er for stor: højst ${MAX_BODY_BYTES / 1024} KiB.`);
  }
}
export class UnsupportedMediaTypeError extends DomainError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  readonly kind = 'unsupported-media';
  constructor() {
    super('Forespørgslen skal sendes som JSON (Content-Type: application/json).');
  }
}
export class InvalidJsonError extends DomainError {
  readonly code = 'INVALID_JSON';
  readonly kind = 'bad-request';
  constructor() {
    super('Forespørgslen indeholder ikke gyldig JSON.');
  }
}

/**
 * The one mapping from a refusal's kind to its HTTP status, and how long to wait before asking again where
 * waiting helps. Anything that is not a DomainError is our fault: 500.
 */
const answerByKind: Record<ErrorKind, { status: number; retryAfterSeconds?: string }> = {
  invalid: { status: 422 },
  'bad-request': { status: 400 },
  'payload-too-large': { status: 413 },
  'unsupported-media': { status: 415 },
  'not-found': { status: 404 },
  conflict: { status: 409 },
  gone: { status: 410 },
  busy: { status: 503, retryAfterSeconds: '1' },
  // The refusal itself says when (the per-source limit: when its oldest counted signup leaves the window).
  'too-many': { status: 429 },
  unauthenticated: { status: 401 },
  forbidden: { status: 403 },
};

/** A registration is three levels deep; anything far deeper is not one, and must not reach recursive code. */
const MAX_JSON_DEPTH = 16;

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/** A file for the browser to save under its name, never cached. Binary files come base64-encoded. */
export function fileDownload(
  contentType: string,
  filename: string,
  body: string,
  options: { base64?: boolean } = {},
): HttpResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
    body,
    ...(options.base64 && { isBase64Encoded: true }),
  };
}

export function errorResponse(
  code: string,
  message: string,
  fields: FieldProblem[] = [],
  status = 500,
): HttpResult {
  return json(status, { error: { code, message, fields } });
}

/**
 * AWS errors that mean "not now" rather than "never": throttling that outlasted the SDK's own retries, or a
 * service's brief outage. The caller is told to retry (503 with Retry-After), as the form does by itself.
 */
const TRANSIENT_AWS_ERRORS = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionInProgressException',
  'InternalServerError',
  'ServiceUnavailable',
  // The SDK's socket timeout, and middy's answer just before Lambda's timeout would end the invocation.
  'TimeoutError',
]);

const errorMapping: MiddlewareObj<HttpEvent, HttpResult> = {
  onError: async (request) => {
    const raised = request.error;
    const error =
      raised instanceof Error && TRANSIENT_AWS_ERRORS.has(raised.name)
        ? new TemporarilyUnavailableError()
        : raised;
    if (error !== raised) logger.warn('AWS asked us to slow down', { error: (raised as Error).name });
    if (error instanceof DomainError) {
      const { status } = answerByKind[error.kind];
      const retryAfterSeconds =
        error.retryAfterSeconds?.toString() ?? answerByKind[error.kind].retryAfterSeconds;
      logger.info('request refused', {
        code: error.code,
        status,
        fieldPaths: error.fields.map((f) => f.path),
      });
      request.response = errorResponse(error.code, error.message, error.fields, status);
      if (retryAfterSeconds)
        request.response.headers = { ...request.response.headers, 'retry-after': retryAfterSeconds };
      return;
    }
    // Stack traces go to the log only; the caller gets a Danish apology without internals.
    logger.error('request failed', error as Error);
    request.response = errorResponse('INTERNAL_ERROR', 'Der opstod en fejl hos os. Prøv igen om lidt.');
  },
};

const UNTRAVELLABLE_TEXT = 'Forespørgslen kunne ikke modtages: ret venligst de markerede felter.';

/**
 * Decoded body text of an event (API Gateway base64-encodes bodies it cannot pass as text). Invalid UTF-8
 * becomes U+FFFD here, as it does in API Gateway before a text body reaches us, and not an error: the text
 * rule then refuses it in the field it was sent in, so the answer can name that field.
 */
function bodyText(event: HttpEvent): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/** Parses a JSON request body, refusing the wrong media type, oversize bodies and broken JSON. */
export function parseJsonBody(event: HttpEvent): unknown {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Math.floor((raw.length * 3) / 4) : Buffer.byteLength(raw, 'utf8');
  if (bytes > MAX_BODY_BYTES) throw new PayloadTooLargeError();
  const contentType = (event.headers?.['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (contentType !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(contentType)) {
    throw new UnsupportedMediaTypeError();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText(event));
  } catch {
    throw new InvalidJsonError();
  }
  if (depthOf(parsed) > MAX_JSON_DEPTH) {
    throw new ValidationError([
      { path: '', message: 'Forespørgslen er for dybt indlejret til at være en tilmelding.' },
    ]);
  }
  // Every body's every text, whichever route it came to: what is stored must travel into mails and XML.
  const textProblems = textProblemsIn(parsed);
  if (textProblems.length > 0) throw new ValidationError(textProblems, UNTRAVELLABLE_TEXT);
  return parsed;
}

/** Nesting depth of parsed JSON, measured without recursion (a hostile body may be thousands deep). */
function depthOf(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, depth] = next;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return deepest;
}

/** Every answer, errors included, carries the security headers; each route sets its own cache-control. */
const securityHeaders: MiddlewareObj<HttpEvent, HttpResult> = {
  after: async (request) => {
    if (request.response) request.response.headers = { ...request.response.headers, ...SECURITY_HEADERS };
  },
  onError: async (request) => {
    if (request.response) request.response.headers = { ...request.response.headers, ...SECURITY_HEADERS };
  },
};

/** Wraps a route in the shared middleware: request logging context and the error mapping (last = first). */
export function httpRoute(route: (event: HttpEvent) => Promise<HttpResult>): HttpHandler {
  return (
    middy<HttpEvent, HttpResult>()
      .use(injectLambdaContext(logger, { resetKeys: true }))
      // Registered before the error mapping, so it runs after it and sees the mapped answer.
      .use(securityHeaders)
      .use(errorMapping)
      .handler(route) as unknown as HttpHandler
  );
}
