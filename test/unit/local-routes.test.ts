import { describe, expect, it } from 'vitest';
import { functionSpecs } from '../../functions/manifest.ts';
import { matchRoute, routesOf } from '../../local/api-gateway.ts';

describe('local routing from the manifest', () => {
  const routes = routesOf(functionSpecs);

  it('sends each manifest route to its function with decoded path parameters', () => {
    expect(matchRoute(routes, 'GET', '/courses/samskabelse-2016')).toMatchObject({
      route: { spec: { id: 'GetCourse' } },
      pathParameters: { courseId: 'samskabelse-2016' },
    });
    expect(matchRoute(routes, 'POST', '/courses/a%20b/registrations')?.pathParameters).toEqual({
      courseId: 'a b',
    });
  });

  it('matches neither another method nor a longer path', () => {
    expect(matchRoute(routes, 'DELETE', '/courses/x')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/courses/x/extra')).toBeUndefined();
  });
});
