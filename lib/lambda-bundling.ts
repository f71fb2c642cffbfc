import { join } from 'node:path';
import { projectRoot } from './project.ts';

/**
 * How every Lambda bundle is built: one definition for NodejsFunction (table-function.ts), the size budget
 * test and the benchmark, so the figures checked are the deployed bundles'.
 */
export const lambdaBundling = {
  target: 'node22',
  minify: true,
  // Prefer packages' ESM builds: measured ~37% smaller bundles and ~40% faster import than the default.
  mainFields: ['module', 'main'],
  // CommonJS dependencies that call require() need it defined inside an ES module bundle.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  alias: {
    '@aws-sdk/credential-provider-node': join(projectRoot, 'functions/adapters/lambda-credentials.ts'),
  },
} as const;

/** The same settings as esbuild's own build options (ESM, Node, SDK bundled). */
export function esbuildOptionsFor(entry: string) {
  return {
    entryPoints: [join(projectRoot, entry)],
    bundle: true,
    format: 'esm' as const,
    platform: 'node' as const,
    target: lambdaBundling.target,
    minify: lambdaBundling.minify,
    mainFields: [...lambdaBundling.mainFields],
    banner: { js: lambdaBundling.banner },
    alias: { ...lambdaBundling.alias },
  };
}
