import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOOD_LIMITS } from '../../functions/domain/flood-limits.ts';
import { courseVariant, registrationBody, validEan, WHILE_OPEN, withLibrary } from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';

const course = courseVariant('flood-window', { capacity: undefined });
const at = (time: string) => new Date(`2016-01-20T${time}+01:00`);

/** A signup naming only its own addresses, so the per-address limit never speaks first. */
const body = (n: number) =>
  withLibrary(
    registrationBody({
      contact: { name: `Kontakt ${n}`, email: `kontakt-${n}@example.dk`, phone: '+45 12 34 56 78' },
      leader: { name: `Leder ${n}`, email: `leder-${n}@example.dk` },
      invoiceEmail: `faktura-${n}@example.dk`,
      participants: [{ name: `Deltager ${n}`, email: `deltager-${n}@example.dk` }],
    }),
    { ean: validEan(n, '579860') },
  );

/** A local stack with the limits as in AWS, and a signup as a client of it sends one. */
function withRealLimits() {
  const context = { api: undefined as unknown as TestApi, signups: 0 };
  beforeAll(async () => {
    context.api = await startTestApi({
      now: WHILE_OPEN,
      courses: [course],
      background: false,
      floodLimits: FLOOD_LIMITS,
    });
  });
  afterAll(() => context.api.stop());
  const signUp = async (headers: Record<string, string> = {}) => {
    const response = await fetch(`${context.api.stack.url}/courses/${course.id}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body(++context.signups)),
    });
    await response.arrayBuffer();
    return { status: response.status, retryAfter: Number(response.headers.get('retry-after')) };
  };
  return { context, signUp };
}

describe('the per-network-address signup limit', () => {
  const { context, signUp } = withRealLimits();

  it('holds over any 60 minutes, and Retry-After says when a signup is truly possible again', async () => {
    // Twenty half a second after 09.59: the oldest leaves the window at 10.59.00.5 (plus the moments they took).
    context.api.stack.clock.set(at('09:59:00.500'));
    for (let n = 0; n < FLOOD_LIMITS.signupsPerSourcePerHour; n++) expect((await signUp()).status).toBe(201);

    // Across the clock hour and through it, every attempt is refused, each told the seconds until 10.59.01.
    for (let minute = 0; minute <= 58; minute++) {
      context.api.stack.clock.set(at(`10:${String(minute).padStart(2, '0')}:00`));
      const refused = await signUp();
      expect({ minute, status: refused.status }).toEqual({ minute, status: 429 });
      expect(refused.retryAfter).toBe((59 - minute) * 60 + 1);
    }

    // One second short of what the last refusal said is still too early; exactly then, a signup is taken.
    context.api.stack.clock.set(at('10:59:00'));
    expect(await signUp()).toMatchObject({ status: 429, retryAfter: 1 });
    context.api.stack.clock.set(at('10:59:01'));
    expect((await signUp()).status).toBe(201);
  });
});

describe("the viewer's address handed on in x-viewer-address", () => {
  const { context, signUp } = withRealLimits();

  it('is ignored without the origin secret: the source address is counted, however the header varies', async () => {
    const answers: number[] = [];
    for (let n = 0; n <= FLOOD_LIMITS.signupsPerSourcePerHour; n++) {
      answers.push((await signUp({ 'x-viewer-address': `198.51.100.${n}` })).status);
    }
    expect(answers).toEqual([...Array(FLOOD_LIMITS.signupsPerSourcePerHour).fill(201), 429]);
    expect((await signUp({ 'x-viewer-address': '198.51.100.99', 'x-origin-verify': 'gæt' })).status).toBe(
      429,
    );
  });

  it("is believed beside the origin secret, as from the site's CloudFront: the viewer is counted", async () => {
    const { originSecret } = context.api.stack;
    expect(
      (await signUp({ 'x-viewer-address': '203.0.113.9', 'x-origin-verify': originSecret })).status,
    ).toBe(201);
  });

  it('counts simultaneous signups from one viewer up to the limit and no further, though all read the same recent signups and no further, though all read the same recent signups', async () => {
    const answers = await Promise.all(
      Array.from({ length: FLOOD_LIMITS.signupsPerSourcePerHour + 5 }, () =>
        signUp({ 'x-viewer-address': '192.0.2.50', 'x-origin-verify': context.api.stack.originSecret }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(FLOOD_LIMITS.signupsPerSourcePerHour);
    expect(statuses.filter((s) => s !== 201)).toEqual(Array(5).fill(429));
  });
});
