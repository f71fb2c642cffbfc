import { describe, expect, it, vi } from 'vitest';
import { cancelRegistration } from '#app/cancel-registration.ts';
import { changeParticipants } from '#app/change-participants.ts';
import type { StoredRegistration } from '#app/ports.ts';
import { resendMail } from '#app/resend-mail.ts';
import {
  CapacityExceededError,
  RegistrationCancelledError,
  RegistrationNotFoundError,
  ValidationError,
} from '#domain/errors.ts';
import { courseVariant, WHILE_OPEN } from '../../support/fixtures.ts';
import { aRegistration } from '../../support/registrations.ts';

const ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const course = courseVariant('lille-hold-2016', { capacity: { participants: 4 } });

function storeWith(...reads: (StoredRegistration | undefined)[]) {
  const queue = [...reads];
  return {
    getCourse: async () => ({ course, counters: {} }),
    getRegistration: vi.fn(async () => (queue.length > 1 ? queue.shift() : queue[0])),
    cancelRegistration: vi.fn(
      async (_r: StoredRegistration, _at: Date) => 'cancelled' as 'cancelled' | 'changed',
    ),
    changeParticipants: vi.fn(
      async (_r: StoredRegistration, _c: unknown) => 'saved' as 'saved' | 'no-room' | 'changed',
    ),
    requestResend: vi.fn(async (_r: StoredRegistration, _request: { id: string; what: string }) => undefined),
  };
}

const stored = (overrides: Partial<StoredRegistration> = {}, participantCount = 2): StoredRegistration => ({
  ...aRegistration({ id: ID, courseId: course.id, ...overrides }, { course, participantCount }),
  owed: false,
  owedVersion: 1,
  ...overrides,
});
const deps = (store: ReturnType<typeof storeWith>) => ({
  store: store as never,
  clock: { now: () => WHILE_OPEN },
});

describe('cancelling', () => {
  it('answers a second cancel as the first, writing nothing', async () => {
    const store = storeWith(stored({ status: 'cancelled', cancelledAt: '2016-01-21T10:00:00.000Z' }));
    const result = await cancelRegistration(deps(store), course.id, ID);
    expect(result).toMatchObject({ id: ID, status: 'cancelled', cancelledAt: '2016-01-21T10:00:00.000Z' });
    expect(store.cancelRegistration).not.toHaveBeenCalled();
  });

  it('reads again and decides anew when the registration changed under it', async () => {
    const store = storeWith(stored(), stored({ invoiceNumber: 'KURSUS-0001' }));
    store.cancelRegistration.mockResolvedValueOnce('changed');
    await cancelRegistration(deps(store), course.id, ID);
    expect(store.cancelRegistration).toHaveBeenCalledTimes(2);
    expect(store.cancelRegistration.mock.calls[1]?.[0]).toMatchObject({ invoiceNumber: 'KURSUS-0001' });
  });

  it('refuses an id that cannot exist without reading the table', async () => {
    const store = storeWith(stored());
    await expect(cancelRegistration(deps(store), course.id, 'REG#1')).rejects.toBeInstanceOf(
      RegistrationNotFoundError,
    );
    expect(store.getRegistration).not.toHaveBeenCalled();
  });
});

describe('changing participants', () => {
  const people = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ name: `P ${i}`, email: `p${i}@example.dk` }));

  it('prices the new list with the prices quoted at signup, not the course’s current ones', async () => {
    const quoted = stored();
    const store = storeWith({
      ...quoted,
      pricing: {
        ...quoted.pricing,
        cateringPerParticipant: { ...quoted.pricing.cateringPerParticipant, unitPrice: 50000 },
      },
    });
    const result = await changeParticipants(deps(store), course.id, ID, { participants: people(3) });
    expect(result.price).toMatchObject({ participants: 3, catering: 3 * 50000 });
  });

  it('refuses to grow a confirmed registration beyond the capacity, and to change a cancelled one', async () => {
    const full = storeWith(stored());
    full.changeParticipants.mockResolvedValueOnce('no-room');
    await expect(
      changeParticipants(deps(full), course.id, ID, { participants: people(3) }),
    ).rejects.toBeInstanceOf(CapacityExceededError);
    const cancelled = storeWith(stored({ status: 'cancelled' }));
    await expect(
      changeParticipants(deps(cancelled), course.id, ID, { participants: people(1) }),
    ).rejects.toBeInstanceOf(RegistrationCancelledError);
  });

  it('checks the list as a signup does: the course maximum and duplicate addresses', async () => {
    const store = storeWith(stored());
    const error = await changeParticipants(deps(store), course.id, ID, {
      participants: [...people(5), people(1)[0]],
    }).catch((e: unknown) => e);
    expect((error as ValidationError).fields.map((f) => f.path)).toEqual([
      'participants',
      'participants.5.email',
    ]);
    expect(store.changeParticipants).not.toHaveBeenCalled();
  });
});

describe('resending', () => {
  it('uses the Idempotency-Key as the request id, so a repeat is the same request', async () => {
    const store = storeWith(stored({ invoiceNumber: 'KURSUS-0001' }));
    await resendMail(deps(store), course.id, ID, { what: 'invoice' }, 'klik-1234');
    expect(store.requestResend.mock.calls[0]?.[1]).toMatchObject({ id: 'klik-1234', what: 'invoice' });
  });

  it('refuses to resend an invoice that does not exist, and a malformed key', async () => {
    const store = storeWith(stored());
    await expect(resendMail(deps(store), course.id, ID, { what: 'invoice' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      resendMail(deps(store), course.id, ID, { what: 'confirmation' }, 'x'),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(store.requestResend).not.toHaveBeenCalled();
  });
});
