import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { courseVariant, WHILE_OPEN } from '../../support/fixtures.ts';
import { aRegistration } from '../../support/registrations.ts';
import { MemoryStore } from '../app/memory-store.ts';

process.env.TABLE_NAME = 'unit-table';
type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<{ statusCode?: number; body?: string }>;

const course = courseVariant('lille-hold-2016', { capacity: { participants: 4 } });
const ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const base = `/admin/courses/${course.id}/registrations`;
const COORDINATOR = { sub: 'u-1', 'cognito:groups': '[coordinators]' };

let createHandler: (deps: never) => Handler;
beforeAll(async () => {
  ({ createHandler } = (await import('#handlers/coordinator-commands.ts')) as unknown as {
    createHandler: (deps: never) => Handler;
  });
});

function setUp() {
  const store = new MemoryStore(course);
  store.add({
    ...aRegistration({ id: ID, courseId: course.id }, { course, participantCount: 2 }),
    owed: false,
  });
  const handler = createHandler({ store, clock: { now: () => WHILE_OPEN } } as never);
  const call = async (
    method: 'POST' | 'PUT',
    action: 'cancel' | 'participants' | 'resend',
    body?: unknown,
    { id = ID, headers = {}, claims = COORDINATOR as Record<string, unknown> | null } = {},
  ) => {
    const event = {
      version: '2.0',
      routeKey: `${method} /admin/courses/{courseId}/registrations/{registrationId}/${action}`,
      rawPath: `${base}/${id}/${action}`,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      pathParameters: { courseId: course.id, registrationId: id },
      body: body === undefined ? undefined : JSON.stringify(body),
      isBase64Encoded: false,
      requestContext: {
        http: { method },
        requestId: 'r',
        ...(claims && { authorizer: { jwt: { claims } } }),
      },
    } as unknown as APIGatewayProxyEventV2;
    const result = await handler(event, { awsRequestId: 'r', functionName: 'f' } as Context);
    return { status: result.statusCode, body: JSON.parse(result.body ?? '{}') };
  };
  return { store, call };
}

describe('the coordinator-commands handler', () => {
  it('cancels with a reason and answers the cancelled registration; a second click gets the same answer', async () => {
    const { store, call } = setUp();
    const first = await call('POST', 'cancel', { reason: 'Sygdom' });
    const second = await call('POST', 'cancel', { reason: 'Dobbeltklik' });
    expect(first.status).toBe(200);
    expect(first.body.registration).toMatchObject({
      id: ID,
      status: 'cancelled',
      price: { participants: 2 },
    });
    expect(second).toEqual(first);
    expect(store.current(ID).cancellationReason).toBe('Sygdom');
  });

  it('cancels without any body, the reason being optional', async () => {
    const { call } = setUp();
    expect((await call('POST', 'cancel')).status).toBe(200);
  });

  it('refuses an unknown field or a reason that is not text with 422 naming the field, cancelling nothing', async () => {
    const { store, call } = setUp();
    const unknown = await call('POST', 'cancel', { grund: 'Sygdom' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.fields).toEqual([
      { path: 'grund', message: 'Ukendt felt: kun reason kan angives.' },
    ]);
    const number = await call('POST', 'cancel', { reason: 7 });
    expect(number.body.error.fields).toEqual([{ path: 'reason', message: 'Begrundelsen skal være tekst.' }]);
    expect(store.current(ID).status).toBe('confirmed');
  });

  it('answers 404 REGISTRATION_NOT_FOUND for an id that is no UUID, without reading the table', async () => {
    const { store, call } = setUp();
    const getCourse = vi.spyOn(store, 'getCourse');
    const getRegistration = vi.spyOn(store, 'getRegistration');
    for (const [method, action, body] of [
      ['POST', 'cancel', undefined],
      ['PUT', 'participants', { participants: [] }],
      ['POST', 'resend', { what: 'confirmation' }],
    ] as const) {
      const { status, body: answer } = await call(method, action, body, { id: 'REG#x' });
      expect(status).toBe(404);
      expect(answer.error.code).toBe('REGISTRATION_NOT_FOUND');
    }
    expect(getCourse).not.toHaveBeenCalled();
    expect(getRegistration).not.toHaveBeenCalled();
  });

  it('changes the participants and answers the new list and price; a cancelled registration gets 409', async () => {
    const { call } = setUp();
    const changed = await call('PUT', 'participants', {
      participants: [{ name: 'Bo Berg', email: 'BO@example.dk' }],
    });
    expect(changed.status).toBe(200);
    expect(changed.body.registration).toMatchObject({
      participants: [{ name: 'Bo Berg', email: 'bo@example.dk' }],
      price: { participants: 1 },
    });
    await call('POST', 'cancel');
    const refused = await call('PUT', 'participants', {
      participants: [{ name: 'Bo', email: 'bo@example.dk' }],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('REGISTRATION_CANCELLED');
  });

  it('refuses a participants body without the list, naming the missing and the unknown field', async () => {
    const { call } = setUp();
    const { status, body } = await call('PUT', 'participants', { deltagere: [] });
    expect(status).toBe(422);
    expect(body.error.fields.map((f: { path: string }) => f.path)).toEqual(['participants', 'deltagere']);
  });

  it('accepts a resend with 202 under the Idempotency-Key, and answers a repeat with the same request', async () => {
    const { store, call } = setUp();
    const headers = { 'idempotency-key': 'klik-0001' };
    const first = await call('POST', 'resend', { what: 'confirmation' }, { headers });
    const again = await call('POST', 'resend', { what: 'confirmation' }, { headers });
    expect(first.status).toBe(202);
    expect(first.body.resend).toMatchObject({ id: 'klik-0001', what: 'confirmation' });
    expect(again.body).toEqual(first.body);
    expect(store.current(ID).resendRequests).toHaveLength(1);
  });

  it('answers 401 without a signed-in user and 403 to one outside the coordinators group', async () => {
    const { store, call } = setUp();
    expect((await call('POST', 'cancel', undefined, { claims: null })).status).toBe(401);
    const outsider = await call('POST', 'cancel', undefined, {
      claims: { sub: 'u-2', 'cognito:groups': '[]' },
    });
    expect(outsider.status).toBe(403);
    expect(store.current(ID).status).toBe('confirmed');
  });
});
