import { describe, expect, it } from 'vitest';
import { buildSignupSite } from '../../web/build.ts';

describe('the signup site build', () => {
  it('points each page at content-hashed script and styles that the build produced, by absolute path', async () => {
    const files = await buildSignupSite();
    for (const page of ['index.html', 'admin/index.html']) {
      const html = new TextDecoder().decode(files.find((f) => f.path === page)?.contents);
      const referenced = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]);
      expect(referenced).toHaveLength(2);
      for (const path of referenced) {
        const file = files.find((f) => f.path === path);
        expect(file?.immutable).toBe(true);
        expect(file?.contents.length).toBeGreaterThan(0);
      }
      expect(html).not.toContain('%');
    }
  });

  it('leaves config.json to whoever serves the site, so no API address is built in', async () => {
    const files = await buildSignupSite();
    expect(files.map((f) => f.path)).not.toContain('config.json');
    const script = files
      .filter((f) => f.path.endsWith('.js'))
      .map((f) => new TextDecoder().decode(f.contents));
    expect(script.join('')).not.toMatch(/execute-api|localhost:\d+/);
  });
});
