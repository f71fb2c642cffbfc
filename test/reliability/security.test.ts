import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../functions/edge-headers.ts';
import { functionSpecs } from '../../functions/manifest.ts';
import { courseVariant, registrationBody, validEan, WHILE_OPEN, withLibrary } from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { recordFigure } from './figures.ts';

const course = courseVariant('security', { capacity: undefined });

describe('every API route’s answers', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ now: WHILE_OPEN, courses: [course], background: false });
  });
  afterAll(() => api.stop());

  it('carry the security headers, on success and on error alike', async () => {
    const created = await api.post(`/courses/${course.id}/registrations`, registrationBody());
    const id = String(created.body.registration.id);
    const token = await api.stack.auth.token();
    // Every route the manifest has, its parameters filled in: a new route is covered as it is added.
    const routes = functionSpecs.flatMap((spec) =>
      spec.routes.map((route) => ({ ...route, auth: spec.auth })),
    );
    const answers: { route: string; status: number; headers: Headers }[] = [];
    for (const route of routes) {
      const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
        name === 'courseId' ? course.id : name === 'registrationId' ? id : 'KURSUS-0001',
      );
      for (const body of route.method === 'GET' ? [undefined] : ['{}', 'ikke json']) {
        const response = await fetch(`${api.stack.url}${path}`, {
          method: route.method,
          headers: {
            ...(route.auth && { authorization: `Bearer ${token}` }),
            ...(body !== undefined && { 'content-type': 'application/json' }),
          },
          ...(body !== undefined && { body }),
        });
        await response.arrayBuffer();
        answers.push({
          route: `${route.method} ${route.path}`,
          status: response.status,
          headers: response.headers,
        });
      }
    }
    const missing = answers.flatMap(({ route, status, headers }) =>
      Object.entries(SECURITY_HEADERS)
        .filter(([name, value]) => headers.get(name) !== value)
        .map(([name]) => `${route} → ${status}: ${name}`),
    );
    expect(missing).toEqual([]);
    expect(new Set(answers.map((a) => Math.floor(a.status / 100)))).toEqual(new Set([2, 4]));
    recordFigure({
      area: 'security',
      what: 'security headers on every route',
      figure: `${answers.length} answers on ${routes.length} routes (${answers.filter((a) => a.status >= 400).length} errors), all with ${Object.keys(SECURITY_HEADERS).length} headers`,
    });
  });
});

describe('the public POST as a way to flood an inbox (OWASP API4)', () => {
  let api: TestApi;
  beforeAll(async () => {
    const { FLOOD_LIMITS } = await import('../../functions/domain/flood-limits.ts');
    api = await startTestApi({
      now: WHILE_OPEN,
      courses: [course],
      background: false,
      floodLimits: FLOOD_LIMITS,
    });
  });
  afterAll(() => api.stop());

  const signup = (n: number, contactEmail: string) =>
    api.post(
      `/courses/${course.id}/registrations`,
      withLibrary(
        registrationBody({
          contact: { name: `Kontakt ${n}`, email: contactEmail, phone: '+45 12 34 56 78' },
          leader: { name: `Leder ${n}`, email: `leder-${n}@example.dk` },
          invoiceEmail: `faktura-${n}@example.dk`,
          participants: [{ name: `Deltager ${n}`, email: `deltager-${n}@example.dk` }],
        }),
        { ean: validEan(n, '579850') },
      ),
    );

  it('lets one address be named in five registrations of a course, refusing the sixth at its field', async () => {
    for (let n = 1; n <= 5; n++) expect((await signup(n, 'offer@example.dk')).status).toBe(201);
    const sixth = await signup(6, 'OFFER@example.dk');
    expect(sixth.status).toBe(409);
    expect(sixth.body.error).toMatchObject({
      code: 'ADDRESS_LIMIT_REACHED',
      fields: [
        {
          path: 'contact.email',
          message: 'Denne e-mailadresse er brugt i for mange tilmeldinger til kurset.',
        },
      ],
    });
    const registrations = (await api.itemsOfCourse(course.id)).filter((i) => i.type === 'registration');
    expect(registrations).toHaveLength(5);
    // The counters hold a hash of the address, never the address.
    expect(JSON.stringify(await api.itemsOfCourse(course.id)).includes('ADDR#offer')).toBe(false);
  });

  it('takes at most twenty signups in 60 minutes from one network address, then answers 429 with a true Retry-After', async () => {
    const answers: number[] = [];
    // Five went through above from the same address (127.0.0.1) in this hour.
    for (let n = 100; n < 117; n++) answers.push((await signup(n, `kontakt-${n}@example.dk`)).status);
    expect(answers.slice(0, 15)).toEqual(Array(15).fill(201));
    expect(answers.slice(15)).toEqual([429, 429]);
    const refused = await fetch(`${api.stack.url}/courses/${course.id}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(withLibrary(registrationBody(), { ean: validEan(200, '579850') })),
    });
    expect(refused.status).toBe(429);
    // The first of the twenty was taken seconds ago: it leaves the window in a little under an hour.
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('TOO_MANY_SIGNUPS');
    recordFigure({
      area: 'security',
      what: 'inbox flooding through the public POST',
      figure: '6th registration naming an address → 409; 21st signup in an hour from one address → 429',
    });
  });
});
