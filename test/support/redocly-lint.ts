import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../lib/project.ts';

/** `redocly lint` of a document with the project's rules (redocly.yaml): its exit status and what it said. */
export function redoclyLint(document: unknown): { status: number | null; report: string } {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document, null, 2));
    const lint = spawnSync('npx', ['--no', 'redocly', 'lint', file, '--config', 'redocly.yaml'], {
      cwd: projectRoot,
      encoding: 'utf8',
      // No network: no telemetry, no update check.
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    return { status: lint.status, report: `${lint.stdout}\n${lint.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
