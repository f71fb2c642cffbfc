import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  claimsAsApiGatewayPassesThem,
  type JwtAuthorization,
  jwtAuthorizer,
} from '../../local/api-gateway.ts';

const ISSUER = 'http://localhost:3999/local-auth';
const CLIENT = 'kursus-tilmelding-local-client';
const AUDIENCE_REFUSED =
  'Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"';

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let ours: Key;
let foreign: Key;
let authorize: ReturnType<typeof jwtAuthorizer>;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  ours = pair.privateKey;
  foreign = (await generateKeyPair('RS256')).privateKey;
  authorize = jwtAuthorizer({
    issuer: () => ISSUER,
    audience: [CLIENT],
    jwks: { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'ours', alg: 'RS256', use: 'sig' }] },
  });
});

interface Mint {
  claims?: JWTPayload;
  key?: Key;
  kid?: string | null;
  expiresIn?: number;
}

/** A Cognito-shaped access token; every test changes one thing about it. */
function mint({ claims = {}, key = ours, kid = 'ours', expiresIn = 3600 }: Mint = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    client_id: CLIENT,
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    username: 'koordinator',
    'cognito:groups': ['coordinators'],
    ...claims,
  })
    .setProtectedHeader(kid === null ? { alg: 'RS256' } : { alg: 'RS256', kid })
    .setIssuer(claims.iss ?? ISSUER)
    .setSubject('0b7c6a2e-sub')
    .setIssuedAt(claims.iat ?? now)
    .setExpirationTime(now + expiresIn)
    .sign(key);
}

function refusal(result: JwtAuthorization): string {
  expect(result.authorized).toBe(false);
  return !result.authorized && 'wwwAuthenticate' in result ? result.wwwAuthenticate : '';
}

describe("the local gateway's JWT authorizer", () => {
  it('lets a route that names scopes through only with a token holding one of them, as 403 otherwise', async () => {
    const scopes = ['aws.cognito.signin.user.admin'];
    const access = await authorize(`Bearer ${await mint()}`, scopes);
    expect(access.authorized && access.authorizer.jwt.scopes).toEqual(scopes);
    // Cognito's ID tokens carry no scope: valid, but not for these routes.
    const idToken = await mint({ claims: { token_use: 'id', scope: undefined, aud: CLIENT } });
    expect(await authorize(`Bearer ${idToken}`, scopes)).toEqual({ authorized: false, forbidden: true });
    expect((await authorize(`Bearer ${idToken}`)).authorized).toBe(true);
  });

  it('refuses a request without a token with a bare Bearer challenge', async () => {
    expect(await authorize(undefined)).toEqual({ authorized: false, wwwAuthenticate: 'Bearer' });
    expect(await authorize('Bearer ')).toEqual({ authorized: false, wwwAuthenticate: 'Bearer' });
  });

  it('refuses a malformed token as an invalid token', async () => {
    for (const header of ['Bearer ikke-en-token', 'Bearer a.b.c', 'Basic a29vcmRpbmF0b3I6eA==']) {
      expect(refusal(await authorize(header))).toMatch(/^Bearer scope="" error="invalid_token"/);
    }
  });

  it('refuses a token signed by another key, whether it names our key id or another', async () => {
    expect(refusal(await authorize(`Bearer ${await mint({ key: foreign })}`))).toContain('valid signature');
    expect(refusal(await authorize(`Bearer ${await mint({ key: foreign, kid: 'theirs' })}`))).toContain(
      'not signed by a key of the issuer',
    );
  });

  it('refuses a token without a key id, even when our key signed it', async () => {
    expect(refusal(await authorize(`Bearer ${await mint({ kid: null })}`))).toContain('key id');
  });

  it('refuses an expired token, and one not valid yet or issued in the future', async () => {
    expect(refusal(await authorize(`Bearer ${await mint({ expiresIn: -1 })}`))).toContain(
      'the token has expired',
    );
    const later = Math.floor(Date.now() / 1000) + 600;
    expect(refusal(await authorize(`Bearer ${await mint({ claims: { nbf: later } })}`))).toContain(
      'not valid yet',
    );
    const future = await mint({ claims: { iat: later }, expiresIn: 3600 });
    expect(refusal(await authorize(`Bearer ${future}`))).toContain('issued in the future');
  });

  it('refuses a token for another app client with the header AWS documents', async () => {
    expect(
      refusal(await authorize(`Bearer ${await mint({ claims: { client_id: 'another-client' } })}`)),
    ).toBe(AUDIENCE_REFUSED);
  });

  it('judges aud before client_id, as API Gateway does when a token has both', async () => {
    const wrongAud = await mint({ claims: { aud: 'another-client' } });
    expect(refusal(await authorize(`Bearer ${wrongAud}`))).toBe(AUDIENCE_REFUSED);
    const idToken = await mint({ claims: { aud: CLIENT, client_id: undefined, token_use: 'id' } });
    expect((await authorize(`Bearer ${idToken}`)).authorized).toBe(true);
  });

  it('refuses a token naming another issuer', async () => {
    const token = await mint({
      claims: { iss: 'https://cognito-idp.eu-north-1.amazonaws.com/eu-north-1_x' },
    });
    expect(refusal(await authorize(`Bearer ${token}`))).toContain('valid issuer');
  });

  it('accepts a good token, with or without the Bearer prefix, and passes its claims as API Gateway does', async () => {
    const token = await mint();
    const result = await authorize(`Bearer ${token}`);
    expect(result).toEqual({
      authorized: true,
      authorizer: {
        jwt: {
          claims: expect.objectContaining({
            sub: '0b7c6a2e-sub',
            iss: ISSUER,
            client_id: CLIENT,
            token_use: 'access',
            scope: 'aws.cognito.signin.user.admin',
            username: 'koordinator',
            'cognito:groups': '[coordinators]',
            exp: expect.stringMatching(/^\d+$/),
          }),
          scopes: null,
        },
      },
    });
    expect((await authorize(token)).authorized).toBe(true);
    expect((await authorize(`bearer ${token}`)).authorized).toBe(true);
  });
});

describe('claims in the form API Gateway hands them to Lambda', () => {
  it('writes arrays as bracketed space-separated strings, numbers and booleans as strings, objects as JSON, and drops nulls', () => {
    expect(
      claimsAsApiGatewayPassesThem({
        'cognito:groups': ['readers', 'coordinators'],
        exp: 1_453_284_000,
        email_verified: true,
        address: { locality: 'Herning' },
        nickname: null as unknown as string,
      }),
    ).toEqual({
      'cognito:groups': '[readers coordinators]',
      exp: '1453284000',
      email_verified: 'true',
      address: '{"locality":"Herning"}',
    });
  });
});
