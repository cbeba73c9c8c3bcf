import type { Command } from 'commander';
import { createStoreReader } from '../../adapters/store/store-reader.ts';
import { parseDuration } from '../../core/duration.ts';
import { InputError, type InputIssue } from '../../core/errors.ts';
import { aggregateOne } from '../../core/metric-reader.ts';
import { windowEndingAt } from '../../core/windows.ts';
import { progressFor, type CliContext } from '../context.ts';
import { badWindow, unknownProgram, withPortalAndStore, withWindow } from '../options.ts';
import { openWorkspace } from '../workspace.ts';

const AGGREGATIONS = 'count, sum, mean, min, max, rate (per hour), or a percentile such as p50, p95, p99.9';

/** `hms-ops query`: one number for one metric of one program over one window. */
export const queryCommand = {
  name: 'query',
  configure: (command: Command) =>
    withWindow(withPortalAndStore(command)
      .description('print one number: an aggregation of a metric over a window ending at --at')
      .requiredOption('--program <id>', 'program id')
      .requiredOption('--metric <name>', 'metric name, e.g. docket.latency_ms')
      .option('--agg <aggregation>', AGGREGATIONS, 'p95')),
  async run(context: CliContext, options: { program: string; metric: string; agg: string; window: string; at?: string; portal: string; store: string; json?: boolean }): Promise<number> {
    const issues: InputIssue[] = [];
    const seconds = parseDuration(options.window);
    if (seconds === undefined) issues.push(badWindow(options.window));
    const aggregation = parseAggregation(options.agg);
    if (!aggregation) issues.push({ file: '--agg', line: 0, column: 0, message: `expected ${AGGREGATIONS}, got ${JSON.stringify(options.agg)}` });
    if (issues.length > 0) throw new InputError(issues);

    const progress = progressFor(context, true);
    const workspace = await openWorkspace(context, options, progress, true);
    try {
      const program = workspace.portal.programs.find((p) => p.id === options.program);
      if (!program) throw new InputError([unknownProgram(options.program, workspace.portal.programs)]);
      const at = await workspace.at();
      const window = windowEndingAt(at, seconds!);
      const reader = await createStoreReader(workspace.store);
      const [row] = await aggregateOne(reader, { program: program.id, metrics: [options.metric], start: window.start, end: window.end, ...(aggregation!.quantile !== undefined ? { quantiles: [aggregation!.quantile] } : {}) });
      const n = row?.count ?? 0;
      const value = row ? aggregation!.pick(row, seconds!) : null;
      const result = { program: program.id, metric: options.metric, agg: options.agg, window: { length: options.window, start: window.start.toISOString(), end: window.end.toISOString() }, value, n, exact: row?.exact ?? null };
      if (options.json) context.stdout(`${JSON.stringify(result, null, 2)}\n`);
      else context.stdout(value === null ? `no data (n=0) for ${options.metric} in [${result.window.start}, ${result.window.end})\n` : `${value}\n`);
      return 0;
    } finally {
      workspace.store.close();
    }
  },
};

interface Aggregation {
  quantile?: number;
  pick(row: { count: number; sum: number; min: number | null; max: number | null; quantiles: (number | null)[] }, seconds: number): number | null;
}

function parseAggregation(text: string): Aggregation | undefined {
  const percentile = /^p(\d{1,2}(\.\d+)?|100)$/.exec(text);
  if (percentile) return { quantile: Number(percentile[1]) / 100, pick: (row) => row.quantiles[0] ?? null };
  const simple: Record<string, Aggregation['pick']> = {
    count: (row) => row.count,
    sum: (row) => row.sum,
    mean: (row) => row.sum / row.count,
    min: (row) => row.min,
    max: (row) => row.max,
    rate: (row, seconds) => row.count / (seconds / 3600),
  };
  const pick = simple[text];
  return pick ? { pick } : undefined;
}
