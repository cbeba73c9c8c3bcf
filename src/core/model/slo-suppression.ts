import type { KpiModel } from '../schemas/model.ts';
import { sloMetrics, type Slo } from '../schemas/slo.ts';
import type { GoodTotal } from '../slo.ts';
import type { SuppressionMark } from '../suppression.ts';
import { calendarGroupEnd, previousWindow } from '../windows.ts';
import { DAILY_SERIES_START, HOURLY_SERIES_DAYS } from './compute-kpi.ts';
import { lowerBound } from './lower-bound.ts';

/**
 * The small-cell mask of an SLO whose events a suppressed KPI counts (the SLO's metrics are that
 * KPI's): its figures over an interval (good, total, attainment, budget, burn rates, burn-down) are
 * sums of the KPI's protected counts there, so publishing them could give away a cell the KPI
 * withholds (a 28-day window minus the published days in it is the withheld day).
 *
 * A figure over [start, end) is published only when it adds nothing to what the KPI publishes:
 * - its interval is a published cell of the KPI (a window, week, month or the 28 days around an
 *   annotation), or
 * - it splits into published days and, where days do not fit or are withheld, published hours, and
 *   what is left (parts of hours, or time outside the hourly series' reach) touches no withheld cell.
 * Then its counts are the sums of published cells and of stretches apart from every withheld one:
 * whatever could be moved between withheld cells without changing a published number changes none
 * of the SLO's either, so no withheld count can be worked out from them.
 * A time-slice SLO counts slices, not events, and slices are not sums of cells: its figure is
 * published only when its interval touches no withheld cell at all.
 * Besides, a figure whose own protected counts include one from 1 to the threshold is withheld as a
 * small cell (`small-cell`); one withheld by the rules above is `complementary`.
 */
export interface SloMask {
  /** Why the SLO's figures over [start, end) (epoch ms) are withheld, given its counts there; null when published. */
  mark(start: number, end: number, counts: GoodTotal | null): SuppressionMark;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The SLO's mask, from the program's KPIs as the model holds them; null when no suppressed KPI counts its events. */
export function sloMask(slo: Slo, kpis: readonly KpiModel[], at: Date): SloMask | null {
  const metrics = new Set(sloMetrics(slo));
  const linked = kpis.filter((kpi) => kpi.suppress_below > 0 && kpi.metrics.some((metric) => metrics.has(metric)));
  if (linked.length === 0) return null;
  const threshold = Math.max(...linked.map((kpi) => kpi.suppress_below));
  const cells = linked.map((kpi) => kpiCells(kpi, at));
  const timeslices = slo.budgeting === 'timeslices';
  // A threshold SLI's total is the KPI's count of events; good (at or under the threshold) is no KPI's
  // count. A ratio SLI's good, bad and total are sums of the metrics the KPI counts.
  const protectedCounts = ({ good, total }: GoodTotal) => (slo.sli.type === 'threshold' ? [total] : [good, total - good, total]);
  return {
    mark(start, end, counts) {
      if (!timeslices && counts && protectedCounts(counts).some((count) => count >= 1 && count <= threshold)) return 'small-cell';
      const published = cells.every((kpi) => (timeslices ? !kpi.touchesWithheld(start, end) : kpi.adds(start, end)));
      return published ? null : 'complementary';
    },
  };
}

interface Interval {
  start: number;
  end: number;
}

/** What one KPI publishes and withholds, for testing an interval against it. */
function kpiCells(kpi: KpiModel, at: Date): { touchesWithheld(start: number, end: number): boolean; adds(start: number, end: number): boolean } {
  const hourlyEnd = Math.floor(at.getTime() / HOUR) * HOUR;
  const hourly = { start: hourlyEnd - HOURLY_SERIES_DAYS * DAY, end: hourlyEnd };
  const daily = { start: DAILY_SERIES_START.getTime(), end: Math.floor(at.getTime() / DAY) * DAY };
  const hiddenHours = new Set(kpi.hourly.filter((point) => point.suppressed).map((point) => Date.parse(point.start)));
  const hiddenDays = new Set(kpi.daily.filter((point) => point.suppressed).map((point) => Date.parse(point.start)));
  const sortedHours = [...hiddenHours].sort((a, b) => a - b);
  const sortedDays = [...hiddenDays].sort((a, b) => a - b);

  const sums: (Interval & { withheld: boolean })[] = [
    ...kpi.windows.flatMap((w) => {
      const current = { start: new Date(w.start), end: new Date(w.end) };
      const before = previousWindow(current);
      return [
        { start: current.start.getTime(), end: current.end.getTime(), withheld: w.suppressed !== null },
        { start: before.start.getTime(), end: before.end.getTime(), withheld: w.previous.suppressed !== null },
      ];
    }),
    ...kpi.around_annotations.flatMap((c) => [c.before, c.after].map((side) => ({ start: Date.parse(side.start), end: Date.parse(side.end), withheld: side.suppressed !== null }))),
    ...kpi.weekly.map((point) => ({ start: Date.parse(point.start), end: calendarGroupEnd(Date.parse(point.start), 'week'), withheld: point.suppressed !== null })),
    ...kpi.monthly.map((point) => ({ start: Date.parse(point.start), end: calendarGroupEnd(Date.parse(point.start), 'month'), withheld: point.suppressed !== null })),
  ];
  const withheldSums = sums.filter((sum) => sum.withheld);
  const key = (sum: Interval) => `${sum.start}/${sum.end}`;
  const publishedSums = new Set(sums.filter((sum) => !sum.withheld).map(key));
  const withheldKeys = new Set(withheldSums.map(key));

  // Whether a withheld point of `length` (its starts sorted) overlaps [start, end).
  const overlaps = (starts: readonly number[], length: number, start: number, end: number) => {
    const i = lowerBound(starts, start - length + 1);
    return i < starts.length && starts[i]! < end;
  };
  const touchesWithheld = (start: number, end: number) =>
    start < end && (overlaps(sortedHours, HOUR, start, end) || overlaps(sortedDays, DAY, start, end) || withheldSums.some((sum) => sum.start < end && start < sum.end));

  // [start, end) as published hours and, around them, parts that must touch no withheld cell.
  const byHours = (start: number, end: number): boolean => {
    const first = Math.max(Math.ceil(start / HOUR) * HOUR, hourly.start);
    const last = Math.min(Math.floor(end / HOUR) * HOUR, hourly.end);
    if (first >= last) return !touchesWithheld(start, end);
    for (let hour = first; hour < last; hour += HOUR) if (hiddenHours.has(hour)) return false;
    return !touchesWithheld(start, first) && !touchesWithheld(last, end);
  };

  return {
    touchesWithheld,
    adds(start, end) {
      if (!touchesWithheld(start, end)) return true;
      // The very interval of a withheld cell is its count, whatever its parts say.
      if (withheldKeys.has(`${start}/${end}`) || (end - start === DAY && hiddenDays.has(start))) return false;
      if (publishedSums.has(`${start}/${end}`)) return true;
      // Published days where they fit; the rest (the ends, and withheld days) by hours.
      const first = Math.max(Math.ceil(start / DAY) * DAY, daily.start);
      const last = Math.min(Math.floor(end / DAY) * DAY, daily.end);
      if (first >= last) return byHours(start, end);
      for (let day = first; day < last; day += DAY) if (hiddenDays.has(day) && !byHours(day, day + DAY)) return false;
      return byHours(start, first) && byHours(last, end);
    },
  };
}
