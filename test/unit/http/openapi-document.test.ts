import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../functions/http/openapi.ts';
import { routeTable } from '../../../functions/http/route-table.ts';
import { answerChecker } from '../../support/openapi-validation.ts';
import { redoclyLint } from '../../support/redocly-lint.ts';

type Operation = {
  operationId: string;
  security: Record<string, string[]>[];
  parameters?: { name?: string; in?: string; required?: boolean; $ref?: string }[];
  requestBody?: { required: boolean };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
};

const document = openApiDocument(routeTable) as {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
};
const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods));
const operation = (id: string) => {
  const found = operations.find((o) => o.operationId === id);
  if (!found) throw new Error(`no operation ${id}`);
  return found;
};

describe('the OpenAPI document made from the routes', () => {
  it('passes redocly lint with the recommended rules', () => {
    const { status, report } = redoclyLint(document);
    expect(status, report).toBe(0);
  }, 60_000);

  it('is OpenAPI 3.1 with one operation per route', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(operations.map((o) => o.operationId).sort()).toEqual(routeTable.map((r) => r.operationId).sort());
  });

  it('asks a coordinator for the bearer token, a link for its token header, and the public for nothing', () => {
    expect(operation('listCourses').security).toEqual([{ coordinatorToken: [] }]);
    expect(operation('bookVisitByLink').security).toEqual([{ linkToken: [] }]);
    expect(operation('createRegistration').security).toEqual([]);
  });

  it('takes an Idempotency-Key where a retry must not repeat the signup or the mail', () => {
    const withKey = operations.filter((o) =>
      o.parameters?.some((p) => p.$ref === '#/components/parameters/IdempotencyKey'),
    );
    expect(withKey.map((o) => o.operationId).sort()).toEqual(['createRegistration', 'resendMail']);
  });

  it("lists the registration list's filters as optional query parameters", () => {
    const query = operation('listRegistrations').parameters?.filter((p) => p.in === 'query');
    expect(query?.map((p) => [p.name, p.required])).toEqual([
      ['status', false],
      ['q', false],
      ['limit', false],
      ['cursor', false],
    ]);
  });

  it('lets a cancel come without a body', () => {
    expect(operation('cancelRegistration').requestBody?.required).toBe(false);
    expect(operation('changeParticipants').requestBody?.required).toBe(true);
  });

  it('documents every refusal with the error envelope, and a refusal for every route that can be refused', () => {
    for (const o of operations.filter((o) => o.operationId !== 'getOpenApiDocument')) {
      const refusals = Object.keys(o.responses).filter((status) => status.startsWith('4'));
      expect(refusals.length, o.operationId).toBeGreaterThan(0);
      for (const status of refusals)
        expect(JSON.stringify(o.responses[status]), `${o.operationId} ${status}`).toContain('ErrorEnvelope');
    }
    expect(Object.keys(operation('createRegistration').responses)).toEqual(
      expect.arrayContaining(['201', '400', '404', '409', '413', '415', '422', '429', '503']),
    );
    expect(Object.keys(operation('getRegistration').responses)).toEqual(
      expect.arrayContaining(['200', '401', '403', '404']),
    );
  });
});

describe('holding an answer to the document', () => {
  const check = answerChecker(routeTable);
  const totals = {
    courseId: 'samskabelse-2016',
    libraries: 1,
    participants: 2,
    booksToOrder: 2,
    cateringCount: 2,
    withDietaryNeeds: 0,
    waitlistedLibraries: 0,
    waitlistedParticipants: 0,
    dietaryNeeds: [],
    cancelledLibraries: 0,
    invoiced: 0,
    credited: 0,
    outstanding: 0,
    notYetInvoiced: 0,
  };
  const answer = (status: number, body: unknown) => ({
    method: 'GET',
    path: '/admin/courses/samskabelse-2016/totals',
    status,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify(body),
  });

  it('accepts an answer as documented, and the gateway refusing a missing token', () => {
    expect(() => check(answer(200, totals))).not.toThrow();
    expect(() => check(answer(401, { message: 'Unauthorized' }))).not.toThrow();
  });

  it('names the route and the field when an answer has drifted', () => {
    expect(() => check(answer(200, { ...totals, refunded: 0 }))).toThrow(
      /GET \/admin\/courses\/samskabelse-2016\/totals \(getCourseTotals\) answered 200.*\n.*additional properties.*refunded/,
    );
    expect(() => check(answer(200, { ...totals, libraries: 'one' }))).toThrow(/\/libraries: must be integer/);
  });

  it("follows a named part of an answer into the components (a receipt's price)", () => {
    const price = { currency: 'DKK', packages: 1, participants: 1, packageFee: 1, catering: 1, subtotal: 2 };
    const receipt = {
      registration: { id: 'r', courseId: 'c', status: 'confirmed' },
      price: { ...price, vatRate: 0, vat: 0, total: 2 },
    };
    const signup = (body: unknown) => ({
      ...answer(201, body),
      method: 'POST',
      path: '/courses/samskabelse-2016/registrations',
    });
    expect(() => check(signup(receipt))).not.toThrow();
    expect(() => check(signup({ ...receipt, price: { ...receipt.price, vatRate: '25 %' } }))).toThrow(
      /\/price\/vatRate/,
    );
  });

  it('refuses a status the document does not list, and a route it does not have', () => {
    expect(() => check(answer(418, {}))).toThrow(/answered 418, which the OpenAPI document does not list/);
    expect(() => check({ ...answer(200, {}), path: '/admin/everything' })).toThrow(/has no such route/);
  });
});
