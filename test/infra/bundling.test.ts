import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { functionSpecs } from '../../functions/manifest.ts';
import { buildApp, functionOf, removeOutdirs } from './support.ts';

afterAll(removeOutdirs);

describe('bundling for real, with the local esbuild', () => {
  it('turns every function into an ES module that loads in Node and exports its handler', () => {
    const { stateless, outdir } = buildApp({ bundle: true });
    const template = Template.fromStack(stateless);

    for (const spec of functionSpecs) {
      const [, fn] = functionOf(template, spec);
      const assetHash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
      const bundle = join(outdir, `asset.${assetHash}`, 'index.mjs');
      expect(existsSync(bundle), `${spec.id}: ${bundle}`).toBe(true);
      expect(readFileSync(bundle, 'utf8')).toMatch(/^import \{ createRequire \} from 'node:module';/);

      // A fresh process, as Lambda would load it: module-load configuration checks run, nothing is called.
      // Its environment is the one the template gives it, with dummies for what only exists once deployed
      // (the table's and the configuration set's names, ARNs shaped as ARNs, the site's address as a URL), so a mailing function must
      // find its settings.
      const deployed = (name: string) =>
        name.endsWith('_ARN')
          ? `arn:aws:deployed:::${name.toLowerCase()}`
          : name.endsWith('_URL')
            ? `https://deployed-${name.toLowerCase().replaceAll('_', '-')}.example`
            : `deployed-${name.toLowerCase()}`;
      const variables = Object.entries(fn.Properties.Environment.Variables as Record<string, unknown>).map(
        ([name, value]) => [name, typeof value === 'string' ? value : deployed(name)],
      );
      const loaded = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(pathToFileURL(bundle).href)}); console.log(typeof m.handler);`,
        ],
        {
          encoding: 'utf8',
          env: {
            PATH: process.env.PATH,
            AWS_REGION: 'eu-north-1',
            AWS_ACCESS_KEY_ID: 'test',
            AWS_SECRET_ACCESS_KEY: 'test',
            AWS_EC2_METADATA_DISABLED: 'true',
            ...Object.fromEntries(variables),
          },
        },
      );
      // The last lines of stderr name the error; the lines before them are minified bundle.
      const error = loaded.stderr
        .split('\n')
        .filter((line) => line.length < 300)
        .slice(-12)
        .join('\n');
      expect(loaded.status, `${spec.id} failed to load:\n${error}`).toBe(0);
      const exported = loaded.stdout;
      expect(exported.trim(), spec.id).toBe('function');
    }
  });
});
