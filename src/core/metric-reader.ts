import type { Calendar } from './windows.ts';

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
  /**
   * When set (instead of `step`), one result per UTC calendar week (Monday to Monday) or month,
   * each group starting at its week's or month's start. Read from whole days.
   */
  calendar?: Calendar;
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
  /** In the order asked; null when there were no values, or when some buckets carry no histogram. */
  quantiles: (number | null)[];
  /** Counts at or under each limit; null when some of the group's rollup buckets carry no histogram. */
  atMost: (number | null)[];
  /** Counts at or over each limit; null likewise. */
  atLeast: (number | null)[];
  /** True when computed from raw events; false when from histogram rollups (quantiles within 1 %). */
  exact: boolean;
}

export interface MetricReader {
  /** Answers many requests in one go (a store can batch them into a few queries); results in request order. */
  aggregateMany(requests: readonly AggregateRequest[]): Promise<Aggregate[][]>;
  /** The newest data point of each metric of a program (end of the newest bucket for rollups). */
  newestByMetric(program: string): Promise<Map<string, Date>>;
}

/** One request's aggregates. */
export async function aggregateOne(reader: MetricReader, request: AggregateRequest): Promise<Aggregate[]> {
  const [result] = await reader.aggregateMany([request]);
  return result ?? [];
}

/** The newest of several metrics' newest points, or null. */
export function newestOf(newest: Map<string, Date>, metrics: readonly string[]): Date | null {
  const times = metrics.map((metric) => newest.get(metric)?.getTime()).filter((time): time is number => time !== undefined);
  return times.length > 0 ? new Date(Math.max(...times)) : null;
}

/** What a store holds for one metric. */
export interface MetricCoverage {
  /** Since when raw events are kept for the metric's program (null when the metric has no raw events). */
  rawSince: Date | null;
  /** Rollup bucket lengths present, in seconds. */
  levels: readonly number[];
}

/** A stretch of a window read from one rollup level; both edges are multiples of the level. */
export interface Segment {
  seconds: number;
  start: Date;
  end: Date;
}

export type WindowPlan = { source: 'events' } | { source: 'rollups'; segments: Segment[] } | { source: 'none' };

/**
 * Chooses where a window is computed from. Raw events give exact results and are used when they
 * cover the whole window. Otherwise rollups, split across levels: the coarsest level for the part of
 * the window its buckets fill, and finer levels for the edges (e.g. 1 y ending at 14:00 reads whole
 * days in the middle and hours at both ends). A level serves a series only when its buckets divide
 * the step. Where no level fits an edge, that partial bucket is left out (whole buckets only).
 */
export function planWindow(coverage: MetricCoverage, start: Date, end: Date, step?: number): WindowPlan {
  // (A calendar series passes step 86400: weeks and months are made of whole UTC days.)
  if (coverage.rawSince && coverage.rawSince.getTime() <= start.getTime()) return { source: 'events' };
  const usable = [...coverage.levels].filter((seconds) => step === undefined || (seconds <= step && step % seconds === 0)).sort((a, b) => b - a);
  if (usable.length === 0) return coverage.rawSince ? { source: 'events' } : { source: 'none' };
  return { source: 'rollups', segments: decompose(start.getTime() / 1000, end.getTime() / 1000, usable) };
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

function decompose(start: number, end: number, levels: readonly number[]): Segment[] {
  const [seconds, ...finer] = levels;
  if (seconds === undefined || start >= end) return [];
  const first = Math.ceil(start / seconds) * seconds;
  const last = Math.floor(end / seconds) * seconds;
  if (first >= last) return decompose(start, end, finer);
  return [
    ...decompose(start, first, finer),
    { seconds, start: new Date(first * 1000), end: new Date(last * 1000) },
    ...decompose(last, end, finer),
  ];
}
