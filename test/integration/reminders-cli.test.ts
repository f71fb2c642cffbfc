import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../../local/runtime.ts';

const run = promisify(execFile);

describe('npm run reminders', () => {
  it('shows the plan of a course as a table, with what has passed at the given time', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'local/reminders-cli.ts',
        'plan',
        'samskabelse-2016',
        '--now',
        '2016-03-01T12:00:00+01:00',
      ],
      { cwd: REPOSITORY_ROOT },
    );
    expect(stdout).toMatch(/'day-1-7d'\s+│ '29\. februar 2016 kl\. 9\.00'.*'passeret'/);
    expect(stdout).toMatch(/'day-2-7d'\s+│ '3\. maj 2016 kl\. 9\.00'.*'kommende'/);
  });

  it('refuses an unknown course with a message and exit code 2', async () => {
    const failure = await run(
      process.execPath,
      ['--import', 'tsx', 'local/reminders-cli.ts', 'plan', 'findes-ikke'],
      {
        cwd: REPOSITORY_ROOT,
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('Ukendt kursus: findes-ikke');
  });
});
