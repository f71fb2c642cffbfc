import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { type FunctionSpec, functionSpecs } from '../../functions/manifest.ts';
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

describe('cdk-nag AwsSolutions checks', () => {
  it('find nothing unacknowledged in either stack', () => {
    const { app, outdir } = buildApp();
    expect(nagFindings(app, outdir)).toEqual([]);
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
      functionConfig: {},
      courses: [],
      throttle: { rateLimit: testConfig.apiRateLimit, burstLimit: testConfig.apiBurstLimit },
    });
    expect(nagFindings(app, outdir)).toEqual([
      'error AwsSolutions-APIG4 at Api/Api/GET--courses--{courseId}--registrations/Resource',
    ]);
  });
});
