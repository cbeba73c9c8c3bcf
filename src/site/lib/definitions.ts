import { formatDuration } from '../../core/duration.ts';
import type { KpiModel, SloModel } from '../../core/schemas/model.ts';
import { betterSentence, formatNumber, formatPercent, headlineUnit, statLabel, targetText, windowLabel, withinText } from './format.ts';

/**
 * A KPI's definition in words, from its model: what is measured and how, its target, which way is
 * better, its minimum sample size and small-cell rule. E.g. "The median of eligibility.review_hours
 * (h) over the events in each window; target at most 48.0 h. Lower is better. Fewer than 30 events:
 * not enough data."
 */
export function kpiDefinition(kpi: KpiModel): string {
  const target = targetText(kpi);
  const sentences = [`${measured(kpi)}${target ? `; target ${target}` : ''}.`, betterSentence(kpi)];
  sentences.push(`Fewer than ${formatNumber(kpi.min_events)} ${kpi.kind === 'ratio' ? 'events in the denominator' : kpi.kind === 'score' ? 'answers' : 'events'}: not enough data.`);
  if (kpi.suppress_below > 0) sentences.push(`Counts from 1 to ${formatNumber(kpi.suppress_below)} are withheld (small-cell rule).`);
  return sentences.filter(Boolean).join(' ');
}

/** What a KPI's headline is computed from. */
function measured(kpi: KpiModel): string {
  const metric = kpi.metrics.join(', ');
  const unit = kpi.unit ? ` (${kpi.unit})` : '';
  switch (kpi.kind) {
    case 'distribution':
      if (kpi.stat === 'adherence') return `The share of ${metric} events ${withinText(kpi)}`;
      if (kpi.stat === 'count' || kpi.stat === 'rate') return `The ${statLabel(kpi.stat)} of ${metric} events (${headlineUnit(kpi)})`;
      return `The ${statLabel(kpi.stat)} of ${metric}${unit} over the events in each window`;
    case 'counter':
      return kpi.stat === 'sum' ? `The total of counter ${metric}${unit} in each window` : `The total of counter ${metric} in each window, as a rate (${headlineUnit(kpi)})`;
    case 'ratio':
      return kpi.stat === 'count'
        ? `The number of events counted by ${(kpi.denominator ?? kpi.metrics).join(' + ')}`
        : `The share ${sumOf(kpi.numerator ?? [])} ÷ ${sumOf(kpi.denominator ?? [])}, each counter summed over the window (never a mean of hourly shares)`;
    case 'score':
      return kpi.stat === 'csat'
        ? `The share of ${metric} answers of 4 or 5 (CSAT)`
        : kpi.stat === 'nps'
          ? `The net promoter score of ${metric} answers: % of 9 and 10 minus % of 0 to 6`
          : `The ${statLabel(kpi.stat)} of ${metric} answers`;
  }
}

/** Counters added up, in parentheses when there are several: `(docket.ok + docket.error)`. */
function sumOf(metrics: readonly string[]): string {
  return metrics.length > 1 ? `(${metrics.join(' + ')})` : metrics[0] ?? '?';
}

/**
 * An SLO's definition in words: what a good event is, the objective, the window and how its budget
 * is counted. E.g. "Good reviews: eligibility.review_hours at or under 48; all reviews: every
 * eligibility.review_hours event. Objective: 99% over a rolling 28 days, budgeted per event."
 */
export function sloDefinition(slo: SloModel): string {
  const sli = slo.sli as { type?: string; metric?: string; threshold?: number; op?: string; good?: string[]; total?: string[] };
  const counted = sli.type === 'threshold'
    ? `Good ${slo.noun}: ${sli.metric} events ${sli.op === 'ge' ? 'at or over' : 'at or under'} ${formatNumber(sli.threshold ?? 0, Number.isInteger(sli.threshold) ? 0 : 2)}; all ${slo.noun}: every ${sli.metric} event.`
    : `Good ${slo.noun}: ${(sli.good ?? []).join(' + ')}; all ${slo.noun}: ${(sli.total ?? []).join(' + ')}.`;
  const window = slo.window === 'calendar-month' ? 'each calendar month' : `the ${windowLabel(slo.window)}, rolling`;
  const budget = slo.budgeting === 'timeslices'
    ? 'budgeted in time slices (the share of good minutes)'
    : 'budgeted per event (Σ good ÷ Σ all)';
  return `${counted} Objective: ${formatPercent(slo.objective, Number.isInteger(slo.objective * 100) ? 0 : 2)} over ${window}, ${budget}; fewer than ${formatNumber(slo.min_events)} ${slo.noun}: not enough data.`;
}

/** How often a program's data is expected: `every 1 h`, `every 15 min`, `every day`. */
export function updateInterval(seconds: number): string {
  if (seconds === 86_400) return 'every day';
  const text = formatDuration(seconds);
  const match = /^(\d+)([dhms])$/.exec(text)!;
  const unit = { d: 'days', h: 'h', m: 'min', s: 's' }[match[2] as 'd' | 'h' | 'm' | 's'];
  return `every ${match[1]} ${unit}`;
}
