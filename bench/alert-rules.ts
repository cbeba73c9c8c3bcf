import { buildRouteTree } from '../src/core/alerts/routing.ts';
import { NotifyFileSchema } from '../src/core/schemas/notify.ts';
import { burnRules, thresholdRule, type Rule } from '../src/core/alerts/rules.ts';
import { formatDuration } from '../src/core/duration.ts';
import { AlertRuleSchema } from '../src/core/schemas/alert-rule.ts';
import { kpiMetrics } from '../src/core/schemas/kpi.ts';
import { SloSchema, type Slo } from '../src/core/schemas/slo.ts';
import type { LoadedPortal } from '../src/adapters/portal/load-portal.ts';

/**
 * The alert job's benchmark load for a synthetic portal: `rules` threshold rules dealt out over the
 * programs and their metrics (percentiles, means, maxima, counts and rates over 1 m to 1 d, and
 * error ratios of svc.error over svc.ok + svc.error), plus the burn-rate alerts of `slos` SLOs: the
 * portal's own and variants of them (other objectives and windows) until there are that many.
 */
export function benchAlertRules(portal: LoadedPortal, rules: number, slos: number): Rule[] {
  const source = { file: 'bench', sha256: '' };
  const windows = ['1m', '5m', '1h', '6h', '1d'];
  const perProgram = portal.programs.map((program) => ({ id: program.id, metrics: program.kpis.flatMap(kpiMetrics) }));
  const threshold: Rule[] = [];
  for (let index = 0; threshold.length < rules; index++) {
    const program = perProgram[index % perProgram.length]!;
    const round = Math.floor(index / perProgram.length);
    const metric = program.metrics[round % program.metrics.length]!;
    const window = windows[round % windows.length]!;
    const kind = round % 6;
    const spec = kind === 5
      ? { aggregation: 'error_ratio', bad: ['svc.error'], total: ['svc.ok', 'svc.error'], critical: 0.01 }
      : { aggregation: (['p95', 'p99', 'mean', 'max', 'count'] as const)[kind]!, metric, warning: 50, critical: 100 };
    threshold.push(thresholdRule(AlertRuleSchema.parse({ name: `bench-${index}`, program: program.id, window, for: '2m', ...spec }), source));
  }
  const objectives = [0.9, 0.95, 0.99, 0.995, 0.999];
  const variants: Slo[] = [];
  for (let index = 0; variants.length < slos; index++) {
    const base = portal.slos[index % portal.slos.length]!;
    const round = Math.floor(index / portal.slos.length);
    variants.push(round === 0 ? base : SloSchema.parse({ ...base, slice: formatDuration(base.slice), window: round % 2 ? '30d' : '28d', id: `${base.id}-v${round}`, objective: objectives[round % objectives.length], alerts: {} }));
  }
  return [...threshold, ...burnRules(variants, portal.portal.min_events, source)];
}

/** A notify.yaml for the bench: a pager route for critical alerts, a route per tenth of the programs, a default. */
export function benchNotify() {
  const config = NotifyFileSchema.parse({
    version: 1,
    receivers: [{ name: 'default', webhook: { url: 'http://127.0.0.1:9/default' } }, { name: 'pager', webhook: { url: 'http://127.0.0.1:9/pager' } }, { name: 'team', webhook: { url: 'http://127.0.0.1:9/team' } }],
    route: {
      receiver: 'default',
      group_wait: '0s',
      routes: [
        { matchers: ['severity = critical'], receiver: 'pager', continue: true },
        ...Array.from({ length: 10 }, (_, digit) => ({ matchers: [`program =~ "p-.*${digit}"`], receiver: 'team' })),
      ],
    },
  });
  const route = buildRouteTree(config.route);
  return { config, route, receivers: new Map(config.receivers.map((receiver) => [receiver.name, receiver])) };
}
