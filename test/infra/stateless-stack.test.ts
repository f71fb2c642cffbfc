import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { type ConfigName, type FunctionSpec, functionSpecs } from '../../functions/manifest.ts';
import { seedCourse } from '../support/fixtures.ts';
import {
  buildApp,
  functionOf,
  joined,
  type Resource,
  removeOutdirs,
  resourcesOfType,
  roleOf,
  statementsOfRole,
  testConfig,
} from './support.ts';

afterAll(removeOutdirs);

const { stateful, stateless } = buildApp();
const data = Template.fromStack(stateful);
const api = Template.fromStack(stateless);

/** How the stateless stack refers to the table's name (Ref), ARN or stream ARN across the stack boundary. */
const imported = (attribute: 'Ref' | 'Arn' | 'StreamArn') => {
  const value =
    attribute === 'Ref' ? { Ref: 'RegistrationsTable' } : { 'Fn::GetAtt': ['RegistrationsTable', attribute] };
  const outputs = Object.entries(
    data.toJSON().Outputs as Record<string, { Value: unknown; Export?: unknown }>,
  );
  const exported = outputs.find(([, o]) => o.Export && JSON.stringify(o.Value) === JSON.stringify(value));
  if (exported === undefined) throw new Error(`the table's ${attribute} is not exported`);
  return { 'Fn::ImportValue': `${stateful.stackName}:${exported[0]}` };
};

const [[configurationSetId]] = resourcesOfType(api, 'AWS::SES::ConfigurationSet') as [[string, Resource]];
const sesArn = (resource: string) =>
  `arn:\${AWS::Partition}:ses:${testConfig.region}:\${AWS::AccountId}:${resource}`;

/** The one SES statement a mailing function has: raw sends from the configured sender, nothing else. */
const sendFromSender = {
  actions: ['ses:SendRawEmail'],
  resource: [
    sesArn('identity/kursus@example.dk'),
    sesArn('identity/example.dk'),
    sesArn(`configuration-set/\${${configurationSetId}}`),
  ],
  condition: { StringEquals: { 'ses:FromAddress': 'kursus@example.dk' } },
};

const STREAM_READ_ACTIONS = [
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:ListStreams',
];

/** The queue that receives a stream function's records that kept failing (its mapping's on-failure destination). */
const failedRecordsQueueOf = (mapping: Resource): string =>
  mapping.Properties.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];

/** A role's statements, with lists of ARNs (the SES statement's) written out as readable strings. */
const readableStatementsOf = (roleLogicalId: string) =>
  statementsOfRole(api, roleLogicalId).map((s) =>
    Array.isArray(s.resource)
      ? { ...s, resource: s.resource.map(joined) }
      : isArnOfThisAccount(s.resource)
        ? { ...s, resource: joined(s.resource) }
        : s,
  );

/** An ARN the stack formats itself (`arn:${AWS::Partition}:…`), as opposed to an import or an attribute. */
const isArnOfThisAccount = (resource: unknown) =>
  JSON.stringify(resource).startsWith('{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"}');

const sendReminderSpec = functionSpecs.find((s) => s.reminderTarget) as FunctionSpec;
const rendererSpec = functionSpecs.find((s) => s.invoiceRenderer) as FunctionSpec;
/** What a function that mails invoices may do to have their PDFs rendered: invoke the renderer, nothing else. */
const invokeRenderer = {
  actions: ['lambda:InvokeFunction'],
  resource: { 'Fn::GetAtt': [functionOf(api, rendererSpec)[0], 'Arn'] },
};
const [[scheduleGroupId, scheduleGroup]] = resourcesOfType(api, 'AWS::Scheduler::ScheduleGroup') as [
  [string, Resource],
];
const schedulerRoleId = (
  resourcesOfType(api, 'AWS::IAM::Role').find(
    ([, r]) =>
      r.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service === 'scheduler.amazonaws.com',
  ) as [string, Resource]
)[0];
const failedRemindersId: string = (
  statementsOfRole(api, schedulerRoleId).find((s) => s.actions.includes('sqs:SendMessage')) as {
    resource: { 'Fn::GetAtt': [string, string] };
  }
).resource['Fn::GetAtt'][0];
const schedulerArn = (resource: string) =>
  `arn:\${AWS::Partition}:scheduler:${testConfig.region}:\${AWS::AccountId}:${resource}`;

/** What the function that syncs reminder schedules may do besides reading courses. */
const syncSchedules = [
  {
    actions: [
      'scheduler:CreateSchedule',
      'scheduler:UpdateSchedule',
      'scheduler:DeleteSchedule',
      'scheduler:GetSchedule',
    ],
    resource: schedulerArn('schedule/KursusTilmelding-test-Api-reminders/*'),
  },
  // ListSchedules has no resource-level form.
  { actions: ['scheduler:ListSchedules'], resource: '*' },
  {
    actions: ['iam:PassRole'],
    resource: { 'Fn::GetAtt': [schedulerRoleId, 'Arn'] },
    condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
  },
];

const mappings = resourcesOfType(api, 'AWS::Lambda::EventSourceMapping');
const rules = resourcesOfType(api, 'AWS::Events::Rule');
const mappingOf = (spec: FunctionSpec) =>
  mappings.find(([, m]) => m.Properties.FunctionName.Ref === functionOf(api, spec)[0])?.[1];

describe.each(functionSpecs)('the $id function', (spec) => {
  const [, fn] = functionOf(api, spec);
  const roleLogicalId = roleOf(fn);
  const logGroupLogicalId: string = fn.Properties.LoggingConfig.LogGroup.Ref;

  it('runs index.handler on nodejs22.x on arm64', () => {
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
    });
  });

  it('gets TABLE_NAME and the configured settings its spec reads, and no others', () => {
    const configured: Record<ConfigName, unknown> = {
      COORDINATOR_EMAIL: testConfig.coordinatorAddress,
      TEACHER_EMAIL: testConfig.teacherAddress,
      SENDER_EMAIL: 'kursus@example.dk',
      SELLER_CVR: '29189781',
      SELLER_BANK_REG: '4321',
      SELLER_BANK_ACCOUNT: '7654321',
      SES_CONFIGURATION_SET: { Ref: configurationSetId },
      MAIL_MAX_PER_SECOND: '3',
      PERSONAL_DATA_RETENTION_DAYS: '365',
      // The site's own address: the links in the mails open its pages.
      SITE_URL: {
        'Fn::Join': [
          '',
          [
            'https://',
            { 'Fn::GetAtt': [resourcesOfType(api, 'AWS::CloudFront::Distribution')[0]?.[0], 'DomainName'] },
          ],
        ],
      },
      RENDER_INVOICE_FUNCTION: { Ref: functionOf(api, rendererSpec)[0] },
      // Resolved from Secrets Manager by CloudFormation at deploy, as CloudFront's origin header is.
      ORIGIN_SECRET: {
        'Fn::Join': [
          '',
          [
            '{{resolve:secretsmanager:',
            { Ref: resourcesOfType(api, 'AWS::SecretsManager::Secret')[0]?.[0] },
            ':SecretString:::}}',
          ],
        ],
      },
      SCHEDULE_GROUP: 'KursusTilmelding-test-Api-reminders',
      SEND_REMINDER_ARN: { 'Fn::GetAtt': [functionOf(api, sendReminderSpec)[0], 'Arn'] },
      SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': [schedulerRoleId, 'Arn'] },
      REMINDER_DLQ_ARN: { 'Fn::GetAtt': [failedRemindersId, 'Arn'] },
    };
    const expected = Object.fromEntries(
      spec.config.flatMap((name) => (configured[name] === undefined ? [] : [[name, configured[name]]])),
    );
    expect(fn.Properties.Environment.Variables).toEqual({ TABLE_NAME: imported('Ref'), ...expected });
  });

  const timeout = spec.reminderTarget ? 900 : spec.sendsMail ? 120 : spec.syncsReminderSchedules ? 60 : 10;
  it(`times out after ${timeout} seconds`, () => {
    expect(fn.Properties.Timeout).toBe(timeout);
  });

  it('logs to its own log group, kept for a month', () => {
    const [, logGroup] =
      resourcesOfType(api, 'AWS::Logs::LogGroup').find(([id]) => id === logGroupLogicalId) ?? [];
    expect(logGroup?.Properties.RetentionInDays).toBe(30);
  });

  it("may use exactly its spec's table actions, write only its own logs, and do what its trigger and mail need", () => {
    const mapping = mappingOf(spec);
    const expected = [
      {
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resource: { 'Fn::GetAtt': [logGroupLogicalId, 'Arn'] },
      },
      ...(spec.tableActions.length > 0 ? [{ actions: spec.tableActions, resource: imported('Arn') }] : []),
      // Querying is allowed on the owed index by its full ARN, and only to a function that queries.
      ...(spec.tableActions.includes('dynamodb:Query')
        ? [{ actions: ['dynamodb:Query'], resource: { 'Fn::Join': ['', [imported('Arn'), '/index/owed']] } }]
        : []),
      ...(spec.sendsMail ? [sendFromSender] : []),
      ...(spec.config.includes('RENDER_INVOICE_FUNCTION') ? [invokeRenderer] : []),
      ...(spec.syncsReminderSchedules ? syncSchedules : []),
      // A function invoked asynchronously sends its failed runs to its own on-failure queue.
      ...(spec.reminderTarget || spec.scheduleMinutes !== undefined
        ? [
            {
              actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
              resource: {
                'Fn::GetAtt': [
                  resourcesOfType(api, 'AWS::SQS::Queue').find(([id]) =>
                    id.startsWith(`${spec.id}FailedRuns`),
                  )?.[0],
                  'Arn',
                ],
              },
            },
          ]
        : []),
      ...(spec.stream && mapping
        ? [
            {
              actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
              resource: { 'Fn::GetAtt': [failedRecordsQueueOf(mapping), 'Arn'] },
            },
            // ListStreams has no resource-level form; the reads are on this table's stream only.
            { actions: ['dynamodb:ListStreams'], resource: '*' },
            {
              actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
              resource: imported('StreamArn'),
            },
          ]
        : []),
    ];
    const statements = readableStatementsOf(roleLogicalId);
    expect(statements).toEqual(expect.arrayContaining(expected));
    expect(statements).toHaveLength(expected.length);
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

  it('allows nothing on every resource (*) but ListStreams, ListSchedules and the site deployment’s CloudFront invalidation, which have no narrower form', () => {
    for (const template of [api, data]) {
      const onEverything = resourcesOfType(template, 'AWS::IAM::Policy').flatMap(([, p]) =>
        (p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
          .filter((s) => [s.Resource].flat().includes('*'))
          .flatMap((s) => [s.Action].flat()),
      );
      expect(new Set(onEverything)).toEqual(
        new Set(
          template === api
            ? [
                'dynamodb:ListStreams',
                'scheduler:ListSchedules',
                // CDK's BucketDeployment handler, invalidating the site's pages after an upload.
                'cloudfront:CreateInvalidation',
                'cloudfront:GetInvalidation',
              ]
            : [],
        ),
      );
    }
  });

  it('grants no SES or SQS wildcard action', () => {
    const actions = resourcesOfType(api, 'AWS::IAM::Policy').flatMap(([, p]) =>
      (p.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((s) =>
        [s.Action].flat(),
      ),
    );
    expect(actions.filter((a) => /^(ses|sqs):.*\*/.test(a))).toEqual([]);
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

  it('limits the public signup POST per route, far below the stage, once its route exists', () => {
    const [[stageId, stage]] = resourcesOfType(api, 'AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    expect(stage.Properties.RouteSettings).toEqual({
      'POST /courses/{courseId}/registrations': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
    });
    const [routeId] =
      resourcesOfType(api, 'AWS::ApiGatewayV2::Route').find(
        ([, r]) => r.Properties.RouteKey === 'POST /courses/{courseId}/registrations',
      ) ?? [];
    expect(api.toJSON().Resources[stageId].DependsOn).toContain(routeId);
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

describe('the HTTP functions', () => {
  const httpSpecs = functionSpecs.filter((s) => s.routes.length > 0);

  it.each(httpSpecs)('$id may not send mail, read the stream or use a queue', (spec) => {
    const actions = statementsOfRole(api, roleOf(functionOf(api, spec)[1])).flatMap((s) => s.actions);
    expect(actions.filter((a) => a.startsWith('ses:') || a.startsWith('sqs:'))).toEqual([]);
    expect(actions.filter((a) => STREAM_READ_ACTIONS.includes(a))).toEqual([]);
  });

  it.each(httpSpecs)('$id has no trigger but its routes: no stream mapping, no schedule', (spec) => {
    const [id] = functionOf(api, spec);
    expect(mappingOf(spec)).toBeUndefined();
    expect(rules.filter(([, r]) => JSON.stringify(r.Properties.Targets).includes(`"${id}"`))).toEqual([]);
  });
});

describe.each(functionSpecs.filter((s) => s.stream))('the table stream into $id', (spec) => {
  const mapping = mappingOf(spec) as Resource;

  it("is its own event source mapping, reading the table's stream", () => {
    expect(mappings).toHaveLength(functionSpecs.filter((s) => s.stream).length);
    expect(mapping).toBeDefined();
    expect(mapping.Properties.EventSourceArn).toEqual(imported('StreamArn'));
  });

  it("passes on only the records the manifest's filter pattern matches", () => {
    const filters = mapping.Properties.FilterCriteria.Filters as { Pattern: string }[];
    expect(filters.map((f) => JSON.parse(f.Pattern))).toEqual([spec.stream?.filterPattern]);
    const expected: Record<string, unknown> = {
      // Registrations that owe something: what the stream finishes.
      OnRegistrationChange: { type: { S: ['registration'] }, owedPk: { S: ['OWED'] } },
      // The course's visits, groups and attendance: what the structure's mails follow.
      OnCourseStructureChange: { type: { S: ['course-structure'] } },
    };
    expect(filters.map((f) => JSON.parse(f.Pattern))).toEqual([
      { eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: expected[spec.id] } },
    ]);
  });

  it('starts at the oldest record still in the stream and reads small batches', () => {
    expect(mapping.Properties).toMatchObject({ StartingPosition: 'TRIM_HORIZON', BatchSize: 10 });
  });

  it('retries only the failed records, bisecting the batch, a bounded number of times within an hour', () => {
    expect(mapping.Properties).toMatchObject({
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 3600,
    });
  });

  it('records what still fails in an encrypted, TLS-only dead-letter queue kept for 14 days', () => {
    const queueId = failedRecordsQueueOf(mapping);
    const queue = api.toJSON().Resources[queueId] as Resource;
    expect(queue.Type).toBe('AWS::SQS::Queue');
    expect(queue.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    expectTlsOnly(queueId);
  });
});

describe.each(functionSpecs.filter((s) => s.scheduleMinutes !== undefined))('the schedule of $id', (spec) => {
  const [functionId] = functionOf(api, spec);
  const [ruleId, rule] = (rules.find(([, r]) =>
    (r.Properties.Targets as { Arn: unknown }[]).some(
      (t) => JSON.stringify(t.Arn) === JSON.stringify({ 'Fn::GetAtt': [functionId, 'Arn'] }),
    ),
  ) ?? []) as [string, Resource];

  it(`is an EventBridge rule rate(${spec.scheduleMinutes} minutes) with that function as its only target`, () => {
    expect(rules).toHaveLength(functionSpecs.filter((s) => s.scheduleMinutes !== undefined).length);
    expect(rule.Properties).toMatchObject({
      ScheduleExpression: `rate(${spec.scheduleMinutes} minutes)`,
      State: 'ENABLED',
    });
    expect(rule.Properties.Targets).toHaveLength(1);
  });

  it('may invoke the function, and only from this rule', () => {
    const permissions = resourcesOfType(api, 'AWS::Lambda::Permission').filter(
      ([, p]) => p.Properties.Principal === 'events.amazonaws.com',
    );
    expect(permissions.map(([, p]) => p.Properties)).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
        Principal: 'events.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
      },
    ]);
  });

  it('retries a failed delivery twice until the next run is due, then records it in a dead-letter queue', () => {
    const [target] = rule.Properties.Targets;
    expect(target.RetryPolicy).toEqual({
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: (spec.scheduleMinutes ?? 0) * 60,
    });
    const queueId: string = target.DeadLetterConfig.Arn['Fn::GetAtt'][0];
    const queue = api.toJSON().Resources[queueId] as Resource;
    expect(queue.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    expectTlsOnly(queueId);
  });
});

describe('sending mail', () => {
  const mailing = functionSpecs.filter((s) => s.sendsMail);

  it('has one SES configuration set, delivering over TLS only', () => {
    api.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    api.hasResourceProperties('AWS::SES::ConfigurationSet', { DeliveryOptions: { TlsPolicy: 'REQUIRE' } });
  });

  it("is allowed only to the mailing functions, and only SendRawEmail from the sender's identity", () => {
    expect(mailing.map((s) => s.id).sort()).toEqual([
      'OnCourseStructureChange',
      'OnRegistrationChange',
      'SendReminder',
      'Sweep',
    ]);
    const sesStatements = resourcesOfType(api, 'AWS::IAM::Policy').flatMap(([, p]) =>
      (p.Properties.PolicyDocument.Statement as { Action: string | string[] }[])
        .filter((s) => [s.Action].flat().some((a) => a.startsWith('ses:')))
        .map((s) => ({ roles: p.Properties.Roles as unknown[], statement: s })),
    );
    const mailingRoles = mailing.map((s) => ({ Ref: roleOf(functionOf(api, s)[1]) }));
    expect(sesStatements.flatMap((s) => s.roles)).toEqual(expect.arrayContaining(mailingRoles));
    expect(sesStatements.flatMap((s) => s.roles)).toHaveLength(mailingRoles.length);
    for (const { statement } of sesStatements) {
      expect(statement).toMatchObject({ Effect: 'Allow', Action: 'ses:SendRawEmail' });
    }
  });

  it("names the sender's address and domain identities and the configuration set, with a From condition", () => {
    for (const spec of mailing) {
      const ses = readableStatementsOf(roleOf(functionOf(api, spec)[1])).filter((s) =>
        s.actions.some((a) => a.startsWith('ses:')),
      );
      expect(ses).toEqual([sendFromSender]);
    }
  });
});

describe('the course seed', () => {
  const seeds = resourcesOfType(api, 'Custom::AWS').filter(([, r]) =>
    JSON.stringify(r.Properties.Create).includes('"service\\":\\"DynamoDB'),
  );
  /** The PutItem call, with the table name (a cross-stack reference) set aside. */
  const putItemOf = (seed: Resource) => {
    const [, parts] = seed.Properties.Create['Fn::Join'] as [string, unknown[]];
    const tableNames = parts.filter((p) => typeof p !== 'string');
    const call = JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'TABLE')).join(''));
    return { call, tableNames };
  };

  it('writes the seed course, as parsed, as its COURSE item and catalogue line on create and on update', () => {
    const [[, seed]] = seeds as [[string, Resource]];
    const { call, tableNames } = putItemOf(seed);
    expect(call).toMatchObject({ service: 'DynamoDB', action: 'transactWriteItems' });
    expect(tableNames).toEqual([imported('Ref'), imported('Ref')]);
    const puts = call.parameters.TransactItems as {
      Put: { TableName: string; Item: Record<string, AttributeValue> };
    }[];
    expect(puts.map((p) => p.Put.TableName)).toEqual(['TABLE', 'TABLE']);
    expect(puts.map((p) => unmarshall(p.Put.Item))).toEqual([
      { PK: 'COURSE#samskabelse-2016', SK: 'COURSE', type: 'course', definition: seedCourse() },
      {
        PK: 'CATALOGUE',
        SK: 'COURSE#samskabelse-2016',
        type: 'catalogue-entry',
        courseId: 'samskabelse-2016',
      },
    ]);
    expect(seed.Properties.Update).toEqual(seed.Properties.Create);
    expect(seed.Properties.Delete).toBeUndefined();
  });

  it('writes one item per course file', () => {
    expect(seeds).toHaveLength(1);
  });

  it('may only put items into the table, invoke the reminder schedule sync, and write its logs', () => {
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
        {
          actions: ['lambda:InvokeFunction'],
          resource: { 'Fn::GetAtt': [functionOf(api, syncSpec)[0], 'Arn'] },
        },
      ]),
    );
    expect(statementsOfRole(api, roleLogicalId)).toHaveLength(3);
    const role = api.toJSON().Resources[roleLogicalId] as Resource;
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

const syncSpec = functionSpecs.find((s) => s.syncsReminderSchedules) as FunctionSpec;

describe('reminder scheduling', () => {
  const schedulerStatements = statementsOfRole(api, schedulerRoleId);

  it('has one schedule group for the reminders, named after the stack', () => {
    api.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    expect(scheduleGroup.Properties).toEqual({ Name: 'KursusTilmelding-test-Api-reminders' });
    expect(scheduleGroupId).toMatch(/^ReminderScheduling/);
  });

  it('has a role only EventBridge Scheduler of this account may assume', () => {
    const role = api.toJSON().Resources[schedulerRoleId] as Resource;
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('lets the schedules invoke send-reminder and write the reminder dead-letter queue, nothing else', () => {
    expect(schedulerStatements).toEqual(
      expect.arrayContaining([
        {
          actions: ['lambda:InvokeFunction'],
          resource: { 'Fn::GetAtt': [functionOf(api, sendReminderSpec)[0], 'Arn'] },
        },
        { actions: ['sqs:SendMessage'], resource: { 'Fn::GetAtt': [failedRemindersId, 'Arn'] } },
      ]),
    );
    expect(schedulerStatements).toHaveLength(2);
    expect(schedulerStatements.every((s) => s.condition === undefined)).toBe(true);
  });

  it('records failed reminders in an encrypted, TLS-only queue kept for 14 days', () => {
    const queue = api.toJSON().Resources[failedRemindersId] as Resource;
    expect(queue.Type).toBe('AWS::SQS::Queue');
    expect(queue.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    expectTlsOnly(failedRemindersId);
  });

  it('lets only the functions that sync schedules pass the scheduler role: the sync itself and saving a course', () => {
    const passing = resourcesOfType(api, 'AWS::IAM::Policy').filter(([, p]) =>
      (p.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).some((s) =>
        [s.Action].flat().includes('iam:PassRole'),
      ),
    );
    const syncing = functionSpecs.filter((spec) => spec.syncsReminderSchedules);
    expect(syncing.map((spec) => spec.id)).toEqual(['SyncReminderSchedules', 'SaveCourse']);
    expect(passing.flatMap(([, p]) => p.Properties.Roles)).toEqual(
      syncing.map((spec) => ({ Ref: roleOf(functionOf(api, spec)[1]) })),
    );
  });

  it('invokes the sync at deploy time, after the seed, with every seed course id', () => {
    const [[, sync], ...others] = resourcesOfType(api, 'Custom::AWS').filter(([, r]) =>
      JSON.stringify(r.Properties.Create).includes('"service\\":\\"Lambda'),
    ) as [[string, Resource]];
    expect(others).toEqual([]);
    const [, parts] = sync.Properties.Create['Fn::Join'] as [string, unknown[]];
    const functionNames = parts.filter((p) => typeof p !== 'string');
    const call = JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'FUNCTION')).join(''));
    expect(functionNames).toEqual([{ 'Fn::GetAtt': [functionOf(api, syncSpec)[0], 'Arn'] }]);
    expect(call).toMatchObject({
      service: 'Lambda',
      action: 'invoke',
      parameters: { FunctionName: 'FUNCTION', InvocationType: 'RequestResponse' },
    });
    expect(JSON.parse(call.parameters.Payload)).toEqual({
      courseIds: ['samskabelse-2016'],
      revision: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(sync.Properties.Update).toEqual(sync.Properties.Create);
    const seedIds = resourcesOfType(api, 'Custom::AWS')
      .filter(([, r]) => r !== sync)
      .map(([id]) => id);
    expect(sync.DependsOn).toEqual(expect.arrayContaining(seedIds));
  });
});

/** The queue's policy refuses every request that does not come over TLS. */
function expectTlsOnly(queueId: string) {
  const policies = resourcesOfType(api, 'AWS::SQS::QueuePolicy').filter(([, p]) =>
    (p.Properties.Queues as unknown[]).some((q) => JSON.stringify(q) === JSON.stringify({ Ref: queueId })),
  );
  expect(policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement)).toContainEqual({
    Action: 'sqs:*',
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
  });
}

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
