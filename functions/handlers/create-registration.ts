import { type RegisterDeps, register } from '#app/register.ts';
import { ValidationError } from '#domain/errors.ts';
import { composeDependencies } from '../compose.ts';
import { VIEWER_ADDRESS_HEADER } from '../edge-headers.ts';
import { routeHandler } from './dispatch.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

export function createHandler(deps: RegisterDeps) {
  return routeHandler('CreateRegistration', deps, {
    createRegistration: async (request, deps) => {
      const { event, idempotencyKey } = request;
      if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
        throw new ValidationError([
          { path: 'headers.idempotency-key', message: 'Idempotency-Key skal være 1–128 synlige ASCII-tegn.' },
        ]);
      }
      const body = request.body();
      // Through the site's CloudFront, API Gateway's source is CloudFront itself; the viewer's is in a header.
      // An empty header counts as none, so it cannot switch the per-address limit off.
      const sourceIp = event.headers?.[VIEWER_ADDRESS_HEADER] || event.requestContext?.http?.sourceIp;
      return register(deps, {
        courseId: request.param('courseId'),
        body,
        idempotencyKey,
        ...(sourceIp && { sourceIp }),
      });
    },
  });
}

export const handler = createHandler(composeDependencies());
