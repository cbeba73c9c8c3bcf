import type { Command } from 'commander';
import { createStoreReader } from '../../adapters/store/store-reader.ts';
import { InputError } from '../../core/errors.ts';
import { computeSlo, lastDayEmpty } from '../../core/model/compute-slo.ts';
import type { SloSnapshot } from '../../core/schemas/model.ts';
import { progressFor, type CliContext } from '../context.ts';
import { withPortalAndStore } from '../options.ts';
import { openWorkspace } from '../workspace.ts';

/** `hms-ops slo`: attainment, budget, burn rates and status of every SLO (or one). */
export const sloCommand = {
  name: 'slo',
  configure: (command: Command) =>
    withPortalAndStore(command)
      .description('print attainment, error budget, burn rates and status of the SLOs (public or not)')
      .option('--id <slo>', 'only this SLO')
      .option('--at <time>', 'evaluation time (ISO time with zone, now or latest; default: the portal setting)')
      .option('--json', 'print JSON instead of a table'),
  async run(context: CliContext, options: { id?: string; at?: string; portal: string; store: string; json?: boolean }): Promise<number> {
    const workspace = await openWorkspace(context, options, progressFor(context, options.json), true);
    try {
      const slos = workspace.portal.slos.filter((slo) => !options.id || slo.id === options.id);
      if (options.id && slos.length === 0) {
        throw new InputError([{ file: '--id', line: 0, column: 0, message: `unknown SLO ${JSON.stringify(options.id)}; expected one of ${workspace.portal.slos.map((s) => s.id).join(', ')}` }]);
      }
      const at = await workspace.at();
      const reader = await createStoreReader(workspace.store);
      const results: SloSnapshot[] = [];
      for (const slo of slos) {
        const program = workspace.portal.programs.find((p) => p.id === slo.program)!;
        results.push(await computeSlo(slo, { reader, at, timeZone: program.time_zone, minEvents: workspace.portal.portal.min_events }));
      }
      if (options.json) context.stdout(`${JSON.stringify({ at: at.toISOString(), slos: results }, null, 2)}\n`);
      else context.stdout(table(at, results));
      return 0;
    } finally {
      workspace.store.close();
    }
  },
};

/** When the budget runs out at the last day's burn rate; with no event in the last day there is no rate to judge by. */
function runsOut(slo: SloSnapshot): string {
  if (slo.exhaustion.exhausted) return 'exhausted';
  if (slo.exhaustion.date) return slo.exhaustion.date.slice(0, 16).replace('T', ' ');
  return lastDayEmpty(slo) ? 'unknown (no data in 1d)' : 'not at this rate';
}

function table(at: Date, slos: readonly SloSnapshot[]): string {
  const percent = (value: number | null, digits = 2) => (value === null ? '—' : `${(value * 100).toFixed(digits)}%`);
  const rate = (slo: SloSnapshot, window: string) => {
    const value = slo.burn_rates.find((b) => b.window === window)?.burn_rate;
    return value === null || value === undefined ? '—' : value.toFixed(2);
  };
  const rows = [
    ['SLO', 'status', 'attainment', 'objective', 'window', 'n', 'budget left', 'burn 1h', 'burn 1d', 'budget runs out'],
    ...slos.map((slo) => [
      slo.id,
      slo.status,
      percent(slo.attainment, 3),
      percent(slo.objective, 3),
      slo.window,
      String(slo.total),
      percent(slo.budget.remaining, 1),
      rate(slo, '1h'),
      rate(slo, '1d'),
      runsOut(slo),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
  return `SLOs at ${at.toISOString()}\n${lines.join('\n')}\n`;
}
