import { measuresVolume } from '../../core/kpi.ts';
import type { KpiModel, ProgramModel, SloModel } from '../../core/schemas/model.ts';
import { summarizeSeries } from '../lib/chart-summary.ts';
import { lineChart, lineChartWithPositions, sparkline } from '../lib/charts.ts';
import { slosOfKpi } from '../lib/kpi-slos.ts';
import { formatBudget, formatKpiValue, formatNumber, formatPercent, formatSampleSize, headlineUnit, isShare, labelNamesStat, statLabel, WITHHELD } from '../lib/format.ts';
import { periodsBetween, pointsInRange, RANGES, withGaps, type ChartPoint, type Range } from '../lib/series.ts';
import { chartOverlay } from './chart-overlay.ts';
import { prerendered } from './prerendered-views.ts';
import { calendarGroupEnd, calendarGroupStart } from '../../core/windows.ts';
import { formatDate, formatDateTime, formatMonth } from '../lib/time.ts';

/** A chart as a page lays it out: title, summary sentence, the SVG, and the same numbers as a table. */
export interface ChartView {
  id: string;
  title: string;
  summary: string;
  svg: string;
  /**
   * Rows of cells; `x` is the point's position in the SVG when the chart has a hover read-out. With
   * `notes`, the last column is words (maintenance and incidents in the period), the others numbers.
   */
  table: { caption: string; columns: string[]; rows: { x?: number; cells: string[] }[]; notes?: boolean };
  /** Whether a React island reads out the point under the pointer (KPI pages only: program pages ship no JavaScript). */
  hover: boolean;
}

// The window a tile and the home page show as "current": the last 7 days, compared with the 7 before.
const HEADLINE_WINDOW = '7d';

/** A KPI's window by name. */
export function kpiWindow(kpi: KpiModel, name: string = HEADLINE_WINDOW) {
  return kpi.windows.find((w) => w.window === name);
}

/** The y axis label of a KPI: its label and the headline's unit, e.g. `Eligibility review time (h)`. */
export function axisLabel(kpi: KpiModel): string {
  const unit = headlineUnit(kpi);
  return unit ? `${kpi.label} (${unit})` : kpi.label;
}

/** How each step of a view is read, named and labelled. */
const hourName = (iso: string, zone: string) => formatDateTime(iso, zone);
const dayName = (iso: string) => formatDate(iso, 'UTC');
const STEPS = {
  hour: { series: 'hourly', adjective: 'hourly', next: 3600, until: (at: number) => Math.floor(at / 3_600_000) * 3_600_000, x: (zone: string) => `Hour (${zone})`, cell: hourName, when: hourName },
  day: { series: 'daily', adjective: 'daily', next: 86_400, until: (at: number) => Math.floor(at / 86_400_000) * 86_400_000, x: () => 'Day (UTC)', cell: dayName, when: dayName },
  week: { series: 'weekly', adjective: 'weekly', next: 7 * 86_400, until: (at: number) => calendarGroupStart(at, 'week'), x: () => 'Week from Monday (UTC)', cell: (iso: string) => `Week of ${formatDate(iso, 'UTC')}`, when: (iso: string) => `week of ${formatDate(iso, 'UTC')}` },
  month: { series: 'monthly', adjective: 'monthly', next: (time: number) => calendarGroupEnd(time, 'month'), until: (at: number) => calendarGroupStart(at, 'month'), x: () => 'Month (UTC)', cell: (iso: string) => formatMonth(iso), when: (iso: string) => formatMonth(iso) },
} as const;

/** The range the program page's trend charts show; each KPI's own page shows every range. */
export const DASHBOARD_RANGE = RANGES.find((r) => r.id === '30d')!;

/**
 * Every chart view the pages of a program draw, by the key the pages ask for it with: what the
 * build's workers draw ahead (build/prerender-views.ts). The program page: a sparkline and the
 * dashboard range of each KPI, the burn-down of each SLO; each KPI page: every range, with hover.
 */
export function programViews(program: ProgramModel): [string, unknown][] {
  const views: [string, unknown][] = [];
  for (const kpi of program.kpis) {
    views.push([sparklineKey(program, kpi), drawSparkline(program, kpi)]);
    for (const range of RANGES) {
      const view = drawKpiChart(program, kpi, range, true);
      views.push([chartKey(program, kpi, range, true), view]);
      // The program page draws the same chart without the hover read-out: no need to draw it twice.
      if (range.id === DASHBOARD_RANGE.id) views.push([chartKey(program, kpi, range, false), withoutHover(view)]);
    }
  }
  for (const slo of program.slos) if (hasBurnDown(slo)) views.push([burnDownKey(slo), drawBurnDown(slo)]);
  return views;
}

const chartKey = (program: ProgramModel, kpi: KpiModel, range: Range, hover: boolean) => `chart|${program.program.id}|${kpi.id}|${range.id}|${hover}`;
const sparklineKey = (program: ProgramModel, kpi: KpiModel) => `sparkline|${program.program.id}|${kpi.id}`;
const burnDownKey = (slo: SloModel) => `burn-down|${slo.id}`;

/**
 * The KPI's series over a range as a chart: hourly points (in the program's zone) for a range of
 * hours, daily points (UTC days), or whole UTC weeks and months for the weekly and monthly views.
 */
export function kpiChart(program: ProgramModel, kpi: KpiModel, range: Range, options: { hover?: boolean } = {}): ChartView {
  const hover = options.hover ?? false;
  return prerendered(chartKey(program, kpi, range, hover), () => drawKpiChart(program, kpi, range, hover));
}

function drawKpiChart(program: ProgramModel, kpi: KpiModel, range: Range, hover: boolean): ChartView {
  const step = STEPS[range.step];
  const timeZone = range.step === 'hour' ? program.program.time_zone : 'UTC';
  const source = pointsInRange(kpi[step.series], program.at, range.days);
  // The series ends with the last whole period before the model's instant: periods after the last
  // point with data (a program whose data stopped) are drawn and told as a gap.
  const until = step.until(Date.parse(program.at));
  const points = withGaps(source, step.next, until);
  const periods = points.length === 0 ? 0 : periodsBetween(Date.parse(points[0]!.start), until, step.next);
  const share = isShare(kpi);
  const format = (value: number) => formatKpiValue(kpi, value);
  // "the daily median (Eligibility review time)", or "the daily API response time (95th percentile)".
  const what = labelNamesStat(kpi) ? `the ${step.adjective} ${kpi.label}` : `the ${step.adjective} ${statLabel(kpi.stat)} (${kpi.label})`;
  // Maintenance and incidents are said in words too: a sentence after the summary, and a note in
  // the table for each period.
  const overlay = chartOverlay(program, points, range.step);
  // Each step names its periods: an hour with its time in the program's zone, a week as a week.
  const summary = [summarizeSeries(points, { what, format, timeZone, periods, when: (iso) => step.when(iso, timeZone) }), overlay.sentence].filter(Boolean).join(' ');
  const markers = annotationMarkers(program, points);
  const target = ruleFor(kpi, program.slos);
  const period = range.days === null ? (range.step === 'week' ? 'all whole weeks' : range.step === 'month' ? 'all whole months' : 'all history') : `last ${range.label}`;
  const title = `${kpi.label}: ${step.adjective} ${statLabel(kpi.stat)}, ${period}`;
  const xLabel = step.x(program.program.time_zone);
  const chart = lineChartWithPositions({
    points,
    yLabel: axisLabel(kpi),
    xLabel,
    timeZone,
    ...(share ? { scale: 100 } : {}),
    ...(target ? { rule: target } : {}),
    markers,
    bands: overlay.bands,
    events: overlay.events,
    name: { labelledBy: labelIds(`${kpi.id}-${range.id}`) },
  });
  const noted = overlay.notes.size > 0;
  const notesOf = (time: number) => (noted ? [overlay.notes.get(time)?.join('; ') ?? ''] : []);
  const rows = points.flatMap((p, i) => {
    const time = Date.parse(p.start);
    // A withheld period keeps its row, saying so: there were events, too few people to publish.
    const cells = p.withheld && p.value === null ? [WITHHELD, formatSampleSize(null)] : [formatKpiValue(kpi, p.value), formatNumber(p.n)];
    return p.n > 0 || p.value !== null || p.withheld || overlay.notes.has(time) ? [{
      time,
      row: { ...(hover ? { x: chart.x[i]! } : {}), cells: [step.cell(p.start, timeZone), ...cells, ...notesOf(time)] },
    }] : [];
  });
  // A period with a note but no point (no data at all, inside a gap) still gets its row.
  const drawn = new Set(points.map((p) => Date.parse(p.start)));
  for (const time of overlay.notes.keys()) {
    if (!drawn.has(time)) rows.push({ time, row: { cells: [step.cell(new Date(time).toISOString(), timeZone), 'no data', formatNumber(0), ...notesOf(time)] } });
  }
  return {
    id: `${kpi.id}-${range.id}`,
    title,
    summary,
    svg: chart.svg,
    table: {
      caption: `${title} (${xLabel})`,
      columns: [xLabel, axisLabel(kpi), 'Sample size', ...(noted ? ['Maintenance and incidents'] : [])],
      rows: rows.sort((a, b) => a.time - b.time).map(({ row }) => row),
      ...(noted ? { notes: true } : {}),
    },
    hover,
  };
}

/** A chart view as drawn without hover: the same, but its table rows carry no x positions. */
function withoutHover(view: ChartView): ChartView {
  return { ...view, table: { ...view.table, rows: view.table.rows.map(({ cells }) => ({ cells })) }, hover: false };
}

/** The last 30 days of a KPI's daily series, as a decorative sparkline for its tile. */
export function kpiSparkline(program: ProgramModel, kpi: KpiModel): string {
  return prerendered(sparklineKey(program, kpi), () => drawSparkline(program, kpi));
}

function drawSparkline(program: ProgramModel, kpi: KpiModel): string {
  return sparkline(withGaps(pointsInRange(kpi.daily, program.at, 30), 86_400), 'UTC');
}

/**
 * The ids of a chart's title and summary (components/Chart.astro), which name its image: the name
 * is on the page once, not repeated in the SVG.
 */
export function labelIds(chartId: string): string {
  return `${chartId}-title ${chartId}-summary`;
}

/** Whether an SLO has a burn-down to draw: a day whose budget left is known (not withheld, and a budget to spend). */
export function hasBurnDown(slo: SloModel): boolean {
  return slo.burn_down.some((point) => point.remaining !== null);
}

/** An SLO's burn-down: the share of the window's error budget left after each day. */
export function burnDownChart(slo: SloModel): ChartView {
  return prerendered(burnDownKey(slo), () => drawBurnDown(slo));
}

function drawBurnDown(slo: SloModel): ChartView {
  // A withheld day (the SLO shares a KPI's small-cell mask) is a marked gap, as in the KPI charts.
  const points: ChartPoint[] = slo.burn_down.map((p) => ({ start: p.end, value: p.remaining, n: 0, ...(p.suppressed ? { withheld: true as const } : {}) }));
  const format = formatBudget;
  // Each point is the budget at the end of a UTC day: the instant Nov 1, 00:00 UTC ends Oct 31.
  const when = (iso: string) => `end of ${formatDate(new Date(Date.parse(iso) - 1).toISOString(), 'UTC')} UTC`;
  const summary = summarizeSeries(points, { what: 'the error budget left', format, timeZone: 'UTC', when });
  const title = `${slo.name}: error budget left, day by day`;
  return {
    id: `${slo.id}-burn-down`,
    title,
    summary,
    svg: lineChart({ points, yLabel: 'Error budget left (%)', xLabel: 'End of day (UTC)', timeZone: 'UTC', scale: 100, rule: { value: 0, label: 'budget spent' }, name: { labelledBy: labelIds(`${slo.id}-burn-down`) }, height: 200 }),
    table: {
      caption: `${title} (UTC days)`,
      columns: ['End of day (UTC)', 'Error budget left'],
      rows: points.map((p) => ({ cells: [formatDateTime(p.start, 'UTC'), p.withheld ? WITHHELD : p.value === null ? 'unknown' : formatPercent(p.value, 1)] })),
    },
    hover: false,
  };
}

/**
 * The target line of a KPI chart, in the headline's unit; none for count and rate headlines. Without
 * a target of its own, the line of a threshold SLO that measures the KPI (kpi-slos.ts): its
 * threshold on a statistic of the same values (a p95 latency under the SLO's 500 ms), or its
 * objective on the share within the same limit (95 % of cases within 48 h).
 */
function ruleFor(kpi: KpiModel, slos: readonly SloModel[]): { value: number; label: string } | undefined {
  if (measuresVolume(kpi)) return undefined;
  const goal = kpi.stat === 'adherence' ? kpi.adherence_goal : kpi.target;
  if (goal !== null) return { value: goal, label: `target ${formatKpiValue(kpi, goal)}` };
  for (const slo of slosOfKpi(slos, kpi)) {
    const { type, threshold, op } = slo.sli;
    if (type !== 'threshold' || typeof threshold !== 'number') continue;
    if (kpi.stat !== 'adherence') return { value: threshold, label: `SLO threshold ${formatKpiValue(kpi, threshold)}` };
    // The share within target is the SLO's good share when both count the same events as good.
    if (kpi.target === threshold && (op === 'le') === (kpi.direction === 'lower')) return { value: slo.objective, label: `SLO goal ${formatKpiValue(kpi, slo.objective)}` };
  }
  return undefined;
}

/** The program's annotations that fall inside the drawn period, numbered as in the list of notes. */
function annotationMarkers(program: ProgramModel, points: readonly ChartPoint[]): { date: string; label: string }[] {
  if (points.length === 0) return [];
  const first = points[0]!.start.slice(0, 10);
  const last = points.at(-1)!.start.slice(0, 10);
  return program.annotations.flatMap((a, i) => (a.date >= first && a.date <= last ? [{ date: a.date, label: String(i + 1) }] : []));
}
