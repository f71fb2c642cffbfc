import { describe, expect, it } from 'vitest';
import type { CoordinatorQueryDeps } from '#app/coordinator-queries.ts';
import { listRegistrationPage, registrationDetail } from '#app/coordinator-queries.ts';
import type { StoredRegistration } from '#app/ports.ts';
import { RegistrationNotFoundError } from '#domain/errors.ts';
import { parseRegistrationQuery } from '#domain/registration-query.ts';
import { seedCourse } from '../../support/fixtures.ts';
import { aRegistration } from '../../support/registrations.ts';

const course = seedCourse();
const idOf = (n: number) => `0190a1b2-c3d4-7e5f-8a9b-${String(n).padStart(12, '0')}`;

/** A course partition as DynamoDB pages it: sorted by id, at most `pageSize` items per read. */
function storeWith(registrations: StoredRegistration[]) {
  const reads: number[] = [];
  const store = {
    getCourse: async () => ({
      course,
      counters: {
        confirmedLibraries: 0,
        confirmedParticipants: 0,
        waitlistedLibraries: 0,
        waitlistedParticipants: 0,
      },
    }),
    getRegistration: async (_c: string, id: string) => registrations.find((r) => r.id === id),
    pageRegistrations: async (_c: string, { after, pageSize }: { after?: string; pageSize: number }) => {
      const start = after ? registrations.findIndex((r) => r.id === after) + 1 : 0;
      const page = registrations.slice(start, start + pageSize);
      reads.push(page.length);
      return { registrations: page, more: start + pageSize < registrations.length };
    },
  } as unknown as CoordinatorQueryDeps['store'];
  return { store, reads };
}

const many = Array.from({ length: 250 }, (_, i) => ({
  ...aRegistration({ id: idOf(i), status: i % 10 === 0 ? 'waitlisted' : 'confirmed' }),
  owed: false,
}));

describe('paging through a course’s registrations', () => {
  it('walks all registrations in signup order with each cursor picking up where the last page ended', async () => {
    const { store } = storeWith(many);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listRegistrationPage(
        { store },
        course.id,
        parseRegistrationQuery({ limit: '60', ...(cursor && { cursor }) }),
      );
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(many.map((r) => r.id));
  });

  it('fills a filtered page by reading on, instead of returning the short page a filtered Query gives', async () => {
    const { store, reads } = storeWith(many);
    const page = await listRegistrationPage(
      { store },
      course.id,
      parseRegistrationQuery({ status: 'waitlisted', limit: '20' }),
    );
    expect(page.items).toHaveLength(20);
    expect(page.items.every((i) => i.status === 'waitlisted')).toBe(true);
    expect(reads).toEqual([100, 100]);
    const rest = await listRegistrationPage(
      { store },
      course.id,
      parseRegistrationQuery({ status: 'waitlisted', limit: '20', cursor: page.nextCursor ?? '' }),
    );
    expect(rest.items).toHaveLength(5);
    expect(rest.nextCursor).toBeUndefined();
  });

  it('gives no cursor when the last page ends exactly at the last registration', async () => {
    const { store } = storeWith(many.slice(0, 40));
    const page = await listRegistrationPage({ store }, course.id, parseRegistrationQuery({ limit: '40' }));
    expect(page.items).toHaveLength(40);
    expect(page.nextCursor).toBeUndefined();
  });
});

describe('one registration for the coordinator', () => {
  it('answers an id that cannot exist as not found, without asking the table', async () => {
    const { store } = storeWith(many);
    await expect(registrationDetail({ store }, course.id, '../REG#x')).rejects.toBeInstanceOf(
      RegistrationNotFoundError,
    );
  });

  it('shows the registration with its ledger and its mails in the order they were sent', async () => {
    const registration = {
      ...many[1],
      invoiceNumber: 'KURSUS-0007',
      mailHistory: [
        {
          dedupeKey: 'b',
          kind: 'invoice',
          to: ['x'],
          subject: 'Faktura',
          messageId: '2',
          sentAt: '2016-01-20T09:02:00Z',
        },
        {
          dedupeKey: 'a',
          kind: 'confirmation',
          to: ['x'],
          subject: 'Bekræftelse',
          messageId: '1',
          sentAt: '2016-01-20T09:01:00Z',
        },
      ],
    } as StoredRegistration;
    const { store } = storeWith([registration]);
    const detail = await registrationDetail({ store }, course.id, registration.id);
    expect(detail.mailHistory.map((m) => m.kind)).toEqual(['confirmation', 'invoice']);
    expect(detail.documents).toEqual([
      {
        number: 'KURSUS-0007',
        kind: 'invoice',
        total: registration.price.total,
        issueDate: registration.createdAt.slice(0, 10),
      },
    ]);
    expect(detail.registration).not.toHaveProperty('mailHistory');
  });
});
