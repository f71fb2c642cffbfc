import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { functionSpecs } from '../../functions/manifest.ts';
import { CoordinatorAuth } from '../../lib/coordinator-auth.ts';
import { buildApp, removeOutdirs, resourcesOfType, tempOutdir } from './support.ts';

afterAll(removeOutdirs);

const { stateless } = buildApp();
const template = Template.fromStack(stateless);
const [[poolId, pool] = []] = resourcesOfType(template, 'AWS::Cognito::UserPool');
const [[clientId, client] = []] = resourcesOfType(template, 'AWS::Cognito::UserPoolClient');
const [[authorizerId, authorizer] = []] = resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer');

describe("the coordinators' user pool", () => {
  it('lets nobody sign up, asks for strong passwords, and offers TOTP MFA', () => {
    expect(pool?.Properties.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(pool?.Properties.Policies.PasswordPolicy).toMatchObject({
      MinimumLength: 12,
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    expect(pool?.Properties.MfaConfiguration).toBe('OPTIONAL');
    expect(pool?.Properties.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(pool?.DeletionPolicy).toBe('Retain');
  });

  it('has the coordinators group and a browser client without a secret that does not reveal which users exist', () => {
    const [[, group] = []] = resourcesOfType(template, 'AWS::Cognito::UserPoolGroup');
    expect(group?.Properties).toMatchObject({ GroupName: 'coordinators', UserPoolId: { Ref: poolId } });
    expect(client?.Properties.GenerateSecret).toBe(false);
    expect(client?.Properties.PreventUserExistenceErrors).toBe('ENABLED');
    expect(client?.Properties.ExplicitAuthFlows).toEqual(
      expect.arrayContaining(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH']),
    );
  });
});

describe('the JWT authorizer', () => {
  it("checks the pool's issuer and this client as audience", () => {
    expect(authorizer?.Properties.AuthorizerType).toBe('JWT');
    expect(authorizer?.Properties.IdentitySource).toEqual(['$request.header.Authorization']);
    expect(authorizer?.Properties.JwtConfiguration.Audience).toEqual([{ Ref: clientId }]);
    expect(JSON.stringify(authorizer?.Properties.JwtConfiguration.Issuer)).toContain(poolId);
  });

  it('guards every coordinator route of the manifest, and no public one', () => {
    const routes = resourcesOfType(template, 'AWS::ApiGatewayV2::Route');
    const coordinatorKeys = functionSpecs
      .filter((spec) => spec.auth === 'coordinator')
      .flatMap((spec) => spec.routes.map((r) => `${r.method} ${r.path}`));
    expect(coordinatorKeys.length).toBeGreaterThan(0);
    for (const [, route] of routes) {
      const guarded = route.Properties.AuthorizationType === 'JWT';
      expect({ key: route.Properties.RouteKey, guarded }).toEqual({
        key: route.Properties.RouteKey,
        guarded: coordinatorKeys.includes(route.Properties.RouteKey),
      });
      if (guarded) {
        expect(route.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
        // Access tokens only: Cognito's ID tokens carry no scope.
        expect(route.Properties.AuthorizationScopes).toEqual(['aws.cognito.signin.user.admin']);
      }
    }
  });

  it('tells the dashboard where to sign in through config.json', () => {
    const deployments = resourcesOfType(template, 'Custom::CDKBucketDeployment');
    const pages = deployments.find(([, d]) => d.Properties.DistributionPaths);
    expect(JSON.stringify(pages?.[1].Properties.SourceMarkers)).toContain(clientId);
  });
});

/** The construct alone, in a stack of its own with a region, and one route that uses its authorizer. */
function bareStack() {
  const outdir = tempOutdir();
  const app = new App({ outdir });
  const stack = new Stack(app, 'Bare', { env: { account: '123456789012', region: 'eu-north-1' } });
  const auth = new CoordinatorAuth(stack, 'CoordinatorAuth');
  // The authorizer becomes a resource only when a route uses it.
  new HttpApi(stack, 'Api').addRoutes({
    path: '/admin/courses',
    methods: [HttpMethod.GET],
    integration: new HttpUrlIntegration('Url', 'https://example.invalid/'),
    authorizer: auth.authorizer,
  });
  return { app, outdir, stack, auth };
}

describe('the CoordinatorAuth construct on its own', () => {
  const { stack, auth } = bareStack();
  const bare = Template.fromStack(stack);
  const [[bareClientId] = []] = resourcesOfType(bare, 'AWS::Cognito::UserPoolClient');

  it('keeps the pool, protected from deletion, on the Essentials plan, with recovery by e-mail only', () => {
    const [[, pool] = []] = resourcesOfType(bare, 'AWS::Cognito::UserPool');
    expect(pool?.DeletionPolicy).toBe('Retain');
    expect(pool?.Properties).toMatchObject({
      DeletionProtection: 'ACTIVE',
      UserPoolTier: 'ESSENTIALS',
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      AliasAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      Policies: { PasswordPolicy: { MinimumLength: 12, TemporaryPasswordValidityDays: 3 } },
    });
    expect(pool?.Properties.SmsConfiguration).toBeUndefined();
    expect(pool?.Properties.AdminCreateUserConfig.InviteMessageTemplate.EmailMessage).toMatch(
      /\{username\}.*\{####\}/,
    );
  });

  it('gives the dashboard one-hour tokens, refreshable for 12 hours, and no OAuth grants', () => {
    const [[, client] = []] = resourcesOfType(bare, 'AWS::Cognito::UserPoolClient');
    expect(client?.Properties.AllowedOAuthFlows).toBeUndefined();
    expect(client?.Properties.CallbackURLs).toBeUndefined();
    bare.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 720,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      EnableTokenRevocation: true,
    });
  });

  it("makes a JWT authorizer for the pool's issuer URL and the dashboard's client", () => {
    const [[poolId] = []] = resourcesOfType(bare, 'AWS::Cognito::UserPool');
    bare.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: bareClientId }],
        Issuer: { 'Fn::Join': ['', ['https://cognito-idp.eu-north-1.amazonaws.com/', { Ref: poolId }]] },
      },
    });
  });

  it('tells the dashboard where to sign in: the regional Cognito endpoint and the client id', () => {
    expect(auth.endpoint).toBe('https://cognito-idp.eu-north-1.amazonaws.com/');
    expect(stack.resolve(auth.clientId)).toEqual({ Ref: bareClientId });
  });

  it('leaves cdk-nag no unacknowledged finding in it', () => {
    const { app, outdir } = bareStack();
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
    let findings: string[] = [];
    try {
      app.synth();
    } catch {
      const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
        pluginReports: {
          violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
        }[];
      };
      findings = report.pluginReports.flatMap((r) =>
        r.violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} at ${c.constructPath}`)),
      );
    }
    // The bare HttpApi around it has findings of its own (no access logs); the construct has none.
    expect(findings.filter((finding) => finding.includes('/CoordinatorAuth/'))).toEqual([]);
  });
});
