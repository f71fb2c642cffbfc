import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '#domain/errors.ts';

/** The Cognito group whose members may use the coordinator routes. */
export const COORDINATORS_GROUP = 'coordinators';

export class NotSignedInError extends DomainError {
  readonly code = 'UNAUTHORIZED';
  readonly kind = 'unauthenticated';
  constructor() {
    super('Log ind som koordinator for at se dette.');
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
  readonly kind = 'forbidden';
  constructor() {
    super('Din bruger er ikke koordinator.');
  }
}

type JwtClaims = Record<string, string | number | boolean | string[]>;

/**
 * The HTTP API's JWT authorizer has already checked the token (signature, issuer, expiry, client) before
 * the handler runs, in AWS and in the local gateway alike. This is the second line: a route wired without
 * the authorizer has no claims (401), and a signed-in user outside the coordinators' group gets 403.
 */
export function requireCoordinator(event: Pick<APIGatewayProxyEventV2, 'requestContext'>): void {
  const context = event.requestContext as { authorizer?: { jwt?: { claims?: JwtClaims } } };
  const claims = context.authorizer?.jwt?.claims;
  if (!claims || typeof claims.sub !== 'string') throw new NotSignedInError();
  if (!groupsOf(claims['cognito:groups']).includes(COORDINATORS_GROUP)) throw new ForbiddenError();
}

/** API Gateway hands array claims to Lambda as one string, `[a b]`; tests and other callers pass arrays. */
function groupsOf(claim: JwtClaims[string] | undefined): string[] {
  if (Array.isArray(claim)) return claim;
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}
