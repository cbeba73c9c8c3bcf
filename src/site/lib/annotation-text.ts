import type { AnnotationComparison, KpiModel } from '../../core/schemas/model.ts';
import { formatChange, formatKpiValue, labelWithStat } from './format.ts';

/**
 * A KPI before and after an annotation in one sentence, e.g. "Eligibility review time (median): 354.3 h
 * in the 28 days before, 21.0 h in the 28 days after (−333.3 h (−94.1%), better)." The statistic is
 * not named twice when the label names it ("API response time (95th percentile)").
 */
export function comparisonSentence(kpi: KpiModel, comparison: AnnotationComparison): string {
  const days = Math.round((Date.parse(comparison.before.end) - Date.parse(comparison.before.start)) / 86_400_000);
  const span = `${days} ${days === 1 ? 'day' : 'days'}`;
  // A count or rate whose data covers only part of a side is not compared (the model's change is null).
  const partial = comparison.change === null && (comparison.before.partial || comparison.after.partial) && comparison.before.value !== null && comparison.after.value !== null;
  const change = partial ? `not compared: data covers only part of the ${comparison.before.partial ? 'days before' : 'days after'}` : formatChange(kpi, comparison.change);
  return `${labelWithStat(kpi)}: ${formatKpiValue(kpi, comparison.before.value)} in the ${span} before, ${formatKpiValue(kpi, comparison.after.value)} in the ${span} after${change ? ` (${change})` : ''}.`;
}
