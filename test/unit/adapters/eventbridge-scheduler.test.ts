import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  EventBridgeReminderScheduler,
  REMINDER_RETRY_POLICY,
  scheduleName,
} from '#adapters/eventbridge-scheduler.ts';
import { type PlannedReminder, reminderPlan } from '#domain/reminders.ts';
import { seedCourse } from '../../support/fixtures.ts';

const scheduler = mockClient(SchedulerClient);
afterEach(() => scheduler.reset());

const settings = {
  groupName: 'reminders',
  targetArn: 'arn:aws:lambda:eu-north-1:123456789012:function:send-reminder',
  roleArn: 'arn:aws:iam::123456789012:role/scheduler',
  deadLetterArn: 'arn:aws:sqs:eu-north-1:123456789012:failed-reminders',
};
const adapter = new EventBridgeReminderScheduler(new SchedulerClient({ region: 'eu-north-1' }), settings);

const course = seedCourse();
const plan = reminderPlan(course);
const reminder = (id: string) => plan.find((r) => r.id === id) as PlannedReminder;
/** Day 2's 7-day reminder: 9.00 in Copenhagen on 3 May 2016, summer time (07:00 UTC). */
const day2 = reminder('day-2-7d');
const day1 = reminder('day-1-7d');

/** What GetSchedule answers for a schedule as this adapter would have made it for `r`. */
const existingSchedule = (r: PlannedReminder, changes: { localTime?: string } = {}) => ({
  Name: scheduleName(course.id, r.id),
  GroupName: settings.groupName,
  ScheduleExpression: `at(${changes.localTime ?? r.localTime}:00)`,
  ScheduleExpressionTimezone: 'Europe/Copenhagen',
  Target: {
    Arn: settings.targetArn,
    RoleArn: settings.roleArn,
    Input: JSON.stringify({ courseId: course.id, reminderId: r.id }),
    RetryPolicy: { ...REMINDER_RETRY_POLICY },
    DeadLetterConfig: { Arn: settings.deadLetterArn },
  },
});

const listing = (...names: string[]) => ({
  Schedules: names.map((Name) => ({ Name, GroupName: 'reminders' })),
});

describe('syncing a course to EventBridge Scheduler', () => {
  it('creates a missing schedule: at() on Copenhagen wall clocks, the payload, retries and the DLQ', async () => {
    scheduler.on(ListSchedulesCommand).resolves(listing());
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn' });

    expect(await adapter.syncCourse(course.id, [day2])).toEqual({ created: 1, updated: 0, deleted: 0 });

    expect(scheduler.commandCalls(ListSchedulesCommand)[0]?.args[0].input).toMatchObject({
      GroupName: 'reminders',
      NamePrefix: 'samskabelse-2016--',
    });
    const calls = scheduler.commandCalls(CreateScheduleCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      Name: 'samskabelse-2016--day-2-7d',
      GroupName: 'reminders',
      Description: expect.any(String),
      // The wall-clock time, not the UTC instant (07:00Z): the scheduler reads it in the time zone.
      ScheduleExpression: 'at(2016-05-03T09:00:00)',
      ScheduleExpressionTimezone: 'Europe/Copenhagen',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: settings.targetArn,
        RoleArn: settings.roleArn,
        Input: '{"courseId":"samskabelse-2016","reminderId":"day-2-7d"}',
        RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: settings.deadLetterArn },
      },
    });
    expect(scheduler.commandCalls(UpdateScheduleCommand)).toHaveLength(0);
    expect(scheduler.commandCalls(DeleteScheduleCommand)).toHaveLength(0);
  });

  it('moves a schedule whose date changed (UpdateSchedule with the whole new definition)', async () => {
    scheduler.on(ListSchedulesCommand).resolves(listing('samskabelse-2016--day-2-7d'));
    scheduler.on(GetScheduleCommand).resolves(existingSchedule(day2, { localTime: '2016-04-26T09:00' }));
    scheduler.on(UpdateScheduleCommand).resolves({ ScheduleArn: 'arn' });

    expect(await adapter.syncCourse(course.id, [day2])).toEqual({ created: 0, updated: 1, deleted: 0 });

    expect(scheduler.commandCalls(GetScheduleCommand)[0]?.args[0].input).toEqual({
      Name: 'samskabelse-2016--day-2-7d',
      GroupName: 'reminders',
    });
    const [update] = scheduler.commandCalls(UpdateScheduleCommand);
    expect(update?.args[0].input).toMatchObject({
      Name: 'samskabelse-2016--day-2-7d',
      GroupName: 'reminders',
      ScheduleExpression: 'at(2016-05-03T09:00:00)',
      ScheduleExpressionTimezone: 'Europe/Copenhagen',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: settings.targetArn,
        RoleArn: settings.roleArn,
        DeadLetterConfig: { Arn: settings.deadLetterArn },
      },
    });
    expect(scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(0);
  });

  it('deletes a schedule no longer planned (a removed session) and leaves unchanged ones alone', async () => {
    scheduler
      .on(ListSchedulesCommand)
      .resolves(listing('samskabelse-2016--day-1-7d', 'samskabelse-2016--day-9-7d'));
    scheduler.on(GetScheduleCommand, { Name: 'samskabelse-2016--day-1-7d' }).resolves(existingSchedule(day1));
    scheduler.on(DeleteScheduleCommand).resolves({});

    expect(await adapter.syncCourse(course.id, [day1])).toEqual({ created: 0, updated: 0, deleted: 1 });

    expect(scheduler.commandCalls(DeleteScheduleCommand).map((c) => c.args[0].input)).toEqual([
      { Name: 'samskabelse-2016--day-9-7d', GroupName: 'reminders' },
    ]);
    expect(scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(0);
    expect(scheduler.commandCalls(UpdateScheduleCommand)).toHaveLength(0);
  });

  it('reads every page of ListSchedules before deciding what is missing', async () => {
    scheduler
      .on(ListSchedulesCommand)
      .resolvesOnce({ ...listing('samskabelse-2016--day-1-7d'), NextToken: 'page-2' })
      .resolvesOnce(listing('samskabelse-2016--day-2-7d'));
    scheduler.on(GetScheduleCommand, { Name: 'samskabelse-2016--day-1-7d' }).resolves(existingSchedule(day1));
    scheduler.on(GetScheduleCommand, { Name: 'samskabelse-2016--day-2-7d' }).resolves(existingSchedule(day2));
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn' });

    const dayOneDayBefore = reminder('day-1-1d');
    expect(await adapter.syncCourse(course.id, [day1, day2, dayOneDayBefore])).toEqual({
      created: 1,
      updated: 0,
      deleted: 0,
    });

    const lists = scheduler.commandCalls(ListSchedulesCommand).map((c) => c.args[0].input);
    expect(lists).toHaveLength(2);
    expect(lists[1]).toMatchObject({
      GroupName: 'reminders',
      NamePrefix: 'samskabelse-2016--',
      NextToken: 'page-2',
    });
    expect(scheduler.commandCalls(CreateScheduleCommand).map((c) => c.args[0].input.Name)).toEqual([
      'samskabelse-2016--day-1-1d',
    ]);
    expect(scheduler.commandCalls(DeleteScheduleCommand)).toHaveLength(0);
  });

  it('plans the whole seed course as one schedule per reminder, each at its local time', async () => {
    scheduler.on(ListSchedulesCommand).resolves(listing());
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn' });

    await adapter.syncCourse(course.id, plan);

    const created = scheduler.commandCalls(CreateScheduleCommand).map((c) => c.args[0].input);
    expect(created.map((s) => [s.Name, s.ScheduleExpression])).toEqual(
      plan.map((r) => [`samskabelse-2016--${r.id}`, `at(${r.localTime}:00)`]),
    );
    // Both sides of the DST change on 27 March 2016 are 9.00 on the clocks.
    expect(created.map((s) => s.ScheduleExpression)).toContain('at(2016-03-07T09:00:00)');
    expect(created.map((s) => s.ScheduleExpression)).toContain('at(2016-05-03T09:00:00)');
  });

  it('refuses a schedule name over 64 characters before changing anything', async () => {
    const longCourseId = `kursus-${'x'.repeat(50)}`;
    expect(() => scheduleName(longCourseId, 'day-1-7d')).toThrow(/64/);
    await expect(adapter.syncCourse(longCourseId, [day1])).rejects.toThrow(/64/);
    expect(scheduler.calls()).toHaveLength(0);
  });
});
