import { join } from 'node:path';
import type { Command } from 'commander';
import { publishExports, writeExports } from '../../adapters/exports/write-exports.ts';
import { DEFAULT_MODEL_DIR } from '../../adapters/model/write-model.ts';
import { progressFor, type CliContext } from '../context.ts';

/** `hms-ops export`: write the open-data files of a computed model into the site folder. */
export const exportCommand = {
  name: 'export',
  configure: (command: Command) =>
    command
      .description('write the open-data exports (CSV, JSON, Parquet, data.json, datapackage.json) of a computed model into the site folder')
      .option('--model <dir>', 'folder of the computed model (written by build)', DEFAULT_MODEL_DIR)
      .option('--out <dir>', 'site folder; the files go to <dir>/data and <dir>/data.json', 'dist'),
  async run(context: CliContext, options: { model: string; out: string }): Promise<number> {
    const progress = progressFor(context);
    const staging = join(options.out, `.exports-tmp-${process.pid}`);
    const report = await writeExports(options.model, staging, progress);
    publishExports(staging, options.out);
    progress.stop();
    context.stdout(`exports: ${report.datasets} datasets, ${report.files} files (${(report.bytes / 1e6).toFixed(1)} MB) in ${join(options.out, 'data')}\n`);
    return 0;
  },
};
