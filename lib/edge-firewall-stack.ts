import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/** Where AWS WAF keeps web ACLs for CloudFront: they can be made in this region only. */
export const CLOUDFRONT_WAF_REGION = 'us-east-1';

export interface EdgeFirewallStackProps extends StackProps {
  /** Requests one address may make to `/api/*` in five minutes before WAF blocks it for a while. */
  apiRequestsPerFiveMinutes: number;
  /** Signups (POSTs to a course's registrations) one address may send in five minutes: a library signs up once. */
  signupsPerFiveMinutes: number;
}

/** Why a blocked caller got 429: the same error shape the API answers with, in Danish. */
const TOO_MANY_BODY = JSON.stringify({
  error: {
    code: 'TOO_MANY_REQUESTS',
    message: 'For mange forespørgsler fra din adresse. Vent et par minutter, og prøv igen.',
    fields: [],
  },
});

/**
 * The web ACL in front of the site's CloudFront distribution, which also serves the API under /api/*:
 * WAF cannot attach to an HTTP API, but it can to CloudFront. Per-address rate rules (the API, and a much
 * lower one for signups), AWS's list of addresses known for abuse, and its known-bad-input rules.
 */
export class EdgeFirewallStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeFirewallStackProps) {
    super(scope, id, props);
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const apiPath = {
      byteMatchStatement: {
        fieldToMatch: { uriPath: {} },
        positionalConstraint: 'STARTS_WITH',
        searchString: '/api/',
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    };
    // Retry-After: the form waits that long instead of retrying at once into the same limit.
    const tooMany = {
      customResponse: {
        responseCode: 429,
        customResponseBodyKey: 'tooMany',
        responseHeaders: [{ name: 'retry-after', value: '300' }],
      },
    };
    const managed = (priority: number, name: string) => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: visibility(name),
    });

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description: 'Kursustilmelding: per-address limits and AWS managed rules for the site and its API',
      defaultAction: { allow: {} },
      customResponseBodies: { tooMany: { contentType: 'APPLICATION_JSON', content: TOO_MANY_BODY } },
      visibilityConfig: visibility('KursusTilmelding'),
      rules: [
        {
          name: 'SignupsPerAddress',
          priority: 0,
          action: { block: tooMany },
          statement: {
            rateBasedStatement: {
              limit: props.signupsPerFiveMinutes,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                andStatement: {
                  statements: [
                    {
                      byteMatchStatement: {
                        fieldToMatch: { uriPath: {} },
                        positionalConstraint: 'ENDS_WITH',
                        searchString: '/registrations',
                        textTransformations: [{ priority: 0, type: 'NONE' }],
                      },
                    },
                    {
                      byteMatchStatement: {
                        fieldToMatch: { method: {} },
                        positionalConstraint: 'EXACTLY',
                        searchString: 'POST',
                        textTransformations: [{ priority: 0, type: 'NONE' }],
                      },
                    },
                  ],
                },
              },
            },
          },
          visibilityConfig: visibility('SignupsPerAddress'),
        },
        {
          name: 'ApiRequestsPerAddress',
          priority: 1,
          action: { block: tooMany },
          statement: {
            rateBasedStatement: {
              limit: props.apiRequestsPerFiveMinutes,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: apiPath,
            },
          },
          visibilityConfig: visibility('ApiRequestsPerAddress'),
        },
        managed(2, 'AWSManagedRulesAmazonIpReputationList'),
        managed(3, 'AWSManagedRulesKnownBadInputsRuleSet'),
      ],
    });
  }
}
