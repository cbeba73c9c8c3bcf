import type { Command } from 'commander';
import { computeModel, loadSources } from '../../adapters/build/build-model.ts';
import { createModelWriter, DEFAULT_MODEL_DIR } from '../../adapters/model/write-model.ts';
import { buildSite } from '../../site/build/build-site.ts';
import { progressFor, type CliContext } from '../context.ts';
import { withPortalAndStore } from '../options.ts';
import { openWorkspace } from '../workspace.ts';

/** `hms-ops build`: load the portal's sources, compute, and write the public model. */
export const buildCommand = {
  name: 'build',
  configure: (command: Command) =>
    withPortalAndStore(command)
      .description('load the portal sources into the store, compute KPIs and SLOs, and write the public model (JSON)')
      .option('--model <dir>', 'folder the model is written to', DEFAULT_MODEL_DIR)
      .option('--at <time>', 'instant every window ends at (ISO time with zone, now or latest; default: the portal setting)')
      .option('--out <dir>', 'also build the static site from the model into this folder, e.g. dist'),
  async run(context: CliContext, options: { portal: string; store: string; model: string; at?: string; out?: string }): Promise<number> {
    const progress = progressFor(context);
    const workspace = await openWorkspace(context, options, progress);
    try {
      await loadSources(workspace.store, workspace.portal, progress, { skipUnchanged: true, ...(options.at ? { at: await workspace.at() } : {}) });
      const at = await workspace.at();
      const generatedAt = sourceDateEpoch(context.env) ?? context.now();
      const writer = createModelWriter(options.model);
      try {
        const index = await computeModel(workspace.store, workspace.portal, { at, generatedAt, publicOnly: true }, progress, (program) => writer.writeProgram(program));
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
      progress.step(`building the site into ${options.out}`);
      await buildSite({ modelDir: options.model, outDir: options.out });
      progress.stop();
      context.stdout(`site: written to ${options.out}\n`);
    }
    return 0;
  },
};

/** SOURCE_DATE_EPOCH (seconds since 1970), the reproducible-builds convention for a build's time. */
function sourceDateEpoch(env: Record<string, string | undefined>): Date | undefined {
  const value = env.SOURCE_DATE_EPOCH;
  return value && /^\d+$/.test(value) ? new Date(Number(value) * 1000) : undefined;
}
