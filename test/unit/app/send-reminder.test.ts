import { describe, expect, it } from 'vitest';
import type { MailClaim, StoredRegistration } from '#app/ports.ts';
import { type ReminderDeps, ReminderRunStoppedError, sendReminder } from '#app/send-reminder.ts';
import { findReminder } from '#domain/reminders.ts';
import { registrationBody, seedCourse, VALID_EANS, withLibrary } from '../../support/fixtures.ts';
import { aRegistration } from '../../support/registrations.ts';

const course = seedCourse();
const dayOneWeekBefore = findReminder(course, 'day-1-7d');

function registrations(): StoredRegistration[] {
  const first = aRegistration({ id: 'reg-a' }, { participantCount: 2 });
  const second = aRegistration(
    { id: 'reg-b' },
    {
      body: withLibrary(
        registrationBody({
          contact: { name: 'Carl', email: 'carl@example.dk', phone: '+45 87 65 43 21' },
          participants: [{ name: 'Dorthe', email: 'dorthe@example.dk' }],
        }),
        { ean: VALID_EANS[1] },
      ),
    },
  );
  return [first, second].map((r) => ({ ...r, owed: false }));
}

function depsWith(options: { now: Date; failFor?: string }) {
  const sentTo: string[] = [];
  const claims = new Map<string, 'claimed' | 'sent'>();
  const deps = {
    clock: { now: () => options.now },
    senderAddress: 'kursus@example.dk',
    contactAddresses: { coordinator: 'koordinator@example.dk' },
    mailer: {
      sendRaw: async ({ to }: { to: string[] }) => {
        if (options.failFor && to.includes(options.failFor)) throw new Error('MessageRejected');
        sentTo.push(to[0] as string);
        return `msg-${sentTo.length}`;
      },
    },
    store: {
      getCourse: async () => ({ course, counters: {} }),
      listRegistrations: async () => registrations(),
      claimMail: async (key: string): Promise<MailClaim> => {
        if (claims.get(key) === 'sent') return 'already-sent';
        claims.set(key, 'claimed');
        return 'claimed';
      },
      releaseMail: async (key: string) => {
        claims.delete(key);
      },
      recordMailSent: async (entry: { dedupeKey: string }) => {
        claims.set(entry.dedupeKey, 'sent');
      },
    },
  } as unknown as ReminderDeps;
  return { deps, sentTo };
}

describe('sending a reminder', () => {
  const due = new Date((dayOneWeekBefore?.at.getTime() ?? 0) + 60_000);

  it('mails every participant once, and nothing more when invoked again', async () => {
    const { deps, sentTo } = depsWith({ now: due });
    expect(await sendReminder(deps, { courseId: course.id, reminderId: 'day-1-7d' })).toEqual({
      status: 'sent',
      sent: 3,
      alreadySent: 0,
    });
    expect(await sendReminder(deps, { courseId: course.id, reminderId: 'day-1-7d' })).toEqual({
      status: 'sent',
      sent: 0,
      alreadySent: 3,
    });
    expect(sentTo.sort()).toEqual(['deltager1@example.dk', 'deltager2@example.dk', 'dorthe@example.dk']);
  });

  it('stops before its time is up without losing anyone, and the next run sends the rest', async () => {
    const { deps, sentTo } = depsWith({ now: due });
    let checks = 0;
    const key = { courseId: course.id, reminderId: 'day-1-7d' };
    const stopped = sendReminder(deps, key, { timeLeftMs: () => (++checks <= 2 ? 60_000 : 0) });
    await expect(stopped).rejects.toThrow(ReminderRunStoppedError);
    await expect(stopped).rejects.toMatchObject({ sent: 2, left: 1 });
    expect(sentTo).toHaveLength(2);

    expect(await sendReminder(deps, key)).toEqual({ status: 'sent', sent: 1, alreadySent: 2 });
    expect(sentTo.sort()).toEqual(['deltager1@example.dk', 'deltager2@example.dk', 'dorthe@example.dk']);
  });

  it('tries every recipient before reporting the one that failed, and sends the rest on the retry', async () => {
    const { deps, sentTo } = depsWith({ now: due, failFor: 'deltager1@example.dk' });
    await expect(sendReminder(deps, { courseId: course.id, reminderId: 'day-1-7d' })).rejects.toThrow(
      '1 of 3 reminder mails not sent',
    );
    expect(sentTo.sort()).toEqual(['deltager2@example.dk', 'dorthe@example.dk']);
  });

  it('sends nothing before its time or once its session has started', async () => {
    const early = depsWith({ now: new Date((dayOneWeekBefore?.at.getTime() ?? 0) - 60_000) });
    expect(await sendReminder(early.deps, { courseId: course.id, reminderId: 'day-1-7d' })).toEqual({
      status: 'not-due',
    });
    const late = depsWith({ now: new Date('2016-03-07T09:30:00+01:00') });
    expect(await sendReminder(late.deps, { courseId: course.id, reminderId: 'day-1-7d' })).toEqual({
      status: 'not-due',
    });
    expect([...early.sentTo, ...late.sentTo]).toEqual([]);
  });

  it('ignores a schedule whose reminder the course no longer plans', async () => {
    const { deps } = depsWith({ now: due });
    expect(await sendReminder(deps, { courseId: course.id, reminderId: 'day-9-7d' })).toEqual({
      status: 'unknown-reminder',
    });
  });
});
