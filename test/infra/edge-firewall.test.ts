import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp, removeOutdirs, resourcesOfType, testConfig } from './support.ts';

afterAll(removeOutdirs);

const { firewall, stateless } = buildApp();
const [[, acl] = []] = resourcesOfType(Template.fromStack(firewall), 'AWS::WAFv2::WebACL');
const rules = acl?.Properties.Rules as {
  Name: string;
  Priority: number;
  Action?: {
    Block?: {
      CustomResponse?: {
        ResponseCode: number;
        CustomResponseBodyKey: string;
        ResponseHeaders?: { Name: string; Value: string }[];
      };
    };
  };
  // biome-ignore lint/suspicious/noExplicitAny: the test reads the template's statements field by field.
  Statement: Record<string, any>;
}[];
const rule = (name: string) => rules.find((r) => r.Name === name);

describe('the web ACL in front of the site and its API', () => {
  it('is made in us-east-1 for CloudFront, as AWS WAF requires, and lets everything else through', () => {
    expect(firewall.region).toBe('us-east-1');
    expect(acl?.Properties.Scope).toBe('CLOUDFRONT');
    expect(acl?.Properties.DefaultAction).toEqual({ Allow: {} });
  });

  it('blocks an address that sends more API requests in five minutes than configured, with a Danish 429', () => {
    const limit = rule('ApiRequestsPerAddress')?.Statement.RateBasedStatement;
    expect(limit).toMatchObject({
      Limit: testConfig.wafApiRequestsPerFiveMinutes,
      EvaluationWindowSec: 300,
      AggregateKeyType: 'IP',
      ScopeDownStatement: {
        ByteMatchStatement: { SearchString: '/api/', PositionalConstraint: 'STARTS_WITH' },
      },
    });
    const response = rule('ApiRequestsPerAddress')?.Action?.Block?.CustomResponse;
    expect(response?.ResponseCode).toBe(429);
    expect(response?.ResponseHeaders).toEqual([{ Name: 'retry-after', Value: '300' }]);
    const body = JSON.parse(
      acl?.Properties.CustomResponseBodies[response?.CustomResponseBodyKey ?? ''].Content,
    );
    expect(body.error.code).toBe('TOO_MANY_REQUESTS');
    expect(body.error.message).toMatch(/^For mange forespørgsler/);
  });

  it("holds signups (POSTs to a course's registrations, not the coordinator's commands) to a far lower rate per address, checked first", () => {
    const signups = rule('SignupsPerAddress');
    expect(signups?.Priority).toBe(0);
    const limit = signups?.Statement.RateBasedStatement;
    expect(limit.Limit).toBe(testConfig.wafSignupsPerFiveMinutes);
    expect(limit.Limit).toBeLessThan(testConfig.wafApiRequestsPerFiveMinutes);
    const matches = limit.ScopeDownStatement.AndStatement.Statements.map(
      (s: { ByteMatchStatement: { SearchString: string } }) => s.ByteMatchStatement.SearchString,
    );
    expect(matches).toEqual(['/registrations', 'POST']);
  });

  it("applies AWS's lists of abusive addresses and known bad inputs", () => {
    const groups = rules.flatMap((r) => r.Statement.ManagedRuleGroupStatement?.Name ?? []);
    expect(groups).toEqual(['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesKnownBadInputsRuleSet']);
  });

  it("is attached to the site's distribution, its ARN carried across regions by CDK", () => {
    const [[, distribution] = []] = resourcesOfType(
      Template.fromStack(stateless),
      'AWS::CloudFront::Distribution',
    );
    const webAcl = JSON.stringify(distribution?.Properties.DistributionConfig.WebACLId);
    expect(webAcl).toContain('ExportsReader');
    expect(webAcl).toContain('WebAclArn');
  });
});
