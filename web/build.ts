import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const WEB_DIR = dirname(fileURLToPath(import.meta.url));

export interface SiteFile {
  /** Path under the site root, e.g. `index.html` or `assets/main-3FQ2.js`. */
  path: string;
  contents: Uint8Array;
  /** Content-hashed files never change under their name and may be cached for good. */
  immutable: boolean;
}

/**
 * Builds the signup site in memory: the form's TypeScript (which imports the backend's own validation
 * and pricing modules) bundled for the browser, its CSS, and index.html pointing at both by hashed name.
 * `npm start` serves the result, the stack deploys it; config.json (where the API is) is added by each.
 */
export async function buildSignupSite(): Promise<SiteFile[]> {
  const result = await build({
    entryPoints: { main: join(WEB_DIR, 'src/main.ts'), styles: join(WEB_DIR, 'src/styles.css') },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
    entryNames: 'assets/[name]-[hash]',
    outdir: '/site',
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const files: SiteFile[] = result.outputFiles.map((file) => ({
    path: file.path.replace(/^\/site\//, ''),
    contents: file.contents,
    immutable: true,
  }));
  const named = (prefix: string, ext: string) => {
    const file = files.find((f) => basename(f.path).startsWith(`${prefix}-`) && f.path.endsWith(ext));
    if (!file) throw new Error(`the site build made no ${prefix}${ext}`);
    return file.path;
  };
  const html = (await readFile(join(WEB_DIR, 'index.html'), 'utf8'))
    .replace('%SCRIPT%', named('main', '.js'))
    .replace('%STYLES%', named('styles', '.css'));
  files.push({ path: 'index.html', contents: new TextEncoder().encode(html), immutable: false });
  return files;
}

/** Writes the built site into a directory (for the CDK asset), replacing what was there. */
export async function writeSignupSite(directory: string): Promise<SiteFile[]> {
  const files = await buildSignupSite();
  await rm(directory, { recursive: true, force: true });
  for (const file of files) {
    const target = join(directory, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.contents);
  }
  return files;
}
