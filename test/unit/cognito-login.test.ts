import { afterEach, describe, expect, it, vi } from 'vitest';
import { login, respondWithNewPassword } from '../../web/admin/cognito-login.ts';

const ENDPOINT = 'https://cognito-idp.eu-north-1.amazonaws.com/';

function answer(status: number, body: unknown) {
  const fetch = vi.fn(
    async (_url: string, _init: RequestInit) => new Response(JSON.stringify(body), { status }),
  );
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => vi.unstubAllGlobals());

describe("the dashboard's Cognito sign-in", () => {
  it("sends Cognito's InitiateAuth and reads the access token and its lifetime", async () => {
    const fetch = answer(200, { AuthenticationResult: { AccessToken: 'token', ExpiresIn: 3600 } });
    const result = await login(ENDPOINT, 'client', 'lone', 'hemmelig');
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe(ENDPOINT);
    expect(((init?.headers ?? {}) as Record<string, string>)['x-amz-target']).toBe(
      'AWSCognitoIdentityProviderService.InitiateAuth',
    );
    expect(JSON.parse(String(init?.body))).toEqual({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: 'client',
      AuthParameters: { USERNAME: 'lone', PASSWORD: 'hemmelig' },
    });
    expect(result).toMatchObject({ kind: 'signed-in', accessToken: 'token' });
  });

  it('tells a wrong password from other failures, namespaced error types included', async () => {
    answer(400, { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(await login(ENDPOINT, 'c', 'u', 'p')).toEqual({ kind: 'wrong-credentials' });
    answer(400, { __type: 'com.amazonaws.cognito#TooManyRequestsException' });
    expect(await login(ENDPOINT, 'c', 'u', 'p')).toEqual({
      kind: 'failed',
      reason: 'TooManyRequestsException',
    });
  });

  it('passes on a challenge, and answers the first-login one with the new password', async () => {
    answer(200, { ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 's1', ChallengeParameters: {} });
    expect(await login(ENDPOINT, 'c', 'u', 'p')).toEqual({
      kind: 'challenge',
      challenge: 'NEW_PASSWORD_REQUIRED',
      session: 's1',
    });
    const fetch = answer(200, { AuthenticationResult: { AccessToken: 't2', ExpiresIn: 60 } });
    expect(await respondWithNewPassword(ENDPOINT, 'c', 's1', 'u', 'Ny-Kode-2016!')).toMatchObject({
      kind: 'signed-in',
    });
    expect(JSON.parse(String(fetch.mock.calls[0]?.[1]?.body))).toEqual({
      ClientId: 'c',
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: 's1',
      ChallengeResponses: { USERNAME: 'u', NEW_PASSWORD: 'Ny-Kode-2016!' },
    });
  });
});
