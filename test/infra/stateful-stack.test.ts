import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { tableLayout } from '../../functions/manifest.ts';
import { buildApp, removeOutdirs } from './support.ts';

afterAll(removeOutdirs);

describe('the stateful stack', () => {
  const { stateful } = buildApp();
  const template = Template.fromStack(stateful);

  it('keeps the table under the pinned logical id RegistrationsTable, so no refactor can replace it', () => {
    expect(Object.keys(template.findResources('AWS::DynamoDB::Table'))).toEqual(['RegistrationsTable']);
  });

  it('keys the table by string PK and SK and bills per request', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'PK', AttributeType: 'S' },
        { AttributeName: 'SK', AttributeType: 'S' },
      ]),
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('has point-in-time recovery, encryption at rest and deletion protection on', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      DeletionProtectionEnabled: true,
    });
  });

  it('expires items by their expiresAt attribute', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('has the sparse owed index, keyed by string owedPk and owedSince, projecting keys only', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: [
        {
          IndexName: 'owed',
          KeySchema: [
            { AttributeName: 'owedPk', KeyType: 'HASH' },
            { AttributeName: 'owedSince', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'owedPk', AttributeType: 'S' },
        { AttributeName: 'owedSince', AttributeType: 'S' },
      ]),
    });
  });

  it('names the index as the manifest does, so the sweep queries the index that exists', () => {
    const [table] = Object.values(template.findResources('AWS::DynamoDB::Table'));
    const index = table?.Properties.GlobalSecondaryIndexes[0];
    expect(index.IndexName).toBe(tableLayout.owedIndex.name);
    expect(index.KeySchema.map((k: { AttributeName: string }) => k.AttributeName)).toEqual([
      tableLayout.owedIndex.partitionKey,
      tableLayout.owedIndex.sortKey,
    ]);
  });

  it('streams new and old images for the registration processor', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  it('retains the table when it is removed from the stack or replaced', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('is protected against stack termination', () => {
    expect(stateful.terminationProtection).toBe(true);
  });

  it('outputs the table name', () => {
    template.hasOutput('TableName', { Value: { Ref: 'RegistrationsTable' } });
  });
});
