import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (lib/lambda-bundling.ts aliases
 * it). Lambda hands every function its role's credentials as environment variables, so the SDK's default
 * chain (profiles, SSO, web identity, container and instance metadata, each with its own nested STS/SSO
 * client) is never reached there, yet it is a third of a bundle and of its import time. Only the bundles use
 * this; the local runtime and the tests keep the SDK's own chain.
 */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
