import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { indexSite } from '../../../src/site/build/pagefind-integration.ts';
import { withoutIgnoredElements, writeSearchCopy } from '../../../src/site/build/search-copy.ts';

describe('withoutIgnoredElements', () => {
  it('cuts an ignored element with everything inside it, counting the same tag nested in it', () => {
    const html = '<main><p>Wait times</p><div class="chart-canvas" data-pagefind-ignore="all"><svg><g><text>12</text></g></svg><div><div>hover</div></div></div><p>after</p></main>';
    expect(withoutIgnoredElements(html)).toBe('<main><p>Wait times</p><p>after</p></main>');
  });

  it('cuts every ignored element, of any tag, and leaves the rest byte for byte', () => {
    const html = '<p>a</p>\n<details class="data-table" data-pagefind-ignore="all"><summary>Show</summary><table><tr><td>=1</td></tr></table></details>\n<p>b</p><section id="x" data-pagefind-ignore="all">s</section><p>c</p>';
    expect(withoutIgnoredElements(html)).toBe('<p>a</p>\n\n<p>b</p><p>c</p>');
  });

  it('keeps elements that Pagefind only partly ignores, and tags that merely start with the same letters', () => {
    const html = '<div data-pagefind-ignore><b>kept</b></div><div data-pagefind-ignore="all"><divider></divider><div-x>y</div-x></div>!';
    expect(withoutIgnoredElements(html)).toBe('<div data-pagefind-ignore><b>kept</b></div>!');
  });

  it('leaves the page as it is from an ignored element whose end is missing', () => {
    const html = '<p>a</p><div data-pagefind-ignore="all"><p>b</p><div data-pagefind-ignore="all">c</div><p>d</p>';
    expect(withoutIgnoredElements(html)).toBe(html);
  });

  it('leaves a page without ignored elements unchanged', () => {
    const html = '<!DOCTYPE html><html><body><main data-pagefind-body><h1>Hotline</h1></main></body></html>';
    expect(withoutIgnoredElements(html)).toBe(html);
  });
});

describe('indexSite', () => {
  const root = mkdtempSync(join(tmpdir(), 'hms-search-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const page = (title: string, rows: number) => `<!DOCTYPE html><html lang="en"><head><title>${title}</title></head><body>
<main data-pagefind-body><h1>${title}</h1><p>Calls answered within 60 seconds, by ${title}.</p>
<figure><div class="chart-canvas" data-pagefind-ignore="all"><svg viewBox="0 0 10 10"><text>uniqueword${title}</text></svg></div>
<details class="data-table" data-pagefind-ignore="all"><summary>Show the numbers</summary><table>${Array.from({ length: rows }, (_, i) => `<tr><th>2026-11-${i}</th><td>${i * 7}</td></tr>`).join('')}</table></details></figure>
<p>Contact the hotline for ${title}.</p></main></body></html>`;

  function site(name: string): string {
    const dir = join(root, name);
    mkdirSync(join(dir, 'programs', 'dot-hotline'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), page('Home', 3));
    writeFileSync(join(dir, 'programs', 'dot-hotline', 'index.html'), page('Hotline', 40));
    writeFileSync(join(dir, 'style.css'), 'body{}');
    return dir;
  }

  const files = (dir: string): Record<string, string> => Object.fromEntries(
    (readdirSync(dir, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        return [path.slice(dir.length), readFileSync(path).toString('base64')];
      }),
  );

  it('writes the same index as Pagefind run on the whole pages, and leaves the site as it was', async () => {
    const ours = site('ours');
    const before = files(ours);
    expect(await indexSite(ours)).toBe(2);
    const plain = site('plain');
    const cli = fileURLToPath(new URL('../../../node_modules/pagefind/lib/runner/bin.cjs', import.meta.url));
    execFileSync(process.execPath, [cli, '--site', plain, '--force-language', 'en'], { stdio: 'ignore' });
    const index = files(join(ours, 'pagefind'));
    expect(Object.keys(index).length).toBeGreaterThan(5);
    expect(index).toEqual(files(join(plain, 'pagefind')));
    // The pages themselves are untouched, and no copy is left beside the site.
    const after = files(ours);
    for (const [path, bytes] of Object.entries(before)) expect(after[path]).toBe(bytes);
    expect(readdirSync(root).sort()).toEqual(['ours', 'plain']);
  });

  it('copies only the HTML pages, without their ignored parts, and not an earlier index', () => {
    const from = site('copied');
    mkdirSync(join(from, 'pagefind'));
    writeFileSync(join(from, 'pagefind', 'old.html'), '<p>old</p>');
    const into = join(root, 'copy');
    expect(writeSearchCopy(from, into)).toBe(2);
    const copy = readFileSync(join(into, 'programs', 'dot-hotline', 'index.html'), 'utf8');
    expect(copy).toContain('Contact the hotline for Hotline.');
    expect(copy).not.toContain('uniquewordHotline');
    expect(copy).not.toContain('<table>');
    expect(Object.keys(files(into)).sort()).toEqual(['/index.html', '/programs/dot-hotline/index.html']);
    rmSync(join(root, 'copied'), { recursive: true });
    rmSync(into, { recursive: true });
  });
});
