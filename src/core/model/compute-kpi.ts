import { change, kpiRequests, kpiStats, meetsTarget, type KpiStats } from '../kpi.ts';
import { newestOf, type Aggregate } from '../metric-reader.ts';
import { kpiMetrics, type Kpi } from '../schemas/kpi.ts';
import type { KpiModel, SeriesPoint } from '../schemas/model.ts';
import { aroundDate, KPI_WINDOWS, previousWindow, windowEndingAt, type TimeWindow } from '../windows.ts';
import { freshness } from './freshness.ts';
import type { RequestBatch } from './request-batch.ts';

/** How far back the daily series reaches. */
const DAILY_SERIES_DAYS = 400;
/** How far back the hourly series reaches. */
const HOURLY_SERIES_DAYS = 90;

export interface KpiContext {
  program: string;
  at: Date;
  minEvents: number;
  expectedIntervalSeconds: number;
  /** The UTC days of the program's annotations (`2026-03-02`): the KPI is compared before and after each. */
  annotationDates?: readonly string[];
}

/**
 * Plans everything the model holds about one KPI: adds its aggregate requests to the batch and returns
 * the function that builds the KPI's model once the batch is answered (with each metric's newest point).
 */
export function planKpi(kpi: Kpi, context: KpiContext, batch: RequestBatch): (newest: Map<string, Date>) => KpiModel {
  const windows = Object.entries(KPI_WINDOWS).map(([name, seconds]) => {
    const current = windowEndingAt(context.at, seconds);
    return { name, current, now: planWindowStats(kpi, context, batch, current), before: planWindowStats(kpi, context, batch, previousWindow(current)) };
  });
  const comparisons = (context.annotationDates ?? []).flatMap((date) => {
    const around = aroundDate(date, context.at);
    return around ? [{ date, before: planWindowStats(kpi, context, batch, around.before), after: planWindowStats(kpi, context, batch, around.after), around }] : [];
  });
  const daily = planSeries(kpi, context, batch, 86_400, DAILY_SERIES_DAYS);
  const hourly = planSeries(kpi, context, batch, 3600, HOURLY_SERIES_DAYS);

  return (newest) => ({
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
    min_events: context.minEvents,
    freshness: freshness(newestOf(newest, kpiMetrics(kpi)), context.at, kpi.expected_interval ?? context.expectedIntervalSeconds),
    windows: windows.map(({ name, current, now: readNow, before: readBefore }) => {
      const now = readNow();
      const before = readBefore();
      const value = headline(kpi, now);
      const previous = headline(kpi, before);
      return {
        window: name,
        start: current.start.toISOString(),
        end: current.end.toISOString(),
        n: now.n,
        sufficient: now.sufficient,
        exact: now.exact,
        value,
        meets_target: meetsTarget(kpi, value),
        stats: now.stats,
        previous: { n: before.n, value: previous },
        change: change(value, previous),
      };
    }),
    around_annotations: comparisons.map(({ date, before, after, around }) => {
      const [was, is] = [before(), after()];
      const value = { before: headline(kpi, was), after: headline(kpi, is) };
      return {
        date,
        before: { start: around.before.start.toISOString(), end: around.before.end.toISOString(), n: was.n, exact: was.exact, value: value.before },
        after: { start: around.after.start.toISOString(), end: around.after.end.toISOString(), n: is.n, exact: is.exact, value: value.after },
        change: change(value.after, value.before),
      };
    }),
    daily: daily(),
    hourly: hourly(),
  });
}

/** Plans a KPI's statistics over one window; the returned function reads them once answered. */
function planWindowStats(kpi: Kpi, context: KpiContext, batch: RequestBatch, window: TimeWindow): () => KpiStats {
  const reads = Object.entries(kpiRequests(kpi, context.program, window.start, window.end)).map(([role, request]) => [role, batch.add(request)] as const);
  const seconds = (window.end.getTime() - window.start.getTime()) / 1000;
  return () => kpiStats(kpi, Object.fromEntries(reads.map(([role, read]) => [role, read()[0]])), seconds, context.minEvents);
}

/** The headline statistic of a KPI's stats. */
function headline(kpi: Kpi, stats: KpiStats): number | null {
  return stats.sufficient ? (stats.stats[kpi.stat] ?? null) : null;
}

function planSeries(kpi: Kpi, context: KpiContext, batch: RequestBatch, step: number, days: number): () => SeriesPoint[] {
  const end = new Date(Math.floor(context.at.getTime() / (step * 1000)) * step * 1000);
  const start = new Date(end.getTime() - days * 86_400_000);
  const reads = Object.entries(kpiRequests(kpi, context.program, start, end, step)).map(([role, request]) => [role, batch.add(request)] as const);
  return () => {
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
      .map(([time, parts]) => {
        const stats = kpiStats(kpi, parts, step, context.minEvents);
        return { start: new Date(time).toISOString(), n: stats.n, sufficient: stats.sufficient, exact: stats.exact, value: headline(kpi, stats), stats: stats.stats };
      });
  };
}
