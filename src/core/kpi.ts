import type { Aggregate, AggregateRequest } from './metric-reader.ts';
import type { Kpi, Stat } from './schemas/kpi.ts';
import type { Calendar } from './windows.ts';

/** Quantiles every distribution KPI reports. */
export const KPI_QUANTILES = [0.5, 0.9, 0.95, 0.99] as const;

/** A KPI's numbers over one window. Every value shares the sample size `n`. */
export interface KpiStats {
  /** Sample size: events (distribution, score, counter) or denominator total (ratio). */
  n: number;
  /** False below the KPI's minimum sample size: then every stat is null ("insufficient data"). */
  sufficient: boolean;
  /** True when computed from raw events; false when from rollups (quantiles within 1 %). */
  exact: boolean;
  stats: Partial<Record<Stat, number | null>>;
  /**
   * The counts small-cell suppression protects (when the KPI's threshold is above 0), known even
   * when the stats are insufficient: a counter's total; a ratio's numerator and denominator; the
   * events of a distribution or score (its sample size).
   */
  protectedCounts: readonly number[];
}

/**
 * The aggregate requests a KPI needs, keyed by role, for one window, or one series when `group` is set:
 * a step in seconds, or a calendar week or month.
 */
export function kpiRequests(kpi: Kpi, program: string, start: Date, end: Date, group?: number | Calendar): Record<string, AggregateRequest> {
  const base = { program, start, end, ...(typeof group === 'number' ? { step: group } : group ? { calendar: group } : {}) };
  switch (kpi.kind) {
    case 'distribution': {
      const limits = kpi.target === undefined ? {} : kpi.direction === 'lower' ? { atMost: [kpi.target] } : { atLeast: [kpi.target] };
      return { values: { ...base, metrics: [kpi.metric], quantiles: [...KPI_QUANTILES], ...limits } };
    }
    case 'counter':
      return { values: { ...base, metrics: [kpi.metric] } };
    case 'ratio':
      return { numerator: { ...base, metrics: kpi.numerator }, denominator: { ...base, metrics: kpi.denominator } };
    case 'score':
      return { values: { ...base, metrics: [kpi.metric], ...(kpi.scale === 'nps10' ? { atLeast: [9], atMost: [6] } : { atLeast: [4] }) } };
  }
}

/**
 * A KPI's statistics from its aggregates over a window of `seconds`.
 * - rate: events (or a counter's sum) per hour, or per day when the KPI says `rate_per: 1d`;
 * - adherence: share of events at or under the target (`lower`) or at or over it (`higher`);
 * - ratio: Σ numerator ÷ Σ denominator;
 * - csat: share of 4- and 5-star scores; nps: % of 9–10 minus % of 0–6, from −100 to 100.
 * Below `minEvents` every stat is null; with no data at all n is 0.
 */
export function kpiStats(kpi: Kpi, inputs: Record<string, Aggregate | undefined>, seconds: number, minEvents: number): KpiStats {
  const values = inputs.values;
  const hours = seconds / 3600;
  switch (kpi.kind) {
    case 'distribution': {
      const n = values?.count ?? 0;
      return finish(n, minEvents, values?.exact ?? true, () => ({
        count: n,
        rate: n / hours,
        mean: values!.sum / n,
        p50: values!.quantiles[0] ?? null,
        p90: values!.quantiles[1] ?? null,
        p95: values!.quantiles[2] ?? null,
        p99: values!.quantiles[3] ?? null,
        min: values!.min,
        max: values!.max,
        adherence: kpi.target === undefined ? null : share(kpi.direction === 'lower' ? values!.atMost[0] : values!.atLeast[0], n),
      }));
    }
    case 'counter': {
      const n = values?.count ?? 0;
      const sum = values?.sum ?? 0;
      return { ...finish(n, minEvents, values?.exact ?? true, () => ({ sum, rate: sum / (kpi.rate_per === '1d' ? seconds / 86_400 : hours) })), protectedCounts: [sum] };
    }
    case 'ratio': {
      const denominator = inputs.denominator?.sum ?? 0;
      const numerator = inputs.numerator?.sum ?? 0;
      const exact = (inputs.denominator?.exact ?? true) && (inputs.numerator?.exact ?? true);
      return { ...finish(denominator, minEvents, exact, () => ({ ratio: numerator / denominator, count: denominator })), protectedCounts: [numerator, denominator] };
    }
    case 'score': {
      const n = values?.count ?? 0;
      return finish(n, minEvents, values?.exact ?? true, () => ({
        count: n,
        mean: values!.sum / n,
        ...(kpi.scale === 'nps10'
          ? { nps: netPromoters(values!.atLeast[0], values!.atMost[0], n) }
          : { csat: share(values!.atLeast[0], n) }),
      }));
    }
  }
}

/** The change from a previous value: absolute, and relative to the previous value's size (null when it was 0). */
export function change(current: number | null | undefined, previous: number | null | undefined): { absolute: number; relative: number | null } | null {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  return { absolute: current - previous, relative: previous === 0 ? null : (current - previous) / Math.abs(previous) };
}

/**
 * Which way a KPI's headline statistic is better, for the words "better" and "worse": an adherence
 * share is better higher whatever the KPI's direction (which says on which side of the per-event
 * target an event is within it); a count or rate of a distribution's, a ratio's or a score's events
 * is volume, neither better nor worse (null); every other statistic follows the KPI's direction.
 */
export function betterDirection(kpi: { kind: string; stat: string; direction: 'lower' | 'higher' }): 'lower' | 'higher' | null {
  if (kpi.stat === 'adherence') return 'higher';
  if (countsEvents(kpi)) return null;
  return kpi.direction;
}

/** Whether a KPI's headline counts its events (a count or rate of anything but a counter, whose sum and rate are in its own unit). */
export function countsEvents(kpi: { kind: string; stat: string }): boolean {
  return kpi.kind !== 'counter' && (kpi.stat === 'count' || kpi.stat === 'rate');
}

/** Whether a KPI's headline measures volume (a count, total or rate), which a window only partly covered by data understates. */
export function measuresVolume(kpi: { stat: string }): boolean {
  return kpi.stat === 'count' || kpi.stat === 'sum' || kpi.stat === 'rate';
}

/**
 * A KPI's minimum sample size: its own `min_events`, else the portal's, except a counter's, which
 * defaults to 1: its sum and rate are tallies, not estimates, so 12 cases in an hour are 12 cases,
 * not too few to tell (an empty period is still no data, and small counts are withheld by small-cell
 * suppression). Holding a counter to 30 readings an hour drew only its busiest hours.
 */
export function kpiMinEvents(kpi: Pick<Kpi, 'kind' | 'min_events'>, portalMinEvents: number): number {
  return kpi.min_events ?? (kpi.kind === 'counter' ? 1 : portalMinEvents);
}

/** The headline statistic of a KPI's stats; null when the sample is too small. */
export function headline(kpi: Pick<Kpi, 'stat'>, stats: KpiStats): number | null {
  return stats.sufficient ? (stats.stats[kpi.stat] ?? null) : null;
}

/**
 * Whether a KPI's headline value meets its target; null when there is no target or no value.
 * For a distribution, the target is a per-event limit: a quantile or mean meets it by the KPI's
 * direction, adherence meets `adherence_goal`, and counts and rates have no target.
 */
export function meetsTarget(kpi: Kpi, value: number | null | undefined): boolean | null {
  if (value === null || value === undefined) return null;
  if (kpi.kind === 'distribution') {
    if (kpi.stat === 'adherence') return kpi.adherence_goal === undefined ? null : value >= kpi.adherence_goal;
    if (kpi.stat === 'count' || kpi.stat === 'rate') return null;
  }
  if (kpi.target === undefined) return null;
  return kpi.direction === 'lower' ? value <= kpi.target : value >= kpi.target;
}

/** A count as a share of n; null when the count is unknown (rollups without histograms). */
function share(count: number | null | undefined, n: number): number | null {
  return count === null || count === undefined ? null : count / n;
}

/** % promoters minus % detractors, from −100 to 100; null when either count is unknown. */
function netPromoters(promoters: number | null | undefined, detractors: number | null | undefined, n: number): number | null {
  return promoters === null || promoters === undefined || detractors === null || detractors === undefined ? null : ((promoters - detractors) / n) * 100;
}

function finish(n: number, minEvents: number, exact: boolean, compute: () => Partial<Record<Stat, number | null>>): KpiStats {
  if (n < minEvents) return { n, sufficient: false, exact, stats: {}, protectedCounts: [n] };
  return { n, sufficient: true, exact, stats: compute(), protectedCounts: [n] };
}
