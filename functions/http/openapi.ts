import type { RouteSpec } from './route-spec.ts';

/** The OpenAPI document of the routes. A placeholder until the generator is written. */
export function openApiDocument(_routes: RouteSpec[]): Record<string, unknown> {
  return { openapi: '3.1.0', info: { title: 'kursus-tilmelding', version: '1' }, paths: {} };
}
