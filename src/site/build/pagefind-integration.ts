import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';

/**
 * Indexes the built site with Pagefind once Astro has written it, so `dist/pagefind/` holds the
 * search index and its UI. Pages mark what is indexed with `data-pagefind-body`.
 */
export function pagefindIntegration(): AstroIntegration {
  return {
    name: 'hms-ops:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
        if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
        try {
          const added = await index.addDirectory({ path: fileURLToPath(dir) });
          if (added.errors.length > 0) throw new Error(`pagefind: ${added.errors.join('; ')}`);
          const written = await index.writeFiles({ outputPath: fileURLToPath(new URL('pagefind/', dir)) });
          if (written.errors.length > 0) throw new Error(`pagefind: ${written.errors.join('; ')}`);
          logger.info(`pagefind: ${added.page_count} pages indexed`);
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
