import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { HmsOpsError } from '../../core/errors.ts';

// The project folder that holds astro.config.mjs and src/site/.
const SITE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Builds the static site from a model folder into `outDir` with Astro's JavaScript API, the same
 * build as `astro build` with HMS_OPS_MODEL set. Astro's telemetry is turned off: the build sends
 * nothing anywhere.
 */
export async function buildSite({ modelDir, outDir }: { modelDir: string; outDir: string }): Promise<void> {
  process.env.HMS_OPS_MODEL = resolve(modelDir);
  process.env.ASTRO_TELEMETRY_DISABLED = '1';
  const { build } = await import('astro');
  try {
    await build({ root: SITE_ROOT, outDir: resolve(outDir), logLevel: 'warn', mode: 'production' });
  } catch (cause) {
    throw new HmsOpsError(`could not build the site into ${outDir}`, { cause });
  }
}
