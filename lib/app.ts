import type { App, Environment } from 'aws-cdk-lib';
import type { Course } from '#domain/course.ts';
import { functionSpecs } from '../functions/manifest.ts';
import type { AppConfig } from './config.ts';
import { CLOUDFRONT_WAF_REGION, EdgeFirewallStack } from './edge-firewall-stack.ts';
import { StatefulStack } from './stateful-stack.ts';
import { type DeploymentFunctionConfig, StatelessStack } from './stateless-stack.ts';

/** The value of every setting a function may read, from the deployment's configuration. */
export function functionConfigOf(config: AppConfig): DeploymentFunctionConfig {
  return {
    COORDINATOR_EMAIL: config.coordinatorAddress,
    TEACHER_EMAIL: config.teacherAddress,
    SENDER_EMAIL: config.senderAddress,
    SELLER_CVR: config.sellerCvr,
    SELLER_BANK_REG: config.sellerBankReg,
    SELLER_BANK_ACCOUNT: config.sellerBankAccount,
    MAIL_MAX_PER_SECOND: String(config.mailMaxPerSecond),
    PERSONAL_DATA_RETENTION_DAYS: String(config.personalDataRetentionDays),
  };
}

/** The two stacks of one stage, wired the same way for `cdk synth` and for the tests. */
export function addStacks(app: App, config: AppConfig, courses: Course[], siteDir: string) {
  const env: Environment = { account: config.account, region: config.region };
  const prefix = `KursusTilmelding-${config.stage}`;
  const stateful = new StatefulStack(app, `${prefix}-Data`, { env });
  // CloudFront's web ACL lives in us-east-1; CDK carries its ARN across (through SSM), which needs both
  // stacks' regions to be known at synth.
  const firewall = new EdgeFirewallStack(app, `${prefix}-Firewall`, {
    env: { account: config.account, region: CLOUDFRONT_WAF_REGION },
    apiRequestsPerFiveMinutes: config.wafApiRequestsPerFiveMinutes,
    signupsPerFiveMinutes: config.wafSignupsPerFiveMinutes,
  });
  const stateless = new StatelessStack(app, `${prefix}-Api`, {
    env,
    crossRegionReferences: true,
    webAclArn: firewall.webAcl.attrArn,
    table: stateful.table,
    functionSpecs,
    functionConfig: functionConfigOf(config),
    courses,
    throttle: { rateLimit: config.apiRateLimit, burstLimit: config.apiBurstLimit },
    siteDir,
  });
  return { stateful, firewall, stateless };
}
