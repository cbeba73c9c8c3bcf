import { change, headline, kpiRequests, kpiStats, measuresVolume, meetsTarget, type KpiStats } from '../kpi.ts';
import { newestOf, type Aggregate } from '../metric-reader.ts';
import { kpiMetrics, type Kpi } from '../schemas/kpi.ts';
import type { Freshness, KpiModel, SeriesPoint } from '../schemas/model.ts';
import { aroundDate, calendarGroupEnd, calendarSpan, isoInstant, KPI_WINDOWS, previousWindow, windowEndingAt, type Calendar, type TimeWindow } from '../windows.ts';
import { freshness } from './freshness.ts';
import { suppressSmallCells, unionOfMarks, type CountCell, type SuppressionMark } from '../suppression.ts';
import type { RequestBatch } from './request-batch.ts';

/** Where the daily series (and the weekly and monthly ones) start: at the epoch, so they hold all history. */
export const DAILY_SERIES_START = new Date(0);
/** How far back the hourly series reaches (the open-data hourly files cover it; pages draw the last 7 days). */
export const HOURLY_SERIES_DAYS = 90;

export interface KpiContext {
  program: string;
  at: Date;
  minEvents: number;
  expectedIntervalSeconds: number;
  /** Small-cell threshold for this KPI's protected counts (KpiStats.protectedCounts); 0 turns it off. */
  suppressBelow: number;
  /** The UTC days of the program's annotations (`2026-03-02`): the KPI is compared before and after each. */
  annotationDates?: readonly string[];
}

/**
 * Plans everything the model holds about one KPI: adds its requests to the batch and returns
 * the function that builds the KPI's model once the batch is answered (with each metric's newest point).
 * A KPI's protected counts go through small-cell suppression (core/suppression.ts) across the KPI's
 * windows and series together, so every page and file carries the same mask.
 */
export function planKpi(kpi: Kpi, context: KpiContext, batch: RequestBatch): (newest: Map<string, Date>) => KpiModel {
  const windows = Object.entries(KPI_WINDOWS).map(([name, seconds]) => {
    const current = windowEndingAt(context.at, seconds);
    const before = previousWindow(current);
    return { name, current, before, now: planWindowStats(kpi, context, batch, current), then: planWindowStats(kpi, context, batch, before) };
  });
  const comparisons = (context.annotationDates ?? []).flatMap((date) => {
    const around = aroundDate(date, context.at);
    return around ? [{ date, before: planWindowStats(kpi, context, batch, around.before), after: planWindowStats(kpi, context, batch, around.after), around }] : [];
  });
  const daily = planSeries(kpi, context, batch, 86_400, DAILY_SERIES_START);
  const hourly = planSeries(kpi, context, batch, 3600, HOURLY_SERIES_DAYS);
  const weekly = planCalendarSeries(kpi, context, batch, 'week');
  const monthly = planCalendarSeries(kpi, context, batch, 'month');

  return (newest) => {
    const read = windows.map((w) => ({ ...w, nowStats: w.now(), thenStats: w.then() }));
    const compared = comparisons.map((c) => ({ ...c, was: c.before(), is: c.after() }));
    const hours = hourly();
    const days = daily();
    const weeks = weekly();
    const months = monthly();
    // Each protected count (a ratio has two: its numerator and denominator) is suppressed on its own
    // across the same cells; a cell is withheld when any of its counts is (unionOfMarks). With
    // suppression off, one pass gives the empty mask.
    const counts = kpi.kind === 'ratio' && context.suppressBelow > 0 ? 2 : 1;
    const marks = unionOfMarks(Array.from({ length: counts }, (_, which) => {
      const cell = (window: TimeWindow, stats: KpiStats): CountCell => ({ start: window.start.getTime(), end: window.end.getTime(), count: stats.protectedCounts[which] ?? null });
      const pointCell = (step: number) => (point: { time: number; stats: KpiStats }): CountCell => ({ start: point.time, end: point.time + step * 1000, count: point.stats.protectedCounts[which] ?? null });
      return suppressSmallCells({
        threshold: context.suppressBelow,
        series: [hours.map(pointCell(3600)), days.map(pointCell(86_400))],
        reaches: [hourly.reach, daily.reach],
        // The 28 days around each annotation, and every week and month, are sums of days too: they share the mask.
        windows: [
          ...read.flatMap((w) => [cell(w.current, w.nowStats), cell(w.before, w.thenStats)]),
          ...compared.flatMap((c) => [cell(c.around.before, c.was), cell(c.around.after, c.is)]),
          ...[...weeks, ...months].map((point) => cell(point.window, point.stats)),
        ],
      });
    }));
    const calendarMarks = marks.windows.slice(read.length * 2 + compared.length * 2);
    const fresh = kpiFreshness(kpi, context, newest);
    const partial = partialWindows(days[0]?.time ?? null, fresh);
    const [hourMarks, dayMarks] = marks.series as [SuppressionMark[], SuppressionMark[]];

    return {
      id: kpi.id,
      label: kpi.label,
      description: kpi.description,
      kind: kpi.kind,
      unit: kpi.unit,
      direction: kpi.direction,
      decimals: kpi.decimals,
      stat: kpi.stat,
      target: kpi.target ?? null,
      adherence_goal: kpi.kind === 'distribution' ? (kpi.adherence_goal ?? null) : null,
      rate_per: kpi.kind === 'counter' ? kpi.rate_per : '1h',
      metrics: kpiMetrics(kpi),
      numerator: kpi.kind === 'ratio' ? kpi.numerator : null,
      denominator: kpi.kind === 'ratio' ? kpi.denominator : null,
      suppress_below: context.suppressBelow,
      min_events: context.minEvents,
      freshness: fresh,
      windows: read.map(({ name, current, before, nowStats, thenStats }, i) => {
        const nowMark = marks.windows[i * 2]!;
        const thenMark = marks.windows[i * 2 + 1]!;
        const value = nowMark ? null : headline(kpi, nowStats);
        const previous = thenMark ? null : headline(kpi, thenStats);
        const [nowPartial, thenPartial] = [partial(current), partial(before)];
        return {
          window: name,
          start: current.start.toISOString(),
          end: current.end.toISOString(),
          n: nowMark ? null : nowStats.n,
          sufficient: nowStats.sufficient,
          suppressed: nowMark,
          exact: nowStats.exact,
          value,
          meets_target: meetsTarget(kpi, value),
          stats: nowMark ? {} : nowStats.stats,
          previous: { n: thenMark ? null : thenStats.n, value: previous, suppressed: thenMark, partial: thenPartial },
          partial: nowPartial,
          // Less counted because less was sent is not a fall (nor more, a rise): volume is not compared when either window is partial.
          change: (nowPartial || thenPartial) && measuresVolume(kpi) ? null : change(value, previous),
        };
      }),
      around_annotations: compared.map(({ date, around, was, is }, i) => {
        const marked = (stats: KpiStats, mark: SuppressionMark) => ({ n: mark ? null : stats.n, value: mark ? null : headline(kpi, stats), suppressed: mark });
        const [before, after] = [marked(was, marks.windows[read.length * 2 + i * 2]!), marked(is, marks.windows[read.length * 2 + i * 2 + 1]!)];
        const [beforePartial, afterPartial] = [partial(around.before), partial(around.after)];
        return {
          date,
          before: { start: around.before.start.toISOString(), end: around.before.end.toISOString(), exact: was.exact, ...before, partial: beforePartial },
          after: { start: around.after.start.toISOString(), end: around.after.end.toISOString(), exact: is.exact, ...after, partial: afterPartial },
          // As for windows: volume is not compared when data covers only part of either side.
          change: (beforePartial || afterPartial) && measuresVolume(kpi) ? null : change(after.value, before.value),
        };
      }),
      daily: days.map((point, i) => seriesPoint(kpi, point, dayMarks[i]!)),
      hourly: hours.map((point, i) => seriesPoint(kpi, point, hourMarks[i]!)),
      // A week or month the feed began or stopped in is left out, as the one under way is: it is not
      // whole, and its count or rate over the whole week would read as a fall (leaving cells out never
      // gives a withheld one away).
      weekly: weeks.flatMap((point, i) => (partial(point.window) ? [] : [seriesPoint(kpi, point, calendarMarks[i]!)])),
      monthly: months.flatMap((point, i) => (partial(point.window) ? [] : [seriesPoint(kpi, point, calendarMarks[weeks.length + i]!)])),
    };
  };
}

/** A series point as published: a suppressed one keeps its time and flags, not its numbers. */
function seriesPoint(kpi: Kpi, { time, stats }: { time: number; stats: KpiStats }, mark: SuppressionMark): SeriesPoint {
  return {
    start: isoInstant(time),
    n: mark ? null : stats.n,
    sufficient: stats.sufficient,
    suppressed: mark,
    exact: stats.exact,
    value: mark ? null : headline(kpi, stats),
    stats: mark ? {} : stats.stats,
  };
}

/** Plans a KPI's statistics over one window; the returned function reads them once answered. */
export function planWindowStats(kpi: Kpi, context: Pick<KpiContext, 'program' | 'minEvents'>, batch: RequestBatch, window: TimeWindow): () => KpiStats {
  const reads = Object.entries(kpiRequests(kpi, context.program, window.start, window.end)).map(([role, request]) => [role, batch.add(request)] as const);
  const seconds = (window.end.getTime() - window.start.getTime()) / 1000;
  return () => kpiStats(kpi, Object.fromEntries(reads.map(([role, read]) => [role, read()[0]])), seconds, context.minEvents);
}

/** When a KPI's newest data point is, and whether that is stale. */
function kpiFreshness(kpi: Kpi, context: Pick<KpiContext, 'at' | 'expectedIntervalSeconds'>, newest: Map<string, Date>): Freshness {
  return freshness(newestOf(newest, kpiMetrics(kpi)), context.at, kpi.expected_interval ?? context.expectedIntervalSeconds);
}

/**
 * Whether data covers only part of a window: the feed began inside it (the KPI's first day with
 * data, `firstDay`, from the daily series over all history, is after its start) or stopped inside it
 * (the data is stale and its newest point falls in the window).
 */
export function partialWindows(firstDay: number | null, fresh: Freshness): (window: TimeWindow) => boolean {
  const stopped = fresh.stale && fresh.newest !== null ? Date.parse(fresh.newest) : null;
  return ({ start, end }) =>
    (firstDay !== null && firstDay > start.getTime() && firstDay < end.getTime()) || (stopped !== null && stopped >= start.getTime() && stopped < end.getTime());
}

/**
 * Plans what tells whether a window of a KPI is partial (partialWindows), for a window the model does
 * not hold (`hms-ops kpi --window 14d`): the KPI's daily series over all history, for its first day.
 */
export function planPartialWindows(kpi: Kpi, context: Pick<KpiContext, 'program' | 'minEvents' | 'at' | 'expectedIntervalSeconds'>, batch: RequestBatch): (newest: Map<string, Date>) => (window: TimeWindow) => boolean {
  const daily = planSeries(kpi, context, batch, 86_400, DAILY_SERIES_START);
  return (newest) => partialWindows(daily()[0]?.time ?? null, kpiFreshness(kpi, context, newest));
}

/** Plans a series of `step` over the last `since` days before `at`, or from the instant `since`; `reach` is the span it reads. */
function planSeries(kpi: Kpi, context: Pick<KpiContext, 'program' | 'minEvents' | 'at'>, batch: RequestBatch, step: number, since: number | Date): (() => { time: number; stats: KpiStats }[]) & { reach: { start: number; end: number } } {
  const end = new Date(Math.floor(context.at.getTime() / (step * 1000)) * step * 1000);
  const start = typeof since === 'number' ? new Date(end.getTime() - since * 86_400_000) : since;
  return Object.assign(readSeries(kpi, context, batch, start, end, step, () => step), { reach: { start: start.getTime(), end: end.getTime() } });
}

/**
 * Plans a series of whole UTC weeks or months inside the daily series' reach (the week or month
 * still under way is left out: it is not whole yet). Each group is merged from its days' histograms,
 * never averaged from daily values.
 */
function planCalendarSeries(kpi: Kpi, context: KpiContext, batch: RequestBatch, calendar: Calendar): () => { time: number; window: TimeWindow; stats: KpiStats }[] {
  const day = 86_400_000;
  const end = Math.floor(context.at.getTime() / day) * day;
  const span = calendarSpan(DAILY_SERIES_START.getTime(), end, calendar);
  if (!span) return () => [];
  const seconds = (time: number) => (calendarGroupEnd(time, calendar) - time) / 1000;
  const read = readSeries(kpi, context, batch, span.start, span.end, calendar, seconds);
  return () => read().map((point) => ({ ...point, window: { start: new Date(point.time), end: new Date(calendarGroupEnd(point.time, calendar)) } }));
}

/** Adds a series' requests; the returned function reads its points, each with the length of its group in seconds. */
function readSeries(kpi: Kpi, context: Pick<KpiContext, 'program' | 'minEvents'>, batch: RequestBatch, start: Date, end: Date, group: number | Calendar, seconds: (time: number) => number): () => { time: number; stats: KpiStats }[] {
  const reads = Object.entries(kpiRequests(kpi, context.program, start, end, group)).map(([role, request]) => [role, batch.add(request)] as const);
  return () => {
    if (reads.length === 1) {
      // One role (every kind but ratio): a point per row, with no grouping by time.
      const [role, read] = reads[0]!;
      const points = read().map((row) => ({ time: row.start.getTime(), stats: kpiStats(kpi, { [role]: row }, seconds(row.start.getTime()), context.minEvents) }));
      return points.every((point, i) => i === 0 || points[i - 1]!.time < point.time) ? points : points.sort((a, b) => a.time - b.time);
    }
    const byStart = new Map<number, Record<string, Aggregate>>();
    for (const [role, read] of reads) {
      for (const row of read()) {
        const entry = byStart.get(row.start.getTime()) ?? {};
        entry[role] = row;
        byStart.set(row.start.getTime(), entry);
      }
    }
    return [...byStart.entries()]
      .sort(([a], [b]) => a - b)
      .map(([time, parts]) => ({ time, stats: kpiStats(kpi, parts, seconds(time), context.minEvents) }));
  };
}
