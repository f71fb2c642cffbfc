import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionSpecs } from '../../functions/manifest.ts';
import { coordinatorToken } from '../support/coordinator.ts';
import { WHILE_OPEN } from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { apiFetch } from '../support/openapi-validation.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ now: WHILE_OPEN });
});
afterAll(() => api.stop());

/** Every coordinator route the manifest has, its path parameters filled in: a new route is covered too. */
const coordinatorRoutes = functionSpecs
  .filter((spec) => spec.auth === 'coordinator')
  .flatMap((spec) => spec.routes)
  .map(({ method, path }) => ({
    method,
    path: path.replace(/\{(\w+)\}/g, (_, name: string) =>
      name === 'courseId' ? 'samskabelse-2016' : `ukendt-${name}`,
    ),
  }));

async function call(method: string, path: string, authorization?: string) {
  const response = await apiFetch(`${api.stack.url}${path}`, {
    method,
    headers: {
      ...(authorization !== undefined && { authorization }),
      ...(method !== 'GET' && { 'content-type': 'application/json' }),
    },
    ...(method !== 'GET' && { body: '{}' }),
  });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

/** Everything a Cognito token has, signed by a key the local issuer never published. */
async function foreignToken() {
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT({
    client_id: api.stack.auth.clientId,
    token_use: 'access',
    username: 'koordinator',
    'cognito:groups': ['coordinators'],
  })
    .setProtectedHeader({ alg: 'RS256', kid: api.stack.auth.pool.jwks.keys[0]?.kid ?? '' })
    .setIssuer(api.stack.auth.issuer)
    .setSubject('someone')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
}

async function initiateAuth(password: string) {
  const response = await fetch(api.stack.auth.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: api.stack.auth.clientId,
      AuthParameters: { USERNAME: api.stack.auth.username, PASSWORD: password },
    }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe('the coordinator routes behind the local JWT authorizer', () => {
  it('are every route the manifest marks for coordinators', () => {
    expect(coordinatorRoutes.length).toBeGreaterThan(0);
    expect(coordinatorRoutes.every((r) => r.path.startsWith('/admin/'))).toBe(true);
  });

  it('answer 401 to no token, a malformed one, one signed by another key and an expired one, before any handler runs', async () => {
    const expired = await api.stack.auth.pool.tokenFor('koordinator', { lifetimeSeconds: -60 });
    const refused = {
      'no token': undefined,
      'a malformed token': 'Bearer ikke-en-token',
      'a foreign-signed token': `Bearer ${await foreignToken()}`,
      'an expired token': `Bearer ${expired}`,
    };
    for (const route of coordinatorRoutes) {
      for (const [what, authorization] of Object.entries(refused)) {
        const { status, body, headers } = await call(route.method, route.path, authorization);
        expect({ route, what, status, body }).toEqual({
          route,
          what,
          status: 401,
          body: '{"message":"Unauthorized"}',
        });
        expect(headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
    }
  });

  it('refuse a valid ID token with 403 on every route: they ask for the scope only access tokens carry', async () => {
    const signedIn = await initiateAuth(api.stack.auth.password);
    const idToken = (signedIn.body as { AuthenticationResult: { IdToken: string } }).AuthenticationResult
      .IdToken;
    for (const route of coordinatorRoutes) {
      const { status, body } = await call(route.method, route.path, `Bearer ${idToken}`);
      expect({ route, status, body }).toEqual({ route, status: 403, body: '{"message":"Forbidden"}' });
    }
  });

  it('refuse tokens of this issuer made for another app client or naming another issuer', async () => {
    const { pool } = api.stack.auth;
    const otherClient = await pool.tokenFor('koordinator', { claims: { client_id: 'another-client' } });
    const otherIssuer = await pool.tokenFor('koordinator', {
      claims: { iss: 'https://cognito-idp.eu-north-1.amazonaws.com/eu-north-1_another' },
    });
    const audience = await call('GET', '/admin/courses', `Bearer ${otherClient}`);
    expect(audience.status).toBe(401);
    expect(audience.headers.get('www-authenticate')).toBe(
      'Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"',
    );
    expect((await call('GET', '/admin/courses', `Bearer ${otherIssuer}`)).status).toBe(401);
  });

  it("answer a wrong password at InitiateAuth with Cognito's 400", async () => {
    expect(await initiateAuth('forkert')).toEqual({
      status: 400,
      body: { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' },
    });
  });

  it('let a signed-in coordinator through, with or without the Bearer prefix', async () => {
    const signedIn = await initiateAuth(api.stack.auth.password);
    expect(signedIn.status).toBe(200);
    const token = await coordinatorToken(api.stack);
    const { status, body } = await call('GET', '/admin/courses', `Bearer ${token}`);
    expect(status).toBe(200);
    expect(JSON.parse(body).courses.map((c: { id: string }) => c.id)).toEqual(['samskabelse-2016']);
    expect((await call('GET', '/admin/courses', token)).status).toBe(200);
    // No route answers 401 to a coordinator: the handlers see the claims where API Gateway puts them.
    for (const route of coordinatorRoutes) {
      const { status } = await call(route.method, route.path, `Bearer ${token}`);
      expect({ route, status }).not.toEqual({ route, status: 401 });
    }
  });

  it('answer 403 FORBIDDEN on every coordinator route to a signed-in user outside the coordinators group', async () => {
    api.stack.auth.pool.addUser('gaest', 'Gaest-2016-lokal!');
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

  it('publish the keys and discovery document at the issuer URL, as Cognito does for a pool', async () => {
    const discovery = await (await fetch(`${api.stack.auth.issuer}/.well-known/openid-configuration`)).json();
    expect(discovery).toMatchObject({
      issuer: api.stack.auth.issuer,
      jwks_uri: `${api.stack.auth.issuer}/.well-known/jwks.json`,
    });
    const jwks = await (await fetch(`${api.stack.auth.issuer}/.well-known/jwks.json`)).json();
    expect(jwks).toEqual(api.stack.auth.pool.jwks);
    expect(api.stack.auth.issuer).toBe(`${api.stack.url}/local-auth`);
  });
});
