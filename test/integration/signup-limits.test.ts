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

describe('the per-network-address signup limit', () => {
  let api: TestApi;
  let signups = 0;
  beforeAll(async () => {
    api = await startTestApi({
      now: WHILE_OPEN,
      courses: [course],
      background: false,
      floodLimits: FLOOD_LIMITS,
    });
  });
  afterAll(() => api.stop());

  const signUp = async () => {
    const response = await fetch(`${api.stack.url}/courses/${course.id}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body(++signups)),
    });
    await response.arrayBuffer();
    return { status: response.status, retryAfter: Number(response.headers.get('retry-after')) };
  };

  it('holds over any 60 minutes, and Retry-After says when a signup is truly possible again', async () => {
    // Twenty half a second after 09.59: the oldest leaves the window at 10.59.00.5 (plus the moments they took).
    api.stack.clock.set(at('09:59:00.500'));
    for (let n = 0; n < FLOOD_LIMITS.signupsPerSourcePerHour; n++) expect((await signUp()).status).toBe(201);

    // Across the clock hour and through it, every attempt is refused, each told the seconds until 10.59.01.
    for (let minute = 0; minute <= 58; minute++) {
      api.stack.clock.set(at(`10:${String(minute).padStart(2, '0')}:00`));
      const refused = await signUp();
      expect({ minute, status: refused.status }).toEqual({ minute, status: 429 });
      expect(refused.retryAfter).toBe((59 - minute) * 60 + 1);
    }

    // One second short of what the last refusal said is still too early; exactly then, a signup is taken.
    api.stack.clock.set(at('10:59:00'));
    expect(await signUp()).toMatchObject({ status: 429, retryAfter: 1 });
    api.stack.clock.set(at('10:59:01'));
    expect((await signUp()).status).toBe(201);
  });
});
