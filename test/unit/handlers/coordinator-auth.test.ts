import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotSignedInError, requireCoordinator } from '#handlers/coordinator-auth.ts';

const withClaims = (claims?: Record<string, unknown>) =>
  ({ requestContext: claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {} }) as never;

describe('the coordinator check in the handlers', () => {
  it('refuses a request that reached the handler without claims (a route wired without the authorizer)', () => {
    expect(() => requireCoordinator(withClaims())).toThrow(NotSignedInError);
  });

  it('refuses a signed-in user outside the coordinators group, whichever way the groups are written', () => {
    expect(() => requireCoordinator(withClaims({ sub: 'u' }))).toThrow(ForbiddenError);
    expect(() => requireCoordinator(withClaims({ sub: 'u', 'cognito:groups': '[readers]' }))).toThrow(
      ForbiddenError,
    );
    expect(() => requireCoordinator(withClaims({ sub: 'u', 'cognito:groups': ['readers'] }))).toThrow(
      ForbiddenError,
    );
  });

  it('lets a coordinator through, in API Gateway’s string form and as an array', () => {
    expect(() =>
      requireCoordinator(withClaims({ sub: 'u', 'cognito:groups': '[readers coordinators]' })),
    ).not.toThrow();
    expect(() =>
      requireCoordinator(withClaims({ sub: 'u', 'cognito:groups': ['coordinators'] })),
    ).not.toThrow();
  });
});
