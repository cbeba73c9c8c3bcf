import { measuresVolume } from '../../core/kpi.ts';
import type { KpiModel, SloModel } from '../../core/schemas/model.ts';
import { targetText } from './format.ts';

/**
 * The program's published SLOs that measure what a KPI measures: their SLI reads exactly the
 * metrics the KPI reads (a threshold SLI its one metric, a ratio SLI its good and total metrics).
 * A KPI's page names them; where the KPI has no target of its own, its tile and home-page line
 * show their goals instead (goalSlos).
 */
export function slosOfKpi(slos: readonly SloModel[], kpi: Pick<KpiModel, 'metrics'>): SloModel[] {
  const read = new Set(kpi.metrics);
  return slos.filter((slo) => {
    const metrics = sliMetrics(slo.sli);
    return metrics.size > 0 && metrics.size === read.size && [...metrics].every((metric) => read.has(metric));
  });
}

/** The metrics an SLI as the model holds it reads (its config's `sli`, validated when loaded). */
function sliMetrics(sli: SloModel['sli']): Set<string> {
  const names = (value: unknown) => (Array.isArray(value) ? value.filter((name): name is string => typeof name === 'string') : []);
  if (sli.type === 'ratio') return new Set([...names(sli.good), ...names(sli.total)]);
  return new Set(typeof sli.metric === 'string' ? [sli.metric] : []);
}

/**
 * The SLOs whose goals stand in for a KPI's missing target on its tile and home-page line: those
 * that measure it (slosOfKpi), when it has no target of its own; never for a count, total or rate.
 */
export function goalSlos(slos: readonly SloModel[], kpi: KpiModel): SloModel[] {
  return targetText(kpi) === null && !measuresVolume(kpi) ? slosOfKpi(slos, kpi) : [];
}
