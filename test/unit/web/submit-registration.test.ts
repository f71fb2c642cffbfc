import { afterEach, describe, expect, it, vi } from 'vitest';
import { submitRegistration } from '../../../web/src/api.ts';

const config = { apiUrl: 'https://api.example.dk', defaultCourseId: 'samskabelse-2016' } as Parameters<
  typeof submitRegistration
>[0];

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the form sending a registration', () => {
  it('tells at once when the API says to come back in an hour, instead of waiting behind a spinner', async () => {
    const fetch = vi.fn(async () =>
      answer(
        429,
        { error: { code: 'TOO_MANY_SIGNUPS', message: 'Prøv igen senere.', fields: [] } },
        { 'retry-after': '3600' },
      ),
    );
    vi.stubGlobal('fetch', fetch);
    const outcome = await submitRegistration(config, 'samskabelse-2016', {}, 'key-1');
    expect(outcome).toMatchObject({ ok: false, error: { status: 429, code: 'TOO_MANY_SIGNUPS' } });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('waits out a short Retry-After and sends again under the same key', async () => {
    vi.useFakeTimers();
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(
        answer(
          503,
          { error: { code: 'TEMPORARILY_UNAVAILABLE', message: '', fields: [] } },
          { 'retry-after': '1' },
        ),
      )
      .mockResolvedValueOnce(
        answer(201, { registration: { id: 'r', courseId: 'c', status: 'confirmed' }, price: {} }),
      );
    vi.stubGlobal('fetch', fetch);
    const sending = submitRegistration(config, 'samskabelse-2016', {}, 'key-2');
    await vi.runAllTimersAsync();
    expect(await sending).toMatchObject({ ok: true });
    expect(fetch.mock.calls.map((call) => (call[1] as RequestInit).headers)).toEqual([
      expect.objectContaining({ 'idempotency-key': 'key-2' }),
      expect.objectContaining({ 'idempotency-key': 'key-2' }),
    ]);
    vi.useRealTimers();
  });
});
