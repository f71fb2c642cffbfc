import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredRegistration } from '#app/ports.ts';
import { type PlannedReminder, reminderPlan, reminderRecipients } from '#domain/reminders.ts';
import { registrationBody, seedCourse, VALID_EANS, WHILE_OPEN, withLibrary } from '../support/fixtures.ts';
import { startTestApi, type TestApi } from '../support/local-api.ts';
import { clearMails, sentMails, waitForMails } from '../support/mail-store.ts';

const SEED = 'samskabelse-2016';
const course = seedCourse();
const plan = reminderPlan(course);

describe('reminders across the whole 2016 course on the local clock', () => {
  let api: TestApi;
  let registrations: StoredRegistration[];

  beforeAll(async () => {
    api = await startTestApi({ now: WHILE_OPEN });
    // Two libraries: one with a full package's worth of room left, one with three participants.
    await api.post(
      `/courses/${SEED}/registrations`,
      withLibrary(registrationBody({}, 1), { ean: VALID_EANS[0] }),
    );
    const second = withLibrary(
      registrationBody(
        { contact: { name: 'Carl Kontakt', email: 'carl@example.dk', phone: '+45 87 65 43 21' } },
        3,
      ),
      { ean: VALID_EANS[1] },
    );
    second.participants = second.participants.map((p, i) => ({ ...p, email: `hold2-${i + 1}@example.dk` }));
    await api.post(`/courses/${SEED}/registrations`, second);
    // Confirmations, welcomes and invoices first: 3 + 5 mails.
    await waitForMails(api.stack.mailUrl, 8, 10_000);
    await clearMails(api.stack.mailUrl);
    registrations = (await api.itemsOfCourse(SEED)).filter(
      (i) => i.type === 'registration',
    ) as unknown as StoredRegistration[];
  }, 60_000);
  afterAll(() => api.stop());

  const expectedFor = (reminder: PlannedReminder) =>
    reminderRecipients(
      reminder,
      course,
      registrations,
      { name: 'Lone', email: 'koordinator@example.dk' },
      // No visit slots are published and no case is written in this walk: nobody is asked to book,
      // everybody is sent their case link and then the gentle reminder.
      { slotsPublished: false, hasVisit: () => false, hasCase: () => false },
    );

  it('sends each reminder to each of its recipients exactly once, at its planned time', async () => {
    let expectedTotal = 0;
    for (const reminder of plan) {
      api.stack.clock.set(new Date(reminder.at.getTime() + 1000));
      expectedTotal += expectedFor(reminder).length;
      const mails = await waitForMails(api.stack.mailUrl, expectedTotal, 5000);
      expect(mails, `after ${reminder.id}`).toHaveLength(expectedTotal);
    }
    // Every participant got each teaching-day reminder (2 × 3 days) and each round reminder (2) once.
    const mails = await sentMails(api.stack.mailUrl);
    const toParticipant = mails.filter((m) => m.destination.to.includes('hold2-2@example.dk'));
    expect(toParticipant.map((m) => m.subject.split(':')[0]).sort()).toEqual(
      [
        'I morgen',
        'I morgen',
        'I morgen',
        'Påmindelse',
        'Påmindelse',
        'Påmindelse',
        'Påmindelse',
        'Påmindelse',
        `Din prøvehandling på ${course.title}`,
        'Husk din prøvehandling før besøget',
      ].sort(),
    );
    // The coordinator's final list arrived with its CSV.
    const finalList = mails.find((m) => m.subject.startsWith('Deltagerliste'));
    expect(finalList?.attachments.map((a) => a.filename)).toEqual([`deltagerliste-${SEED}.csv`]);
  }, 120_000);

  it('recorded each reminder in the mail history at its planned local time', async () => {
    const items = (await api.itemsOfCourse(SEED)).filter((i) => i.type === 'registration') as unknown as {
      mailHistory: { kind: string; dedupeKey: string; sentAt: string }[];
    }[];
    const reminderSends = items.flatMap((r) => r.mailHistory.filter((m) => m.kind.startsWith('reminder:')));
    expect(reminderSends.length).toBeGreaterThan(0);
    for (const send of reminderSends) {
      const reminderId = send.dedupeKey.split('#')[2];
      const planned = plan.find((p) => p.id === reminderId) as PlannedReminder;
      const lateBy = new Date(send.sentAt).getTime() - planned.at.getTime();
      expect(lateBy).toBeGreaterThanOrEqual(0);
      expect(lateBy).toBeLessThan(60_000);
    }
  });

  it('sends nothing new when the whole course is run again', async () => {
    const before = (await sentMails(api.stack.mailUrl)).length;
    for (const reminder of plan) {
      api.stack.clock.set(new Date(reminder.at.getTime() + 2000));
      await api.stack.sweepNow();
    }
    expect(await sentMails(api.stack.mailUrl)).toHaveLength(before);
  }, 60_000);
});
