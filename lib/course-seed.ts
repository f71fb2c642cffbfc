import { marshall } from '@aws-sdk/util-dynamodb';
import { RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
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
}

/**
 * Writes each course definition from courses/ as its COURSE item at deploy time, again whenever the file
 * changes. Removing a file leaves its item (and the registrations under it) alone.
 */
export class CourseSeed extends Construct {
  constructor(scope: Construct, id: string, { table, courses }: CourseSeedProps) {
    super(scope, id);

    // AwsCustomResource runs every seed in one shared provider function. Giving it this log group and
    // role (instead of its default AWSLambdaBasicExecutionRole) keeps it to writing these logs and PutItem.
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Course seed: its log group and dynamodb:PutItem on the table',
    });
    logGroup.grantWrite(role);
    const policy = AwsCustomResourcePolicy.fromStatements([
      new PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [table.tableArn] }),
    ]);

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
      new AwsCustomResource(this, course.id, {
        onCreate: putItem,
        onUpdate: putItem,
        policy,
        role,
        logGroup,
        // The Lambda runtime's SDK does the job; fetching the latest from npm at deploy adds a failure mode.
        installLatestAwsSdk: false,
      });
    }
  }
}
