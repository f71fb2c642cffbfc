import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { App } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { loadCourseFiles } from '../../functions/adapters/course-files.ts';
import type { FunctionSpec } from '../../functions/manifest.ts';
import { addStacks } from '../../lib/app.ts';
import { type AppConfig, parseAppConfig } from '../../lib/config.ts';
import { projectRoot } from '../../lib/project.ts';
import { writeSignupSite } from '../../web/build.ts';

export const testConfig: AppConfig = parseAppConfig({
  stage: 'test',
  senderAddress: 'kursus@example.dk',
  coordinatorAddress: 'koordinator@example.dk',
  sellerCvr: '29189781',
  sellerBankReg: '4321',
  sellerBankAccount: '7654321',
  mailMaxPerSecond: 3,
  personalDataRetentionDays: 365,
  apiRateLimit: 7,
  apiBurstLimit: 13,
  wafApiRequestsPerFiveMinutes: 500,
  wafSignupsPerFiveMinutes: 20,
  region: 'eu-west-1',
});

const outdirs: string[] = [];

/** A fresh cloud assembly directory; `removeOutdirs` (in afterAll) deletes every one handed out. */
export function tempOutdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cdk.out-kursus-'));
  outdirs.push(dir);
  return dir;
}

export function removeOutdirs(): void {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The site built once for every stack a test file makes (the build is deterministic). */
export const siteDir = join(mkdtempSync(join(tmpdir(), 'site-kursus-')), 'site');
await writeSignupSite(siteDir);
outdirs.push(dirname(siteDir));

/** The app as bin/app.ts builds it; without `bundle`, functions are not bundled (fast template tests). */
export function buildApp({
  config = testConfig,
  bundle = false,
}: {
  config?: AppConfig;
  bundle?: boolean;
} = {}) {
  const outdir = tempOutdir();
  const app = new App({ outdir, context: bundle ? {} : { 'aws:cdk:bundling-stacks': [] } });
  return {
    app,
    outdir,
    ...addStacks(app, config, loadCourseFiles(join(projectRoot, 'courses'), projectRoot), siteDir),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation resources are untyped JSON.
export type Resource = { Type: string; Properties: Record<string, any>; [key: string]: any };

export function resourcesOfType(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.findResources(type) as Record<string, Resource>);
}

/** The Lambda function a spec describes, found by its description (the construct id hashes into its logical id). */
export function functionOf(template: Template, spec: FunctionSpec): [string, Resource] {
  const found = resourcesOfType(template, 'AWS::Lambda::Function').filter(
    ([, r]) => r.Properties.Description === spec.description,
  );
  if (found.length !== 1 || found[0] === undefined) {
    throw new Error(`expected one function for ${spec.id}, found ${found.length}`);
  }
  return found[0];
}

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

/** The statements of every IAM policy attached to a role (a condition only where there is one). */
export function statementsOfRole(template: Template, roleLogicalId: string) {
  return resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, p]) =>
      p.Properties.Roles.some((r: unknown) => JSON.stringify(r) === JSON.stringify({ Ref: roleLogicalId })),
    )
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[])
    .map((s) => {
      if (s.Effect !== 'Allow') throw new Error(`unexpected ${s.Effect} statement in ${roleLogicalId}`);
      return { actions: [s.Action].flat(), resource: s.Resource, condition: s.Condition };
    });
}

/** The logical id of the execution role of a function resource. */
export function roleOf(fn: Resource): string {
  return fn.Properties.Role['Fn::GetAtt'][0];
}

/**
 * A CloudFormation string (a literal, or an Fn::Join of literals and Refs) as one readable string, with each
 * Ref written `${LogicalId}`: `arn:${AWS::Partition}:ses:${AWS::Region}:…`.
 */
export function joined(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as { Ref?: string; 'Fn::Join'?: [string, unknown[]] };
  if (v.Ref !== undefined) return `\${${v.Ref}}`;
  if (v['Fn::Join'] !== undefined) return v['Fn::Join'][1].map(joined).join(v['Fn::Join'][0]);
  throw new Error(`not a string or a join of strings and Refs: ${JSON.stringify(value)}`);
}
