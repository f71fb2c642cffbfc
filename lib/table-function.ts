import { join } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, FilterCriteria, Runtime, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type ConfigName, type FunctionSpec, tableLayout } from '../functions/manifest.ts';
import { deadLetterQueue } from './dead-letter-queue.ts';
import { lambdaBundling } from './lambda-bundling.ts';
import type { Mailing } from './mailing.ts';
import { projectRoot } from './project.ts';
import type { ReminderScheduling } from './reminder-scheduling.ts';

export type { ConfigName };

/** Values for the settings a function may read; a setting left out here is left out of its environment. */
export type FunctionConfig = Partial<Record<ConfigName, string>>;

export interface TableFunctionProps {
  spec: FunctionSpec;
  table: ITable;
  config: FunctionConfig;
  /** Required when the spec sends mail: the configuration set and sender the grant is scoped to. */
  mailing?: Mailing | undefined;
  /** Required when the spec is the reminder target or syncs reminder schedules. */
  scheduling?: ReminderScheduling | undefined;
}

/**
 * How the stream is read. Registrations owe at most a few mails each, so small batches keep a failing
 * record from holding up many others; a failed record is retried alone (ReportBatchItemFailures, then
 * bisection) a bounded number of times, and what still fails is recorded in a dead-letter queue, while the
 * registration stays in the owed index for the sweep, so giving up on a record delays mail, never loses it.
 */
export const STREAM_READING = {
  batchSize: 10,
  retryAttempts: 5,
  /** Older records are the sweep's (every few minutes) anyway; retrying them only blocks the shard. */
  maxRecordAge: Duration.hours(1),
} as const;

/** A sweep that could not be delivered is superseded by the next one; two retries cover a brief outage. */
export const SCHEDULE_RETRY_ATTEMPTS = 2;

/**
 * One Lambda function of the manifest, wired in one call: its code, its environment (TABLE_NAME plus the
 * settings its spec names), its own log group, a role allowed exactly the spec's table actions (and SES
 * sending when it mails), and its trigger when it has one (the table's stream, a schedule), so the manifest
 * is the single statement of what each function may do.
 */
export class TableFunction extends Construct {
  readonly function: NodejsFunction;
  /** Where stream records that kept failing are recorded (stream functions only). */
  readonly failedRuns?: Queue;
  readonly failedRecords?: Queue;
  /** Where scheduled invocations that could not be delivered are recorded (scheduled functions only). */
  readonly failedInvocations?: Queue;
  readonly schedule?: Rule;

  constructor(
    scope: Construct,
    id: string,
    { spec, table, config, mailing, scheduling }: TableFunctionProps,
  ) {
    super(scope, id);
    if (spec.sendsMail && mailing === undefined) {
      throw new Error(`${spec.id} sends mail, but no mailing (sender, configuration set) was given`);
    }
    if ((spec.reminderTarget || spec.syncsReminderSchedules) && scheduling === undefined) {
      throw new Error(`${spec.id} takes part in reminder scheduling, but no scheduling was given`);
    }

    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      // Operational logs, not records: they go with the function rather than linger unowned.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Our own role instead of AWSLambdaBasicExecutionRole, whose logs:* on every log group is wider
    // than writing to this one.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: [
        spec.tableActions.length > 0
          ? `${spec.id}: its log group and ${spec.tableActions.join(', ')} on the table`
          : `${spec.id}: its log group`,
        ...(spec.stream ? ['reading the table stream'] : []),
        ...(spec.sendsMail ? ['sending raw mail as the configured sender'] : []),
        ...(spec.syncsReminderSchedules ? ["managing the reminder schedule group's schedules"] : []),
      ].join('; '),
    });
    logGroup.grantWrite(role);
    if (spec.tableActions.length > 0) {
      role.addToPrincipalPolicy(
        new PolicyStatement({ actions: spec.tableActions, resources: [table.tableArn] }),
      );
    }
    // A function that queries may query the sparse owed index too, by its own ARN: no index wildcard.
    if (spec.tableActions.includes('dynamodb:Query')) {
      role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: [`${table.tableArn}/index/${tableLayout.owedIndex.name}`],
        }),
      );
    }
    if (spec.sendsMail) mailing?.grantSend(role);
    if (spec.syncsReminderSchedules) scheduling?.grantSync(role);

    const environment: Record<string, string> = { TABLE_NAME: table.tableName };
    for (const name of spec.config) {
      const value = config[name];
      if (value !== undefined) environment[name] = value;
    }

    // Invoked asynchronously (EventBridge Scheduler, an EventBridge rule): Lambda retries a failed run twice,
    // then sends the event with its error to this queue (an on-failure destination). The work itself is never lost: the sweep finds whatever is still owed or due.
    const runsAsynchronously = spec.reminderTarget === true || spec.scheduleMinutes !== undefined;
    if (runsAsynchronously) this.failedRuns = deadLetterQueue(this, 'FailedRuns');

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(projectRoot, spec.entry),
      projectRoot,
      depsLockFilePath: join(projectRoot, 'package-lock.json'),
      description: spec.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      // Mailing functions pace their sends (MAIL_MAX_PER_SECOND) through a batch or a sweep's worth of
      // registrations, rendering PDFs on the way; request handlers answer in milliseconds.
      // Syncing a course's schedules takes a few scheduler calls per reminder.
      // A reminder goes to every participant at the mail rate: 10,000 at 14/s take 12 minutes. It stops
      // itself 30 s before the end (Lambda's retry of the invocation sends the rest), never mid-send.
      timeout: spec.reminderTarget
        ? Duration.minutes(15)
        : spec.sendsMail
          ? Duration.minutes(2)
          : spec.syncsReminderSchedules
            ? Duration.minutes(1)
            : Duration.seconds(10),
      role,
      logGroup,
      environment,
      ...(this.failedRuns && {
        onFailure: new SqsDestination(this.failedRuns),
        retryAttempts: 2,
        // A reminder is worth sending for its grace window; a sweep is replaced by the next one.
        maxEventAge:
          spec.scheduleMinutes !== undefined ? Duration.minutes(spec.scheduleMinutes) : Duration.hours(6),
      }),
      bundling: {
        format: OutputFormat.ESM,
        target: lambdaBundling.target,
        mainFields: [...lambdaBundling.mainFields],
        minify: lambdaBundling.minify,
        bundleAwsSDK: true,
        banner: lambdaBundling.banner,
        esbuildArgs: Object.fromEntries(
          Object.entries(lambdaBundling.alias).map(([name, path]) => [`--alias:${name}`, path]),
        ),
        forceDockerBundling: false,
      },
    });

    if (spec.reminderTarget) scheduling?.setTarget(this.function);

    if (spec.stream) {
      this.failedRecords = deadLetterQueue(this, 'FailedRecords');
      // Grants exactly this function the stream reads (and sending to its dead-letter queue).
      this.function.addEventSource(
        new DynamoEventSource(table, {
          // From the oldest record still in the stream (24 hours): a mapping created or re-created by a
          // deployment then misses nothing written meanwhile. Replays are harmless: every send is keyed.
          startingPosition: StartingPosition.TRIM_HORIZON,
          ...STREAM_READING,
          bisectBatchOnError: true,
          reportBatchItemFailures: true,
          filters: [FilterCriteria.filter(spec.stream.filterPattern)],
          onFailure: new SqsDlq(this.failedRecords),
        }),
      );
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          "Only dynamodb:ListStreams, which Lambda needs to read the stream and which has no resource-level permissions (it takes only *); the stream reads themselves are on this table's stream ARN.",
      });
    }

    if (spec.scheduleMinutes !== undefined) {
      this.failedInvocations = deadLetterQueue(this, 'FailedInvocations');
      const every = Duration.minutes(spec.scheduleMinutes);
      this.schedule = new Rule(this, 'Schedule', {
        description: `${spec.id} every ${spec.scheduleMinutes} minutes`,
        schedule: Schedule.rate(every),
        targets: [
          new LambdaFunction(this.function, {
            retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
            maxEventAge: every,
            deadLetterQueue: this.failedInvocations,
          }),
        ],
      });
    }

    const runtimeReason =
      'The project mandates nodejs22.x (the runtime the code and its tests target); moving on is a decision of its own.';
    Validations.of(this.function).acknowledge(
      { id: 'AwsSolutions-L1', reason: runtimeReason },
      { id: 'Serverless-LambdaLatestVersion', reason: runtimeReason },
      {
        id: 'Serverless-LambdaTracing',
        reason:
          'Requests are traced by request id in the structured logs; X-Ray would add a Resource * grant to every role for a handful of calls per request.',
      },
    );
    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason: runsAsynchronously
        ? 'Failed asynchronous runs go to an on-failure destination (FailedRuns), which keeps the error with the event; a dead-letter queue beside it would hold the same event without the error.'
        : spec.stream
          ? 'Invoked by its stream mapping, whose on-failure destination (FailedRecords) keeps what keeps failing; Lambda has no async events of it to dead-letter.'
          : 'Invoked synchronously (API Gateway, or the deploy-time custom resource): a failure is the caller’s answer, and no event is queued that could be lost.',
    });
  }
}
