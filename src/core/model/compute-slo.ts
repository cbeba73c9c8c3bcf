import { BURN_WINDOWS, burnRate, burnThreshold, firingPairs, type BurnWindow } from '../burn-rate.ts';
import { formatDuration } from '../duration.ts';
import type { Aggregate, AggregateRequest, MetricReader } from '../metric-reader.ts';
import type { SloSnapshot } from '../schemas/model.ts';
import type { Slo } from '../schemas/slo.ts';
import { attainment, budgetExhaustion, burnDown, errorBudget, sliceCounts, sloStatus, type GoodTotal } from '../slo.ts';
import { calendarMonth, windowEndingAt, type TimeWindow } from '../windows.ts';
import { createRequestBatch, type RequestBatch } from './request-batch.ts';
import type { SloMask } from './slo-suppression.ts';

export interface SloContext {
  at: Date;
  timeZone: string;
  minEvents: number;
}

type Counted = GoodTotal & { start: Date; exact: boolean };

/** An SLO's window, the period its budget is judged over, and when the budget resets. */
export function sloWindow(slo: Slo, at: Date, timeZone: string): { window: TimeWindow; periodSeconds: number; horizon: Date } {
  if (slo.window === 'calendar-month') {
    const month = calendarMonth(at, timeZone);
    return { window: { start: month.start, end: at }, periodSeconds: (month.end.getTime() - month.start.getTime()) / 1000, horizon: month.end };
  }
  return { window: windowEndingAt(at, slo.window), periodSeconds: slo.window, horizon: new Date(at.getTime() + slo.window * 1000) };
}

/** Computes one SLO on its own (the CLI's `slo`); the model plans all SLOs of a program in one batch. */
export async function computeSlo(slo: Slo, context: SloContext & { reader: MetricReader }): Promise<SloSnapshot> {
  const batch = createRequestBatch();
  const finish = planSlo(slo, context, batch);
  batch.answer(await context.reader.aggregateMany(batch.requests));
  return finish();
}

/**
 * Plans everything the model holds about one SLO: adds its requests to the batch and returns the
 * function that computes the SLO once the batch is answered.
 * Event budgets read the SLO window, each burn window and the days of the window. Time-slice budgets
 * read the window's slices once and count every burn window and day from them.
 */
export function planSlo(slo: Slo, context: SloContext, batch: RequestBatch): (mask?: SloMask | null) => SloSnapshot {
  const { window, periodSeconds, horizon } = sloWindow(slo, context.at, context.timeZone);
  const burnWindows = Object.entries(BURN_WINDOWS) as [BurnWindow, number][];
  const sliceTarget = slo.slice_target ?? slo.objective;
  const day = 86_400_000;
  const dayEnd = (start: Date) => new Date(Math.min(Math.floor(start.getTime() / day) * day + day, window.end.getTime()));

  let readWindow: () => GoodTotal & { exact: boolean };
  let readBurn: (seconds: number) => GoodTotal & { exact: boolean };
  let readDaily: () => { end: Date; bad: number }[];
  if (slo.budgeting === 'timeslices') {
    const readSlices = planGoodTotal(slo, batch, window, slo.slice);
    const sliceWindow = (start: Date): GoodTotal & { exact: boolean } => {
      const slices = readSlices().filter((slice) => slice.start.getTime() >= start.getTime());
      return { ...sliceCounts(slices, sliceTarget), exact: slices.every((slice) => slice.exact) };
    };
    // A burn window longer than the SLO window (3 d of a 1 d SLO) reads its own slices.
    const longer = new Map(burnWindows.filter(([, seconds]) => seconds * 1000 > window.end.getTime() - window.start.getTime())
      .map(([, seconds]) => [seconds, planGoodTotal(slo, batch, windowEndingAt(context.at, seconds), slo.slice)] as const));
    readWindow = () => sliceWindow(window.start);
    readBurn = (seconds) => {
      const own = longer.get(seconds);
      if (!own) return sliceWindow(new Date(context.at.getTime() - seconds * 1000));
      const slices = own();
      return { ...sliceCounts(slices, sliceTarget), exact: slices.every((slice) => slice.exact) };
    };
    readDaily = () => {
      const byDay = new Map<number, number>();
      for (const slice of readSlices()) {
        const counted = sliceCounts([slice], sliceTarget);
        const key = dayEnd(slice.start).getTime();
        byDay.set(key, (byDay.get(key) ?? 0) + counted.total - counted.good);
      }
      return [...byDay.entries()].sort(([a], [b]) => a - b).map(([end, bad]) => ({ end: new Date(end), bad }));
    };
  } else {
    const single = (read: () => Counted[]) => () => read()[0] ?? { good: 0, total: 0, exact: true };
    const whole = single(planGoodTotal(slo, batch, window));
    const burns = new Map(burnWindows.map(([, seconds]) => [seconds, single(planGoodTotal(slo, batch, windowEndingAt(context.at, seconds)))] as const));
    const days = planGoodTotal(slo, batch, window, 86_400);
    readWindow = whole;
    readBurn = (seconds) => burns.get(seconds)!();
    readDaily = () => days().map((row) => ({ end: dayEnd(row.start), bad: row.total - row.good }));
  }

  // With a mask (the SLO counts a suppressed KPI's events), each figure over an interval is withheld
  // as the mask says; the status and firing pairs are still worked out from the real numbers.
  return (mask) => {
    const withheld = (start: Date, end: Date, counted: GoodTotal | null) => mask?.mark(start.getTime(), end.getTime(), counted) ?? null;
    const counts = readWindow();
    const budget = errorBudget(counts, slo.objective);
    const suppressed = withheld(window.start, window.end, counts);
    const burnRates: Partial<Record<BurnWindow, number | null>> = {};
    const burnRows = burnWindows.map(([name, seconds]) => {
      const burn = readBurn(seconds);
      burnRates[name] = burnRate(burn.total - burn.good, burn.total, slo.objective);
      const mark = withheld(new Date(context.at.getTime() - seconds * 1000), context.at, burn);
      return mark
        ? { window: name, seconds, good: null, total: null, burn_rate: null, suppressed: mark }
        : { window: name, seconds, good: burn.good, total: burn.total, burn_rate: burnRates[name] ?? null, suppressed: null };
    });
    const minEvents = slo.min_events ?? context.minEvents;
    const exhaustion = budgetExhaustion(budget.remaining, burnRates['1d'] ?? null, context.at, periodSeconds, horizon);
    const daily = readDaily();
    // A burn-down point is the bad count from the window's start to the day's end over the window's budget.
    // A ratio SLI's bad count is a sum of the KPI's metrics too (a threshold SLI's is no KPI's count).
    let spent = 0;
    const burnDownMarks = daily.map((day) => {
      spent += day.bad;
      return suppressed ?? withheld(window.start, day.end, slo.sli.type === 'ratio' ? { good: 0, total: spent } : null);
    });
    const dayOneBurn = burnRows.find((row) => row.window === '1d');
    return {
      id: slo.id,
      name: slo.name,
      description: slo.description,
      noun: slo.noun,
      sli: slo.sli,
      objective: slo.objective,
      budgeting: slo.budgeting,
      window: slo.window === 'calendar-month' ? 'calendar-month' : formatDuration(slo.window),
      window_start: window.start.toISOString(),
      window_end: window.end.toISOString(),
      period_seconds: periodSeconds,
      suppressed,
      good: suppressed ? null : counts.good,
      total: suppressed ? null : counts.total,
      min_events: minEvents,
      exact: counts.exact,
      attainment: !suppressed && counts.total >= minEvents ? attainment(counts) : null,
      budget: suppressed ? { allowed: null, consumed: null, remaining: null } : budget,
      burn_rates: burnRows,
      firing_pairs: firingPairs(burnRates, periodSeconds).map((pair) => ({ pair: `${pair.long}/${pair.short}`, severity: pair.severity, threshold: burnThreshold(pair, periodSeconds) })),
      // The date is the remaining budget over the 1-day burn rate: withheld with either.
      exhaustion: { date: suppressed || dayOneBurn?.suppressed ? null : (exhaustion.date?.toISOString() ?? null), exhausted: exhaustion.exhausted },
      status: sloStatus({ counts, minEvents, objective: slo.objective, remaining: budget.remaining, burnRates, periodSeconds }),
      burn_down: burnDown(daily, budget.allowed).map((point, i) => ({ end: point.end.toISOString(), remaining: burnDownMarks[i] ? null : point.remaining, suppressed: burnDownMarks[i]! })),
    };
  };
}

/**
 * Plans good and total per group (the whole window, or each `step`): for a threshold SLI the events at
 * or under (`le`) or at or over (`ge`) the threshold out of all; for a ratio SLI Σ good ÷ Σ total counters.
 */
export function planGoodTotal(slo: Slo, batch: RequestBatch, window: TimeWindow, step?: number): () => Counted[] {
  const base = { program: slo.program, start: window.start, end: window.end, ...(step ? { step } : {}) };
  const sli = slo.sli;
  if (sli.type === 'threshold') {
    const request: AggregateRequest = { ...base, metrics: [sli.metric], ...(sli.op === 'le' ? { atMost: [sli.threshold] } : { atLeast: [sli.threshold] }) };
    const read = batch.add(request);
    // A group whose good count is unknown (rollup buckets without histograms) is left out: no data, not zero good.
    return () => read().flatMap((row) => {
      const good = sli.op === 'le' ? row.atMost[0] : row.atLeast[0];
      return good === null || good === undefined ? [] : [{ start: row.start, good, total: row.count, exact: row.exact }];
    });
  }
  const readGood = batch.add({ ...base, metrics: sli.good });
  const readTotal = batch.add({ ...base, metrics: sli.total });
  return () => {
    const good = new Map(readGood().map((row: Aggregate) => [row.start.getTime(), row.sum]));
    return readTotal().map((row) => ({ start: row.start, good: good.get(row.start.getTime()) ?? 0, total: row.sum, exact: row.exact }));
  };
}

/**
 * Whether the SLO's last day had no events at all (a feed that stopped): its 1-day burn rate is then
 * unknown, and there is no pace to say when the budget would run out.
 */
export function lastDayEmpty(slo: Pick<SloSnapshot, 'burn_rates'>): boolean {
  return slo.burn_rates.find((rate) => rate.window === '1d')?.total === 0;
}
