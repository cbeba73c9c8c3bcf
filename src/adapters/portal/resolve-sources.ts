import { globSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Source } from '../../core/schemas/portal.ts';
import type { FileToLoad } from '../store/ingest-file.ts';

/**
 * The files a portal's `sources` name, in a stable order (sorted by path within each source).
 * A source's kind is taken from the config, else from its folder: a path with `rollups` in it holds
 * rollups, one with `events` raw events; otherwise the loader decides from the file.
 */
export function resolveSources(root: string, sources: readonly Source[]): FileToLoad[] {
  const files: FileToLoad[] = [];
  for (const source of sources) {
    const matches = globSync(source.path, { cwd: root }).sort();
    const kind = source.kind ?? (/rollups/.test(source.path) ? 'rollups' : /events/.test(source.path) ? 'events' : undefined);
    for (const match of matches) {
      files.push({ path: relative(process.cwd(), join(root, match)) || match, ...(kind ? { kind } : {}), ...(source.format ? { format: source.format } : {}) });
    }
  }
  return files;
}
