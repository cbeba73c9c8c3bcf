import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// An opening tag that carries data-pagefind-ignore="all". A tag whose earlier attribute holds a
// ">" is not matched: that element is then left in place, which costs time, never a wrong index.
const IGNORED_ALL = /<([A-Za-z][\w-]*)\b[^>]*\sdata-pagefind-ignore="all"[^>]*>/g;

/**
 * The page without its elements marked `data-pagefind-ignore="all"`, which Pagefind skips with
 * everything inside them: the index it builds from the result is the same, byte for byte, but it
 * no longer parses the chart drawings and number tables (three quarters of the bytes of a program's
 * pages, and of Pagefind's time). An element is cut up to its matching closing tag, counting the
 * same tag nested inside it; one whose end cannot be found ends the cutting, and the rest of the
 * page stays as it is.
 */
export function withoutIgnoredElements(html: string): string {
  let kept = '';
  let from = 0;
  IGNORED_ALL.lastIndex = 0;
  for (let open = IGNORED_ALL.exec(html); open; open = IGNORED_ALL.exec(html)) {
    const tag = new RegExp(`<(/?)${open[1]}(?=[\\s/>])[^>]*>`, 'gi');
    tag.lastIndex = open.index + open[0].length;
    let depth = 1;
    while (depth > 0) {
      const next = tag.exec(html);
      if (next === null) break;
      depth += next[1] === '/' ? -1 : 1;
    }
    if (depth > 0) break;
    kept += html.slice(from, open.index);
    from = tag.lastIndex;
    IGNORED_ALL.lastIndex = from;
  }
  return kept + html.slice(from);
}

/**
 * Copies every `.html` file under `site` into `into` (same relative paths), each without its
 * ignored elements, for Pagefind to index in place of the site. Returns how many files it copied.
 */
export function writeSearchCopy(site: string, into: string, skip: readonly string[] = ['pagefind']): number {
  let copied = 0;
  const walk = (folder: string) => {
    for (const entry of readdirSync(join(site, folder), { withFileTypes: true })) {
      const path = folder === '' ? entry.name : join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!skip.includes(path)) walk(path);
      } else if (entry.isFile() && entry.name.endsWith('.html')) {
        mkdirSync(join(into, folder), { recursive: true });
        writeFileSync(join(into, path), withoutIgnoredElements(readFileSync(join(site, path), 'utf8')));
        copied++;
      }
    }
  };
  walk('');
  return copied;
}
