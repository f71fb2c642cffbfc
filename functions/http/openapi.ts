import * as z from 'zod/mini';
import { answerComponents, errorEnvelope, gatewayMessage } from './response-schemas.ts';
import type { RouteAccess, RouteSpec } from './route-spec.ts';

/**
 * The OpenAPI 3.1 document of the API, made from the route table and its zod schemas (zod's own JSON
 * Schema output, draft 2020-12, which is OpenAPI 3.1's schema dialect): requests as the API accepts them
 * (`io: 'input'`: a field with a default may be left out), answers as it sends them (`io: 'output'`).
 * Nothing in it is written by hand that a route already says, so it cannot drift from the routes.
 */
type Json = Record<string, unknown>;

const ERROR_SCHEMA = '#/components/schemas/ErrorEnvelope';
const GATEWAY_SCHEMA = '#/components/schemas/GatewayMessage';

const TAGS: Record<RouteAccess, { name: string; description: string }> = {
  public: {
    name: 'Offentlig',
    description: 'Uden login: kurset til tilmeldingsformularen, tilmeldingen selv og dette dokument.',
  },
  coordinator: {
    name: 'Koordinator',
    description:
      'Koordinatorens oversigt og ændringer: kræver et adgangstoken fra brugerpuljen for en bruger i gruppen coordinators.',
  },
  'link-token': {
    name: 'Link fra mail',
    description:
      'Siderne som et biblioteks eller en deltagers link åbner: nøglen er linkets token i headeren x-link-token.',
  },
};

const PATH_PARAMETERS: Record<string, string> = {
  courseId: 'Kursets id, fx samskabelse-2016.',
  registrationId: 'Tilmeldingens id (UUID).',
  sessionId: 'Id på kursusdagen eller mødet i kursets forløb.',
  invoiceNumber: 'Fakturaens eller kreditnotaens nummer, fx KURSUS-2016-0001.',
};

/** What each refusal means; every one of them carries the error envelope (or API Gateway's own message). */
const ERROR_STATUSES: Record<number, string> = {
  400: 'Forespørgslen kan ikke læses (ugyldig JSON) eller blev afvist som automatisk udfyldt.',
  401: 'Ikke logget ind: adgangstokenet mangler, er udløbet eller er ikke udstedt af brugerpuljen.',
  403: 'Logget ind, men ikke som koordinator.',
  404: 'Kurset, tilmeldingen, fakturaen eller linket findes ikke.',
  409: 'Forespørgslen strider mod tilmeldingens eller kursets tilstand (fx fristen er overskredet, tilmeldingen er afmeldt, tiden er taget).',
  413: 'Forespørgslen er for stor.',
  415: 'Forespørgslen er ikke sendt som JSON (Content-Type: application/json).',
  422: 'Felterne er ikke gyldige: fields peger på hvert felt med en dansk besked.',
  429: 'For mange tilmeldinger fra samme adresse den seneste time.',
  500: 'Fejl hos os; intet er ændret, som kalderen kan se.',
  503: 'Travlt lige nu: prøv igen efter Retry-After sekunder.',
};

/** Statuses the gateway itself may answer with its `{"message": …}` before a handler runs. */
const GATEWAY_STATUSES = new Set([401, 403, 413, 500]);

export function openApiDocument(routes: RouteSpec[]): Json {
  const components: Components = {};
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    paths[route.path] = {
      ...paths[route.path],
      [route.method.toLowerCase()]: operationOf(route, components),
    };
  }
  // The refusals refer to these two whether or not any route's answer did.
  answerSchemaOf(errorEnvelope, components);
  answerSchemaOf(gatewayMessage, components);
  const usedTags = new Set(routes.map((route) => route.access));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kursustilmelding',
      version: '1.0.0',
      summary: 'Tilmelding til bibliotekernes efteruddannelseskurser.',
      description: [
        'Bibliotekerne tilmelder sig kurser her, koordinatoren følger tilmeldinger, fakturaer og forløbet,',
        'og bibliotekerne og deltagerne booker besøg og skriver prøvehandlinger via links i deres mails.',
        'Alle svar er JSON (undtagen deltagerlisten som CSV og fakturaer som PDF); en afvisning har altid',
        'fejlkuverten `{"error": {"code", "message", "fields"}}` med danske beskeder.',
      ].join(' '),
      license: {
        name: 'Proprietær: kun til bibliotekernes kursusadministration',
        identifier: 'LicenseRef-Proprietary',
      },
    },
    // The site's CloudFront sends /api/* to API Gateway without the prefix (lib/signup-site.ts, API_PATH).
    servers: [
      { url: '/api', description: 'Gennem tilmeldingssidens CloudFront, på samme vært som siden.' },
      { url: '/', description: 'Direkte på API Gateway, og lokalt (npm start).' },
    ],
    tags: (Object.keys(TAGS) as RouteAccess[]).filter((access) => usedTags.has(access)).map((a) => TAGS[a]),
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        coordinatorToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'Adgangstoken (access token) fra Cognito-brugerpuljen; API Gateway tjekker signatur, udsteder, udløb og klient, og brugeren skal være i gruppen coordinators.',
        },
        linkToken: {
          type: 'apiKey',
          in: 'header',
          name: 'x-link-token',
          description:
            'Tokenet fra linket i en mail (efter # i adressen). Sendes i en header, aldrig i stien, så det ikke havner i adgangsloggen.',
        },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Vælges af klienten pr. handling: et nyt forsøg med samme nøgle giver det første svar igen i stedet for en ny tilmelding eller mail.',
          schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,128}$' },
        },
      },
    },
  };
}

function operationOf(route: RouteSpec, components: Components): Json {
  const parameters = [
    ...pathParametersOf(route.path),
    ...queryParametersOf(route),
    ...(route.request?.idempotencyKey ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
  ];
  const body = route.request?.body;
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description && { description: route.description }),
    tags: [TAGS[route.access].name],
    security: securityOf(route.access),
    ...(parameters.length > 0 && { parameters }),
    ...(body && {
      requestBody: {
        required: !route.request?.bodyOptional,
        content: { 'application/json': { schema: jsonSchemaOf(body, 'input') } },
      },
    }),
    responses: { ...successesOf(route, components), ...refusalsOf(route) },
  };
}

function securityOf(access: RouteAccess): Json[] {
  if (access === 'coordinator') return [{ coordinatorToken: [] }];
  if (access === 'link-token') return [{ linkToken: [] }];
  return [];
}

function pathParametersOf(path: string): Json[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name = '']) => ({
    name,
    in: 'path',
    required: true,
    description: PATH_PARAMETERS[name] ?? name,
    schema: { type: 'string' },
  }));
}

/** Each property of the query string's object schema is one query parameter. */
function queryParametersOf(route: RouteSpec): Json[] {
  const query = route.request?.query;
  if (!query) return [];
  const schema = jsonSchemaOf(query, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: 'query',
      required: schema.required?.includes(name) ?? false,
      ...(typeof description === 'string' && { description }),
      schema: rest,
    };
  });
}

function successesOf(route: RouteSpec, components: Components): Record<string, Json> {
  return Object.fromEntries(
    Object.entries(route.responses).map(([status, response]) => {
      const type = response.contentType ?? 'application/json';
      const schema = response.body
        ? answerSchemaOf(response.body, components)
        : { type: 'string', contentMediaType: type };
      return [
        status,
        {
          description: response.description,
          ...((response.body || type !== 'application/json') && { content: { [type]: { schema } } }),
        },
      ];
    }),
  );
}

/** The refusals a route can answer with, from what it takes and who may call it. */
function refusalsOf(route: RouteSpec): Record<string, Json> {
  const statuses = new Set([500, 503]);
  const takesBody = route.request?.body !== undefined;
  if (takesBody) for (const status of [400, 413, 415, 422]) statuses.add(status);
  if (route.request?.query || route.request?.idempotencyKey) statuses.add(422);
  if (/\{\w+\}/.test(route.path) || route.access === 'link-token') statuses.add(404);
  if (route.access === 'coordinator') for (const status of [401, 403]) statuses.add(status);
  if (route.method !== 'GET') statuses.add(409);
  if (route.access === 'public' && route.method === 'POST') statuses.add(429);
  return Object.fromEntries([...statuses].sort().map((status) => [String(status), refusal(status)]));
}

function refusal(status: number): Json {
  const envelope = { $ref: ERROR_SCHEMA };
  const schema = GATEWAY_STATUSES.has(status) ? { oneOf: [envelope, { $ref: GATEWAY_SCHEMA }] } : envelope;
  return {
    description: ERROR_STATUSES[status] ?? 'Afvist.',
    ...((status === 429 || status === 503) && {
      headers: {
        'Retry-After': {
          description: 'Sekunder før et nyt forsøg giver mening.',
          schema: { type: 'integer', minimum: 1 },
        },
      },
    }),
    content: { 'application/json': { schema } },
  };
}

/** zod's JSON Schema of a request's schema, as an OpenAPI 3.1 Schema Object (the document's own dialect). */
function jsonSchemaOf(schema: z.core.$ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io }) as Json;
  return rest;
}

/** The schemas named in answerComponents, by name, as the document lists them under components.schemas. */
type Components = Record<string, Json>;

/**
 * An answer's schema, its named parts (answerComponents) moved to the document's components and referred
 * to there. zod puts them under the schema's own $defs; each name must mean the same schema everywhere.
 */
function answerSchemaOf(schema: z.core.$ZodType, components: Components): Json {
  const {
    $schema: _dialect,
    $defs = {},
    ...rest
  } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'output',
    metadata: answerComponents,
  }) as Json & { $defs?: Record<string, Json> };
  for (const [name, part] of Object.entries($defs)) {
    const moved = toComponentRefs(part) as Json;
    if (components[name] && JSON.stringify(components[name]) !== JSON.stringify(moved)) {
      throw new Error(`two different answer schemas are both named ${name}`);
    }
    components[name] = moved;
  }
  return toComponentRefs(rest) as Json;
}

function toComponentRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toComponentRefs);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) =>
      key === '$ref' && typeof value === 'string'
        ? [key, value.replace(/^#\/\$defs\//, '#/components/schemas/')]
        : [key, toComponentRefs(value)],
    ),
  );
}
