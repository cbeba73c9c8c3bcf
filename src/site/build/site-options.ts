import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// The default model folder the site reads, as `hms-ops build` writes it.
const DEFAULT_SITE_MODEL_DIR = '.hms-ops/model';

export interface SiteOptions {
  /** The model folder the pages read (`HMS_OPS_MODEL`, default `.hms-ops/model`). */
  modelDir: string;
  /** The portal's public address, from the model's index (for sitemap.xml and canonical links). */
  baseUrl: string;
}

/** The model folder the pages read: `HMS_OPS_MODEL`, default `.hms-ops/model`. */
export function siteModelDir(env: Record<string, string | undefined>): string {
  return resolve(env.HMS_OPS_MODEL || DEFAULT_SITE_MODEL_DIR);
}

/** Where the site's inputs are: the model folder from `HMS_OPS_MODEL`, and the base URL found in it. */
export function siteOptions(env: Record<string, string | undefined>): SiteOptions {
  const modelDir = siteModelDir(env);
  const indexPath = resolve(modelDir, 'index.json');
  const baseUrl = existsSync(indexPath) ? (JSON.parse(readFileSync(indexPath, 'utf8')) as { portal?: { base_url?: string } }).portal?.base_url : undefined;
  return { modelDir, baseUrl: baseUrl ?? 'http://localhost:4321/' };
}
