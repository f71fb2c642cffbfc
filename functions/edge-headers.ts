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
