import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  DEFAULT_API_CACHE_CONTROL,
  HSTS_MAX_AGE_SECONDS,
  ORIGIN_SECRET_HEADER,
  SECURITY_HEADERS,
  VIEWER_ADDRESS_HEADER,
} from '../functions/edge-headers.ts';
import { nagRegion } from './nag-names.ts';

export interface SignupSiteProps {
  /** The built site (web/build.ts `writeSignupSite`): pages at the root, hashed files under assets/. */
  siteDir: string;
  /** The HTTP API's host (`<id>.execute-api.<region>.amazonaws.com`), served under /api/* on the same origin. */
  apiDomain: string;
  /** The web ACL (made in us-east-1, as CloudFront's must be) guarding pages and API alike. */
  webAclArn: string;
  /**
   * Sent to the API with every request, so the API can tell CloudFront's requests (whose viewer address
   * it may believe) from ones sent straight to execute-api. CloudFront takes an origin header as a plain
   * string at deploy: CloudFormation resolves the secret's dynamic reference into it.
   */
  originSecret: ISecret;
}

/** Where the pages find the API: their own origin, so the browser never makes a cross-origin call. */
export const API_PATH = '/api';

/** What the pages read from config.json: where the API and the coordinators' login are. */
export interface SiteConfigValues {
  apiUrl: string;
  defaultCourseId?: string;
  auth?: { endpoint: string; clientId: string };
}

/**
 * The signup form and the coordinators' dashboard as a static site: a private bucket read only by
 * CloudFront through origin access control, served over HTTPS with security headers. The pages learn
 * the API's address from a config.json written at deploy time, so nothing is hard-coded in the bundle.
 */
export class SignupSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<distribution domain>`: the pages' origin, and the API's under /api. */
  readonly origin: string;
  /** The signup form's address: the origin's root, where CloudFront serves index.html. */
  readonly url: string;
  private readonly siteDir: string;

  constructor(scope: Construct, id: string, props: SignupSiteProps) {
    super(scope, id);
    this.siteDir = props.siteDir;
    const region = Stack.of(this).region;

    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Rebuilt from the repository at every deploy; a bucket left behind holds only public files.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The bucket holds only the public static pages, read solely by CloudFront; writes come only from the deployment.',
    });

    // The pages call the API on their own origin (/api) and Cognito in this region, nothing else.
    const connect = ["'self'", `https://cognito-idp.${region}.amazonaws.com`].join(' ');
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: [
            "default-src 'self'",
            `connect-src ${connect}`,
            "img-src 'self' data:",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "object-src 'none'",
          ].join('; '),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });
    // The API's headers on everything under /api/*: API Gateway's own answers (the JWT authorizer's 401 and
    // 403, the 404 of a path no route has, the 413) cannot be given headers in an HTTP API, so CloudFront
    // adds them. The security headers are the handlers' own values; a route's cache-control is kept.
    const apiHeaders = new ResponseHeadersPolicy(this, 'ApiSecurityHeaders', {
      comment: "The API's security headers, on API Gateway's own answers too",
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: SECURITY_HEADERS['content-security-policy'],
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'Cache-Control', value: DEFAULT_API_CACHE_CONTROL, override: false }],
      },
    });
    // S3 has no directory indexes: `/admin/` must be asked for as `/admin/index.html` (`/link/` likewise).
    const indexes = new CloudFrontFunction(this, 'DirectoryIndex', {
      code: FunctionCode.fromInline(
        "function handler(event) { var r = event.request; if (r.uri.endsWith('/')) { r.uri += 'index.html'; } else if (r.uri === '/admin' || r.uri === '/link') { r.uri += '/index.html'; } return r; }",
      ),
      comment: 'Serves index.html for paths ending in a slash',
    });
    // The API's routes start at its root: /api/courses/x reaches API Gateway as /courses/x. API Gateway
    // sees CloudFront as the caller, so the viewer's address goes along in a header a viewer cannot set.
    const apiPrefix = new CloudFrontFunction(this, 'ApiPrefix', {
      code: FunctionCode.fromInline(
        `function handler(event) { var r = event.request; r.uri = r.uri.substring(${API_PATH.length}) || '/'; r.headers['${VIEWER_ADDRESS_HEADER}'] = { value: event.viewer.ip }; return r; }`,
      ),
      comment: "Strips /api and passes on the viewer's address before a request goes to API Gateway",
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Kursustilmelding: tilmeldingsformular og koordinatorside',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: indexes, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        [`${API_PATH}/*`]: {
          origin: new HttpOrigin(props.apiDomain, {
            customHeaders: { [ORIGIN_SECRET_HEADER]: props.originSecret.secretValue.unsafeUnwrap() },
          }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          // Answers are per caller and per moment: never cached. Every viewer header but Host (which must
          // name API Gateway's host) goes on, the coordinator's Authorization among them.
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: apiHeaders,
          functionAssociations: [{ function: apiPrefix, eventType: FunctionEventType.VIEWER_REQUEST }],
        },
      },
      webAclId: props.webAclArn,
    });
    const acknowledgements: [string, string][] = [
      [
        'AwsSolutions-CFR1',
        'The libraries signing up are Danish, but people travel; nothing here is secret by country.',
      ],
      [
        'AwsSolutions-CFR3',
        "Static public files, and an API whose every call is in its stage access logs (CloudFront's address as the caller; WAF's sampled requests name the viewer).",
      ],
      [
        'AwsSolutions-CFR4',
        'No custom domain yet: the default *.cloudfront.net certificate cannot pin a minimum TLS version.',
      ],
    ];
    for (const [id, reason] of acknowledgements)
      Validations.of(this.distribution).acknowledge({ id, reason });
    this.origin = `https://${this.distribution.distributionDomainName}`;
    this.url = `${this.origin}/`;
  }

  /**
   * Uploads the built site and writes config.json. Hashed assets go first and are cached for a year;
   * pages and config.json follow, never cached stale, and CloudFront forgets its copies of them.
   * Neither deployment prunes: each would otherwise delete the other's files.
   */
  publish(config: SiteConfigValues): void {
    const assets = new BucketDeployment(this, 'Assets', {
      sources: [Source.asset(join(this.siteDir, 'assets'))],
      destinationBucket: this.bucket,
      destinationKeyPrefix: 'assets/',
      cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
      prune: false,
    });
    const pages = new BucketDeployment(this, 'Pages', {
      sources: [Source.asset(this.siteDir, { exclude: ['assets'] }), Source.jsonData('config.json', config)],
      destinationBucket: this.bucket,
      cacheControl: [CacheControl.noCache()],
      prune: false,
      distribution: this.distribution,
      distributionPaths: ['/', '/index.html', '/admin/*', '/link/*', '/config.json'],
    });
    pages.node.addDependency(assets);
    acknowledgeDeploymentHandler(Stack.of(this), this.bucket);
  }
}

/** The deployment's shared Lambda (made by CDK, one per stack) cannot be configured from here. */
function acknowledgeDeploymentHandler(stack: Stack, siteBucket: Bucket): void {
  const handlers = stack.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  const bucketId = stack.resolve(stack.getLogicalId(siteBucket.node.defaultChild as CfnBucket)) as string;
  const copying =
    "CDK's BucketDeployment handler copies the built site from the asset bucket into the site bucket at deploy time";
  const findings: [string, string][] = [
    ['AwsSolutions-L1', "CDK's BucketDeployment handler picks its own runtime; it runs only at deploy time."],
    [
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "CDK's BucketDeployment handler logs through the basic Lambda execution role; it runs only at deploy time.",
    ],
    ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map(
      (action): [string, string] => [`AwsSolutions-IAM5[Action::${action}]`, `${copying} (CDK's own grant).`],
    ),
    [
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${nagRegion(stack)}/*]`,
      `${copying}: it reads the CDK asset bucket's objects.`,
    ],
    [`AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`, `${copying}: it writes the site bucket's objects.`],
    [
      'AwsSolutions-IAM5[Resource::*]',
      `${copying}; CDK grants the CloudFront invalidation on * (CreateInvalidation takes no narrower resource here).`,
    ],
  ];
  const deployTimeOnly =
    "CDK's BucketDeployment handler runs once per deployment, synchronously for CloudFormation (which fails the deploy on an error), with a runtime CDK picks";
  findings.push(
    ['Serverless-LambdaDLQ', `${deployTimeOnly}: there is no asynchronous event to keep.`],
    ['Serverless-LambdaTracing', `${deployTimeOnly}: its own logs say what it did.`],
    ['Serverless-LambdaLatestVersion', `${deployTimeOnly}.`],
  );
  for (const handler of handlers) {
    for (const [id, reason] of findings) Validations.of(handler).acknowledge({ id, reason });
  }
}
