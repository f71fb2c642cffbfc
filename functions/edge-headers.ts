/**
 * The header in which the site's CloudFront (lib/signup-site.ts) hands on the viewer's address: API Gateway
 * sees CloudFront's own address as the source. CloudFront sets it on every request, over whatever a viewer
 * sent; shared here so the edge and the handler cannot disagree. A caller of API Gateway's own
 * execute-api address can set it to anything, so it is believed only beside the origin secret below.
 */
export const VIEWER_ADDRESS_HEADER = 'x-viewer-address';

/**
 * The header CloudFront adds to every request it sends to the API (an origin custom header, over any a
 * viewer sent), holding a secret generated in Secrets Manager at deploy: it is what tells a request that
 * came through the site apart from one sent straight to execute-api.
 */
export const ORIGIN_SECRET_HEADER = 'x-origin-verify';

/** HSTS for two years, subdomains included: CloudFront's policy takes it as a number of seconds. */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;

/**
 * On every answer of the API, errors included (OWASP's REST headers): JSON or a file is never sniffed into
 * something else, framed, or given a referrer, and browsers keep to HTTPS. The handlers set them, and the
 * site's CloudFront sets them again on everything under /api/*, so API Gateway's own answers (the JWT
 * authorizer's 401 and 403, the 404 of a path no route has, the 413) carry them too.
 */
export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'strict-transport-security': `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`,
} as const;

/** Each route sets its own cache-control; an answer without one (API Gateway's own) is never stored. */
export const DEFAULT_API_CACHE_CONTROL = 'no-store';

/**
 * What the /api/* behaviour's response headers policy makes of an answer's headers (names lowercase): the
 * security headers over whatever the origin sent, and `cache-control` only where the origin sent none.
 */
export function withApiEdgeHeaders(headers: Record<string, string>): Record<string, string> {
  return { 'cache-control': DEFAULT_API_CACHE_CONTROL, ...headers, ...SECURITY_HEADERS };
}
