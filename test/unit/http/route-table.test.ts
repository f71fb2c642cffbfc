import { describe, expect, it } from 'vitest';
import { routeKeyOf, routeTable } from '../../../functions/http/route-table.ts';
import { functionSpecs } from '../../../functions/manifest.ts';

describe('the route table', () => {
  it('names every operation once', () => {
    const ids = routeTable.map((route) => route.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z]+$/);
  });

  it('declares every method and path once', () => {
    const keys = routeTable.map(routeKeyOf);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('gives every route a function of the manifest, a Danish summary and a success status', () => {
    const functions = new Set(functionSpecs.map((spec) => spec.id));
    for (const route of routeTable) {
      expect(functions, route.operationId).toContain(route.functionId);
      expect(route.summary.length, route.operationId).toBeGreaterThan(5);
      const statuses = Object.keys(route.responses).map(Number);
      expect(statuses.length, route.operationId).toBeGreaterThan(0);
      for (const status of statuses) expect(status >= 200 && status < 300, route.operationId).toBe(true);
    }
  });

  it("is where every manifest function's routes come from, guarded as the table says", () => {
    for (const spec of functionSpecs) {
      const declared = routeTable.filter((route) => route.functionId === spec.id);
      expect(spec.routes.map(routeKeyOf), spec.id).toEqual(declared.map(routeKeyOf));
      const forCoordinators = declared.length > 0 && declared.every((r) => r.access === 'coordinator');
      expect(spec.auth === 'coordinator', spec.id).toBe(forCoordinators);
    }
  });

  it('serves its own description publicly at GET /openapi.json', () => {
    expect(routeTable.find((route) => route.operationId === 'getOpenApiDocument')).toMatchObject({
      method: 'GET',
      path: '/openapi.json',
      access: 'public',
    });
  });
});
