import type { Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import type { ReminderScheduler } from '#app/ports.ts';
import type { SyncDeps } from '#app/sync-reminders.ts';
import { seedCourse } from '../../support/fixtures.ts';

process.env.TABLE_NAME = 'unit-table';
process.env.SCHEDULE_GROUP = 'reminders';
process.env.SEND_REMINDER_ARN = 'arn:aws:lambda:eu-north-1:123456789012:function:send-reminder';
process.env.SCHEDULER_ROLE_ARN = 'arn:aws:iam::123456789012:role/scheduler';
process.env.REMINDER_DLQ_ARN = 'arn:aws:sqs:eu-north-1:123456789012:failed-reminders';
const { createHandler } = await import('#handlers/sync-reminder-schedules.ts');

const course = seedCourse();
const counters = {
  confirmedLibraries: 0,
  confirmedParticipants: 0,
  waitlistedLibraries: 0,
  waitlistedParticipants: 0,
};

function handlerWith(scheduler: ReminderScheduler) {
  const deps = {
    store: { getCourse: async () => ({ course, counters }) },
    scheduler,
    clock: { now: () => new Date('2016-01-01T00:00:00Z') },
  } as unknown as SyncDeps;
  return createHandler(deps) as unknown as (event: unknown, context: Context) => Promise<unknown>;
}

const context = { functionName: 'sync', awsRequestId: 'req' } as Context;

describe('the schedule sync handler', () => {
  it('syncs every course it is given (the deploy-time payload) and answers what changed per course', async () => {
    const syncCourse = vi.fn(async () => ({ created: 11, updated: 0, deleted: 0 }));
    const handler = handlerWith({ syncCourse });
    const outcome = await handler({ courseIds: [course.id], revision: 'a7b961859a15e696' }, context);
    expect(outcome).toEqual({ [course.id]: { created: 11, updated: 0, deleted: 0 } });
    expect(syncCourse).toHaveBeenCalledWith(course.id, expect.any(Array));
  });

  it('rejects anything but a list of course ids', async () => {
    const syncCourse = vi.fn();
    const handler = handlerWith({ syncCourse });
    await expect(handler({ courseIds: [] }, context)).rejects.toThrow();
    await expect(handler({ courseId: course.id }, context)).rejects.toThrow();
    expect(syncCourse).not.toHaveBeenCalled();
  });
});
