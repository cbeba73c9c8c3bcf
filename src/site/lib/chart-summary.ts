import { formatDate } from './time.ts';

export interface SummaryPoint {
  start: string;
  value: number | null;
}

/**
 * One sentence that says what a chart shows, computed from its data: the range of values with the
 * days they occurred, the latest value, and how many points have no data. `format` renders a value
 * in its unit; `when` names a point's period (a day by default, e.g. "week of Mar 2, 2026").
 */
export function summarizeSeries(points: readonly SummaryPoint[], options: { what: string; format: (value: number) => string; timeZone: string; when?: (iso: string) => string; periods?: number }): string {
  const drawn = points.filter((p): p is { start: string; value: number } => p.value !== null);
  if (drawn.length === 0) return `${capitalize(options.what)}: no data in this period.`;
  const low = drawn.reduce((a, b) => (b.value < a.value ? b : a));
  const high = drawn.reduce((a, b) => (b.value > a.value ? b : a));
  const last = drawn.at(-1)!;
  // `periods`: how many periods the chart spans (a hole of several days is one null point to draw).
  const periods = options.periods ?? points.length;
  const missing = periods - drawn.length;
  const date = options.when ?? ((iso: string) => formatDate(iso, options.timeZone));
  const gaps = missing > 0 ? ` ${missing} of ${periods} ${periods === 1 ? 'period has' : 'periods have'} no data or too little data.` : '';
  const stopped = points.at(-1)!.value === null ? ` Nothing after ${date(last.start)}.` : '';
  return `${capitalize(options.what)} ranged from ${options.format(low.value)} (${date(low.start)}) to ${options.format(high.value)} (${date(high.start)}); the latest was ${options.format(last.value)} (${date(last.start)}).${stopped}${gaps}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
