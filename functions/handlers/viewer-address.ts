import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ORIGIN_SECRET_HEADER, VIEWER_ADDRESS_HEADER } from '../edge-headers.ts';

/**
 * The network address a request is counted against. API Gateway's source is the caller's; through the
 * site's CloudFront that is CloudFront itself, which hands on the viewer's address in a header. Anyone can
 * send that header, so it is believed only from a request that also carries the origin secret CloudFront
 * adds: otherwise the source counts. Without a configured secret the header is never believed.
 */
export function countedAddressOf(
  event: APIGatewayProxyEventV2,
  originSecret: string | undefined,
): string | undefined {
  const headers = event.headers ?? {};
  const viewer = headers[VIEWER_ADDRESS_HEADER];
  // An empty header counts as none, so it cannot switch the per-address limit off.
  if (viewer && originSecret && sameSecret(headers[ORIGIN_SECRET_HEADER], originSecret)) return viewer;
  return event.requestContext?.http?.sourceIp || undefined;
}

/** Compared in constant time, over digests so that not even the secret's length leaks. */
function sameSecret(sent: string | undefined, expected: string): boolean {
  if (sent === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(sent), digest(expected));
}
