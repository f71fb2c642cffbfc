import { Stack } from 'aws-cdk-lib';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { ConfigurationSet, ConfigurationSetTlsPolicy, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface MailingProps {
  /** The one From address the functions send as; it or its domain is a verified SES identity. */
  senderAddress: string;
}

/**
 * Sending mail through SES: one configuration set for the stack's mail, and the grant that lets a function
 * send raw MIME from the configured sender only. The identity itself (address or domain, with its DNS
 * records) is verified outside the stack: it belongs to whoever owns the domain, not to a deployment.
 */
export class Mailing extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly senderAddress: string;

  constructor(scope: Construct, id: string, { senderAddress }: MailingProps) {
    super(scope, id);
    this.senderAddress = senderAddress;
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      // Confirmations carry participants' names and dietary needs; Datatilsynet expects such mail to
      // travel encrypted, so SES delivers only over TLS rather than fall back to plain SMTP.
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      // Mail to an address that bounced or complained is not retried forever.
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
  }

  /** The ARNs a send is authorised against: the sender's identity (as address and as domain) and the set. */
  get resourceArns(): string[] {
    const stack = Stack.of(this);
    const domain = this.senderAddress.slice(this.senderAddress.lastIndexOf('@') + 1);
    const identity = (name: string) =>
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name });
    const configurationSetArn = stack.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
    return [identity(this.senderAddress), identity(domain), configurationSetArn];
  }

  /**
   * ses:SendRawEmail and nothing else, on the sender's identity and this configuration set, and only with
   * the configured From address: a compromised function cannot send as anyone else.
   */
  grantSend(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ['ses:SendRawEmail'],
      resourceArns: this.resourceArns,
      conditions: { StringEquals: { 'ses:FromAddress': this.senderAddress } },
    });
  }
}
