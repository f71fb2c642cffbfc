import {
  ActionAfterCompletion,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  FlexibleTimeWindowMode,
  GetScheduleCommand,
  paginateListSchedules,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import type { ReminderScheduler, ScheduleSyncResult } from '#app/ports.ts';
import type { PlannedReminder } from '#domain/reminders.ts';
import { COURSE_TIME_ZONE } from '#domain/time.ts';

export interface SchedulerSettings {
  /** The schedule group every reminder schedule lives in. */
  groupName: string;
  /** The send-reminder function the schedules invoke. */
  targetArn: string;
  /** The role EventBridge Scheduler assumes to invoke it (and to write the dead-letter queue). */
  roleArn: string;
  /** Where invocations that failed all their retries are kept. */
  deadLetterArn: string;
}

/** EventBridge Scheduler's limit on a schedule name. */
export const MAX_SCHEDULE_NAME_LENGTH = 64;
const SEPARATOR = '--';

/** A failed invocation is retried for up to an hour; then the event goes to the dead-letter queue. */
export const REMINDER_RETRY_POLICY = { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 3600 } as const;

/** `<courseId>--<reminderId>`: the schedule of one reminder; too long a name is an error, never truncated. */
export function scheduleName(courseId: string, reminderId: string): string {
  const name = `${courseId}${SEPARATOR}${reminderId}`;
  if (name.length > MAX_SCHEDULE_NAME_LENGTH) {
    throw new Error(
      `schedule name ${name} is ${name.length} characters; EventBridge Scheduler allows ${MAX_SCHEDULE_NAME_LENGTH}`,
    );
  }
  return name;
}

/** `at(2016-02-29T09:00:00)`: a one-time schedule, read in the schedule's time zone (Copenhagen). */
export function atExpression(reminder: Pick<PlannedReminder, 'localTime'>): string {
  return `at(${reminder.localTime}:00)`;
}

/** The target input: what send-reminder parses. */
export function reminderInput(courseId: string, reminderId: string): string {
  return JSON.stringify({ courseId, reminderId });
}

/**
 * The course's reminders as one-time EventBridge Scheduler schedules in one group. A sync lists the
 * course's schedules (by name prefix), creates the missing, updates those whose time or input changed (a
 * moved date moves its schedule) and deletes those no longer planned (a removed session). Schedules
 * delete themselves once they have run.
 */
export class EventBridgeReminderScheduler implements ReminderScheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly settings: SchedulerSettings,
  ) {}

  async syncCourse(courseId: string, reminders: PlannedReminder[]): Promise<ScheduleSyncResult> {
    // Every name is checked before anything changes, so a bad plan changes nothing.
    const wanted = new Map(
      reminders.map((r) => [scheduleName(courseId, r.id), this.scheduleOf(courseId, r)]),
    );
    const existing = await this.listNames(courseId);
    const result: ScheduleSyncResult = { created: 0, updated: 0, deleted: 0 };

    for (const [name, schedule] of wanted) {
      if (!existing.has(name)) {
        await this.client.send(new CreateScheduleCommand(schedule));
        result.created++;
        continue;
      }
      const current = await this.client.send(
        new GetScheduleCommand({ Name: name, GroupName: schedule.GroupName }),
      );
      const unchanged =
        current.ScheduleExpression === schedule.ScheduleExpression &&
        current.ScheduleExpressionTimezone === schedule.ScheduleExpressionTimezone &&
        current.Target?.Arn === schedule.Target?.Arn &&
        current.Target?.Input === schedule.Target?.Input &&
        current.Target?.RoleArn === schedule.Target?.RoleArn &&
        current.Target?.DeadLetterConfig?.Arn === schedule.Target?.DeadLetterConfig?.Arn;
      if (unchanged) continue;
      // UpdateSchedule replaces the whole definition: it is given all of it.
      await this.client.send(new UpdateScheduleCommand(schedule));
      result.updated++;
    }
    for (const name of existing) {
      if (wanted.has(name)) continue;
      await this.client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.settings.groupName }));
      result.deleted++;
    }
    return result;
  }

  private async listNames(courseId: string): Promise<Set<string>> {
    const names = new Set<string>();
    const pages = paginateListSchedules(
      { client: this.client },
      { GroupName: this.settings.groupName, NamePrefix: `${courseId}${SEPARATOR}` },
    );
    for await (const page of pages) {
      for (const schedule of page.Schedules ?? []) if (schedule.Name) names.add(schedule.Name);
    }
    return names;
  }

  private scheduleOf(courseId: string, reminder: PlannedReminder): CreateScheduleCommandInput {
    const { groupName, targetArn, roleArn, deadLetterArn } = this.settings;
    return {
      Name: scheduleName(courseId, reminder.id),
      GroupName: groupName,
      Description: `${courseId}: reminder ${reminder.id} (${reminder.template})`,
      ScheduleExpression: atExpression(reminder),
      ScheduleExpressionTimezone: COURSE_TIME_ZONE,
      FlexibleTimeWindow: { Mode: FlexibleTimeWindowMode.OFF },
      ActionAfterCompletion: ActionAfterCompletion.DELETE,
      Target: {
        Arn: targetArn,
        RoleArn: roleArn,
        Input: reminderInput(courseId, reminder.id),
        RetryPolicy: { ...REMINDER_RETRY_POLICY },
        DeadLetterConfig: { Arn: deadLetterArn },
      },
    };
  }
}

export function createReminderScheduler(settings: SchedulerSettings): EventBridgeReminderScheduler {
  return new EventBridgeReminderScheduler(new SchedulerClient({}), settings);
}
