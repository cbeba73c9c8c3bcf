import type { Command } from 'commander';
import { createStoreReader } from '../../adapters/store/store-reader.ts';
import { parseDuration } from '../../core/duration.ts';
import { InputError, type InputIssue } from '../../core/errors.ts';
import { change, headline, kpiMinEvents, measuresVolume, meetsTarget } from '../../core/kpi.ts';
import { planPartialWindows, planWindowStats } from '../../core/model/compute-kpi.ts';
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
      const minEvents = kpiMinEvents(kpi!, workspace.portal.portal.min_events);
      const at = await workspace.at();
      const current = windowEndingAt(at, seconds);
      const before = previousWindow(current);
      // Both windows read in one batch, as the model reads its windows, with what tells whether the
      // feed began or stopped inside one of them.
      const batch = createRequestBatch();
      const [readNow, readThen] = [current, before].map((window) => planWindowStats(kpi!, { program: program!.id, minEvents }, batch, window));
      const readPartial = planPartialWindows(kpi!, { program: program!.id, minEvents, at, expectedIntervalSeconds: program!.expected_interval }, batch);
      const reader = await createStoreReader(workspace.store);
      batch.answer(await reader.aggregateMany(batch.requests));
      const [now, then] = [readNow!(), readThen!()];
      const partial = readPartial(await reader.newestByMetric(program!.id));
      const [nowPartial, thenPartial] = [partial(current), partial(before)];
      const value = headline(kpi!, now);
      const previous = headline(kpi!, then);
      // As in the model: a count, total or rate is not compared when data covers only part of either window.
      const compared = (nowPartial || thenPartial) && measuresVolume(kpi!) ? null : change(value, previous);
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
        partial: nowPartial,
        previous: { start: before.start.toISOString(), end: before.end.toISOString(), value: previous, n: then.n, partial: thenPartial },
        change: compared,
      };
      if (options.json) context.stdout(`${JSON.stringify(result, null, 2)}\n`);
      else {
        const shown = value === null ? `not enough data (n=${now.n}, minimum ${minEvents})` : `${value} (n=${now.n})`;
        const covers = nowPartial ? '; data covers only part of the window' : '';
        const delta = result.change
          ? `; change ${result.change.absolute >= 0 ? '+' : ''}${result.change.absolute} against ${previous}${thenPartial ? ' (data covers only part of the window before)' : ''}`
          : value !== null && previous !== null ? `; not compared with ${previous}: data covers only part of ${nowPartial && thenPartial ? 'both windows' : nowPartial ? 'this window' : 'the window before'}` : '';
        context.stdout(`${kpi!.id} ${kpi!.stat} over [${result.window.start}, ${result.window.end}): ${shown}${covers}${delta}\n`);
      }
      return 0;
    } finally {
      workspace.store.close();
    }
  },
};
