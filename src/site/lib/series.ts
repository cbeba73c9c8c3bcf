import type { SeriesPoint } from '../../core/schemas/model.ts';

/** A point as a chart draws it: null where there is no data or not enough of it, so lines break there. */
export interface ChartPoint {
  start: string;
  value: number | null;
  n: number;
  /** Withheld by small-cell suppression: there were events, too few people to publish (value null, n 0). */
  withheld?: true;
}

/**
 * The views the KPI page offers: days back from the model's `at`, or all history. The last 7 days
 * are drawn hour by hour, longer ranges from daily points, and the weekly and monthly views from the
 * model's whole UTC weeks and months (each merged from its events, not averaged from days).
 */
export const RANGES = [
  { id: '7d', label: '7 days', days: 7, step: 'hour' }, // as many days of hourly points as program documents keep (core/model/hourly-split.ts)
  { id: '30d', label: '30 days', days: 30, step: 'day' },
  { id: '90d', label: '90 days', days: 90, step: 'day' },
  { id: '1y', label: '1 year', days: 365, step: 'day' },
  { id: 'all', label: 'All, daily', days: null, step: 'day' },
  { id: 'weekly', label: 'All, weekly', days: null, step: 'week' },
  { id: 'monthly', label: 'All, monthly', days: null, step: 'month' },
] as const;
export type Range = (typeof RANGES)[number];

/** The points of a series starting at or after `at` − `days` (all of them when `days` is null). */
export function pointsInRange<T extends { start: string }>(points: readonly T[], at: string, days: number | null): T[] {
  if (days === null) return [...points];
  const from = Date.parse(at) - days * 86_400_000;
  return points.filter((point) => Date.parse(point.start) >= from);
}

/**
 * A series ready to draw: insufficient points become null, and a null point is put in every hole
 * longer than one step, so that a line is never drawn across missing days or hours. The step is a
 * length in seconds, or a function giving the start of the group after the one starting at a time
 * (calendar months differ in length). With `until` (the end of the series' last whole period, epoch
 * ms), periods without data after the last point are a gap too: a null point at the first of them and
 * one at the last, so that the chart reaches the end of its range and shows where the data stopped.
 */
export function withGaps(points: readonly SeriesPoint[], step: number | ((time: number) => number), until?: number): ChartPoint[] {
  const next = typeof step === 'number' ? (time: number) => time + step * 1000 : step;
  const out: ChartPoint[] = [];
  let previous: number | undefined;
  for (const point of points) {
    const time = Date.parse(point.start);
    if (previous !== undefined && time > next(previous)) {
      out.push({ start: new Date(next(previous)).toISOString(), value: null, n: 0 });
    }
    // A withheld point (small-cell suppression) is a gap too: its n and value are null in the model.
    out.push({ start: point.start, value: point.sufficient ? point.value : null, n: point.n ?? 0, ...(point.suppressed ? { withheld: true as const } : {}) });
    previous = time;
  }
  if (until !== undefined && previous !== undefined && next(previous) < until) {
    let last = next(previous);
    out.push({ start: new Date(last).toISOString(), value: null, n: 0 });
    while (next(last) < until) last = next(last);
    if (last > next(previous)) out.push({ start: new Date(last).toISOString(), value: null, n: 0 });
  }
  return out;
}

/** How many periods of `step` there are from `first` (a period's start, epoch ms) up to `until`. */
export function periodsBetween(first: number, until: number, step: number | ((time: number) => number)): number {
  const next = typeof step === 'number' ? (time: number) => time + step * 1000 : step;
  let count = 0;
  for (let time = first; time < until; time = next(time)) count++;
  return count;
}
