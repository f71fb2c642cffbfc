import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../../local/runtime.ts';
import { registrationBody, seedCourse } from '../support/fixtures.ts';
import { apiFetch } from '../support/openapi-validation.ts';

interface Started {
  child: ChildProcess;
  output: () => string;
  url: string;
}

/** Runs `npm start`'s entry point as a user would, and waits for its banner. */
function start(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', '--port', '0', ...args], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /Web:\s+(http:\/\/\S+?)\/\s/.exec(output)?.[1];
      if (url && output.includes('Ctrl-C')) resolve({ child, output: () => output, url });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) =>
      reject(Object.assign(new Error(`exited ${code}:\n${output}`), { output, code })),
    );
  });
}

function stop(started: Started): Promise<number | null> {
  return new Promise((resolve) => {
    started.child.once('exit', (code) => resolve(code));
    started.child.kill('SIGINT');
  });
}

const registrationRequest = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kursus-data-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves the web page and the API, shows the clock it was given, and stops cleanly on Ctrl-C', async () => {
    const started = await start(['--memory', '--now', '2016-01-20T10:00:00+01:00']);
    expect(started.output()).toContain('Ur:        20. januar 2016 kl. 10.00 (Europe/Copenhagen)');
    expect(started.output()).toContain('kun i hukommelsen');
    const mailView = /Mail:\s+(http:\/\/\S+?)\/\s/.exec(started.output())?.[1];
    expect((await fetch(`${mailView}/store`)).status).toBe(200);
    const page = await fetch(`${started.url}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('lang="da"');
    const course = (await (await apiFetch(`${started.url}/courses/samskabelse-2016`)).json()) as {
      signupOpen: boolean;
    };
    expect(course.signupOpen).toBe(true);
    expect(await stop(started)).toBe(0);
    expect(started.output()).toContain('Stoppet.');
  });

  it('keeps registrations in the data folder across restarts', async () => {
    const args = ['--data-dir', dataDir, '--now', '2016-01-20T10:00:00+01:00'];
    const first = await start(args);
    const created = await apiFetch(
      `${first.url}/courses/samskabelse-2016/registrations`,
      registrationRequest(registrationBody()),
    );
    expect(created.status).toBe(201);
    expect(await stop(first)).toBe(0);

    const second = await start(args);
    const again = await apiFetch(
      `${second.url}/courses/samskabelse-2016/registrations`,
      registrationRequest(registrationBody()),
    );
    expect(again.status).toBe(409);
    expect(await stop(second)).toBe(0);
    // Two whole starts (tsx, the site build, a JVM on a data folder) and stops: on a busy 2-core machine
    // that takes longer than the project's 30 seconds for one test.
  }, 120_000);

  it('refuses to start with a broken course file, naming the file, the path and the reason', async () => {
    const coursesDir = mkdtempSync(join(tmpdir(), 'kursus-courses-'));
    try {
      writeFileSync(
        join(coursesDir, 'broken.json'),
        JSON.stringify({ ...seedCourse(), signup: { deadline: 'snart' } }),
      );
      const failure = await start(['--memory', '--courses', coursesDir]).then(
        () => undefined,
        (error: { output: string; code: number }) => error,
      );
      expect(failure?.code).toBe(1);
      expect(failure?.output).toContain(join(coursesDir, 'broken.json'));
      expect(failure?.output).toMatch(/signup\.deadline: /);
      expect(failure?.output).toMatch(/signup\.maxParticipantsPerRegistration: /);
    } finally {
      rmSync(coursesDir, { recursive: true, force: true });
    }
  });
});
