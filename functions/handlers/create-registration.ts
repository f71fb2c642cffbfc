import { type RegisterDeps, register } from '#app/register.ts';
import { ValidationError } from '#domain/errors.ts';
import { composeDependencies } from '../compose.ts';
import { VIEWER_ADDRESS_HEADER } from '../edge-headers.ts';
import { httpRoute, json, parseJsonBody } from './http.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

export function createHandler(deps: RegisterDeps) {
  return httpRoute(async (event) => {
    const courseId = event.pathParameters?.courseId ?? '';
    const idempotencyKey = event.headers?.['idempotency-key'];
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ValidationError([
        { path: 'headers.idempotency-key', message: 'Idempotency-Key skal være 1–128 synlige ASCII-tegn.' },
      ]);
    }
    const body = parseJsonBody(event);
    // Through the site's CloudFront, API Gateway's source is CloudFront itself; the viewer's is in a header.
    // An empty header counts as none, so it cannot switch the per-address limit off.
    const sourceIp = event.headers?.[VIEWER_ADDRESS_HEADER] || event.requestContext?.http?.sourceIp;
    const receipt = await register(deps, { courseId, body, idempotencyKey, ...(sourceIp && { sourceIp }) });
    return json(201, receipt);
  });
}

export const handler = createHandler(composeDependencies());
