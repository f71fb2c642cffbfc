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
 * Builds the site in memory: the signup form's and the coordinators' dashboard's TypeScript (which
 * import the backend's own validation and pricing modules) bundled for the browser, their CSS, and each
 * page's HTML pointing at them by hashed, absolute name. `npm start` serves the result, the stack deploys
 * it; config.json (where the API and the login are) is added by each.
 */
/** The site's pages: each HTML file gets its own script and styles, referenced by hashed name. */
const PAGES = [
  { html: 'index.html', script: 'main', styles: 'styles' },
  { html: 'admin/index.html', script: 'admin', styles: 'admin-styles' },
  { html: 'link/index.html', script: 'link', styles: 'link-styles' },
];

export async function buildSignupSite(): Promise<SiteFile[]> {
  const result = await build({
    entryPoints: {
      main: join(WEB_DIR, 'src/main.ts'),
      styles: join(WEB_DIR, 'src/styles.css'),
      admin: join(WEB_DIR, 'admin/src/main.ts'),
      'admin-styles': join(WEB_DIR, 'admin/src/admin.css'),
      link: join(WEB_DIR, 'link/src/main.ts'),
      'link-styles': join(WEB_DIR, 'link/src/link.css'),
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
    entryNames: 'assets/[name]-[hash]',
    chunkNames: 'assets/chunk-[hash]',
    splitting: true,
    outdir: '/site',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const files: SiteFile[] = result.outputFiles.map((file) => ({
    path: file.path.replace(/^\/site\//, ''),
    contents: file.contents,
    immutable: true,
  }));
  const named = (prefix: string, ext: string) => {
    const file = files.find((f) =>
      new RegExp(`^${prefix}-[A-Z0-9]+${ext.replace('.', '\\.')}$`).test(basename(f.path)),
    );
    if (!file) throw new Error(`the site build made no ${prefix}${ext}`);
    return `/${file.path}`;
  };
  for (const page of PAGES) {
    const html = (await readFile(join(WEB_DIR, page.html), 'utf8'))
      .replace('%SCRIPT%', named(page.script, '.js'))
      .replace('%STYLES%', named(page.styles, '.css'));
    files.push({ path: page.html, contents: new TextEncoder().encode(html), immutable: false });
  }
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
