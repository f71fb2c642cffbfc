import { type RegisterDeps, register } from '#app/register.ts';
import { ValidationError } from '#domain/errors.ts';
import { composeDependencies } from '../compose.ts';
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
    const sourceIp = event.requestContext?.http?.sourceIp;
    const receipt = await register(deps, { courseId, body, idempotencyKey, ...(sourceIp && { sourceIp }) });
    return json(201, receipt);
  });
}

export const handler = createHandler(composeDependencies());
