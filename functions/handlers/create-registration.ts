import { type RegisterDeps, register } from '#app/register.ts';
import { ValidationError } from '#domain/errors.ts';
import { composeDependencies } from '../compose.ts';
import { routeHandler } from './dispatch.ts';
import { countedAddressOf } from './viewer-address.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

/** `originSecret`: what CloudFront's origin header must hold for its viewer's address to be believed. */
export function createHandler(deps: RegisterDeps & { originSecret?: string }) {
  return routeHandler('CreateRegistration', deps, {
    createRegistration: async (request, deps) => {
      const { event, idempotencyKey } = request;
      if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
        throw new ValidationError([
          { path: 'headers.idempotency-key', message: 'Idempotency-Key skal være 1–128 synlige ASCII-tegn.' },
        ]);
      }
      const body = request.body();
      const sourceIp = countedAddressOf(event, deps.originSecret);
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
