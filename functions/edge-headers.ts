/**
 * The header in which the site's CloudFront (lib/signup-site.ts) hands on the viewer's address: API Gateway
 * sees CloudFront's own address as the source. CloudFront sets it on every request, over whatever a viewer
 * sent, so through the site it is the viewer's; shared here so the edge and the handler cannot disagree.
 * A caller of API Gateway's own execute-api address can set it to anything: there only the stage's
 * throttling and the per-contact-address limit hold (closing that needs a custom domain for the API, with
 * its execute-api endpoint switched off).
 */
export const VIEWER_ADDRESS_HEADER = 'x-viewer-address';
