import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../functions/edge-headers.ts';
import { GATEWAY_MAX_BODY_BYTES } from '../../local/api-gateway.ts';
import { WHILE_OPEN } from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { apiFetch } from '../support/openapi-validation.ts';

/**
 * The answers a caller gets before any handler runs (API Gateway's own: the JWT authorizer's 401 and 403,
 * the 404 of a path no route has, the 413 over its payload limit) next to the handlers' own answers: all
 * carry the security headers the README promises and a cache-control, and a body the OpenAPI document
 * describes (`apiFetch` holds every answer to it).
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ now: WHILE_OPEN });
  api.stack.auth.pool.addUser('bibliotekar', 'Bibliotekar-kodeord-1');
});
afterAll(() => api.stop());

async function call(path: string, init: RequestInit = {}) {
  const response = await apiFetch(`${api.stack.url}${path}`, init);
  return { status: response.status, headers: response.headers, body: JSON.parse(await response.text()) };
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

/** The security headers, and `no-store`: each of these answers is for one caller at one moment. */
function expectApiHeaders(headers: Headers) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(headers.get(name), name).toBe(value);
  expect(headers.get('cache-control')).toBe('no-store');
  expect(headers.get('content-type')).toMatch(/^application\/json/);
}

describe('every answer of the local API, the gateway’s own included', () => {
  it('a route answering normally carries the headers and its own cache-control (for comparison)', async () => {
    const { status, headers, body } = await call('/courses/samskabelse-2016');
    expect(status).toBe(200);
    expectApiHeaders(headers);
    expect(body.id).toBe('samskabelse-2016');
  });

  it('a route with a cache-control of its own keeps it (the OpenAPI document is cacheable)', async () => {
    const response = await apiFetch(`${api.stack.url}/openapi.json`);
    expect(response.status).toBe(200);
    for (const [name, value] of Object.entries(SECURITY_HEADERS))
      expect(response.headers.get(name)).toBe(value);
    expect(response.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
  });

  it('401 without a token: the authorizer’s message, its challenge and the headers, never stored', async () => {
    const { status, headers, body } = await call('/admin/courses');
    expect({ status, body }).toEqual({ status: 401, body: { message: 'Unauthorized' } });
    expect(headers.get('www-authenticate')).toBe('Bearer');
    expectApiHeaders(headers);
  });

  it('401 with a token that is not one: the same', async () => {
    const { status, headers, body } = await call('/admin/courses', bearer('ikke-en-token'));
    expect({ status, body }).toEqual({ status: 401, body: { message: 'Unauthorized' } });
    expect(headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    expectApiHeaders(headers);
  });

  it('403 from the authorizer for a token without the coordinators’ scope: its message and the headers', async () => {
    const { pool, username } = api.stack.auth;
    const token = await pool.tokenFor(username, { claims: { scope: 'openid' } });
    const { status, headers, body } = await call('/admin/courses', bearer(token));
    expect({ status, body }).toEqual({ status: 403, body: { message: 'Forbidden' } });
    expectApiHeaders(headers);
  });

  it('403 for a signed-in user who is not a coordinator: the error envelope in Danish and the headers', async () => {
    const token = await api.stack.auth.token('bibliotekar', 'Bibliotekar-kodeord-1');
    const { status, headers, body } = await call('/admin/courses', bearer(token));
    expect(status).toBe(403);
    expect(body).toEqual({
      error: { code: 'FORBIDDEN', message: 'Din bruger er ikke koordinator.', fields: [] },
    });
    expectApiHeaders(headers);
  });

  it('404 for a path no route has: the gateway’s message and the headers', async () => {
    const { status, headers, body } = await call('/ingen-rute/her');
    expect({ status, body }).toEqual({ status: 404, body: { message: 'Not Found' } });
    expectApiHeaders(headers);
  });

  it('404 for a path whose percent-encoding is not UTF-8 (an overlong dot): no route, the same answer', async () => {
    for (const path of ['/courses/%C0%AE', '/courses/%C0%AE%C0%AE/registrations', '/admin/courses/%FF']) {
      const { status, headers, body } = await call(path);
      expect({ path, status, body }).toEqual({ path, status: 404, body: { message: 'Not Found' } });
      expectApiHeaders(headers);
    }
  });

  it('413 for a body over the gateway’s limit: its message and the headers', async () => {
    const { status, headers, body } = await call('/courses/samskabelse-2016/registrations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(GATEWAY_MAX_BODY_BYTES + 1),
    });
    expect({ status, body }).toEqual({ status: 413, body: { message: 'Request Entity Too Large' } });
    expectApiHeaders(headers);
  });
});
