import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { functionSpecs } from '../../functions/manifest.ts';
import { seedCourse } from '../support/fixtures.ts';
import {
  buildApp,
  functionOf,
  type Resource,
  removeOutdirs,
  resourcesOfType,
  statementsOfRole,
  testConfig,
} from './support.ts';

afterAll(removeOutdirs);

const { stateful, stateless } = buildApp();
const data = Template.fromStack(stateful);
const api = Template.fromStack(stateless);

/** How the stateless stack refers to the table's name (Ref) or ARN across the stack boundary. */
const imported = (attribute: 'Ref' | 'Arn') => {
  const value =
    attribute === 'Ref' ? { Ref: 'RegistrationsTable' } : { 'Fn::GetAtt': ['RegistrationsTable', 'Arn'] };
  const outputs = Object.entries(
    data.toJSON().Outputs as Record<string, { Value: unknown; Export?: unknown }>,
  );
  const exported = outputs.find(([, o]) => o.Export && JSON.stringify(o.Value) === JSON.stringify(value));
  if (exported === undefined) throw new Error(`the table's ${attribute} is not exported`);
  return { 'Fn::ImportValue': `${stateful.stackName}:${exported[0]}` };
};

describe.each(functionSpecs)('the $id function', (spec) => {
  const [, fn] = functionOf(api, spec);
  const roleLogicalId: string = fn.Properties.Role['Fn::GetAtt'][0];
  const logGroupLogicalId: string = fn.Properties.LoggingConfig.LogGroup.Ref;

  it('runs index.handler on nodejs22.x on arm64', () => {
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
    });
  });

  it('gets TABLE_NAME and the configured settings its spec reads, and no others', () => {
    const configured: Record<string, string | undefined> = {
      COORDINATOR_EMAIL: testConfig.coordinatorAddress,
      TEACHER_EMAIL: testConfig.teacherAddress,
    };
    const expected = Object.fromEntries(
      spec.config.flatMap((name) => (configured[name] === undefined ? [] : [[name, configured[name]]])),
    );
    expect(fn.Properties.Environment.Variables).toEqual({ TABLE_NAME: imported('Ref'), ...expected });
  });

  it('logs to its own log group, kept for a month', () => {
    const [, logGroup] =
      resourcesOfType(api, 'AWS::Logs::LogGroup').find(([id]) => id === logGroupLogicalId) ?? [];
    expect(logGroup?.Properties.RetentionInDays).toBe(30);
  });

  it("may use exactly its spec's table actions on the table, and write only its own logs", () => {
    expect(statementsOfRole(api, roleLogicalId)).toEqual([
      {
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resource: { 'Fn::GetAtt': [logGroupLogicalId, 'Arn'] },
      },
      ...(spec.tableActions.length > 0 ? [{ actions: spec.tableActions, resource: imported('Arn') }] : []),
    ]);
    const role = api.toJSON().Resources[roleLogicalId] as Resource;
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it.each(spec.routes)('answers $method $path', (route) => {
    const [, routeResource] =
      resourcesOfType(api, 'AWS::ApiGatewayV2::Route').find(
        ([, r]) => r.Properties.RouteKey === `${route.method} ${route.path}`,
      ) ?? [];
    expect(routeResource).toBeDefined();
    const integrationId: string = routeResource?.Properties.Target['Fn::Join'][1][1].Ref;
    const integration = api.toJSON().Resources[integrationId] as Resource;
    expect(integration.Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [functionOf(api, spec)[0], 'Arn'] },
    });
  });
});

describe('the stateless stack', () => {
  it('has one function per manifest entry, besides the course seed provider', () => {
    const ours = resourcesOfType(api, 'AWS::Lambda::Function').filter(
      ([, r]) => r.Properties.Runtime === 'nodejs22.x',
    );
    expect(ours).toHaveLength(functionSpecs.length);
  });

  it('has exactly the routes of the manifest', () => {
    const routeKeys = resourcesOfType(api, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey);
    const expected = functionSpecs.flatMap((s) => s.routes.map((r) => `${r.method} ${r.path}`));
    expect(routeKeys.sort()).toEqual(expected.sort());
  });

  it('grants no DynamoDB wildcard and no Scan in either stack', () => {
    for (const template of [api, data]) {
      const actions = resourcesOfType(template, 'AWS::IAM::Policy').flatMap(([, p]) =>
        (p.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((s) =>
          [s.Action].flat(),
        ),
      );
      expect(
        actions.filter((a) => a.startsWith('dynamodb:') && (a.includes('*') || a.endsWith('Scan'))),
      ).toEqual([]);
    }
  });

  it('throttles the API stage at the configured rate and burst', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 7, ThrottlingBurstLimit: 13 },
    });
  });

  it('writes API access logs, with the request id, to a log group', () => {
    const [[, stage]] = resourcesOfType(api, 'AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    const { DestinationArn, Format } = stage.Properties.AccessLogSettings;
    const logGroupId: string = DestinationArn['Fn::GetAtt'][0];
    expect(api.toJSON().Resources[logGroupId].Type).toBe('AWS::Logs::LogGroup');
    expect(JSON.parse(Format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
  });

  it('outputs the API URL', () => {
    expect(Object.keys(api.toJSON().Outputs)).toContain('ApiUrl');
  });
});

describe('the course seed', () => {
  const seeds = resourcesOfType(api, 'Custom::AWS');
  /** The PutItem call, with the table name (a cross-stack reference) set aside. */
  const putItemOf = (seed: Resource) => {
    const [, parts] = seed.Properties.Create['Fn::Join'] as [string, unknown[]];
    const tableNames = parts.filter((p) => typeof p !== 'string');
    const call = JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'TABLE')).join(''));
    return { call, tableNames };
  };

  it('writes the seed course, as parsed, as its COURSE item on create and on update', () => {
    const [[, seed]] = seeds as [[string, Resource]];
    const { call, tableNames } = putItemOf(seed);
    expect(call).toMatchObject({
      service: 'DynamoDB',
      action: 'putItem',
      parameters: { TableName: 'TABLE' },
    });
    expect(tableNames).toEqual([imported('Ref')]);
    const item = unmarshall(call.parameters.Item as Record<string, AttributeValue>);
    expect(item).toEqual({
      PK: 'COURSE#samskabelse-2016',
      SK: 'COURSE',
      type: 'course',
      definition: seedCourse(),
    });
    expect(seed.Properties.Update).toEqual(seed.Properties.Create);
    expect(seed.Properties.Delete).toBeUndefined();
  });

  it('writes one item per course file', () => {
    expect(seeds).toHaveLength(1);
  });

  it('may only put items into the table, and write its logs', () => {
    const [, provider] =
      resourcesOfType(api, 'AWS::Lambda::Function').find(([, r]) => r.Properties.Runtime !== 'nodejs22.x') ??
      [];
    const roleLogicalId: string = provider?.Properties.Role['Fn::GetAtt'][0];
    const logGroupLogicalId: string = provider?.Properties.LoggingConfig.LogGroup.Ref;
    expect(statementsOfRole(api, roleLogicalId)).toEqual(
      expect.arrayContaining([
        {
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resource: { 'Fn::GetAtt': [logGroupLogicalId, 'Arn'] },
        },
        { actions: ['dynamodb:PutItem'], resource: imported('Arn') },
      ]),
    );
    expect(statementsOfRole(api, roleLogicalId)).toHaveLength(2);
    const role = api.toJSON().Resources[roleLogicalId] as Resource;
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('an optional setting', () => {
  it('reaches the functions that read it once it is configured', () => {
    const { stateless } = buildApp({ config: { ...testConfig, teacherAddress: 'underviser@example.dk' } });
    const template = Template.fromStack(stateless);
    const readers = functionSpecs.filter((s) => s.config.includes('TEACHER_EMAIL'));
    expect(readers.length).toBeGreaterThan(0);
    for (const spec of readers) {
      expect(functionOf(template, spec)[1].Properties.Environment.Variables.TEACHER_EMAIL).toBe(
        'underviser@example.dk',
      );
    }
  });
});
