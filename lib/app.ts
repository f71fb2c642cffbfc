import type { App, Environment } from 'aws-cdk-lib';
import type { Course } from '#domain/course.ts';
import { functionSpecs } from '../functions/manifest.ts';
import type { AppConfig } from './config.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

/** The two stacks of one stage, wired the same way for `cdk synth` and for the tests. */
export function addStacks(app: App, config: AppConfig, courses: Course[]) {
  const env: Environment = { account: config.account, region: config.region };
  const prefix = `KursusTilmelding-${config.stage}`;
  const stateful = new StatefulStack(app, `${prefix}-Data`, { env });
  const stateless = new StatelessStack(app, `${prefix}-Api`, {
    env,
    table: stateful.table,
    functionSpecs,
    functionConfig: { COORDINATOR_EMAIL: config.coordinatorAddress, TEACHER_EMAIL: config.teacherAddress },
    courses,
    throttle: { rateLimit: config.apiRateLimit, burstLimit: config.apiBurstLimit },
  });
  return { stateful, stateless };
}
