import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { alertDir } from '../../adapters/alerts/alert-state-file.ts';
import { computeModel, loadSources, readAlertInputs } from '../../adapters/build/build-model.ts';
import { writeExports } from '../../adapters/exports/write-exports.ts';
import { replaceDirectory, stagingFor } from '../../adapters/files/replace-directory.ts';
import { createModelWriter, DEFAULT_MODEL_DIR } from '../../adapters/model/write-model.ts';
import { buildSite } from '../../site/build/build-site.ts';
import { progressFor, type CliContext } from '../context.ts';
import { withPortalAndStore } from '../options.ts';
import { openWorkspace } from '../workspace.ts';

/**
 * `hms-ops build`: load the portal's sources, compute, and write the public model; with `--out`, also
 * the static site and its open-data files, built in a sibling folder and swapped in whole.
 */
export const buildCommand = {
  name: 'build',
  configure: (command: Command) =>
    withPortalAndStore(command)
      .description('load the portal sources into the store, compute KPIs and SLOs, write the public model (JSON) and, with --out, the site and its open data')
      .option('--model <dir>', 'folder the model is written to', DEFAULT_MODEL_DIR)
      .option('--at <time>', 'instant every window ends at (ISO time with zone, now or latest; default: the portal setting)')
      .option('--out <dir>', 'also build the static site and its open-data files from the model into this folder, e.g. dist')
      .option('--alerts <dir>', 'the alert job\'s folder, whose public incidents are published (default: alerts/ beside the store; none without a state file)'),
  async run(context: CliContext, options: { portal: string; store: string; model: string; at?: string; out?: string; alerts?: string }): Promise<number> {
    const progress = progressFor(context);
    const workspace = await openWorkspace(context, options, progress);
    try {
      await loadSources(workspace.store, workspace.portal, progress, { skipUnchanged: true, ...(options.at ? { at: await workspace.at() } : {}) });
      const at = await workspace.at();
      const generatedAt = sourceDateEpoch(context.env) ?? context.now();
      const alerts = readAlertInputs(workspace.portal, options.alerts ?? alertDir(workspace.store));
      const writer = createModelWriter(options.model);
      try {
        const index = await computeModel(workspace.store, workspace.portal, { at, generatedAt, publicOnly: true, alerts }, progress, (program) => writer.writeProgram(program));
        writer.finish(index);
        progress.stop();
        context.stdout(`model: ${index.programs.length} programs written to ${options.model} (at ${at.toISOString()})\n`);
      } catch (error) {
        writer.abort();
        throw error;
      }
    } finally {
      workspace.store.close();
    }
    if (options.out) {
      // The site and its exports are written beside the old site and swapped in only when complete:
      // a failed build leaves the published site as it was.
      const staging = stagingFor(options.out);
      try {
        progress.step(`building the site into ${options.out}`);
        const site = await buildSite({ modelDir: options.model, outDir: staging });
        const exports = await writeExports(options.model, staging, progress);
        replaceDirectory(staging, options.out);
        progress.stop();
        context.stdout(`site: written to ${options.out} (${site.viewsTaken} charts drawn by worker threads, ${site.viewsDrawn} by the pages)\n`);
        context.stdout(`exports: ${exports.datasets} datasets, ${exports.files} files (${(exports.bytes / 1e6).toFixed(1)} MB) in ${join(options.out, 'data')}\n`);
      } finally {
        rmSync(staging, { recursive: true, force: true });
      }
    }
    return 0;
  },
};

/** SOURCE_DATE_EPOCH (seconds since 1970), the reproducible-builds convention for a build's time. */
function sourceDateEpoch(env: Record<string, string | undefined>): Date | undefined {
  const value = env.SOURCE_DATE_EPOCH;
  return value && /^\d+$/.test(value) ? new Date(Number(value) * 1000) : undefined;
}
