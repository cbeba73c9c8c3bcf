import { formatDate } from './time.ts';

export interface SummaryPoint {
  start: string;
  value: number | null;
  /** Withheld by small-cell suppression (value null): told apart from a period without data. */
  withheld?: boolean;
}

/**
 * One sentence that says what a chart shows, computed from its data: the range of values with the
 * days they occurred, the latest value, how many points were withheld (small-cell suppression) and
 * how many have no data. `format` renders a value in its unit; `when` names a point's period (a day
 * by default, e.g. "week of Mar 2, 2026").
 */
export function summarizeSeries(points: readonly SummaryPoint[], options: { what: string; format: (value: number) => string; timeZone: string; when?: (iso: string) => string; periods?: number }): string {
  const drawn = points.filter((p): p is { start: string; value: number } => p.value !== null);
  const withheld = points.filter((p) => p.withheld && p.value === null).length;
  const privacy = (count: number) => `${count === 1 ? 'was' : 'were'} withheld to protect privacy (too few people to publish; open circles along the bottom of the chart)`;
  const date = options.when ?? ((iso: string) => formatDate(iso, options.timeZone));
  // The data stopped when the chart ends in a gap: nothing after the last period with data, drawn or withheld.
  const lastWithData = points.findLast((p) => p.value !== null || p.withheld);
  const stopped = lastWithData && lastWithData !== points.at(-1) ? ` Nothing after ${date(lastWithData.start)}.` : '';
  const what = capitalize(options.what);
  if (drawn.length === 0) {
    return withheld > 0
      ? `${what}: the ${withheld === 1 ? 'value of the 1 period' : `values of all ${withheld} periods`} with data ${privacy(withheld)}.${stopped}`
      : `${what}: no data in this period.`;
  }
  const low = drawn.reduce((a, b) => (b.value < a.value ? b : a));
  const high = drawn.reduce((a, b) => (b.value > a.value ? b : a));
  const last = drawn.at(-1)!;
  // `periods`: how many periods the chart spans (a hole of several days is one null point to draw).
  const periods = options.periods ?? points.length;
  const missing = periods - drawn.length - withheld;
  const hidden = withheld > 0 ? ` ${withheld} of ${periods} ${periods === 1 ? 'period' : 'periods'} ${privacy(withheld)}.` : '';
  const gaps = `${hidden}${missing > 0 ? ` ${missing} of ${periods} ${periods === 1 ? 'period has' : 'periods have'} no data or too little data.` : ''}`;
  // A range whose ends read the same ("from 100% to 100%") is said as one value.
  const flat = options.format(low.value) === options.format(high.value);
  const range = flat
    ? `${what} was ${options.format(low.value)} in ${drawn.length === 1 ? `the 1 period with a value (${date(last.start)})` : `each of the ${drawn.length} periods with a value`}`
    : `${what} ranged from ${options.format(low.value)} (${date(low.start)}) to ${options.format(high.value)} (${date(high.start)})`;
  const latest = flat && drawn.length === 1 ? '' : `; the latest was ${options.format(last.value)} (${date(last.start)})`;
  return `${range}${latest}.${stopped}${gaps}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
