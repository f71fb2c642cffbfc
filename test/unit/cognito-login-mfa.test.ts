import { afterEach, describe, expect, it, vi } from 'vitest';
import { login, respondToMfa } from '../../web/admin/cognito-login.ts';

const ENDPOINT = 'https://cognito-idp.eu-north-1.amazonaws.com/';

afterEach(() => vi.unstubAllGlobals());

describe("the dashboard's Cognito sign-in with an authenticator app", () => {
  it('passes on the TOTP challenge and answers it with RespondToAuthChallenge', async () => {
    const answers = [
      { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 'mfa-session', ChallengeParameters: {} },
      { AuthenticationResult: { AccessToken: 'adgang', ExpiresIn: 3600, TokenType: 'Bearer' } },
    ];
    const fetch = vi.fn(async (_url: string, _init: RequestInit) =>
      Response.json(answers.shift(), { status: 200 }),
    );
    vi.stubGlobal('fetch', fetch);

    expect(await login(ENDPOINT, 'klient', 'lone', 'Hemmelig-2016!')).toEqual({
      kind: 'challenge',
      challenge: 'SOFTWARE_TOKEN_MFA',
      session: 'mfa-session',
    });
    const before = Date.now();
    const result = await respondToMfa(ENDPOINT, 'klient', 'mfa-session', 'lone', '123456');
    expect(result).toMatchObject({ kind: 'signed-in', accessToken: 'adgang' });
    expect(result.kind === 'signed-in' && result.expiresAt).toBeGreaterThanOrEqual(before + 3600_000);

    const [url, init] = fetch.mock.calls[1] ?? [];
    expect(url).toBe(ENDPOINT);
    expect(init?.headers).toEqual({
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.RespondToAuthChallenge',
    });
    expect(JSON.parse(String(init?.body))).toEqual({
      ClientId: 'klient',
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: 'mfa-session',
      ChallengeResponses: { USERNAME: 'lone', SOFTWARE_TOKEN_MFA_CODE: '123456' },
    });
  });

  it('takes a wrong code as wrong credentials', async () => {
    vi.stubGlobal('fetch', async () =>
      Response.json(
        { __type: 'CodeMismatchException', message: 'Invalid code received for user' },
        { status: 400 },
      ),
    );
    expect(await respondToMfa(ENDPOINT, 'klient', 's', 'lone', '000000')).toEqual({
      kind: 'wrong-credentials',
    });
  });

  it('tells an unreachable Cognito apart from a refusal', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await login(ENDPOINT, 'klient', 'lone', 'x')).toEqual({ kind: 'network' });
  });
});
