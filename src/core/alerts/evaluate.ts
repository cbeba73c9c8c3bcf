import { BURN_WINDOWS, burnRate, burnThreshold, type BurnRatePair, type BurnWindow } from '../burn-rate.ts';
import { formatDuration } from '../duration.ts';
import type { Aggregate, AggregateRequest, MetricReader } from '../metric-reader.ts';
import { planGoodTotal, sloWindow } from '../model/compute-slo.ts';
import { createRequestBatch, type RequestBatch } from '../model/request-batch.ts';
import type { Comparison } from '../schemas/alert-rule.ts';
import { sliceCounts, type GoodTotal } from '../slo.ts';
import { windowEndingAt } from '../windows.ts';
import { alertLabels, type BurnRule, type Rule, type Severity, type ThresholdRule } from './rules.ts';
import { renderTemplate } from './template.ts';

/** One alert of a rule at one evaluation: its labels, and whether its condition holds. */
export interface AlertCandidate {
  severity: Severity;
  labels: Record<string, string>;
  /** The threshold it is compared with (for a burn-rate alert, the firing pair's, else the first pair's). */
  threshold: number;
  active: boolean;
  annotations: Record<string, string>;
}

/** A burn-rate window as `alert explain` shows it. */
export interface BurnWindowValue {
  window: BurnWindow;
  good: number;
  total: number;
  burnRate: number | null;
}

/** A burn-rate pair as `alert explain` shows it. */
export interface BurnPairValue {
  long: BurnWindow;
  short: BurnWindow;
  threshold: number;
  longRate: number | null;
  shortRate: number | null;
  /** Events (or slices) in the long window, against the rule's minimum. */
  longTotal: number;
  enoughTraffic: boolean;
  fired: boolean;
}

/** What one rule computed at one instant. */
export interface Evaluation {
  rule: Rule;
  at: Date;
  /** The value compared with the thresholds; null for no data (never an alert). */
  value: number | null;
  /** Events behind the value (a ratio's total; a burn-rate alert's events in its longest window). */
  n: number;
  /** True when computed from raw events, false from rollups (percentiles within 1 %). */
  exact: boolean;
  /** Why there is no value, in words; null when there is one. */
  noData: string | null;
  /** Text of the window(s) read, e.g. `1m` or `1h & 5m`. */
  window: string;
  alerts: AlertCandidate[];
  /** Burn-rate alerts only. */
  burn?: { windows: BurnWindowValue[]; pairs: BurnPairValue[]; periodSeconds: number };
}

export interface EvaluationContext {
  /** Each program's time zone (for SLOs judged over a calendar month). */
  timeZones: ReadonlyMap<string, string>;
}

/** Evaluates every rule at `at`, asking the store once for everything (one batch). */
export async function evaluateRules(rules: readonly Rule[], at: Date, reader: MetricReader, context: EvaluationContext): Promise<Evaluation[]> {
  const batch = createRequestBatch();
  const finishers = rules.map((rule) => planEvaluation(rule, at, batch, context));
  batch.answer(batch.requests.length > 0 ? await reader.aggregateMany(batch.requests) : []);
  return finishers.map((finish) => finish());
}

/** Adds a rule's requests to the batch; returns what computes its evaluation once the batch is answered. */
export function planEvaluation(rule: Rule, at: Date, batch: RequestBatch, context: EvaluationContext): () => Evaluation {
  return rule.kind === 'threshold' ? planThreshold(rule, at, batch) : planBurn(rule, at, batch, context);
}

/** `value <comparison> threshold`. */
export function compare(value: number, comparison: Comparison, threshold: number): boolean {
  switch (comparison) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
  }
}

const QUANTILES: Record<string, number> = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 };

/** Aggregations for which a window without events has a true value, 0 (with `min_events: 0`). */
const ZERO_WHEN_EMPTY = new Set(['count', 'sum', 'rate', 'event_rate']);

function planThreshold(rule: ThresholdRule, at: Date, batch: RequestBatch): () => Evaluation {
  const spec = rule.spec;
  const window = windowEndingAt(at, spec.window);
  const base = { program: rule.program, start: window.start, end: window.end };
  let read: () => { value: number | null; n: number; exact: boolean };
  if (spec.aggregation === 'error_ratio') {
    const bad = batch.add({ ...base, metrics: spec.bad! });
    const total = batch.add({ ...base, metrics: spec.total! });
    read = () => {
      const b = bad()[0];
      const t = total()[0];
      const n = t?.sum ?? 0;
      return { value: n > 0 ? (b?.sum ?? 0) / n : null, n, exact: (t?.exact ?? true) && (b?.exact ?? true) };
    };
  } else {
    const quantile = QUANTILES[spec.aggregation];
    const request: AggregateRequest = {
      ...base,
      metrics: [spec.metric!],
      ...(quantile !== undefined ? { quantiles: [quantile] } : {}),
      ...(spec.aggregation === 'sla_adherence' ? (spec.sla_op === 'le' ? { atMost: [spec.sla!] } : { atLeast: [spec.sla!] }) : {}),
    };
    const values = batch.add(request);
    read = () => {
      const row = values()[0];
      return { value: row ? thresholdValue(rule, row) : ZERO_WHEN_EMPTY.has(spec.aggregation) ? 0 : null, n: row?.count ?? 0, exact: row?.exact ?? true };
    };
  }
  return () => {
    const { value: computed, n, exact } = read();
    const enough = n >= spec.min_events;
    const noData = computed === null ? 'no events in the window' : enough ? null : `${n} event${n === 1 ? '' : 's'} in the window, fewer than min_events ${spec.min_events}`;
    const value = noData ? null : computed;
    const windowText = formatDuration(spec.window);
    const severities = (['warning', 'critical'] as const).filter((severity) => spec[severity] !== undefined);
    const alerts = severities.map((severity): AlertCandidate => {
      const threshold = spec[severity]!;
      const labels = alertLabels(rule, severity);
      const fields = { value, threshold, comparison: spec.comparison, n, window: windowText, severity, program: rule.program, metric: spec.metric ?? spec.bad!.join(' + '), aggregation: spec.aggregation, alertname: rule.name, at: at.toISOString() };
      return { severity, labels, threshold, active: value !== null && compare(value, spec.comparison, threshold), annotations: renderAnnotations(rule, fields, labels) };
    });
    return { rule, at, value, n, exact, noData, window: windowText, alerts };
  };
}

function thresholdValue(rule: ThresholdRule, row: Aggregate): number | null {
  const spec = rule.spec;
  const seconds = spec.window;
  switch (spec.aggregation) {
    case 'count':
      return row.count;
    case 'sum':
      return row.sum;
    case 'rate':
      return row.sum / seconds;
    case 'event_rate':
      return row.count / seconds;
    case 'mean':
      return row.count > 0 ? row.sum / row.count : null;
    case 'min':
      return row.min;
    case 'max':
      return row.max;
    case 'sla_adherence': {
      const good = spec.sla_op === 'le' ? row.atMost[0] : row.atLeast[0];
      return good === null || good === undefined || row.count === 0 ? null : good / row.count;
    }
    default:
      return row.quantiles[0] ?? null;
  }
}

function planBurn(rule: BurnRule, at: Date, batch: RequestBatch, context: EvaluationContext): () => Evaluation {
  const slo = rule.slo;
  const windows = [...new Set(rule.pairs.flatMap((pair) => [pair.long, pair.short]))].sort((a, b) => BURN_WINDOWS[b] - BURN_WINDOWS[a]);
  const { periodSeconds } = sloWindow(slo, at, context.timeZones.get(slo.program) ?? 'UTC');
  let counts: () => Map<BurnWindow, GoodTotal & { exact: boolean }>;
  if (slo.budgeting === 'timeslices') {
    // Slices of the longest window, read once; each shorter window counts the slices inside it.
    const slices = planGoodTotal(slo, batch, windowEndingAt(at, BURN_WINDOWS[windows[0]!]), slo.slice);
    const target = slo.slice_target ?? slo.objective;
    counts = () => {
      const all = slices();
      return new Map(windows.map((window) => {
        const inside = all.filter((slice) => slice.start.getTime() >= at.getTime() - BURN_WINDOWS[window] * 1000);
        return [window, { ...sliceCounts(inside, target), exact: inside.every((slice) => slice.exact) }];
      }));
    };
  } else {
    const reads = windows.map((window) => [window, planGoodTotal(slo, batch, windowEndingAt(at, BURN_WINDOWS[window]))] as const);
    counts = () => new Map(reads.map(([window, read]) => [window, read()[0] ?? { good: 0, total: 0, exact: true }]));
  }
  return () => {
    const byWindow = counts();
    const windowValues = windows.map((window): BurnWindowValue => {
      const { good, total } = byWindow.get(window)!;
      return { window, good, total, burnRate: burnRate(total - good, total, slo.objective) };
    });
    const rate = (window: BurnWindow) => windowValues.find((value) => value.window === window)!;
    const pairs = rule.pairs.map((pair: BurnRatePair): BurnPairValue => {
      const threshold = burnThreshold(pair, periodSeconds);
      const long = rate(pair.long);
      const short = rate(pair.short);
      const enoughTraffic = long.total >= rule.minEvents;
      const over = (value: number | null) => value !== null && value > threshold;
      return { long: pair.long, short: pair.short, threshold, longRate: long.burnRate, shortRate: short.burnRate, longTotal: long.total, enoughTraffic, fired: enoughTraffic && over(long.burnRate) && over(short.burnRate) };
    });
    const shown = pairs.find((pair) => pair.fired) ?? pairs[0]!;
    const n = rate(windows[0]!).total;
    const noData = n === 0 ? 'no events in the longest window' : pairs.every((pair) => !pair.enoughTraffic) ? `fewer than ${rule.minEvents} events in every long window (low-traffic guard)` : null;
    const value = noData ? null : shown.longRate;
    const window = `${shown.long} & ${shown.short}`;
    const labels = alertLabels(rule, rule.severity);
    const fields = { value, threshold: shown.threshold, comparison: '>', n, window, severity: rule.severity, program: rule.program, slo: slo.id, alertname: rule.name, at: at.toISOString() };
    const alert: AlertCandidate = { severity: rule.severity, labels, threshold: shown.threshold, active: pairs.some((pair) => pair.fired), annotations: renderAnnotations(rule, fields, labels) };
    const exact = [...byWindow.values()].every((count) => count.exact);
    return { rule, at, value, n, exact, noData, window, alerts: [alert], burn: { windows: windowValues, pairs, periodSeconds } };
  };
}

function renderAnnotations(rule: Rule, fields: Parameters<typeof renderTemplate>[1], labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(rule.annotations)) {
    if (typeof text !== 'string') continue;
    out[key] = key === 'summary' || key === 'description' ? renderTemplate(text, fields, labels) : text;
  }
  return out;
}
