/**
 * Issue [7/8], measure 1 (cold start proxy): each Lambda bundle as CDK builds it (esbuild, ESM, minified,
 * module-first main fields, SDK bundled), its size, and the time a fresh `node` takes to import it, beside
 * a bare bundle that only imports the DynamoDB clients and builds them. Medians over fresh processes,
 * bundles interleaved in each round so a noisy moment hits them all alike.
 *
 *   npx tsx bench/bundles.ts         (BENCH_IMPORTS=N processes per bundle, default 20)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { functionSpecs } from '../functions/manifest.ts';
import { bundleBudgets, esbuildOptionsFor } from '../lib/lambda-bundling.ts';
import { type BenchRow, kb, median, ms, ratio, runIfMain } from './support.ts';

const ROUNDS = Number(process.env.BENCH_IMPORTS ?? 20);
const ROOT = join(import.meta.dirname, '..');

/** Bundled exactly as lib/table-function.ts bundles the functions (lib/lambda-bundling.ts). */
async function bundle(dir: string, name: string, entry: string | { source: string }) {
  const file = join(dir, `${name.replaceAll(' ', '-')}.mjs`);
  const { entryPoints, alias, ...options } = esbuildOptionsFor(typeof entry === 'string' ? entry : 'bench');
  const result = await build({
    ...options,
    // The bare bundle is the yardstick: the DynamoDB clients as they come, default credential chain.
    ...(typeof entry === 'string'
      ? { entryPoints, alias }
      : { stdin: { contents: entry.source, resolveDir: ROOT, loader: 'ts' as const } }),
    outfile: file,
    metafile: true,
    logLevel: 'silent',
  });
  const bytes = Object.values(result.metafile.outputs)[0]?.bytes ?? 0;
  return { name, file, bytes };
}

const bareSource =
  "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\n" +
  "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';\n" +
  'export const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));\n';

const env = {
  PATH: process.env.PATH,
  AWS_REGION: 'eu-north-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  // Whatever a function reads at import: names only, nothing is called.
  TABLE_NAME: 'bench',
  SENDER_EMAIL: 'kursus@example.dk',
  SELLER_CVR: '29189781',
  SELLER_BANK_REG: '1234',
  SELLER_BANK_ACCOUNT: '12345678',
  SES_CONFIGURATION_SET: 'bench',
  MAIL_MAX_PER_SECOND: '10',
  SCHEDULE_GROUP: 'bench',
  SEND_REMINDER_ARN: 'arn:aws:lambda:eu-north-1:000000000000:function:bench',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/bench',
  REMINDER_DLQ_ARN: 'arn:aws:sqs:eu-north-1:000000000000:bench',
  // Deliberately no NODE_EXTRA_CA_CERTS: it adds ~50 ms to every Node start here, and Lambda has none.
};

/** Milliseconds from process start to the module (and the clients it builds at import) being loaded. */
function importMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(performance.now() - t);`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env });
  if (run.status !== 0) throw new Error(`${file}: ${run.stderr}`);
  return Number(run.stdout.trim());
}

const COMMAND = 'npx tsx bench/bundles.ts';
/** Which functions are on the signup or coordinator path: the issue holds them to the tighter bar. */
const REQUEST_PATH = new Set([
  'GetCourse',
  'CreateRegistration',
  'CoordinatorQueries',
  'CoordinatorCommands',
  'SaveCourse',
]);

export async function measure(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
  try {
    const bundles = [
      await bundle(dir, 'bare DynamoDB', { source: bareSource }),
      ...(await Promise.all(functionSpecs.map((spec) => bundle(dir, spec.id, spec.entry)))),
    ];
    const times = new Map(bundles.map((b) => [b.name, [] as number[]]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const b of bundles) times.get(b.name)?.push(importMs(b.file));
    }
    const bare = median(times.get('bare DynamoDB') ?? []);
    return bundles.map((b): BenchRow => {
      const importTime = median(times.get(b.name) ?? []);
      const relative = importTime / bare;
      const figure = `${kb(b.bytes)}, import ${ms(importTime)} = ${ratio(relative)} bare`;
      if (b.name === 'bare DynamoDB') {
        return {
          measure: '1',
          what: 'bare DynamoDB bundle (the yardstick)',
          figure,
          target: '—',
          met: undefined,
          command: COMMAND,
        };
      }
      const requestPath = REQUEST_PATH.has(b.name);
      const budget = bundleBudgets[b.name];
      return {
        measure: '1',
        what: `${b.name} bundle (${budget?.reason ?? ''})`,
        figure,
        target: requestPath ? '≤ 400 KB, ≤ 1.3× bare' : '≤ 700 KB',
        met: requestPath ? b.bytes <= 400 * 1024 && relative <= 1.3 : b.bytes <= 700 * 1024,
        command: COMMAND,
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await runIfMain(import.meta.url, measure);
