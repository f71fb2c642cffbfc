import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { COORDINATORS_GROUP } from '../functions/handlers/coordinator-auth.ts';

/** Where the issuer answers on the local server; its InitiateAuth endpoint is this path. */
export const LOCAL_AUTH_PATH = '/local-auth/';
export const LOCAL_ISSUER = 'https://cognito-idp.local/kursus-tilmelding-local';
export const LOCAL_CLIENT_ID = 'kursus-tilmelding-local-client';
export const DEFAULT_COORDINATOR = { username: 'koordinator', password: 'Kursus-2016-lokal!' };

const TOKEN_SECONDS = 3600;

interface LocalUser {
  password: string;
  groups: string[];
  sub: string;
}

export type LocalIssuer = Awaited<ReturnType<typeof createLocalIssuer>>;

/**
 * A stand-in for the coordinators' Cognito user pool: users in memory, RS256 access tokens shaped as
 * Cognito's (iss, sub, client_id, token_use, scope, cognito:groups, username, exp), and Cognito's own
 * InitiateAuth JSON API, so the dashboard signs in with the very same request in both places.
 */
export async function createLocalIssuer(coordinator = DEFAULT_COORDINATOR) {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  const keySet = createLocalJWKSet(jwks);
  const users = new Map<string, LocalUser>();

  const addUser = (username: string, password: string, groups: string[] = []) => {
    users.set(username, { password, groups, sub: randomUUID() });
  };
  addUser(coordinator.username, coordinator.password, [COORDINATORS_GROUP]);

  const sign = (
    username: string,
    user: LocalUser,
    lifetimeSeconds = TOKEN_SECONDS,
    overrides: JWTPayload = {},
  ) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      client_id: LOCAL_CLIENT_ID,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      auth_time: now,
      username,
      'cognito:groups': user.groups,
      ...overrides,
    })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(overrides.iss ?? LOCAL_ISSUER)
      .setSubject(user.sub)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + lifetimeSeconds)
      .sign(privateKey);
  };

  return {
    issuer: LOCAL_ISSUER,
    clientId: LOCAL_CLIENT_ID,
    jwks,
    addUser,
    /** A token for a known user as a login would give; tests may shorten its life or change claims. */
    async tokenFor(
      username: string,
      lifetimeSeconds = TOKEN_SECONDS,
      overrides: JWTPayload = {},
    ): Promise<string> {
      const user = users.get(username);
      if (!user) throw new Error(`no local user ${username}`);
      return sign(username, user, lifetimeSeconds, overrides);
    },
    /**
     * What API Gateway's JWT authorizer checks: signature by this issuer's key, issuer, expiry, and that
     * the token was issued to this app client. Returns the claims, or undefined for any failure.
     */
    async verify(token: string): Promise<JWTPayload | undefined> {
      try {
        const { payload } = await jwtVerify(token, keySet, { issuer: LOCAL_ISSUER, algorithms: ['RS256'] });
        const audience = [payload.aud ?? []].flat();
        return payload.client_id === LOCAL_CLIENT_ID || audience.includes(LOCAL_CLIENT_ID)
          ? payload
          : undefined;
      } catch {
        return undefined;
      }
    },
    /** Cognito's InitiateAuth (USER_PASSWORD_AUTH), answered with Cognito's status codes and bodies. */
    async initiateAuth(
      target: string | undefined,
      body: unknown,
    ): Promise<{ status: number; body: unknown }> {
      if (target !== 'AWSCognitoIdentityProviderService.InitiateAuth') {
        return { status: 400, body: { __type: 'UnknownOperationException' } };
      }
      const request = body as {
        AuthFlow?: string;
        ClientId?: string;
        AuthParameters?: { USERNAME?: string; PASSWORD?: string };
      };
      if (request.AuthFlow !== 'USER_PASSWORD_AUTH' || request.ClientId !== LOCAL_CLIENT_ID) {
        return {
          status: 400,
          body: { __type: 'InvalidParameterException', message: 'Unsupported flow or client.' },
        };
      }
      const username = request.AuthParameters?.USERNAME ?? '';
      const user = users.get(username);
      if (!user || !samePassword(user.password, request.AuthParameters?.PASSWORD ?? '')) {
        return {
          status: 400,
          body: { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' },
        };
      }
      const token = await sign(username, user);
      return {
        status: 200,
        body: {
          AuthenticationResult: {
            AccessToken: token,
            IdToken: token,
            ExpiresIn: TOKEN_SECONDS,
            TokenType: 'Bearer',
          },
          ChallengeParameters: {},
        },
      };
    },
  };
}

function samePassword(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The claims as API Gateway hands them to Lambda in `requestContext.authorizer.jwt.claims`: every value a
 * string, arrays written `[a b]`.
 */
export function claimsAsApiGatewayPassesThem(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [
      name,
      Array.isArray(value)
        ? `[${value.join(' ')}]`
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value),
    ]),
  );
}
