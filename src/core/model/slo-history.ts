import { burnRate, type BurnWindow } from '../burn-rate.ts';
import type { Slo } from '../schemas/slo.ts';
import { errorBudget, sliceCounts, sloStatus, attainment, type SloStatus } from '../slo.ts';
import { calendarMonth, localDate, zonedMidnight } from '../windows.ts';
import { planGoodTotal } from './compute-slo.ts';
import type { RequestBatch } from './request-batch.ts';
import type { SloMask } from './slo-suppression.ts';
import { lowerBound } from './lower-bound.ts';
import type { SuppressionMark } from '../suppression.ts';

/** How many days of SLO history the model keeps. */
export const SLO_HISTORY_DAYS = 90;

/** The SLO as it stood at the end of one day. */
export interface SloHistoryPoint {
  /** The end of the day (UTC midnight; local midnight for calendar-month SLOs). */
  end: string;
  /** Set when the day's numbers (all but the status) are withheld (see core/model/slo-suppression.ts). */
  suppressed: SuppressionMark;
  /** Good and total events in the SLO window ending there. */
  good: number | null;
  total: number | null;
  attainment: number | null;
  budget_remaining: number | null;
  burn_rate_1d: number | null;
  burn_rate_3d: number | null;
  status: SloStatus;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * Plans an SLO's daily history: for each of the last 90 days, the SLO evaluated over its window ending
 * at the end of that day, from daily buckets (rolling windows of whole days) or hourly buckets
 * (calendar months, whose days end at local midnight; rolling windows of whole hours).
 * The status uses the budget and the 1 d and 3 d burn rates: the faster pairs need windows shorter than
 * a day, so in history a page-level burn alone never makes a day `warning`.
 * A time-slice SLO is read in its slices (e.g. minutes) over the 90 days and the window before them:
 * each slice counts as one event, good when its own good ÷ total meets the slice target, as the
 * SLO's current value counts them; good and total are then numbers of slices.
 */
export function planSloHistory(slo: Slo, context: { at: Date; timeZone: string; minEvents: number }, batch: RequestBatch): (mask?: SloMask | null) => SloHistoryPoint[] {
  const calendar = slo.window === 'calendar-month';
  const seconds = calendar ? 0 : (slo.window as number);
  if (!calendar && seconds % 3600 !== 0) return () => [];
  const timeslices = slo.budgeting === 'timeslices';
  const step = timeslices ? slo.slice : calendar || seconds % 86_400 !== 0 ? 3600 : 86_400;
  const ends = dayEnds(context.at, calendar ? context.timeZone : 'UTC');
  const windowOf = (end: number) => (calendar
    ? { start: calendarMonth(new Date(end - 1), context.timeZone).start.getTime(), period: periodOf(end, context.timeZone) }
    : { start: end - seconds * 1000, period: seconds });
  const first = Math.min(windowOf(ends[0]!).start, ends[0]! - 3 * DAY);
  const range = { start: new Date(Math.floor(first / (step * 1000)) * step * 1000), end: new Date(Math.ceil(ends.at(-1)! / HOUR) * HOUR) };
  const rows = planGoodTotal(slo, batch, range, step);
  const sliceTarget = slo.slice_target ?? slo.objective;
  const read = timeslices ? () => rows().map((slice) => ({ start: slice.start, ...sliceCounts([slice], sliceTarget) })) : rows;
  const minEvents = slo.min_events ?? context.minEvents;

  // With a mask, a day is withheld when its window, its last day or its last 3 days is.
  return (mask) => {
    const buckets = read().map((b) => ({ start: b.start.getTime(), good: b.good, total: b.total })).sort((a, b) => a.start - b.start);
    const good = prefix(buckets.map((b) => b.good));
    const total = prefix(buckets.map((b) => b.total));
    const starts = buckets.map((b) => b.start);
    // Σ over buckets starting in [from, to)
    const sum = (cumulative: number[], from: number, to: number) => cumulative[lowerBound(starts, to)]! - cumulative[lowerBound(starts, from)]!;
    const counts = (from: number, to: number) => ({ good: sum(good, from, to), total: sum(total, from, to) });
    return ends.map((end) => {
      const { start, period } = windowOf(end);
      const window = counts(start, end);
      const budget = errorBudget(window, slo.objective);
      const [lastDay, lastDays] = [counts(end - DAY, end), counts(end - 3 * DAY, end)];
      const burn = (part: { good: number; total: number }) => burnRate(part.total - part.good, part.total, slo.objective);
      const burnRates: Partial<Record<BurnWindow, number | null>> = { '1d': burn(lastDay), '3d': burn(lastDays) };
      const status = sloStatus({ counts: window, minEvents, objective: slo.objective, remaining: budget.remaining, burnRates, periodSeconds: period });
      const suppressed = mask ? (mask.mark(start, end, window) ?? mask.mark(end - DAY, end, lastDay) ?? mask.mark(end - 3 * DAY, end, lastDays)) : null;
      if (suppressed) return { end: new Date(end).toISOString(), suppressed, good: null, total: null, attainment: null, budget_remaining: null, burn_rate_1d: null, burn_rate_3d: null, status };
      return {
        end: new Date(end).toISOString(),
        suppressed: null,
        good: window.good,
        total: window.total,
        attainment: window.total >= minEvents ? attainment(window) : null,
        budget_remaining: budget.remaining,
        burn_rate_1d: burnRates['1d'] ?? null,
        burn_rate_3d: burnRates['3d'] ?? null,
        status,
      };
    });
  };
}

/** The ends of the last SLO_HISTORY_DAYS days up to `at` (midnights in the zone), oldest first. */
function dayEnds(at: Date, timeZone: string): number[] {
  const [year, month, day] = localDate(at, timeZone).split('-').map(Number) as [number, number, number];
  return Array.from({ length: SLO_HISTORY_DAYS }, (_, k) => {
    const date = new Date(Date.UTC(year, month - 1, day - (SLO_HISTORY_DAYS - 1 - k)));
    return zonedMidnight(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), timeZone).getTime();
  });
}

/** Seconds in the calendar month that ends at or contains the instant just before `end`. */
function periodOf(end: number, timeZone: string): number {
  const month = calendarMonth(new Date(end - 1), timeZone);
  return (month.end.getTime() - month.start.getTime()) / 1000;
}

function prefix(values: number[]): number[] {
  const out = [0];
  for (const value of values) out.push(out.at(-1)! + value);
  return out;
}
