import type { KpiModel } from '../../core/schemas/model.ts';

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

/** A share as a percentage: `formatPercent(0.99325, 1)` → `99.3%`. */
export function formatPercent(share: number, decimals = 1): string {
  return `${formatNumber(share * 100, decimals)}%`;
}

/** Whether a KPI's headline is a share between 0 and 1 (an error rate, adherence, CSAT), shown as a percentage. */
export function isShare(kpi: Pick<KpiModel, 'kind' | 'stat'>): boolean {
  return (kpi.kind === 'ratio' && kpi.stat === 'ratio') || kpi.stat === 'adherence' || kpi.stat === 'csat';
}

/** The unit a KPI's headline is shown in: `%` for shares, `per hour`/`per day` for rates, else the KPI's unit. */
export function headlineUnit(kpi: Pick<KpiModel, 'kind' | 'stat' | 'unit' | 'rate_per'>): string {
  if (isShare(kpi)) return '%';
  if (kpi.stat === 'nps') return 'NPS';
  if (kpi.stat === 'rate') return `${kpi.unit || 'events'} ${kpi.rate_per === '1d' ? 'per day' : 'per hour'}`;
  if (kpi.stat === 'count' || kpi.stat === 'sum') return kpi.unit || 'events';
  return kpi.unit;
}

/** A KPI value in its unit, e.g. `20.5 h`, `0.90%`, `132 requests per hour`; `not enough data` for null. */
export function formatKpiValue(kpi: Pick<KpiModel, 'kind' | 'stat' | 'unit' | 'decimals' | 'rate_per'>, value: number | null): string {
  if (value === null) return NOT_ENOUGH_DATA;
  if (isShare(kpi)) return formatPercent(value, kpi.decimals);
  const unit = headlineUnit(kpi);
  const number = formatNumber(value, kpi.decimals);
  return unit ? `${number} ${unit}` : number;
}

/** What the headline statistic is, in words: `p95` → `95th percentile`. */
export function statLabel(stat: string): string {
  const percentile = /^p(\d+(?:\.\d+)?)$/.exec(stat);
  if (percentile) return percentile[1] === '50' ? 'median' : `${percentile[1]}th percentile`;
  return STAT_LABELS[stat] ?? stat;
}

/** The change of a KPI against the previous window, e.g. `+6.55 ms (+3.1%), worse`; null when unknown. */
export function formatChange(kpi: Pick<KpiModel, 'kind' | 'stat' | 'unit' | 'decimals' | 'direction' | 'rate_per'>, change: { absolute: number; relative: number | null } | null): string | null {
  if (!change) return null;
  const sign = change.absolute > 0 ? '+' : change.absolute < 0 ? '−' : '±';
  const magnitude = Math.abs(change.absolute);
  const amount = isShare(kpi) ? `${formatNumber(magnitude * 100, kpi.decimals)} percentage points` : formatKpiValue(kpi, magnitude);
  const relative = change.relative === null ? '' : ` (${sign}${formatPercent(Math.abs(change.relative), 1)})`;
  return `${sign}${amount}${relative}, ${trendWord(kpi.direction, change.absolute)}`;
}

/** Whether a change is for the better, given which way is better. */
export function trendWord(direction: 'lower' | 'higher', delta: number): 'better' | 'worse' | 'unchanged' {
  if (delta === 0) return 'unchanged';
  return (delta < 0) === (direction === 'lower') ? 'better' : 'worse';
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
