import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HmsOpsError } from '../../core/errors.ts';
import { ModelIndexSchema, ProgramModelSchema, type ModelIndex, type ProgramModel } from '../../core/schemas/model.ts';
import { siteModelDir } from '../build/site-options.ts';

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
  // Every page calls this: the folder's name is all it needs before the cache answers.
  const modelDir = siteModelDir(env);
  if (cached?.dir === modelDir) return cached.model;
  const index = ModelIndexSchema.parse(readJson(join(modelDir, 'index.json')));
  const programs = index.programs.map((entry) => readSiteProgram(join(modelDir, entry.file)));
  cached = { dir: modelDir, model: { index, programs } };
  return cached.model;
}

/** One program document as the pages see it: validated, with the hourly points they draw. */
export function readSiteProgram(path: string): ProgramModel {
  return ProgramModelSchema.parse(recentHours(readJson(path)));
}

/** How many days of hourly points pages draw (the 7-day view); the model holds 90 for the hourly files. */
export const SITE_HOURLY_DAYS = 7;

/**
 * Drops hourly points older than the pages draw, before the document is validated and kept in memory
 * for the whole build (a 200-program model holds millions of them). Anything unexpected is left for
 * the schema to reject.
 */
function recentHours(document: unknown): unknown {
  const program = document as { at?: unknown; kpis?: unknown };
  if (typeof program?.at !== 'string' || !Array.isArray(program.kpis)) return document;
  const from = Date.parse(program.at) - SITE_HOURLY_DAYS * 86_400_000;
  for (const kpi of program.kpis as { hourly?: unknown }[]) {
    if (Array.isArray(kpi?.hourly)) kpi.hourly = kpi.hourly.filter((point: { start?: unknown }) => typeof point?.start !== 'string' || Date.parse(point.start) >= from);
  }
  return document;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new HmsOpsError(`could not read the model file ${path}; run hms-ops build first`, { cause });
  }
}
