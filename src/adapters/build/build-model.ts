import { join } from 'node:path';
import { HmsOpsError } from '../../core/errors.ts';
import { modelIndex, planProgram, programSummary, programsFor, type AlertInputs, type ModelOptions, type ProgramSummary } from '../../core/model/compute-program.ts';
import type { ModelIndex, ProgramModel } from '../../core/schemas/model.ts';
import { ceilToHour } from '../../core/windows.ts';
import { readAlertState } from '../alerts/alert-state-file.ts';
import { loadNotify } from '../alerts/load-notify.ts';
import type { LoadedPortal } from '../portal/load-portal.ts';
import { resolveSources } from '../portal/resolve-sources.ts';
import { ingestFile, type FileToLoad, type LoadReport } from '../store/ingest-file.ts';
import type { Store } from '../store/open-store.ts';
import { dataEnd, pruneEvents } from '../store/prune.ts';
import { createStoreReader } from '../store/store-reader.ts';

/** Reports progress of long steps; the CLI prints it as a spinner on a TTY and as log lines elsewhere. */
export interface Progress {
  step(message: string): void;
  done(message: string): void;
}

export interface LoadSourcesOptions {
  /** Files to load instead of the portal's sources. */
  files?: FileToLoad[];
  /** The instant retention is counted back from; the portal's `at` when absent. */
  at?: Date;
  /** Where quarantine files go; `quarantine/` beside the store when absent. */
  quarantineDir?: string;
  /** Skip files whose content was loaded before (portal rebuilds); explicit `ingest` loads every file. */
  skipUnchanged?: boolean;
}

/** Loads every file of the portal's sources (or the given files) into the store, then prunes old raw events. */
export async function loadSources(store: Store, portal: LoadedPortal, progress: Progress, { files, at, quarantineDir, skipUnchanged = false }: LoadSourcesOptions = {}): Promise<LoadReport[]> {
  const toLoad = files ?? resolveSources(portal.root, portal.portal.sources);
  const reports: LoadReport[] = [];
  const options = { programIds: portal.programs.map((p) => p.id), rawRetentionSeconds: portal.portal.raw_retention, quarantineDir: quarantineDir ?? join(quarantineRoot(store), 'quarantine'), skipUnchanged };
  for (const [index, file] of toLoad.entries()) {
    progress.step(`loading ${file.path} (${index + 1}/${toLoad.length})`);
    const report = await ingestFile(store, file, options);
    reports.push(report);
    progress.done(report.skipped
      ? `unchanged since last load, skipped ${file.path}`
      : `loaded ${file.path}: ${report.rowsLoaded} rows${report.rowsQuarantined ? `, ${report.rowsQuarantined} quarantined in ${report.quarantineFile}` : ''}`);
  }
  const reference = at ?? (await resolveAt(store, portal.portal.at, new Date()));
  if (reference) await pruneEvents(store, reference, portal.portal.raw_retention);
  return reports;
}

/**
 * The instant the portal is computed at: an explicit time; `now` (the clock); or `latest`, the newest
 * data point rounded up to the whole hour (so a bundled sample gives the same result on any day).
 */
export async function resolveAt(store: Store, setting: string, now: Date): Promise<Date> {
  if (setting === 'now') return now;
  if (setting === 'latest') {
    const end = await dataEnd(store);
    if (!end) throw new HmsOpsError('at: latest needs data in the store, and it is empty');
    return ceilToHour(end);
  }
  return new Date(setting);
}

/**
 * How many programs' batches are asked of the store at once, so that DuckDB answers the next one
 * while JavaScript finishes a program. (Bench, 200 programs on 2 cores: 2, 3 and 4 all took 31–32 s.)
 */
const PIPELINE_DEPTH = 2;

/**
 * Computes the model of every program the portal publishes (or of every program, for internal use),
 * handing each program's document to `onProgram` as soon as it is done, and returns the index.
 */
export async function computeModel(store: Store, portal: LoadedPortal, options: ModelOptions, progress: Progress, onProgram: (program: ProgramModel) => void = () => {}): Promise<ModelIndex> {
  const reader = await createStoreReader(store);
  const summaries: ProgramSummary[] = [];
  const selected = programsFor(portal, options.publicOnly);
  if (selected[0]) await reader.newestByMetric(selected[0].id); // read once, before queries overlap
  // A pipeline: the store answers the next programs' batches while this one is finished and written.
  const start = (index: number) => {
    const program = selected[index]!;
    progress.step(`computing ${program.id} (${index + 1}/${selected.length})`);
    const plan = planProgram(portal, program, options);
    const answers = reader.aggregateMany(plan.requests);
    answers.catch(() => {}); // a failure surfaces where it is awaited, not as an unhandled rejection
    return { program, plan, answers };
  };
  const ahead = selected.slice(0, PIPELINE_DEPTH).map((_, index) => start(index));
  for (let index = 0; index < selected.length; index++) {
    const current = ahead.shift()!;
    const answers = await current.answers;
    if (index + PIPELINE_DEPTH < selected.length) ahead.push(start(index + PIPELINE_DEPTH));
    const model = current.plan.finish(answers, await reader.newestByMetric(current.program.id));
    onProgram(model);
    summaries.push(programSummary(model));
  }
  progress.done(`computed ${summaries.length} programs at ${options.at.toISOString()}`);
  return modelIndex(portal, summaries, options);
}

/**
 * What the alert job publishes, for computeModel: the incidents of its state file in `dir` (none when
 * there is no file; a damaged one is an error naming it) and the maintenance windows of the portal's
 * `rules/notify.yaml` (none without one). Read without the job's lock: it replaces the state file whole.
 */
export function readAlertInputs(portal: LoadedPortal, dir: string): AlertInputs {
  const state = readAlertState(dir);
  return { incidents: state.incidents, evaluatedAt: state.evaluatedAt, maintenance: loadNotify(portal)?.config.maintenance ?? [] };
}

function quarantineRoot(store: Store): string {
  return store.path === ':memory:' ? '.hms-ops' : join(store.path, '..');
}
