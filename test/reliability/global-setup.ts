import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import setupDynamoDb from '../integration/global-setup.ts';
import { FIGURES_FILE, type Figure } from './figures.ts';

/** DynamoDB Local for the suite, as for the integration tests; at the end, the suite's figures as a table. */
export default async function setup(project: TestProject) {
  rmSync(FIGURES_FILE, { force: true });
  const stopDynamoDb = await setupDynamoDb(project);
  return async () => {
    await stopDynamoDb();
    if (!existsSync(FIGURES_FILE)) return;
    const figures = readFileSync(FIGURES_FILE, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Figure);
    const width = Math.max(...figures.map((f) => f.what.length));
    console.log('\nReliability figures');
    for (const f of figures.toSorted((a, b) => a.area.localeCompare(b.area))) {
      console.log(`  ${f.area.padEnd(10)} ${f.what.padEnd(width)}  ${f.figure}`);
    }
  };
}
