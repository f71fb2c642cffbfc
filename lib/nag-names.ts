import { Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The stack's region as cdk-nag writes it in a finding's resource: the pseudo parameter for an
 * environment-agnostic stack, the name itself for one pinned to a region.
 */
export function nagRegion(scope: IConstruct): string {
  const { region } = Stack.of(scope);
  return Token.isUnresolved(region) ? '<AWS::Region>' : region;
}
