import { createHash } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import { RemovalPolicy, type Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  type AwsSdkCall,
  PhysicalResourceId,
} from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { Course } from '#domain/course.ts';
import { catalogueItem, courseItem } from '../functions/manifest.ts';

export interface CourseSeedProps {
  table: ITable;
  courses: Course[];
  /** Invoked with every seed course id after they are written, so their reminder schedules exist. */
  reminderSync?: IFunction | undefined;
}

/** The payload of the deploy-time sync; `revision` changes with any course, so a changed course re-syncs. */
export function reminderSyncPayload(courses: Course[]): { courseIds: string[]; revision: string } {
  return {
    courseIds: courses.map((c) => c.id),
    revision: createHash('sha256').update(JSON.stringify(courses)).digest('hex').slice(0, 16),
  };
}

/**
 * Writes each course definition from courses/ as its COURSE item at deploy time, again whenever the file
 * changes. Removing a file leaves its item (and the registrations under it) alone.
 */
export class CourseSeed extends Construct {
  constructor(scope: Construct, id: string, { table, courses, reminderSync }: CourseSeedProps) {
    super(scope, id);

    // AwsCustomResource runs every seed in one shared provider function. Giving it this log group and
    // role (instead of its default AWSLambdaBasicExecutionRole) keeps it to writing these logs and PutItem.
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: reminderSync
        ? 'Course seed: its log group, dynamodb:PutItem on the table and invoking the reminder schedule sync'
        : 'Course seed: its log group and dynamodb:PutItem on the table',
    });
    logGroup.grantWrite(role);
    const policy = AwsCustomResourcePolicy.fromStatements([
      new PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [table.tableArn] }),
    ]);

    const seeds: AwsCustomResource[] = [];
    for (const course of courses) {
      const item = courseItem(course);
      // The SDK's own marshaller: the items read back exactly as ones lib-dynamodb wrote.
      const put = (it: Record<string, unknown>) => ({
        Put: { TableName: table.tableName, Item: marshall(it, { removeUndefinedValues: true }) },
      });
      // The course and its catalogue line together, as the store writes them.
      const putItem: AwsSdkCall = {
        service: 'DynamoDB',
        action: 'transactWriteItems',
        parameters: { TransactItems: [put(item), put(catalogueItem(course.id))] },
        physicalResourceId: PhysicalResourceId.of(item.PK),
      };
      seeds.push(
        new AwsCustomResource(this, course.id, {
          onCreate: putItem,
          onUpdate: putItem,
          policy,
          role,
          logGroup,
          // The Lambda runtime's SDK does the job; fetching the latest from npm at deploy adds a failure mode.
          installLatestAwsSdk: false,
        }),
      );
    }

    if (reminderSync === undefined || courses.length === 0) return;
    // After the courses are written: the sync reads them back. A failed sync does not fail the deploy
    // (Invoke reports a function error as data); the sweep sends any reminder due meanwhile anyway.
    const invoke: AwsSdkCall = {
      service: 'Lambda',
      action: 'invoke',
      parameters: {
        FunctionName: reminderSync.functionArn,
        InvocationType: 'RequestResponse',
        Payload: JSON.stringify(reminderSyncPayload(courses)),
      },
      physicalResourceId: PhysicalResourceId.of('reminder-schedules'),
      // Only the status: the function's answer is no business of CloudFormation (and may be long).
      outputPaths: ['StatusCode'],
    };
    const sync = new AwsCustomResource(this, 'SyncReminderSchedules', {
      onCreate: invoke,
      onUpdate: invoke,
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [reminderSync.functionArn] }),
      ]),
      role,
      logGroup,
      installLatestAwsSdk: false,
    });
    for (const seed of seeds) sync.node.addDependency(seed);
  }
}

/** The provider function CDK makes once per stack for every AwsCustomResource; it cannot be configured here. */
export function acknowledgeCustomResourceProvider(stack: Stack): void {
  const provider = stack.node.tryFindChild(
    `AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replaceAll('-', '')}`,
  );
  if (!provider) return;
  const deployTimeOnly =
    "CDK's AwsCustomResource provider runs a few SDK calls per deployment, synchronously for CloudFormation, which fails the deploy on an error";
  Validations.of(provider).acknowledge(
    { id: 'Serverless-LambdaDLQ', reason: `${deployTimeOnly}: there is no asynchronous event to keep.` },
    { id: 'Serverless-LambdaTracing', reason: `${deployTimeOnly}: its own log group says what it did.` },
    {
      id: 'Serverless-LambdaDefaultMemorySize',
      reason: `${deployTimeOnly}: CDK sizes it, and a few API calls need no more memory.`,
    },
  );
}
