/**
 * What the compute core asks of a metric store. The DuckDB store implements it; tests may use any other.
 * Windows are half-open: [start, end). A group with no events is left out, never reported as zero.
 */
export interface AggregateRequest {
  program: string;
  /** Values of these metrics are pooled, e.g. a ratio's numerator `[a.error, b.error]`. */
  metrics: readonly string[];
  start: Date;
  end: Date;
  /** When set, one result per UTC-aligned group of this many seconds (60, 3600 or 86400). */
  step?: number;
  /** Quantiles to estimate, e.g. `[0.5, 0.95]`. */
  quantiles?: readonly number[];
  /** For each limit, how many values are ≤ it. */
  atMost?: readonly number[];
  /** For each limit, how many values are ≥ it. */
  atLeast?: readonly number[];
}

/** Aggregates of one window or one group. */
export interface Aggregate {
  /** Start of the group; the window's start when no step was asked. */
  start: Date;
  count: number;
  sum: number;
  min: number | null;
  max: number | null;
  /** In the order asked; null when there were no values. */
  quantiles: (number | null)[];
  atMost: number[];
  atLeast: number[];
  /** True when computed from raw events; false when from histogram rollups (quantiles within 1 %). */
  exact: boolean;
}

export interface MetricReader {
  aggregate(request: AggregateRequest): Promise<Aggregate[]>;
  /** The newest data point of these metrics of a program (end of the newest bucket for rollups), or null. */
  newest(program: string, metrics: readonly string[]): Promise<Date | null>;
}

/** What a store holds for one metric. */
export interface MetricCoverage {
  /** Since when raw events are kept for the metric's program (null when the metric has no raw events). */
  rawSince: Date | null;
  /** Rollup bucket lengths present, in seconds. */
  levels: readonly number[];
}

export type WindowPlan = { source: 'events' } | { source: 'rollups'; seconds: number } | { source: 'none' };

/**
 * Chooses where a window is computed from. Raw events give exact results and are used when they cover
 * the whole window. Otherwise rollups: the coarsest level whose buckets line up with both window edges
 * (and with the step); when none lines up, the finest level, and then only whole buckets inside the
 * window count.
 */
export function planWindow(coverage: MetricCoverage, start: Date, end: Date, step?: number): WindowPlan {
  if (coverage.rawSince && coverage.rawSince.getTime() <= start.getTime()) return { source: 'events' };
  const usable = [...coverage.levels].filter((seconds) => step === undefined || (seconds <= step && step % seconds === 0)).sort((a, b) => a - b);
  if (usable.length === 0) return coverage.rawSince ? { source: 'events' } : { source: 'none' };
  const aligned = usable.filter((seconds) => isAligned(start, seconds) && isAligned(end, seconds));
  return { source: 'rollups', seconds: aligned.length > 0 ? aligned[aligned.length - 1]! : usable[0]! };
}

/**
 * Pools the coverage of several metrics read together: raw only when all that have data have raw events,
 * levels that all have. A metric with no data at all (say, an error counter that never fired) is left out.
 */
export function combineCoverage(all: readonly MetricCoverage[]): MetricCoverage {
  const coverages = all.filter((c) => c.rawSince !== null || c.levels.length > 0);
  if (coverages.length === 0) return { rawSince: null, levels: [] };
  const rawSince = coverages.every((c) => c.rawSince) ? new Date(Math.max(...coverages.map((c) => c.rawSince!.getTime()))) : null;
  const levels = coverages[0]!.levels.filter((seconds) => coverages.every((c) => c.levels.includes(seconds)));
  return { rawSince, levels };
}

function isAligned(date: Date, seconds: number): boolean {
  return (date.getTime() / 1000) % seconds === 0;
}
