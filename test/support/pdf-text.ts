import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The text a reader gets out of a PDF, in its printed layout (poppler's pdftotext, a real PDF reader). */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-text-'));
  const file = join(dir, 'document.pdf');
  try {
    writeFileSync(file, pdf);
    const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']);
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('pdftotext is missing: install it with apt-get install -y poppler-utils');
    }
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
