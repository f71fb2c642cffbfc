import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionSpecs } from '../../functions/manifest.ts';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER } from '../../local/auth-issuer.ts';
import { coordinatorToken } from '../support/coordinator.ts';
import { WHILE_OPEN } from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ now: WHILE_OPEN });
});
afterAll(() => api.stop());

/** Every coordinator route the manifest has, with its path parameters filled in: a new route is covered too. */
const coordinatorRoutes = functionSpecs
  .filter((spec) => spec.auth === 'coordinator')
  .flatMap((spec) => spec.routes)
  .map(({ method, path }) => ({
    method,
    path: path
      .replace('{courseId}', 'samskabelse-2016')
      .replace('{registrationId}', '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b')
      .replace('{invoiceNumber}', 'KURSUS-0001'),
  }));

async function call(method: string, path: string, authorization?: string) {
  const response = await fetch(`${api.stack.url}${path}`, {
    method,
    headers: {
      ...(authorization !== undefined && { authorization }),
      ...(method !== 'GET' && { 'content-type': 'application/json' }),
    },
    ...(method !== 'GET' && { body: '{}' }),
  });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

async function foreignToken() {
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT({ client_id: LOCAL_CLIENT_ID, token_use: 'access', 'cognito:groups': ['coordinators'] })
    .setProtectedHeader({ alg: 'RS256', kid: 'not-ours' })
    .setIssuer(LOCAL_ISSUER)
    .setSubject('someone')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
}

describe('the coordinator routes behind the local JWT authorizer', () => {
  it('are all listed in the manifest as coordinator routes', () => {
    expect(coordinatorRoutes.length).toBeGreaterThanOrEqual(7);
    expect(coordinatorRoutes.every((r) => r.path.startsWith('/admin/'))).toBe(true);
  });

  it('refuse a request without a token, with a malformed one, one signed by another key and an expired one', async () => {
    const expired = await api.stack.auth.issuer.tokenFor('koordinator', -60);
    const foreign = await foreignToken();
    for (const route of coordinatorRoutes) {
      for (const authorization of [
        undefined,
        'Bearer ikke-en-token',
        `Bearer ${foreign}`,
        `Bearer ${expired}`,
      ]) {
        const { status, body, headers } = await call(route.method, route.path, authorization);
        expect({ route, status, body }).toEqual({ route, status: 401, body: '{"message":"Unauthorized"}' });
        expect(headers.get('www-authenticate')).toBe('Bearer');
      }
    }
  });

  it('refuses a token of this issuer made for another app client, or with another issuer named', async () => {
    const { issuer } = api.stack.auth;
    const otherClient = await issuer.tokenFor('koordinator', 3600, { client_id: 'another-client' });
    const otherIssuer = await issuer.tokenFor('koordinator', 3600, {
      iss: 'https://cognito-idp.local/another-pool',
    });
    expect((await call('GET', '/admin/courses', `Bearer ${otherClient}`)).status).toBe(401);
    expect((await call('GET', '/admin/courses', `Bearer ${otherIssuer}`)).status).toBe(401);
  });

  it('answers a wrong password as Cognito does, and a right one with a token the gateway accepts', async () => {
    await expect(coordinatorToken(api.stack, 'koordinator', 'forkert')).rejects.toThrow(
      'NotAuthorizedException',
    );
    const token = await coordinatorToken(api.stack);
    const { status, body } = await call('GET', '/admin/courses', `Bearer ${token}`);
    expect(status).toBe(200);
    expect(JSON.parse(body).courses.map((c: { id: string }) => c.id)).toEqual(['samskabelse-2016']);
    // API Gateway also takes the token without the Bearer prefix.
    expect((await call('GET', '/admin/courses', token)).status).toBe(200);
  });

  it('answers 403 on every coordinator route to a signed-in user who is not in the coordinators group', async () => {
    api.stack.auth.issuer.addUser('gaest', 'Gaest-2016-lokal!', []);
    const token = await coordinatorToken(api.stack, 'gaest', 'Gaest-2016-lokal!');
    for (const route of coordinatorRoutes) {
      const { status, body } = await call(route.method, route.path, `Bearer ${token}`);
      expect({ route, status, code: JSON.parse(body).error?.code }).toEqual({
        route,
        status: 403,
        code: 'FORBIDDEN',
      });
    }
  });
});
