import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where the suite's figures gather; the global teardown prints them as one table. */
export const FIGURES_FILE = join(
  import.meta.dirname,
  '..',
  '..',
  'test-artifacts',
  'reliability',
  'figures.jsonl',
);

export interface Figure {
  area: 'races' | 'faults' | 'bad input' | 'security';
  what: string;
  figure: string;
}

/** Records one figure of the reliability suite (requests made, races run, faults injected, …). */
export function recordFigure(figure: Figure): void {
  mkdirSync(join(FIGURES_FILE, '..'), { recursive: true });
  appendFileSync(FIGURES_FILE, `${JSON.stringify(figure)}\n`);
}
