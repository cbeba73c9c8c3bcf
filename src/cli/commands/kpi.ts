import type { Command } from 'commander';
import { createStoreReader } from '../../adapters/store/store-reader.ts';
import { parseDuration } from '../../core/duration.ts';
import { InputError, type InputIssue } from '../../core/errors.ts';
import { change, headline, meetsTarget } from '../../core/kpi.ts';
import { planWindowStats } from '../../core/model/compute-kpi.ts';
import { createRequestBatch } from '../../core/model/request-batch.ts';
import { previousWindow, windowEndingAt } from '../../core/windows.ts';
import { progressFor, type CliContext } from '../context.ts';
import { badWindow, unknownProgram, withPortalAndStore, withWindow } from '../options.ts';
import { openWorkspace } from '../workspace.ts';

/**
 * `hms-ops kpi`: one KPI of a program over any window, as the model computes its fixed windows
 * (24h … 1y): the headline and every statistic with its sample size, whether it meets the target,
 * and the change against the window of the same length before it. A staff tool, like `query` and
 * `slo`: it reads every KPI, public or not, and applies no small-cell suppression.
 */
export const kpiCommand = {
  name: 'kpi',
  configure: (command: Command) =>
    withWindow(withPortalAndStore(command)
      .description('print one KPI of a program over any window: headline, statistics, sample size, target and change (public or not)')
      .requiredOption('--program <id>', 'program id')
      .requiredOption('--kpi <id>', 'KPI id, e.g. review-time')),
  async run(context: CliContext, options: { program: string; kpi: string; window: string; at?: string; portal: string; store: string; json?: boolean }): Promise<number> {
    const seconds = parseDuration(options.window);
    if (seconds === undefined) throw new InputError([badWindow(options.window)]);
    const progress = progressFor(context, true);
    const workspace = await openWorkspace(context, options, progress, true);
    try {
      const issues: InputIssue[] = [];
      const program = workspace.portal.programs.find((p) => p.id === options.program);
      if (!program) issues.push(unknownProgram(options.program, workspace.portal.programs));
      const kpi = program?.kpis.find((k) => k.id === options.kpi);
      if (program && !kpi) issues.push({ file: '--kpi', line: 0, column: 0, message: `unknown KPI ${JSON.stringify(options.kpi)} of ${program.id}; expected one of ${program.kpis.map((k) => k.id).join(', ')}` });
      if (issues.length > 0) throw new InputError(issues);
      const minEvents = kpi!.min_events ?? workspace.portal.portal.min_events;
      const current = windowEndingAt(await workspace.at(), seconds);
      const before = previousWindow(current);
      // Both windows read in one batch, as the model reads its windows.
      const batch = createRequestBatch();
      const [readNow, readThen] = [current, before].map((window) => planWindowStats(kpi!, { program: program!.id, minEvents }, batch, window));
      batch.answer(await (await createStoreReader(workspace.store)).aggregateMany(batch.requests));
      const [now, then] = [readNow!(), readThen!()];
      const value = headline(kpi!, now);
      const previous = headline(kpi!, then);
      const result = {
        program: program!.id,
        kpi: kpi!.id,
        stat: kpi!.stat,
        window: { length: options.window, start: current.start.toISOString(), end: current.end.toISOString() },
        value,
        n: now.n,
        sufficient: now.sufficient,
        min_events: minEvents,
        exact: now.exact,
        meets_target: meetsTarget(kpi!, value),
        stats: now.stats,
        previous: { start: before.start.toISOString(), end: before.end.toISOString(), value: previous, n: then.n },
        change: change(value, previous),
      };
      if (options.json) context.stdout(`${JSON.stringify(result, null, 2)}\n`);
      else {
        const shown = value === null ? `not enough data (n=${now.n}, minimum ${minEvents})` : `${value} (n=${now.n})`;
        const delta = result.change ? `; change ${result.change.absolute >= 0 ? '+' : ''}${result.change.absolute} against ${previous}` : '';
        context.stdout(`${kpi!.id} ${kpi!.stat} over [${result.window.start}, ${result.window.end}): ${shown}${delta}\n`);
      }
      return 0;
    } finally {
      workspace.store.close();
    }
  },
};
