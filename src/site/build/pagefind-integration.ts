import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { AstroIntegration } from 'astro';
import { writeSearchCopy } from './search-copy.ts';

// The pagefind package's command-line runner, which starts the platform's binary (the package
// exports only its Node API, so the runner is found by its path in the project's node_modules).
const PAGEFIND_CLI = fileURLToPath(new URL('../../../node_modules/pagefind/lib/runner/bin.cjs', import.meta.url));

/**
 * Indexes the built site with Pagefind once Astro has written it, so `dist/pagefind/` holds the
 * search index and its UI. Pages mark what is indexed with `data-pagefind-body`. Pagefind runs as
 * its own process and the build waits for it to exit: its Node API answered before every file was
 * written, and a loaded machine then published half-written files.
 */
export function pagefindIntegration(): AstroIntegration {
  return {
    name: 'hms-ops:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const indexed = await indexSite(fileURLToPath(dir));
        logger.info(`pagefind: ${indexed ?? 'some'} pages indexed`);
      },
    },
  };
}

/**
 * Writes Pagefind's index and UI into `site/pagefind/`, and returns how many pages it indexed.
 * Pagefind reads a copy of the pages without the parts it is told to skip (search-copy.ts): the
 * same index, from a quarter of the bytes, in a third of the time.
 */
export async function indexSite(site: string): Promise<number | undefined> {
  const copy = mkdtempSync(join(dirname(site), 'search-'));
  try {
    writeSearchCopy(site, copy);
    const { stdout } = await promisify(execFile)(process.execPath, [PAGEFIND_CLI, '--site', copy, '--output-path', join(site, 'pagefind'), '--force-language', 'en'], { maxBuffer: 16 * 1024 * 1024 });
    const indexed = /Indexed (\d+) pages?/.exec(stdout)?.[1];
    return indexed === undefined ? undefined : Number(indexed);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
