import { Aws, Lazy, Stack, Validations } from 'aws-cdk-lib';
import { type IRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { SchedulingConfigName } from '../functions/manifest.ts';
import { deadLetterQueue } from './dead-letter-queue.ts';
import { nagRegion } from './nag-names.ts';

/** EventBridge Scheduler's limit on a schedule group's name. */
const MAX_GROUP_NAME_LENGTH = 64;

/**
 * Where the reminders' one-time schedules live and what they may do: a schedule group, the role
 * EventBridge Scheduler assumes (invoke the reminder target, record failures in the dead-letter queue, and
 * nothing else), and that queue. The schedules themselves are made at run time by the syncing function,
 * from the courses' plans; `grantSync` gives it exactly that.
 */
export class ReminderScheduling extends Construct {
  readonly group: CfnScheduleGroup;
  readonly groupName: string;
  readonly role: Role;
  readonly failedReminders: Queue;
  private target?: IFunction;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    // Named (not generated) so that the sync function's grant names it in a readable ARN.
    this.groupName = `${stack.stackName}-reminders`;
    if (this.groupName.length > MAX_GROUP_NAME_LENGTH) {
      throw new Error(`schedule group name ${this.groupName} is longer than ${MAX_GROUP_NAME_LENGTH}`);
    }
    this.group = new CfnScheduleGroup(this, 'Group', { name: this.groupName });
    this.failedReminders = deadLetterQueue(this, 'FailedReminders');
    this.role = new Role(this, 'SchedulerRole', {
      // Only schedules of this account may assume it (the confused-deputy guard AWS documents).
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: 'Reminder schedules: invoke send-reminder, and record failed reminders in their queue',
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.failedReminders.queueArn] }),
    );
  }

  /** The one function the schedules invoke; the role may invoke it and nothing else. */
  setTarget(fn: IFunction): void {
    if (this.target !== undefined) throw new Error('reminder schedules have one target; a second was given');
    this.target = fn;
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
    );
  }

  /** The settings the syncing function reads; the target's ARN once `setTarget` named it. */
  get config(): Record<SchedulingConfigName, string> {
    return {
      SCHEDULE_GROUP: this.groupName,
      SEND_REMINDER_ARN: Lazy.string({
        produce: () => {
          if (this.target === undefined) throw new Error('reminder schedules have no target function');
          return this.target.functionArn;
        },
      }),
      SCHEDULER_ROLE_ARN: this.role.roleArn,
      REMINDER_DLQ_ARN: this.failedReminders.queueArn,
    };
  }

  /**
   * Managing the group's schedules, listing them (ListSchedules has no resource-level form), and passing
   * the scheduler role, to EventBridge Scheduler only.
   */
  grantSync(role: IRole & Construct): void {
    const schedules = Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.groupName}/*`,
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [
          'scheduler:CreateSchedule',
          'scheduler:UpdateSchedule',
          'scheduler:DeleteSchedule',
          'scheduler:GetSchedule',
        ],
        resources: [schedules],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['scheduler:ListSchedules'], resources: ['*'] }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        "Only scheduler:ListSchedules, which has no resource-level permissions (it takes only *); creating, changing and deleting schedules is on this group's schedules only.",
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:${nagRegion(this)}:<AWS::AccountId>:schedule/${this.groupName}/*]`,
      reason:
        "The schedules are one per planned reminder, named at run time from the course and reminder ids; the grant is limited to this stack's reminder schedule group.",
    });
  }
}
