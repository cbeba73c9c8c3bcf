import { betterDirection, countsEvents } from '../../core/kpi.ts';
import type { KpiModel, KpiWindow } from '../../core/schemas/model.ts';
import { formatDate } from './time.ts';

// Shown wherever a number is missing because its sample is below the minimum size.
const NOT_ENOUGH_DATA = 'not enough data';

/** A number with thousands separators and a fixed count of decimals: `formatNumber(8296.4, 1)` → `8,296.4`. */
export function formatNumber(value: number, decimals = 0): string {
  let format = numberFormats.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    numberFormats.set(decimals, format);
  }
  return format.format(value);
}

/** One Intl.NumberFormat per count of decimals: making one costs far more than using it. */
const numberFormats = new Map<number, Intl.NumberFormat>();

/**
 * A share as a percentage: `formatPercent(0.99325, 1)` → `99.3%`. Rounding never reads as all or
 * none when it is not: up to `extra` more decimals are shown where the rounded figure would read
 * 100% (or 0%) of a share that is not exactly 1 (or 0): 0.99976 at 1 decimal is `99.98%`, not
 * `100.0%`; 0.00004 at 2 is `0.004%`, not `0.00%`.
 */
export function formatPercent(share: number, decimals = 1, extra = 3): string {
  const magnitude = Math.abs(share);
  const reads = (text: string) => Number(text.replace(/[^\d.]/g, ''));
  const misleads = (text: string) => (magnitude !== 1 && reads(text) === 100) || (magnitude !== 0 && reads(text) === 0);
  let shown = decimals;
  while (shown < decimals + extra && misleads(formatNumber(magnitude * 100, shown))) shown++;
  return `${formatNumber(share * 100, shown)}%`;
}

/**
 * An error budget's share left (or overspent): whole percents, with up to 2 decimals where rounding
 * would read as untouched or as spent: 0.995 left is `99.5%`, not `100%`; 0.004 is `0.4%`, not `0%`.
 */
export function formatBudget(share: number): string {
  return formatPercent(share, 0, 2);
}

/** Whether a KPI's headline is a share between 0 and 1 (an error rate, adherence, CSAT), shown as a percentage. */
export function isShare(kpi: Pick<KpiModel, 'kind' | 'stat'>): boolean {
  return (kpi.kind === 'ratio' && kpi.stat === 'ratio') || kpi.stat === 'adherence' || kpi.stat === 'csat';
}

/** The unit a KPI's headline is shown in: `%` for shares, `per hour`/`per day` for rates, else the KPI's unit. */
export function headlineUnit(kpi: Pick<KpiModel, 'kind' | 'stat' | 'unit' | 'rate_per'>): string {
  if (isShare(kpi)) return '%';
  if (kpi.stat === 'nps') return 'NPS';
  // A counter's sum and rate are in its unit; any other KPI's count and rate count its events
  // (a latency KPI's rate is requests per hour, not milliseconds per hour).
  const counted = kpi.kind === 'counter' ? kpi.unit || 'events' : 'events';
  if (kpi.stat === 'rate') return `${counted} ${kpi.rate_per === '1d' ? 'per day' : 'per hour'}`;
  if (kpi.stat === 'count' || kpi.stat === 'sum') return counted;
  return kpi.unit;
}

/** A KPI value in its unit, e.g. `20.5 h`, `0.90%`, `132 requests per hour`; `not enough data` for null. */
export function formatKpiValue(kpi: Pick<KpiModel, 'kind' | 'stat' | 'unit' | 'decimals' | 'rate_per'>, value: number | null): string {
  if (value === null) return NOT_ENOUGH_DATA;
  if (isShare(kpi)) return formatPercent(value, kpi.decimals);
  const unit = headlineUnit(kpi);
  const number = formatNumber(value, kpi.decimals);
  // One of a counted thing is singular: `1 call per hour`, not `1 calls per hour`.
  return unit ? `${number} ${number === '1' ? singular(unit) : unit}` : number;
}

/** The unit with its first word singular, for a count of exactly one: `calls per hour` → `call per hour`, `stars` → `star`; `ms`, `s` and `h` stay. */
function singular(unit: string): string {
  return unit.replace(/^([A-Za-z]{2,}?[^s])s\b/, '$1');
}

/** What a number withheld by small-cell suppression reads as, instead of a value that looks like no data. */
export const WITHHELD = 'withheld (small count)';

/** A window's or point's value as published: WITHHELD when small-cell suppression withholds it, else formatKpiValue. */
export function formatCell(kpi: Pick<KpiModel, 'kind' | 'stat' | 'unit' | 'decimals' | 'rate_per'>, cell: { value: number | null; suppressed?: string | null } | null | undefined): string {
  return cell?.suppressed ? WITHHELD : formatKpiValue(kpi, cell?.value ?? null);
}

/**
 * A sample size after a value: `n = 1,363`, or for a counter, whose n counts its readings and not
 * what they add up to, `8,640 readings` (so that "197 requests per hour" does not sit beside an n of
 * 8,640 that is not requests).
 */
export function sampleNote(kpi: Pick<KpiModel, 'kind'>, n: number | null): string {
  return kpi.kind === 'counter' ? kpiSampleSize(kpi, n) : `n = ${formatSampleSize(n)}`;
}

/** A KPI's sample size on its own: `1,363` (formatSampleSize), or a counter's `8,640 readings`. */
export function kpiSampleSize(kpi: Pick<KpiModel, 'kind'>, n: number | null): string {
  if (kpi.kind !== 'counter') return formatSampleSize(n);
  return n === null ? 'readings withheld' : `${formatNumber(n)} ${n === 1 ? 'reading' : 'readings'}`;
}

/** A sample size: `1,363`, or `withheld` when small-cell suppression withholds it (null), never 0. */
export function formatSampleSize(n: number | null): string {
  return n === null ? 'withheld' : formatNumber(n);
}

/** What the headline statistic is, in words: `p95` → `95th percentile`. */
export function statLabel(stat: string): string {
  const percentile = /^p(\d+(?:\.\d+)?)$/.exec(stat);
  if (percentile) return percentile[1] === '50' ? 'median' : `${percentile[1]}th percentile`;
  return STAT_LABELS[stat] ?? stat;
}

/** Whether a KPI's label names its headline statistic already, e.g. `API response time (95th percentile)`. */
export function labelNamesStat(kpi: Pick<KpiModel, 'label' | 'stat'>): boolean {
  return kpi.label.toLowerCase().includes(statLabel(kpi.stat).toLowerCase());
}

/** A KPI's label with its headline statistic, unless the label names it already: `Review time (median)`. */
export function labelWithStat(kpi: Pick<KpiModel, 'label' | 'stat'>): string {
  return labelNamesStat(kpi) ? kpi.label : `${kpi.label} (${statLabel(kpi.stat)})`;
}

/**
 * The change of a KPI against the previous window, e.g. `+6.55 ms (+3.1%), worse`; null when unknown.
 * Better or worse by the headline's own direction (betterDirection): a fall in the share within
 * target is worse even when lower values are better; a count or rate of events gets no such word.
 */
export function formatChange(kpi: Pick<KpiModel, 'kind' | 'stat' | 'unit' | 'decimals' | 'direction' | 'rate_per'>, change: { absolute: number; relative: number | null } | null): string | null {
  if (!change) return null;
  const sign = change.absolute > 0 ? '+' : change.absolute < 0 ? '−' : '±';
  const magnitude = Math.abs(change.absolute);
  // A change too small for the KPI's decimals gets up to 3 more rather than reading "+0.00", worse.
  const at = (decimals: number) => (isShare(kpi) ? `${formatNumber(magnitude * 100, decimals)} percentage points` : formatKpiValue({ ...kpi, decimals }, magnitude));
  let decimals = kpi.decimals;
  while (magnitude > 0 && decimals < kpi.decimals + 3 && !/[1-9]/.test(at(decimals))) decimals++;
  const amount = at(decimals);
  const relative = change.relative === null ? '' : ` (${sign}${formatPercent(Math.abs(change.relative), 1)})`;
  const better = betterDirection(kpi);
  const word = better === null ? (change.absolute === 0 ? ', unchanged' : '') : `, ${trendWord(better, change.absolute)}`;
  return `${sign}${amount}${relative}${word}`;
}

/**
 * A window's change in words (formatChange), or why a count or rate is not compared: the feed stopped
 * inside the window, or began inside it or the window before (`partial`), so less was counted because
 * less was sent. Null when there is none.
 */
export function windowChange(kpi: Pick<KpiModel, 'kind' | 'stat' | 'unit' | 'decimals' | 'direction' | 'rate_per' | 'freshness' | 'daily'>, window: Pick<KpiWindow, 'partial' | 'change'> & { previous: Pick<KpiWindow['previous'], 'partial'> }, timeZone: string): string | null {
  if (window.change === null && (window.partial || window.previous.partial)) {
    if (window.partial && kpi.freshness.stale && kpi.freshness.newest) return `not compared: no data after ${formatDate(kpi.freshness.newest, timeZone)}`;
    // Daily points are UTC days: the first is named as a UTC day.
    if (kpi.daily[0]) return `not compared: no data before ${formatDate(kpi.daily[0].start, 'UTC')}`;
  }
  return formatChange(kpi, window.change);
}

/** Whether a change is for the better, given which way is better. */
export function trendWord(direction: 'lower' | 'higher', delta: number): 'better' | 'worse' | 'unchanged' {
  if (delta === 0) return 'unchanged';
  return (delta < 0) === (direction === 'lower') ? 'better' : 'worse';
}

/**
 * A KPI's target in words, null when it has none: `at most 48.0 h` for a quantile or mean; for a
 * share within target, the share of events asked for and the per-event limit, `at least 90.0% of
 * events at or under 48.0 h`. Counts and rates of events have no target (as meetsTarget has it).
 */
export function targetText(kpi: Pick<KpiModel, 'kind' | 'stat' | 'unit' | 'decimals' | 'direction' | 'rate_per' | 'target' | 'adherence_goal'>): string | null {
  if (kpi.stat === 'adherence') {
    if (kpi.adherence_goal === null) return null;
    return `at least ${formatKpiValue(kpi, kpi.adherence_goal)} of events${kpi.target === null ? ' within target' : ` ${withinText(kpi)}`}`;
  }
  if (kpi.target === null || countsEvents(kpi)) return null;
  return `${kpi.direction === 'lower' ? 'at most' : 'at least'} ${formatKpiValue(kpi, kpi.target)}`;
}

/** The per-event limit of a share within target: `at or under 48.0 h` (lower is better) or `at or over 4.0 stars`. */
export function withinText(kpi: Pick<KpiModel, 'unit' | 'decimals' | 'direction' | 'target'>): string {
  const limit = kpi.target === null ? '' : formatNumber(kpi.target, kpi.decimals);
  return `${kpi.direction === 'lower' ? 'at or under' : 'at or over'} ${kpi.unit ? `${limit} ${kpi.unit}` : limit}`;
}

/** Which way is better, as a sentence; empty for counts and rates of events. */
export function betterSentence(kpi: Pick<KpiModel, 'kind' | 'stat' | 'direction'>): string {
  const better = betterDirection(kpi);
  return better === null ? '' : better === 'lower' ? 'Lower is better.' : 'Higher is better.';
}

/** A window name in words: `24h` → `last 24 hours`, `1y` → `last 365 days`. */
export function windowLabel(window: string): string {
  return WINDOW_LABELS[window] ?? (window === 'calendar-month' ? 'this calendar month' : `last ${window}`);
}

const STAT_LABELS: Record<string, string> = {
  count: 'count', sum: 'total', rate: 'rate', mean: 'mean', min: 'minimum', max: 'maximum',
  adherence: 'share within target', ratio: 'share', csat: 'satisfied share (CSAT)', nps: 'net promoter score',
};

const WINDOW_LABELS: Record<string, string> = {
  '24h': 'last 24 hours', '7d': 'last 7 days', '30d': 'last 30 days', '90d': 'last 90 days', '1y': 'last 365 days',
  '28d': 'last 28 days',
};
