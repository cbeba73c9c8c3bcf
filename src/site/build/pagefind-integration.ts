import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { AstroIntegration } from 'astro';

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
        const { stdout } = await promisify(execFile)(process.execPath, [PAGEFIND_CLI, '--site', fileURLToPath(dir), '--force-language', 'en'], { maxBuffer: 16 * 1024 * 1024 });
        const indexed = /Indexed (\d+) pages?/.exec(stdout)?.[1];
        logger.info(`pagefind: ${indexed ?? 'some'} pages indexed`);
      },
    },
  };
}
