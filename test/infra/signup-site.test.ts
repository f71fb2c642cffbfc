import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../functions/edge-headers.ts';
import { buildApp, removeOutdirs, resourcesOfType, testConfig } from './support.ts';

afterAll(removeOutdirs);

const { stateless } = buildApp();
const template = Template.fromStack(stateless);
const json = JSON.stringify(template.toJSON());
const [distributionId, distribution] = resourcesOfType(template, 'AWS::CloudFront::Distribution')[0] ?? [];
const config = distribution?.Properties.DistributionConfig;

/** The response headers policy a cache behaviour names. */
function responseHeadersPolicyOf(behavior: { ResponseHeadersPolicyId?: { Ref?: string } }) {
  const policies = new Map(resourcesOfType(template, 'AWS::CloudFront::ResponseHeadersPolicy'));
  return policies.get(behavior.ResponseHeadersPolicyId?.Ref ?? '')?.Properties.ResponseHeadersPolicyConfig;
}

describe('the static site', () => {
  it('keeps its bucket private: public access blocked, HTTPS only, readable only by this distribution', () => {
    const [[, bucket] = []] = resourcesOfType(template, 'AWS::S3::Bucket');
    expect(bucket?.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const statements = resourcesOfType(template, 'AWS::S3::BucketPolicy').flatMap(
      ([, p]) => p.Properties.PolicyDocument.Statement,
    );
    const reads = statements.filter(
      (s) => s.Effect === 'Allow' && [s.Action].flat().includes('s3:GetObject'),
    );
    expect(reads).toHaveLength(1);
    expect(reads[0].Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    // Origin access control: CloudFront signs its requests, and only for this distribution.
    expect(Object.keys(reads[0].Condition.StringEquals)).toEqual(['AWS:SourceArn']);
    expect(JSON.stringify(reads[0].Condition.StringEquals['AWS:SourceArn'])).toContain(distributionId);
    expect(
      statements.some((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'),
    ).toBe(true);
    expect(config.Origins[0].OriginAccessControlId).toBeDefined();
  });

  it('serves index.html at the root over HTTPS only, and /admin/ through a directory-index function', () => {
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultCacheBehavior.FunctionAssociations[0].EventType).toBe('viewer-request');
    const [[, fn] = []] = resourcesOfType(template, 'AWS::CloudFront::Function');
    expect(fn?.Properties.FunctionCode).toContain("r.uri += 'index.html'");
  });

  it('sends security headers: CSP without inline script, HSTS, nosniff, no framing', () => {
    const headers = responseHeadersPolicyOf(config.DefaultCacheBehavior)?.SecurityHeadersConfig;
    const csp = JSON.stringify(headers.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    // The pages may call only their own origin (the API is on it, under /api) and the region's Cognito.
    const connect = csp.match(/connect-src ([^;]*);/)?.[1] ?? '';
    expect(connect).toBe(`'self' https://cognito-idp.${testConfig.region}.amazonaws.com`);
    expect(headers.ReferrerPolicy.ReferrerPolicy).toBe('strict-origin-when-cross-origin');
    expect(headers.StrictTransportSecurity.AccessControlMaxAgeSec).toBe(31536000);
    expect(headers.ContentTypeOptions.Override).toBe(true);
    expect(headers.FrameOptions.FrameOption).toBe('DENY');
  });

  it('serves the API on its own origin under /api/*: never cached, every viewer header but Host, all methods', () => {
    const [behavior, ...others] = config.CacheBehaviors;
    expect(others).toEqual([]);
    expect(behavior).toMatchObject({
      PathPattern: '/api/*',
      ViewerProtocolPolicy: 'https-only',
      // AWS's managed CachingDisabled and AllViewerExceptHostHeader policies.
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
    });
    expect(behavior.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'OPTIONS']));
    const origin = config.Origins.find((o: { Id: string }) => o.Id === behavior.TargetOriginId);
    const [[apiId] = []] = resourcesOfType(template, 'AWS::ApiGatewayV2::Api');
    expect(origin.DomainName).toEqual({
      'Fn::Join': ['', [{ Ref: apiId }, `.execute-api.${testConfig.region}.`, { Ref: 'AWS::URLSuffix' }]],
    });
    expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
  });

  it('sends the API a secret origin header, generated in Secrets Manager and never written in the template', () => {
    const [[secretId, secret] = []] = resourcesOfType(template, 'AWS::SecretsManager::Secret');
    expect(secret?.Properties.GenerateSecretString).toMatchObject({
      PasswordLength: 48,
      ExcludePunctuation: true,
    });
    const [behavior] = config.CacheBehaviors;
    const origin = config.Origins.find((o: { Id: string }) => o.Id === behavior.TargetOriginId);
    expect(origin.OriginCustomHeaders).toEqual([
      {
        HeaderName: 'x-origin-verify',
        HeaderValue: {
          'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']],
        },
      },
    ]);
    // Only the API's origin gets it: the bucket's has no use for it.
    const others = config.Origins.filter((o: { Id: string }) => o.Id !== behavior.TargetOriginId);
    expect(others.map((o: { OriginCustomHeaders?: unknown }) => o.OriginCustomHeaders)).toEqual([undefined]);
  });

  it("adds the API's security headers to every answer under /api/*, API Gateway's own 401, 403 and 404 included", () => {
    const [behavior] = config.CacheBehaviors;
    const policy = responseHeadersPolicyOf(behavior);
    const security = policy?.SecurityHeadersConfig;
    const hsts = security.StrictTransportSecurity;
    // The headers a viewer gets, read back from the policy: exactly the ones the handlers set.
    expect({
      'x-content-type-options': security.ContentTypeOptions ? 'nosniff' : undefined,
      'x-frame-options': security.FrameOptions.FrameOption,
      'content-security-policy': security.ContentSecurityPolicy.ContentSecurityPolicy,
      'referrer-policy': security.ReferrerPolicy.ReferrerPolicy,
      'strict-transport-security': `max-age=${hsts.AccessControlMaxAgeSec}${hsts.IncludeSubdomains ? '; includeSubDomains' : ''}`,
    }).toEqual(SECURITY_HEADERS);
    // Over whatever the origin sent: API Gateway's own answers carry none of them.
    expect(Object.values(security).map((header) => (header as { Override: boolean }).Override)).toEqual(
      Object.keys(SECURITY_HEADERS).map(() => true),
    );
    // An answer without a cache-control of its own is never stored; a route's own (openapi.json) is kept.
    expect(policy?.CustomHeadersConfig.Items).toEqual([
      { Header: 'Cache-Control', Value: 'no-store', Override: false },
    ]);
  });

  it("strips /api and sets the viewer's address itself, over any a viewer sent, before API Gateway", () => {
    const functions = resourcesOfType(template, 'AWS::CloudFront::Function').map(([, f]) => f);
    const code = String(
      functions.find((f) => f.Properties.Name.includes('ApiPrefix'))?.Properties.FunctionCode,
    );
    expect(code).toContain("r.uri = r.uri.substring(4) || '/'");
    expect(code).toContain("r.headers['x-viewer-address'] = { value: event.viewer.ip }");
  });

  it('gives the API no CORS, since no page of another origin may call it', () => {
    const [[, api] = []] = resourcesOfType(template, 'AWS::ApiGatewayV2::Api');
    expect(api?.Properties.CorsConfiguration).toBeUndefined();
  });

  it('writes config.json at deploy time, pointing the pages at /api on their own origin, not at API Gateway', () => {
    const deployments = resourcesOfType(template, 'Custom::CDKBucketDeployment');
    const pages = deployments.find(([, d]) => d.Properties.DistributionPaths?.includes('/config.json'));
    expect(pages).toBeDefined();
    // Source.jsonData with tokens becomes markers the deployment substitutes: the login's client, no API host.
    const markers = JSON.stringify(pages?.[1].Properties.SourceMarkers);
    const [[apiId] = []] = resourcesOfType(template, 'AWS::ApiGatewayV2::Api');
    expect(markers).toContain('CoordinatorAuth');
    expect(markers).not.toContain(`{"Ref":"${apiId}"}`);
    expect(json).not.toMatch(/execute-api\.[a-z0-9-]+\.amazonaws\.com\/"/);
    expect(pages?.[1].Properties.Prune).toBe(false);
  });

  it('publishes the hashed assets before the pages that name them, cached for a year', () => {
    const deployments = resourcesOfType(template, 'Custom::CDKBucketDeployment');
    const [assetsId, assets] =
      deployments.find(([, d]) => d.Properties.DestinationBucketKeyPrefix === 'assets/') ?? [];
    const [, pages] = deployments.find(([, d]) => d.Properties.DistributionPaths) ?? [];
    expect(JSON.stringify(assets?.Properties.SystemMetadata)).toContain('immutable');
    expect(JSON.stringify(pages?.Properties.SystemMetadata)).toContain('no-cache');
    expect(pages?.DependsOn).toEqual(
      expect.arrayContaining([expect.stringContaining(assetsId?.slice(0, 10) ?? '?')]),
    );
  });
});
