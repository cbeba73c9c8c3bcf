import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HmsOpsError } from '../../core/errors.ts';
import { ModelIndexSchema, ProgramModelSchema, type ModelIndex, type ProgramModel } from '../../core/schemas/model.ts';
import { siteOptions } from '../build/site-options.ts';

/** The whole public model as the pages see it: the index and every program document, in index order. */
export interface SiteModel {
  index: ModelIndex;
  programs: ProgramModel[];
}

let cached: { dir: string; model: SiteModel } | undefined;

/**
 * Reads and validates the model folder named by `HMS_OPS_MODEL` (default `.hms-ops/model`). Every
 * page of a build calls this; the folder is read once per build.
 */
export function loadSiteModel(env: Record<string, string | undefined> = process.env): SiteModel {
  const { modelDir } = siteOptions(env);
  if (cached?.dir === modelDir) return cached.model;
  const index = ModelIndexSchema.parse(readJson(join(modelDir, 'index.json')));
  const programs = index.programs.map((entry) => ProgramModelSchema.parse(readJson(join(modelDir, entry.file))));
  cached = { dir: modelDir, model: { index, programs } };
  return cached.model;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new HmsOpsError(`could not read the model file ${path}; run hms-ops build first`, { cause });
  }
}
