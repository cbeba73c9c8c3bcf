import { Option, type Command } from 'commander';
import { loadSources } from '../../adapters/build/build-model.ts';
import type { FileKind } from '../../adapters/store/ingest-file.ts';
import type { RollupFormat } from '../../adapters/store/ingest-rollups.ts';
import { progressFor, type CliContext } from '../context.ts';
import { withPortalAndStore } from '../options.ts';
import { openWorkspace } from '../workspace.ts';

/** `hms-ops ingest FILE…`: loads raw events or rollups into the store. */
export const ingestCommand = {
  name: 'ingest',
  configure: (command: Command) =>
    withPortalAndStore(command)
      .description('load raw events (NDJSON) or rollups (CSV, Parquet, NDJSON) into the store; bad rows go to a quarantine file')
      .argument('<files...>', 'files to load (.ndjson, .jsonl, .csv, .parquet, optionally .gz)')
      .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices(['ndjson', 'csv', 'parquet']))
      .addOption(new Option('--kind <kind>', 'events or rollups (default: from the file)').choices(['events', 'rollups']))
      .option('--at <time>', 'instant raw retention counts back from (ISO time, now or latest)')
      .option('--json', 'print the load report as JSON'),
  async run(context: CliContext, files: string[], options: { portal: string; store: string; format?: RollupFormat; kind?: FileKind; at?: string; json?: boolean }): Promise<number> {
    const progress = progressFor(context, options.json);
    const workspace = await openWorkspace(context, { portal: options.portal, store: options.store, ...(options.at ? { at: options.at } : {}) }, progress);
    try {
      const toLoad = files.map((path) => ({ path, ...(options.kind ? { kind: options.kind } : {}), ...(options.format ? { format: options.format } : {}) }));
      const reports = await loadSources(workspace.store, workspace.portal, progress, { files: toLoad, ...(options.at ? { at: await workspace.at() } : {}) });
      progress.stop();
      if (options.json) {
        context.stdout(`${JSON.stringify({ files: reports }, null, 2)}\n`);
      } else {
        for (const report of reports) {
          context.stdout(`${report.file}: ${report.kind}, ${report.rowsRead} rows read, ${report.rowsLoaded} loaded, ${report.rowsQuarantined} quarantined\n`);
          for (const { reason, count } of report.reasons) context.stdout(`  ${count} × ${reason}\n`);
          if (report.quarantineFile) context.stdout(`  quarantined rows: ${report.quarantineFile}\n`);
        }
      }
      return 0;
    } finally {
      workspace.store.close();
    }
  },
};
