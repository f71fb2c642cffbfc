import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp, removeOutdirs, resourcesOfType } from './support.ts';

afterAll(removeOutdirs);

/**
 * Nothing that runs without a caller to tell may fail silently: every asynchronous path names where its
 * failures go and how often it is retried, and every log group says how long it is kept.
 */
describe('failure handling across both stacks', () => {
  const { stateful, stateless } = buildApp();
  const templates = [Template.fromStack(stateful), Template.fromStack(stateless)];
  const all = (type: string) => templates.flatMap((t) => resourcesOfType(t, type));

  it('gives every EventBridge rule target a dead-letter queue and an explicit retry policy', () => {
    const targets = all('AWS::Events::Rule').flatMap(([, rule]) => rule.Properties.Targets ?? []);
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) {
      expect(target.DeadLetterConfig?.Arn).toBeDefined();
      expect(target.RetryPolicy).toEqual({
        MaximumRetryAttempts: expect.any(Number),
        MaximumEventAgeInSeconds: expect.any(Number),
      });
    }
  });

  it('gives every stream mapping an on-failure queue, bounded retries and a bounded record age', () => {
    const mappings = all('AWS::Lambda::EventSourceMapping');
    expect(mappings.length).toBeGreaterThan(0);
    for (const [, mapping] of mappings) {
      expect(mapping.Properties.DestinationConfig?.OnFailure?.Destination).toBeDefined();
      expect(mapping.Properties.MaximumRetryAttempts).toEqual(expect.any(Number));
      expect(mapping.Properties.MaximumRecordAgeInSeconds).toEqual(expect.any(Number));
    }
  });

  it('gives every asynchronously invoked function an on-failure queue and an explicit retry count', () => {
    const configs = all('AWS::Lambda::EventInvokeConfig');
    // The reminder target (EventBridge Scheduler) and the sweep (an EventBridge rule).
    expect(configs).toHaveLength(2);
    for (const [, config] of configs) {
      expect(config.Properties.DestinationConfig?.OnFailure?.Destination).toBeDefined();
      expect(config.Properties.MaximumRetryAttempts).toBe(2);
      expect(config.Properties.MaximumEventAgeInSeconds).toEqual(expect.any(Number));
    }
  });

  it('keeps every log group for an explicit time', () => {
    const groups = all('AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThan(0);
    expect(
      groups.filter(([, group]) => typeof group.Properties.RetentionInDays !== 'number').map(([id]) => id),
    ).toEqual([]);
  });
});
