import { randomUUID, timingSafeEqual } from 'node:crypto';
import { exportJWK, generateKeyPair, type JSONWebKeySet, type JWTPayload, SignJWT } from 'jose';
import { COORDINATORS_GROUP } from '../functions/handlers/coordinator-auth.ts';

export { COORDINATORS_GROUP };

/** Where the stand-in answers on the local server: Cognito's JSON API is POST to this very path. */
export const LOCAL_AUTH_PATH = '/local-auth/';
export const LOCAL_CLIENT_ID = 'kursus-tilmelding-local-client';
/** The local coordinator; README and the banner name the same default password. */
export const DEFAULT_COORDINATOR = { username: 'koordinator', password: 'Kursus-2016-lokal!' };

/** Cognito's default lifetime, and what the stack's app client sets for access and ID tokens. */
const TOKEN_SECONDS = 3600;
const SERVICE = 'AWSCognitoIdentityProviderService';

interface LocalUser {
  password: string;
  groups: string[];
  sub: string;
}

export interface TokenOptions {
  /** Negative for a token that has already expired. */
  lifetimeSeconds?: number;
  /** Claims to add or replace (another `iss`, `client_id`, `aud`, …), to test what the gateway refuses. */
  claims?: JWTPayload;
}

/** What Cognito's JSON API answers: a status and a body, errors as `{__type, message}`. */
export interface CognitoAnswer {
  status: number;
  body: unknown;
}

export type LocalIssuer = Awaited<ReturnType<typeof createLocalIssuer>>;

/**
 * A stand-in for the coordinators' Cognito user pool: users in memory, RS256 tokens with the claims of
 * Cognito's access and ID tokens, and Cognito's own JSON API for signing in, so the dashboard sends the
 * very same request here as to Cognito in AWS. Like Cognito's, the issuer URL is also where its keys are
 * published (`<iss>/.well-known/jwks.json`); it names the local server, so it is known once that listens.
 */
export async function createLocalIssuer(coordinator = DEFAULT_COORDINATOR) {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  const jwks: JSONWebKeySet = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  const users = new Map<string, LocalUser>();
  let issuer: string | undefined;

  const issuerUrl = () => {
    if (!issuer) throw new Error('the local issuer has no address yet: call listeningAt(url) first');
    return issuer;
  };
  const userNamed = (username: string) => {
    const user = users.get(username);
    if (!user) throw new Error(`no local user ${username}`);
    return user;
  };

  const sign = async (claims: JWTPayload, sub: string, lifetimeSeconds: number) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(claims.iss ?? issuerUrl())
      .setSubject(sub)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + lifetimeSeconds)
      .sign(privateKey);
  };

  /** Cognito's access token: `client_id` (no `aud`), `token_use: access`, the groups and the username. */
  const accessToken = (username: string, options: TokenOptions = {}, originJti = randomUUID()) => {
    const user = userNamed(username);
    return sign(
      {
        'cognito:groups': user.groups,
        client_id: LOCAL_CLIENT_ID,
        origin_jti: originJti,
        token_use: 'access',
        scope: 'aws.cognito.signin.user.admin',
        auth_time: Math.floor(Date.now() / 1000),
        username,
        ...options.claims,
      },
      user.sub,
      options.lifetimeSeconds ?? TOKEN_SECONDS,
    );
  };

  /** Cognito's ID token: the app client as `aud`, `token_use: id`. The dashboard does not use it. */
  const idToken = (username: string, originJti: string) => {
    const user = userNamed(username);
    return sign(
      {
        'cognito:groups': user.groups,
        'cognito:username': username,
        aud: LOCAL_CLIENT_ID,
        origin_jti: originJti,
        token_use: 'id',
        auth_time: Math.floor(Date.now() / 1000),
      },
      user.sub,
      TOKEN_SECONDS,
    );
  };

  const initiateAuth = async (request: Record<string, unknown>): Promise<CognitoAnswer> => {
    if (request.ClientId !== LOCAL_CLIENT_ID) {
      return cognitoError(
        'ResourceNotFoundException',
        `User pool client ${request.ClientId} does not exist.`,
      );
    }
    // The stack's app client also allows SRP; the stand-in speaks only the flow the dashboard uses.
    if (request.AuthFlow !== 'USER_PASSWORD_AUTH') {
      return cognitoError(
        'InvalidParameterException',
        `${request.AuthFlow} flow not enabled for this client`,
      );
    }
    const parameters = (request.AuthParameters ?? {}) as Record<string, unknown>;
    const username = parameters.USERNAME;
    const password = parameters.PASSWORD;
    if (typeof username !== 'string' || typeof password !== 'string') {
      return cognitoError('InvalidParameterException', 'Missing required parameter USERNAME or PASSWORD');
    }
    const user = users.get(username);
    // One answer for an unknown user and a wrong password, as the app client's preventUserExistenceErrors.
    if (!user || !samePassword(user.password, password)) {
      return cognitoError('NotAuthorizedException', 'Incorrect username or password.');
    }
    const originJti = randomUUID();
    return {
      status: 200,
      body: {
        AuthenticationResult: {
          AccessToken: await accessToken(username, {}, originJti),
          ExpiresIn: TOKEN_SECONDS,
          IdToken: await idToken(username, originJti),
          TokenType: 'Bearer',
        },
        ChallengeParameters: {},
      },
    };
  };

  const issuerObject = {
    clientId: LOCAL_CLIENT_ID,
    /** The public keys, as `<iss>/.well-known/jwks.json` serves them. */
    jwks,
    /** `<local server>/local-auth`: the `iss` of every token, as Cognito's is its pool's URL. */
    get issuer(): string {
      return issuerUrl();
    },
    /** Called once the local server listens: the issuer URL names it. */
    listeningAt(serverUrl: string) {
      issuer = `${serverUrl.replace(/\/$/, '')}${LOCAL_AUTH_PATH.replace(/\/$/, '')}`;
    },
    /** Adds a user (tests add one outside the coordinators group to see 403). */
    addUser(username: string, password: string, groups: string[] = []) {
      users.set(username, { password, groups, sub: randomUUID() });
    },
    /** A token for a known user without signing in: tests shorten its life or change its claims. */
    tokenFor: (username: string, options: TokenOptions = {}) => accessToken(username, options),
    /** OpenID discovery, which API Gateway's JWT authorizer reads to find the keys of an issuer. */
    openIdConfiguration() {
      const iss = issuerUrl();
      return {
        issuer: iss,
        jwks_uri: `${iss}/.well-known/jwks.json`,
        id_token_signing_alg_values_supported: ['RS256'],
        subject_types_supported: ['public'],
        response_types_supported: ['code', 'token'],
      };
    },
    /**
     * Cognito's JSON API: `X-Amz-Target` names the operation, the body is its request. Only what the
     * dashboard sends is served; the stand-in never asks for MFA or a new password, so any challenge
     * answer comes with a session it did not issue.
     */
    async call(target: string | undefined, body: unknown): Promise<CognitoAnswer> {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        return cognitoError('SerializationException', 'The request body is not a JSON object.');
      }
      const request = body as Record<string, unknown>;
      if (target === `${SERVICE}.InitiateAuth`) return initiateAuth(request);
      if (target === `${SERVICE}.RespondToAuthChallenge`) {
        return request.ClientId === LOCAL_CLIENT_ID
          ? cognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.')
          : cognitoError('ResourceNotFoundException', `User pool client ${request.ClientId} does not exist.`);
      }
      return cognitoError('UnknownOperationException', `Unknown operation ${target ?? ''}`.trim());
    },
  };
  issuerObject.addUser(coordinator.username, coordinator.password, [COORDINATORS_GROUP]);
  return issuerObject;
}

function cognitoError(type: string, message: string): CognitoAnswer {
  return { status: 400, body: { __type: type, message } };
}

function samePassword(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
