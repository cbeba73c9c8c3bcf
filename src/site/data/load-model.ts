import { readModelIndex, readProgramDocument } from '../../adapters/model/read-model.ts';
import type { ModelIndex, ProgramModel } from '../../core/schemas/model.ts';
import { siteModelDir } from '../build/site-options.ts';

/** The whole public model as the pages see it: the index and every program document, in index order. */
export interface SiteModel {
  index: ModelIndex;
  programs: ProgramModel[];
}

let cached: { dir: string; model: SiteModel } | undefined;

/**
 * Reads and validates the model folder named by `HMS_OPS_MODEL` (default `.hms-ops/model`). Every
 * page of a build calls this; the folder is read once per build. Program documents hold the hourly
 * points of the last 7 days, which the KPI page's 7-day view draws; the 90 days of the hourly files
 * are in files of their own, which pages never read.
 */
export function loadSiteModel(env: Record<string, string | undefined> = process.env): SiteModel {
  // Every page calls this: the folder's name is all it needs before the cache answers.
  const modelDir = siteModelDir(env);
  if (cached?.dir === modelDir) return cached.model;
  const index = readModelIndex(modelDir);
  const programs = index.programs.map((line) => readProgramDocument(modelDir, line));
  cached = { dir: modelDir, model: { index, programs } };
  return cached.model;
}
