import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { type FunctionSpec, functionSpecs } from '../../functions/manifest.ts';
import { functionConfigOf } from '../../lib/app.ts';
import { StatefulStack } from '../../lib/stateful-stack.ts';
import { StatelessStack } from '../../lib/stateless-stack.ts';
import { buildApp, removeOutdirs, tempOutdir, testConfig } from './support.ts';

afterAll(removeOutdirs);

/** Synthesises with AwsSolutions checks; returns the findings that were not acknowledged. */
function nagFindings(app: App, outdir: string): string[] {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
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

describe('cdk-nag AwsSolutions checks', () => {
  it('find nothing unacknowledged in either stack', () => {
    const { app, outdir } = buildApp();
    expect(nagFindings(app, outdir)).toEqual([]);
  });

  it('are acknowledged only where a reason is given: public routes, the runtime, dead-letter queues, ListStreams, ListSchedules and the schedule group', () => {
    const { app } = buildApp();
    const found = acknowledgements(app);
    expect(found.map(({ id, path }) => `${id} at ${path}`).sort()).toEqual(
      [
        'AwsSolutions-APIG4 at Api/GET--courses--{courseId}',
        'AwsSolutions-APIG4 at Api/POST--courses--{courseId}--registrations',
        ...functionSpecs.map((s) => `AwsSolutions-L1 at ${s.id}/Function`),
        'AwsSolutions-SQS3 at OnRegistrationChange/FailedRecords',
        'AwsSolutions-SQS3 at Sweep/FailedInvocations',
        'AwsSolutions-SQS3 at ReminderScheduling/FailedReminders',
        // Granular: only statements on Resource * (ListStreams), and only on the stream function's role.
        'AwsSolutions-IAM5[Resource::*] at OnRegistrationChange/Role',
        // ListSchedules (Resource *) and the reminder group's schedules, only on the syncing function's role.
        'AwsSolutions-IAM5[Resource::*] at SyncReminderSchedules/Role',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/KursusTilmelding-test-Api-reminders/*] at SyncReminderSchedules/Role',
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
    });
    expect(nagFindings(app, outdir)).toEqual([
      'error AwsSolutions-APIG4 at Api/Api/GET--courses--{courseId}--registrations/Resource',
    ]);
  });
});
