import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionSpecs } from '../../functions/manifest.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { apiFetch } from '../support/openapi-validation.ts';
import { redoclyLint } from '../support/redocly-lint.ts';

interface Described {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
}

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

describe('GET /openapi.json', () => {
  it('serves the API description to anyone, cacheable, without a token', async () => {
    const response = await apiFetch(`${api.stack.url}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const document = (await response.json()) as Described;
    expect(document.openapi).toBe('3.1.0');
  });

  it('describes every route the system serves, and passes redocly lint as served', async () => {
    const document = (await (await apiFetch(`${api.stack.url}/openapi.json`)).json()) as Described;
    const described = Object.entries(document.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    const served = functionSpecs
      .flatMap((spec) => spec.routes.map(({ method, path }) => `${method} ${path}`))
      .sort();
    expect(described).toEqual(served);
    const { status, report } = redoclyLint(document);
    expect(status, report).toBe(0);
  }, 60_000);
});
