import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../../functions/http/openapi.ts';
import type { RouteSpec } from '../../functions/http/route-spec.ts';
import { routeTable } from '../../functions/http/route-table.ts';

/**
 * Holds every answer the integration tests receive to the OpenAPI document (not to the zod schemas it is
 * made from): the route is looked up by method and path, its status must be documented, and a JSON body
 * must match that status's schema. An answer that does not is drift, and fails the test that got it.
 */
type Json = Record<string, unknown>;

interface Operation {
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

export interface ReceivedAnswer {
  method: string;
  /** The path as requested, without the query string. */
  path: string;
  status: number;
  contentType: string | null;
  body: string;
}

const COMPONENT_REF = '#/components/schemas/';
const COMPONENT_ID = 'urn:openapi:components:';

export function answerChecker(routes: RouteSpec[]): (answer: ReceivedAnswer) => void {
  const document = openApiDocument(routes) as {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Json> };
  };
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  for (const [name, schema] of Object.entries(document.components.schemas)) {
    ajv.addSchema(withComponentIds(schema) as Json, `${COMPONENT_ID}${name}`);
  }
  const validators = new Map<object, ValidateFunction>();
  const validatorOf = (schema: Json) => {
    let validate = validators.get(schema);
    if (!validate) {
      validate = ajv.compile(withComponentIds(schema) as Json);
      validators.set(schema, validate);
    }
    return validate;
  };
  const templates = Object.keys(document.paths)
    .map((template) => ({ template, pattern: patternOf(template) }))
    // A literal segment wins over a parameter (`/visits/slots` before `/visits/{x}`), as API Gateway's routes.
    .sort((a, b) => parameterCount(a.template) - parameterCount(b.template));

  return (answer) => {
    const called = `${answer.method} ${answer.path}`;
    // A path that does not decode to UTF-8 matches no route in API Gateway: its own 404 answers it.
    const template = decodes(answer.path)
      ? templates.find(({ pattern }) => pattern.test(answer.path))?.template
      : undefined;
    const operation = template ? document.paths[template]?.[answer.method.toLowerCase()] : undefined;
    if (!operation) {
      // API Gateway's own answer for a route it does not have: nothing of the API's to check.
      if (answer.status === 404 && answer.body === '{"message":"Not Found"}') return;
      throw new Error(`${called} answered ${answer.status}, but the OpenAPI document has no such route.`);
    }
    const where = `${called} (${operation.operationId}) answered ${answer.status}`;
    const documented = operation.responses[String(answer.status)];
    if (!documented) {
      throw new Error(
        `${where}, which the OpenAPI document does not list (it lists ${Object.keys(operation.responses).join(', ')}).\n` +
          `body: ${excerpt(answer.body)}`,
      );
    }
    const mediaType = (answer.contentType ?? '').split(';')[0]?.trim() ?? '';
    const content = documented.content ?? {};
    if (Object.keys(content).length === 0) {
      if (answer.body !== '') throw new Error(`${where} with a body, but the document says it has none.`);
      return;
    }
    const described = content[mediaType];
    if (!described) {
      throw new Error(
        `${where} as ${mediaType || 'no content type'}; the document says ${Object.keys(content).join(', ')}.`,
      );
    }
    if (mediaType !== 'application/json' || !described.schema) return;
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      throw new Error(`${where} with a body that is not JSON: ${excerpt(answer.body)}`);
    }
    const validate = validatorOf(described.schema);
    if (!validate(body)) {
      const problems = (validate.errors ?? []).map(
        (e) =>
          `  ${e.instancePath || '(body)'}: ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
      );
      throw new Error(
        `${where}, and its body does not match the OpenAPI document:\n${problems.join('\n')}\nbody: ${excerpt(answer.body)}`,
      );
    }
  };
}

/** The document's component references, as ids the validator knows the components by. */
function withComponentIds(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withComponentIds);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) =>
      key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT_REF)
        ? [key, `${COMPONENT_ID}${value.slice(COMPONENT_REF.length)}`]
        : [key, withComponentIds(value)],
    ),
  );
}

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

function patternOf(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}

const parameterCount = (template: string) => (template.match(/\{/g) ?? []).length;

function excerpt(body: string): string {
  return body.length > 2000 ? `${body.slice(0, 2000)}…` : body || '(empty)';
}

/** The check the integration tests' helpers use: the routes the API has. */
export const checkAnswer = answerChecker(routeTable);

/**
 * fetch, with the answer held to the OpenAPI document before the test sees it. The answer comes back as a
 * fresh Response with the same status, headers and bytes, so a test reads it as it would any other.
 */
export async function apiFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, init);
  const bytes = Buffer.from(await response.arrayBuffer());
  const contentType = response.headers.get('content-type');
  const textual = contentType === null || /json|text/.test(contentType);
  checkAnswer({
    method: (init.method ?? 'GET').toUpperCase(),
    path: new URL(url).pathname,
    status: response.status,
    contentType,
    body: textual ? bytes.toString('utf8') : `(${bytes.length} bytes)`,
  });
  const bodyless = [204, 304].includes(response.status);
  return new Response(bodyless ? null : bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
