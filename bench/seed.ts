/** Fills a local course with many registrations, written by the store exactly as signups write them. */
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Course } from '../functions/domain/course.ts';
import { registrationBody, validEan, withLibrary } from '../test/support/fixtures.ts';
import { aRegistration } from '../test/support/registrations.ts';
import { timedPool } from './support.ts';

export async function seedRegistrations(
  course: Course,
  count: number,
  participantsEach: number,
  createdAt: Date,
): Promise<void> {
  const { composeDependencies } = await import('../functions/compose.ts');
  const { store } = composeDependencies();
  await timedPool(count, 8, async (n) => {
    const body = withLibrary(
      registrationBody(
        {
          participants: Array.from({ length: participantsEach }, (_, p) => ({
            name: `Deltager ${n}-${p}`,
            email: `deltager-${n}-${p}@example.dk`,
            jobTitle: 'Bibliotekar',
          })),
        },
        participantsEach,
      ),
      { ean: validEan(n + 1, '579820'), name: `Bibliotek nr. ${n + 1}` },
    );
    const registration = aRegistration(
      { id: uuidv7(), courseId: course.id, createdAt: createdAt.toISOString() },
      { course, participantCount: participantsEach, body },
    );
    const outcome = await store.saveRegistration({
      registration,
      participantCapacity: undefined,
      idempotency: { key: randomUUID(), fingerprint: '', now: createdAt, expiresAt: createdAt },
    });
    if (outcome.kind !== 'saved') throw new Error(`seeding registration ${n}: ${outcome.kind}`);
  });
}
