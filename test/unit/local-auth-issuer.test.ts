import { decodeJwt, decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { jwtAuthorizer } from '../../local/api-gateway.ts';
import { createLocalIssuer, type LocalIssuer } from '../../local/auth-issuer.ts';

const TARGET = 'AWSCognitoIdentityProviderService.InitiateAuth';
let pool: LocalIssuer;

beforeAll(async () => {
  pool = await createLocalIssuer({ username: 'koordinator', password: 'Rigtig-kode-2016!' });
  pool.listeningAt('http://localhost:3999/');
});

const initiateAuth = (username: string, password: string, overrides: Record<string, unknown> = {}) =>
  pool.call(TARGET, {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: pool.clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
    ...overrides,
  });

type SignedIn = { AuthenticationResult: { AccessToken: string; IdToken: string } };

describe('the local stand-in for the user pool', () => {
  it('names itself after the local server, with its keys where Cognito publishes a pool’s', () => {
    expect(pool.issuer).toBe('http://localhost:3999/local-auth');
    expect(pool.openIdConfiguration()).toMatchObject({
      issuer: 'http://localhost:3999/local-auth',
      jwks_uri: 'http://localhost:3999/local-auth/.well-known/jwks.json',
    });
    expect(pool.jwks.keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig' })]);
    expect(pool.jwks.keys[0]).not.toHaveProperty('d');
  });

  it('signs in with InitiateAuth as Cognito answers it', async () => {
    const answer = await initiateAuth('koordinator', 'Rigtig-kode-2016!');
    expect(answer).toEqual({
      status: 200,
      body: {
        AuthenticationResult: {
          AccessToken: expect.any(String),
          IdToken: expect.any(String),
          ExpiresIn: 3600,
          TokenType: 'Bearer',
        },
        ChallengeParameters: {},
      },
    });
  });

  it("issues access tokens shaped as Cognito's", async () => {
    const { AuthenticationResult } = (await initiateAuth('koordinator', 'Rigtig-kode-2016!'))
      .body as SignedIn;
    const token = AuthenticationResult.AccessToken;
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', kid: pool.jwks.keys[0]?.kid });
    const claims = decodeJwt(token);
    expect(claims).toEqual({
      sub: expect.any(String),
      iss: 'http://localhost:3999/local-auth',
      client_id: pool.clientId,
      origin_jti: expect.any(String),
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      auth_time: expect.any(Number),
      iat: expect.any(Number),
      exp: expect.any(Number),
      jti: expect.any(String),
      username: 'koordinator',
      'cognito:groups': ['coordinators'],
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
    const id = decodeJwt(AuthenticationResult.IdToken);
    expect(id).toMatchObject({ aud: pool.clientId, token_use: 'id', 'cognito:username': 'koordinator' });
    expect(id.origin_jti).toBe(claims.origin_jti);
  });

  it('has its tokens accepted by an authorizer configured as the stack configures the real one', async () => {
    const authorize = jwtAuthorizer({
      issuer: () => pool.issuer,
      audience: [pool.clientId],
      jwks: pool.jwks,
    });
    const { AuthenticationResult } = (await initiateAuth('koordinator', 'Rigtig-kode-2016!'))
      .body as SignedIn;
    expect((await authorize(`Bearer ${AuthenticationResult.AccessToken}`)).authorized).toBe(true);
    const expired = await pool.tokenFor('koordinator', { lifetimeSeconds: -60 });
    expect((await authorize(`Bearer ${expired}`)).authorized).toBe(false);
  });

  it('answers a wrong password and an unknown user alike, as Cognito does with user existence errors prevented', async () => {
    const refused = {
      status: 400,
      body: { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' },
    };
    expect(await initiateAuth('koordinator', 'forkert')).toEqual(refused);
    expect(await initiateAuth('ukendt', 'Rigtig-kode-2016!')).toEqual(refused);
  });

  it('gives users outside the coordinators group tokens without the group', async () => {
    pool.addUser('gaest', 'Gaest-2016-lokal!');
    const { AuthenticationResult } = (await initiateAuth('gaest', 'Gaest-2016-lokal!')).body as SignedIn;
    expect(decodeJwt(AuthenticationResult.AccessToken)['cognito:groups']).toEqual([]);
  });

  it("answers other clients, flows and operations with Cognito's error types", async () => {
    const typeOf = async (answer: Promise<{ status: number; body: unknown }>) => {
      const { status, body } = await answer;
      return { status, type: (body as { __type: string }).__type };
    };
    expect(await typeOf(initiateAuth('koordinator', 'x', { ClientId: 'other' }))).toEqual({
      status: 400,
      type: 'ResourceNotFoundException',
    });
    expect(await typeOf(initiateAuth('koordinator', 'x', { AuthFlow: 'USER_SRP_AUTH' }))).toEqual({
      status: 400,
      type: 'InvalidParameterException',
    });
    expect(await typeOf(pool.call('AWSCognitoIdentityProviderService.SignUp', {}))).toEqual({
      status: 400,
      type: 'UnknownOperationException',
    });
    // It never asks for a challenge, so no session it is given can be one of its own.
    const challenge = pool.call('AWSCognitoIdentityProviderService.RespondToAuthChallenge', {
      ClientId: pool.clientId,
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: 'x',
      ChallengeResponses: { USERNAME: 'koordinator', SOFTWARE_TOKEN_MFA_CODE: '123456' },
    });
    expect(await typeOf(challenge)).toEqual({ status: 400, type: 'NotAuthorizedException' });
  });

  it('refuses to sign before it knows its own address', async () => {
    const unbound = await createLocalIssuer();
    await expect(unbound.tokenFor('koordinator')).rejects.toThrow('no address yet');
  });
});
