import {
  CfnOutput,
  CrossStackReferences,
  ReferenceStrength,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  type HttpRoute,
  type HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { Course } from '#domain/course.ts';
import type { RouteAccess } from '../functions/http/route-spec.ts';
import { routeKeyOf, routeTable } from '../functions/http/route-table.ts';
import { COORDINATOR_SCOPES, type FunctionSpec, type SchedulingConfigName } from '../functions/manifest.ts';
import { CoordinatorAuth } from './coordinator-auth.ts';
import { acknowledgeCustomResourceProvider, CourseSeed } from './course-seed.ts';
import { Mailing } from './mailing.ts';
import { ReminderScheduling } from './reminder-scheduling.ts';
import { API_PATH, SignupSite } from './signup-site.ts';
import { type ConfigName, TableFunction } from './table-function.ts';

/**
 * The routes called without an account, as the route table declares them: the signup form's, the API's
 * description, and the links in the mails (their token is the key). A route the table does not declare
 * public gets no acknowledgement, so one wired without an authoriser fails cdk-nag instead of going public
 * silently.
 */
type PublicAccess = Exclude<RouteAccess, 'coordinator'>;
const PUBLIC_ROUTES = new Map(
  routeTable.flatMap(({ access, ...route }) =>
    access === 'coordinator' ? [] : [[routeKeyOf(route), access] as const],
  ),
);

/** Why each kind of public route is public, for cdk-nag. */
const WHY_PUBLIC: Record<PublicAccess, string> = {
  public:
    'is public by design: anyone may read a course, sign up or read the API description, without an account',
  'link-token':
    "is public at the gateway by design: the link's token from the mail is the key, checked by the function",
};

/** Settings this stack makes itself rather than takes from the deployment's configuration. */
type StackMadeConfig =
  | 'SES_CONFIGURATION_SET'
  | 'RENDER_INVOICE_FUNCTION'
  | 'SITE_URL'
  | 'ORIGIN_SECRET'
  | SchedulingConfigName;

/**
 * A value (or, for an optional setting, undefined) for every setting a function may read, so a setting
 * added to the manifest cannot be forgotten here: the compiler asks for it.
 */
export type DeploymentFunctionConfig = Record<Exclude<ConfigName, StackMadeConfig>, string | undefined>;

export interface StatelessStackProps extends StackProps {
  table: ITable;
  functionSpecs: FunctionSpec[];
  functionConfig: DeploymentFunctionConfig;
  courses: Course[];
  throttle: { rateLimit: number; burstLimit: number };
  /** The built static site (web/build.ts), deployed behind CloudFront. */
  siteDir: string;
  /** The CloudFront web ACL (EdgeFirewallStack, us-east-1) in front of the site and the API. */
  webAclArn: string;
}

/**
 * A signup is a rare event (a few hundred libraries a year), so its route gets a far lower limit than the
 * stage's: a flood of POSTs is cut off at API Gateway, per route, before it reaches a function or a mail.
 */
export const PUBLIC_WRITE_LIMIT = { rateLimit: 5, burstLimit: 10 };

function limitPublicWrite(
  stage: HttpStage,
  routeKey: string,
  routes: HttpRoute[],
  stageLimit: { rateLimit: number; burstLimit: number },
): void {
  const cfnStage = stage.node.defaultChild as CfnStage;
  // A map CloudFormation takes as it is (JSON), so its keys are written in CloudFormation's own casing.
  const settings = (cfnStage.routeSettings ?? {}) as Record<string, unknown>;
  cfnStage.routeSettings = {
    ...settings,
    [routeKey]: {
      ThrottlingRateLimit: Math.min(PUBLIC_WRITE_LIMIT.rateLimit, stageLimit.rateLimit),
      ThrottlingBurstLimit: Math.min(PUBLIC_WRITE_LIMIT.burstLimit, stageLimit.burstLimit),
    },
  };
  // The stage names the route by its key, so the route must exist first.
  for (const route of routes) cfnStage.node.addDependency(route);
}

/**
 * Everything that can be replaced without losing data: the functions with their triggers (HTTP API routes,
 * the table's stream, schedules), SES sending, and the course seed.
 */
export class StatelessStack extends Stack {
  readonly functions: Record<string, TableFunction> = {};
  readonly mailing?: Mailing;
  readonly scheduling?: ReminderScheduling;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { table, functionSpecs, functionConfig, courses, throttle, siteDir, webAclArn } = props;
    // Exports and imports: CloudFormation itself then refuses to delete the table's stack while this one
    // uses it. Chosen explicitly, as CDK asks, rather than left to a default that may change.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);

    const coordinators = functionSpecs.some((spec) => spec.auth === 'coordinator')
      ? new CoordinatorAuth(this, 'CoordinatorAuth')
      : undefined;
    const api = new HttpApi(this, 'Api', {
      apiName: this.stackName,
      description: 'Tilmelding til kurser',
      // No CORS: the pages reach the API on their own origin (the site's CloudFront under /api), so no
      // browser is ever allowed to call it from another site's page.
      // The stage is made below, where throttling and access logs can be set on it.
      createDefaultStage: false,
    });
    // CloudFront's origin is the execute-api address itself (no custom domain), so that endpoint stays
    // on; this secret, in CloudFront's origin header, is what sets the site's requests apart from others.
    const originSecret = new Secret(this, 'OriginSecret', {
      description:
        "Sent by the site's CloudFront to the API: only beside it is the viewer's address believed",
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(originSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'CloudFront takes its origin header as a plain value at deploy, so a rotation takes effect only with a deploy: rotate by putting a new value and deploying (README.md).',
    });
    const site = new SignupSite(this, 'Site', {
      siteDir,
      apiDomain: `${api.apiId}.execute-api.${this.region}.${this.urlSuffix}`,
      webAclArn,
      originSecret,
    });
    // Retained (the default) if the stack goes: the record of who called, bounded by its retention.
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.THREE_MONTHS });
    const stage = api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // HTTP API's own context variables; the REST-oriented presets name some it does not have.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            sourceIp: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    // Only a stack with functions that mail has a configuration set and a sender to scope their grant to.
    if (functionSpecs.some((spec) => spec.sendsMail)) {
      const senderAddress = functionConfig.SENDER_EMAIL;
      if (senderAddress === undefined)
        throw new Error('Functions send mail, but SENDER_EMAIL is not configured');
      this.mailing = new Mailing(this, 'Mailing', { senderAddress });
    }
    // Reminder schedules need both ends: the function they invoke and the one that makes them.
    const target = functionSpecs.filter((spec) => spec.reminderTarget);
    const syncing = functionSpecs.filter((spec) => spec.syncsReminderSchedules);
    if (syncing.length > 0 && target.length !== 1) {
      throw new Error(`Reminder schedules need exactly one target function, found ${target.length}`);
    }
    if (syncing.length > 0) this.scheduling = new ReminderScheduling(this, 'ReminderScheduling');
    const config: Partial<Record<ConfigName, string>> = {
      ...functionConfig,
      SES_CONFIGURATION_SET: this.mailing?.configurationSet.configurationSetName,
      // The links in the mails open the site's pages (the site is made before the functions: no cycle).
      SITE_URL: site.origin,
      // Resolved by CloudFormation at deploy, as CloudFront's header is: read by the function with no SDK call.
      ORIGIN_SECRET: originSecret.secretValue.unsafeUnwrap(),
      ...this.scheduling?.config,
    };

    for (const spec of functionSpecs) {
      const fn = new TableFunction(this, spec.id, {
        spec,
        table,
        config,
        mailing: this.mailing,
        scheduling: this.scheduling,
      });
      this.functions[spec.id] = fn;
      // The renderer comes first in the manifest, so the functions that mail invoices find it made.
      if (spec.invoiceRenderer) config.RENDER_INVOICE_FUNCTION = fn.function.functionName;
      if (spec.config.includes('RENDER_INVOICE_FUNCTION')) {
        const renderer = functionSpecs.find((s) => s.invoiceRenderer);
        const made = renderer && this.functions[renderer.id];
        if (!made) throw new Error(`${spec.id} mails invoices, but no invoice renderer is made before it`);
        // The function itself, not its versions (`:*`): it is invoked by name, unqualified.
        fn.function.addToRolePolicy(
          new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [made.function.functionArn] }),
        );
      }
      if (spec.routes.length === 0) continue;
      const integration = new HttpLambdaIntegration(`${spec.id}Integration`, fn.function);
      for (const route of spec.routes) {
        const routeKey = routeKeyOf(route);
        const added = api.addRoutes({
          path: route.path,
          methods: [HttpMethod[route.method]],
          integration,
          // Coordinator routes only run with a valid token from the coordinators' user pool.
          ...(spec.auth === 'coordinator' &&
            coordinators && { authorizer: coordinators.authorizer, authorizationScopes: COORDINATOR_SCOPES }),
        });
        const access = PUBLIC_ROUTES.get(routeKey);
        if (!access) continue;
        if (route.method === 'POST') limitPublicWrite(stage, routeKey, added, throttle);
        for (const r of added) {
          Validations.of(r).acknowledge({
            id: 'AwsSolutions-APIG4',
            reason: `${routeKey} ${WHY_PUBLIC[access]}`,
          });
        }
      }
    }

    const [syncSpec] = syncing;
    new CourseSeed(this, 'CourseSeed', {
      table,
      courses,
      // Deploying with the seed courses creates their reminder schedules.
      reminderSync: syncSpec && this.functions[syncSpec.id]?.function,
    });
    acknowledgeCustomResourceProvider(this);

    site.publish({
      apiUrl: API_PATH,
      defaultCourseId: courses[0]?.id,
      ...(coordinators && {
        auth: { endpoint: coordinators.endpoint, clientId: coordinators.client.userPoolClientId },
      }),
    });
    if (coordinators) {
      new CfnOutput(this, 'CoordinatorUserPoolId', { value: coordinators.userPool.userPoolId });
      new CfnOutput(this, 'CoordinatorClientId', { value: coordinators.client.userPoolClientId });
    }
    new CfnOutput(this, 'ApiUrl', { value: stage.url });
    new CfnOutput(this, 'SiteUrl', { value: site.url });
  }
}
