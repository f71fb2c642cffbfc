/**
 * Signing in with Cognito's own JSON protocol (InitiateAuth / RespondToAuthChallenge), with nothing but
 * fetch: against Cognito in AWS, and against the local issuer of `npm start`, which speaks the same.
 */
export type LoginResult =
  | { kind: 'signed-in'; accessToken: string; expiresAt: number }
  /** Cognito wants another step: `SOFTWARE_TOKEN_MFA`, `NEW_PASSWORD_REQUIRED`, … with this session. */
  | { kind: 'challenge'; challenge: string; session: string }
  | { kind: 'wrong-credentials' }
  /** Cognito could not be reached: offline, blocked, or no answer. */
  | { kind: 'network' }
  /** Cognito refused for another reason; `reason` is its error type (`TooManyRequestsException`, …). */
  | { kind: 'failed'; reason: string };

const SERVICE = 'AWSCognitoIdentityProviderService';

async function call(endpoint: string, action: string, body: unknown): Promise<LoginResult> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${SERVICE}.${action}` },
      body: JSON.stringify(body),
    });
  } catch {
    return { kind: 'network' };
  }
  const answer = (await response.json().catch(() => ({}))) as {
    __type?: string;
    AuthenticationResult?: { AccessToken?: string; ExpiresIn?: number };
    ChallengeName?: string;
    Session?: string;
  };
  if (!response.ok) {
    // Cognito names the error in __type, sometimes behind a namespace: `…#NotAuthorizedException`.
    const type = answer.__type?.split('#').at(-1) ?? '';
    if (['NotAuthorizedException', 'UserNotFoundException', 'CodeMismatchException'].includes(type))
      return { kind: 'wrong-credentials' };
    return { kind: 'failed', reason: type || String(response.status) };
  }
  const result = answer.AuthenticationResult;
  if (result?.AccessToken) {
    return {
      kind: 'signed-in',
      accessToken: result.AccessToken,
      expiresAt: Date.now() + (result.ExpiresIn ?? 3600) * 1000,
    };
  }
  if (answer.ChallengeName && answer.Session)
    return { kind: 'challenge', challenge: answer.ChallengeName, session: answer.Session };
  return { kind: 'failed', reason: 'unexpected answer' };
}

export function login(endpoint: string, clientId: string, username: string, password: string) {
  return call(endpoint, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });
}

/** The second step for an account with an authenticator app (TOTP). */
export function respondToMfa(
  endpoint: string,
  clientId: string,
  session: string,
  username: string,
  code: string,
) {
  return call(endpoint, 'RespondToAuthChallenge', {
    ClientId: clientId,
    ChallengeName: 'SOFTWARE_TOKEN_MFA',
    Session: session,
    ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: code },
  });
}

/** First login of an account an administrator created: Cognito asks for a new password. */
export function respondWithNewPassword(
  endpoint: string,
  clientId: string,
  session: string,
  username: string,
  newPassword: string,
) {
  return call(endpoint, 'RespondToAuthChallenge', {
    ClientId: clientId,
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: session,
    ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword },
  });
}
