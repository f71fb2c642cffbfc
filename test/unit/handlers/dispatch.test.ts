import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { BROKEN_CHARACTER_MESSAGE } from '#domain/text-rule.ts';
import { Answer, type RouteRequest, routeHandler } from '#handlers/dispatch.ts';
import { type HttpFunctionId, routeKeyOf, routeTable } from '../../../functions/http/route-table.ts';

type Result = { statusCode?: number; headers?: Record<string, string>; body?: string };

function call(
  handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>,
  event: Partial<APIGatewayProxyEventV2>,
) {
  return handler(
    { headers: {}, requestContext: {}, ...event } as APIGatewayProxyEventV2,
    { awsRequestId: 'r' } as Context,
  ) as Promise<Result>;
}

const coordinator = { authorizer: { jwt: { claims: { sub: 'u', 'cognito:groups': '[coordinators]' } } } };

describe('the one HTTP dispatch', () => {
  it("hands a link route the link's token and its JSON body, and answers with the route's status", async () => {
    const seen: { token?: string; body?: unknown }[] = [];
    const bind = async (request: RouteRequest) => {
      seen.push({ token: request.linkToken, body: request.body() });
      return { ok: true };
    };
    const handler = routeHandler(
      'ParticipantLinks',
      {},
      { openLink: bind, bookVisitByLink: bind, saveCaseByLink: bind },
    );
    const answer = await call(handler, {
      routeKey: 'PUT /link/visit',
      headers: { 'x-link-token': 'token-from-the-mail', 'content-type': 'application/json' },
      body: '{"slotId":"a"}',
    });
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body ?? '')).toEqual({ ok: true });
    expect(seen).toEqual([{ token: 'token-from-the-mail', body: { slotId: 'a' } }]);
  });

  it('refuses a coordinator route without a coordinator before its use case runs', async () => {
    let ran = false;
    const handler = routeHandler(
      'SaveCourse',
      {},
      {
        saveCourse: async () => {
          ran = true;
        },
      },
    );
    const answer = await call(handler, { routeKey: 'PUT /admin/courses/{courseId}' });
    expect(answer.statusCode).toBe(401);
    expect(ran).toBe(false);
  });

  it('leaves an optional body out when none is sent, and passes a shaped answer as it is', async () => {
    const bodies: unknown[] = [];
    const handler = routeHandler(
      'CoordinatorCommands',
      {},
      {
        cancelRegistration: async (request) => {
          bodies.push(request.body());
          return new Answer({
            statusCode: 200,
            headers: { 'content-type': 'text/plain' },
            body: 'as shaped',
          });
        },
        changeParticipants: async () => undefined,
        resendMail: async () => undefined,
      },
    );
    const answer = await call(handler, {
      routeKey: 'POST /admin/courses/{courseId}/registrations/{registrationId}/cancel',
      requestContext: coordinator as never,
    });
    expect(bodies).toEqual([undefined]);
    expect(answer).toMatchObject({ statusCode: 200, body: 'as shaped' });
  });

  it('refuses text that cannot travel in the body of every route that takes one, before its use case runs', async () => {
    const routesWithBody = routeTable.filter((route) => route.request?.body);
    expect(routesWithBody.length).toBeGreaterThan(5);
    for (const route of routesWithBody) {
      let ran = false;
      const bindEveryRoute = new Proxy(
        {},
        {
          get: () => async (request: RouteRequest) => {
            request.body();
            ran = true;
          },
        },
      );
      const handler = routeHandler(route.functionId as HttpFunctionId, {}, bindEveryRoute as never);
      const answer = await call(handler, {
        routeKey: routeKeyOf(route),
        requestContext: coordinator as never,
        headers: { 'x-link-token': 't', 'idempotency-key': 'k', 'content-type': 'application/json' },
        body: '{"outer":[{"name":"Bibliotek \\uffff"}]}',
      });
      expect(answer.statusCode, route.operationId).toBe(422);
      expect(JSON.parse(answer.body ?? '').error.fields, route.operationId).toEqual([
        { path: 'outer.0.name', message: BROKEN_CHARACTER_MESSAGE },
      ]);
      expect(ran, route.operationId).toBe(false);
    }
  });

  it('answers 404 to a route key the function does not serve', async () => {
    const handler = routeHandler('GetCourse', {}, { getCourse: async () => ({}) });
    expect((await call(handler, { routeKey: 'GET /courses' })).statusCode).toBe(404);
  });
});
