import type { SeriesPoint } from '../../core/schemas/model.ts';

/** A point as a chart draws it: null where there is no data or not enough of it, so lines break there. */
export interface ChartPoint {
  start: string;
  value: number | null;
  n: number;
}

/**
 * The ranges the KPI page offers: days back from the model's `at`, or all history. The last 7 days
 * are drawn hour by hour (the model's hourly series covers just those); the rest from daily points.
 */
export const RANGES = [
  { id: '7d', label: '7 days', days: 7, step: 'hour' },
  { id: '30d', label: '30 days', days: 30, step: 'day' },
  { id: '90d', label: '90 days', days: 90, step: 'day' },
  { id: '1y', label: '1 year', days: 365, step: 'day' },
  { id: 'all', label: 'All', days: null, step: 'day' },
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
 * longer than one step, so that a line is never drawn across missing days or hours.
 */
export function withGaps(points: readonly SeriesPoint[], stepSeconds: number): ChartPoint[] {
  const out: ChartPoint[] = [];
  let previous: number | undefined;
  for (const point of points) {
    const time = Date.parse(point.start);
    if (previous !== undefined && time - previous > stepSeconds * 1000) {
      out.push({ start: new Date(previous + stepSeconds * 1000).toISOString(), value: null, n: 0 });
    }
    // A withheld point (small-cell suppression) is a gap too: its n and value are null in the model.
    out.push({ start: point.start, value: point.sufficient ? point.value : null, n: point.n ?? 0 });
    previous = time;
  }
  return out;
}
