import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HmsOpsError } from '../../core/errors.ts';
import { replaceDirectory } from '../../adapters/files/replace-directory.ts';
import { closeShelf, openShelf } from '../data/prerendered-views.ts';
import { prerenderViews, viewWorkers } from './prerender-views.ts';

// The project folder that holds astro.config.mjs, src/site/ and node_modules/.
const SITE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Builds the static site from a model folder into `outDir` with Astro's JavaScript API, the same
 * build as `astro build` with HMS_OPS_MODEL set. Astro's telemetry is turned off: the build sends
 * nothing anywhere.
 *
 * Astro writes its prerender chunks beside the output, and they import packages from
 * node_modules; for an output folder outside the working folder it uses `./.astro/.prerender/`
 * instead, which two builds at once would share and delete under each other. So each build runs
 * in the project folder, into a folder of its own under `.astro/`, and its result then replaces
 * `outDir` (a reader sees the old site or the new one, never half of one).
 *
 * While Astro renders pages on this thread, `workers` worker threads (default: one per core, at most four) draw
 * the charts (prerender-views.ts); the result says how many chart views the pages took from them
 * and how many they drew themselves.
 */
export async function buildSite({ modelDir, outDir, workers = viewWorkers() }: { modelDir: string; outDir: string; workers?: number }): Promise<{ viewsTaken: number; viewsDrawn: number }> {
  const out = resolve(outDir);
  process.env.HMS_OPS_MODEL = resolve(modelDir);
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  const { build } = await import('astro');
  mkdirSync(join(SITE_ROOT, '.astro'), { recursive: true });
  const staging = mkdtempSync(join(SITE_ROOT, '.astro', 'site-'));
  const cwd = process.cwd();
  process.chdir(SITE_ROOT);
  const shelf = openShelf();
  const drawing = workers > 0 ? prerenderViews(resolve(modelDir), shelf, workers) : undefined;
  try {
    await build({ root: SITE_ROOT, outDir: staging, logLevel: 'warn', mode: 'production' });
    await drawing?.done;
    replaceDirectory(staging, out);
    return { viewsTaken: shelf.taken, viewsDrawn: shelf.drawn };
  } catch (cause) {
    throw new HmsOpsError(`could not build the site into ${outDir}`, { cause });
  } finally {
    await drawing?.stop();
    closeShelf();
    process.chdir(cwd);
    rmSync(staging, { recursive: true, force: true });
  }
}
