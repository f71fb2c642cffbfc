import { DEFAULT_COORDINATOR } from '../../local/auth-issuer.ts';
import type { LocalStack } from '../../local/runtime.ts';
import { apiFetch } from './openapi-validation.ts';

export const LOCAL_COORDINATOR = DEFAULT_COORDINATOR;

/**
 * Signs in through the local issuer's InitiateAuth endpoint, exactly as the dashboard does, and returns the
 * access token; a refused sign-in throws with Cognito's error type (`NotAuthorizedException`).
 */
export function coordinatorToken(stack: LocalStack, username?: string, password?: string): Promise<string> {
  return stack.auth.token(username, password);
}

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field and assert each one.
type JsonBody = any;

/** Calls coordinator routes with a coordinator's token. */
export async function asCoordinator(stack: LocalStack) {
  const token = await coordinatorToken(stack);
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await apiFetch(`${stack.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: (type.includes('json') && text ? JSON.parse(text) : undefined) as JsonBody,
    };
  };
  return {
    token,
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown, headers?: Record<string, string>) =>
      call('POST', path, body ?? {}, headers),
    put: (path: string, body: unknown) => call('PUT', path, body),
  };
}
