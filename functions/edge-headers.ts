/**
 * The header in which the site's CloudFront (lib/signup-site.ts) hands on the viewer's address: API Gateway
 * sees CloudFront's own address as the source. CloudFront sets it on every request, over whatever a viewer
 * sent, so through the site it is the viewer's; shared here so the edge and the handler cannot disagree.
 */
export const VIEWER_ADDRESS_HEADER = 'x-viewer-address';
