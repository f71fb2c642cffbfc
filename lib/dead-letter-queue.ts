import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * Where failed deliveries are kept for inspection: encrypted at rest (SQS managed keys, so neither Lambda
 * nor EventBridge needs kms:* grants), reachable only over TLS, kept for SQS's maximum of 14 days.
 */
export function deadLetterQueue(scope: Construct, id: string): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const reason =
    'This queue is itself a dead-letter queue (the last stop of failed deliveries); a queue behind it would only move the same messages.';
  Validations.of(queue).acknowledge(
    { id: 'AwsSolutions-SQS3', reason },
    { id: 'Serverless-SQSRedrivePolicy', reason },
  );
  return queue;
}
