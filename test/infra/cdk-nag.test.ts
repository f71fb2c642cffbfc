import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { type FunctionSpec, functionSpecs } from '../../functions/manifest.ts';
import { functionConfigOf } from '../../lib/app.ts';
import { StatefulStack } from '../../lib/stateful-stack.ts';
import { StatelessStack } from '../../lib/stateless-stack.ts';
import { buildApp, removeOutdirs, siteDir, tempOutdir, testConfig } from './support.ts';

afterAll(removeOutdirs);

/** Synthesises with the AwsSolutions and Serverless checks; returns the findings that were not acknowledged. */
function nagFindings(app: App, outdir: string): string[] {
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true }),
    new ServerlessChecks(app, { verbose: true }),
  );
  try {
    app.synth();
    return [];
  } catch (error) {
    const reportFile = join(outdir, 'validation-report.json');
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
      pluginReports: {
        violations: {
          ruleName: string;
          severity: string;
          violatingConstructs: { constructPath: string }[];
        }[];
      }[];
    };
    const findings = report.pluginReports.flatMap((r) =>
      r.violations.flatMap((v) =>
        v.violatingConstructs.map((c) => `${v.severity} ${v.ruleName} at ${c.constructPath}`),
      ),
    );
    if (findings.length === 0) throw error;
    return findings;
  }
}

/** Every acknowledgement in the app: rule id, where (construct path below the stack) and why. */
function acknowledgements(app: App): { id: string; path: string; reason: string }[] {
  return app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          id: id.replace(/^annotation::/i, ''),
          path: construct.node.path.split('/').slice(1).join('/'),
          reason,
        })),
      ),
  );
}

/** The singleton CDK adds to a stack for BucketDeployment (its id is fixed by CDK). */
const BUCKET_DEPLOYMENT = 'Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C';

describe('cdk-nag AwsSolutions and Serverless checks', () => {
  it('find nothing unacknowledged in either stack', () => {
    const { app, outdir } = buildApp();
    expect(nagFindings(app, outdir)).toEqual([]);
  });

  it('are acknowledged only where a reason is given: public routes, the runtime, tracing, dead-letter queues, synchronous invocations, ListStreams, ListSchedules, the schedule group, the coordinators’ pool, the static site and CDK’s deployment functions', () => {
    const { app } = buildApp();
    const found = acknowledgements(app);
    expect(found.map(({ id, path }) => `${id} at ${path}`).sort()).toEqual(
      [
        'AwsSolutions-APIG4 at Api/GET--courses--{courseId}',
        'AwsSolutions-APIG4 at Api/POST--courses--{courseId}--registrations',
        'AwsSolutions-APIG4 at Api/GET--openapi.json',
        // The links in the mails: the token is the key, checked by the function.
        'AwsSolutions-APIG4 at Api/GET--link',
        'AwsSolutions-APIG4 at Api/PUT--link--visit',
        'AwsSolutions-APIG4 at Api/PUT--link--case',
        ...functionSpecs.map((s) => `AwsSolutions-L1 at ${s.id}/Function`),
        // Every function: the mandated runtime, and tracing by request id in the logs instead of X-Ray.
        ...functionSpecs.flatMap((s) =>
          ['LambdaLatestVersion', 'LambdaTracing', 'LambdaDLQ'].map(
            (rule) => `Serverless-${rule} at ${s.id}/Function`,
          ),
        ),
        // Dead-letter queues and on-failure destinations, which are the end of the line themselves.
        ...[
          'OnRegistrationChange/FailedRecords',
          'OnCourseStructureChange/FailedRecords',
          'Sweep/FailedInvocations',
          'Sweep/FailedRuns',
          'SendReminder/FailedRuns',
          'ReminderScheduling/FailedReminders',
        ].flatMap((queue) => [`AwsSolutions-SQS3 at ${queue}`, `Serverless-SQSRedrivePolicy at ${queue}`]),
        // CDK's provider function for the deploy-time custom resources.
        ...['LambdaDLQ', 'LambdaTracing', 'LambdaDefaultMemorySize'].map(
          (rule) => `Serverless-${rule} at AWS679f53fac002430cb0da5b7982bd2287`,
        ),
        // Granular: only statements on Resource * (ListStreams), and only on the stream functions' roles.
        'AwsSolutions-IAM5[Resource::*] at OnRegistrationChange/Role',
        'AwsSolutions-IAM5[Resource::*] at OnCourseStructureChange/Role',
        // ListSchedules (Resource *) and the reminder group's schedules, only on the syncing function's role.
        'AwsSolutions-IAM5[Resource::*] at SyncReminderSchedules/Role',
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:${testConfig.region}:<AWS::AccountId>:schedule/KursusTilmelding-test-Api-reminders/*] at SyncReminderSchedules/Role`,
        // Saving a course re-syncs its reminder schedules, with the same grant as the syncing function.
        'AwsSolutions-IAM5[Resource::*] at SaveCourse/Role',
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:${testConfig.region}:<AWS::AccountId>:schedule/KursusTilmelding-test-Api-reminders/*] at SaveCourse/Role`,
        // The coordinators' pool: MFA offered rather than forced, no paid threat protection.
        ...['COG2', 'COG3', 'COG8'].map((rule) => `AwsSolutions-${rule} at CoordinatorAuth/Coordinators`),
        // The static site: CloudFront without a custom domain or geo restriction, a bucket without access logs.
        ...['CFR1', 'CFR3', 'CFR4'].map((rule) => `AwsSolutions-${rule} at Site/Distribution`),
        'AwsSolutions-S1 at Site/Files',
        // CloudFront's origin header takes the secret at deploy: it is rotated by a deploy, not by a rotation Lambda.
        'AwsSolutions-SMG4 at OriginSecret',
        // CDK's own file-copying Lambda behind BucketDeployment, each of its grants named.
        ...[
          'L1',
          'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map(
            (a) => `IAM5[Action::${a}]`,
          ),
          `IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${testConfig.region}/*]`,
          'IAM5[Resource::<SiteFiles975A43CF.Arn>/*]',
          'IAM5[Resource::*]',
        ].map((rule) => `AwsSolutions-${rule} at ${BUCKET_DEPLOYMENT}`),
        ...['LambdaDLQ', 'LambdaTracing', 'LambdaLatestVersion'].map(
          (rule) => `Serverless-${rule} at ${BUCKET_DEPLOYMENT}`,
        ),
      ].sort(),
    );
    for (const { reason } of found) expect(reason.length).toBeGreaterThan(60);
  });

  it('report a route that is not known to be public and has no authoriser', () => {
    const outdir = tempOutdir();
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    const { table } = new StatefulStack(app, 'Data');
    const coordinatorOnly: FunctionSpec = {
      ...(functionSpecs[0] as FunctionSpec),
      id: 'ListRegistrations',
      description: 'GET /courses/{courseId}/registrations: for the coordinator only',
      routes: [{ method: 'GET', path: '/courses/{courseId}/registrations' }],
    };
    new StatelessStack(app, 'Api', {
      table,
      functionSpecs: [coordinatorOnly],
      functionConfig: functionConfigOf(testConfig),
      courses: [],
      throttle: { rateLimit: testConfig.apiRateLimit, burstLimit: testConfig.apiBurstLimit },
      siteDir,
      webAclArn:
        'arn:aws:wafv2:us-east-1:123456789012:global/webacl/test/00000000-0000-0000-0000-000000000000',
    });
    expect(nagFindings(app, outdir)).toEqual([
      'error AwsSolutions-APIG4 at Api/Api/GET--courses--{courseId}--registrations/Resource',
    ]);
  });
});
