import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  type CfnTable,
  type ITable,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { tableLayout } from '../functions/manifest.ts';

/**
 * Pinned so that renaming or moving the construct can never make CloudFormation replace (and so empty)
 * the table; a test holds it.
 */
export const TABLE_LOGICAL_ID = 'RegistrationsTable';

/**
 * What must outlive any deployment: the one table. Kept apart from the functions and the API so those can
 * be redeployed, renamed or torn down freely; termination protection guards the stack itself.
 */
export class StatefulStack extends Stack {
  readonly table: ITable;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, { terminationProtection: true, ...props });

    const table = new Table(this, 'Registrations', {
      partitionKey: { name: tableLayout.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableLayout.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // An AWS managed key encrypts at rest without kms:* grants on every function role.
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: tableLayout.timeToLiveAttribute,
      stream: StreamViewType[tableLayout.streamView],
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    (table.node.defaultChild as CfnTable).overrideLogicalId(TABLE_LOGICAL_ID);
    // Sparse: only items carrying its keys (registrations that still owe something) appear in it, and the
    // sweep needs only their keys to load each one.
    const { owedIndex } = tableLayout;
    table.addGlobalSecondaryIndex({
      indexName: owedIndex.name,
      partitionKey: { name: owedIndex.partitionKey, type: AttributeType.STRING },
      sortKey: { name: owedIndex.sortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.KEYS_ONLY,
    });
    this.table = table;

    new CfnOutput(this, 'TableName', { value: table.tableName });
  }
}
