import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { functionSpecs } from '../../functions/manifest.ts';
import { buildApp, removeOutdirs, resourcesOfType } from './support.ts';

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
      if (guarded) expect(route.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
    }
  });

  it('tells the dashboard where to sign in through config.json', () => {
    const deployments = resourcesOfType(template, 'Custom::CDKBucketDeployment');
    const pages = deployments.find(([, d]) => d.Properties.DistributionPaths);
    expect(JSON.stringify(pages?.[1].Properties.SourceMarkers)).toContain(clientId);
  });
});
