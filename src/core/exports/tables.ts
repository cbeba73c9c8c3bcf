import { KIND_STATS, type KpiKind, type Stat } from '../schemas/kpi.ts';
import type { IncidentModel, KpiModel, ProgramModel, SeriesPoint, SloModel } from '../schemas/model.ts';

/**
 * The open-data tables: their columns (name, type, description with unit) and the rows they hold,
 * built from the model alone. Column names and their order are a published contract: add columns
 * at the end, never rename or drop one. Times are ISO 8601 UTC; numbers are plain numbers.
 */

/** Column types, as Frictionless Table Schema names them. */
export type ColumnType = 'string' | 'datetime' | 'integer' | 'number' | 'boolean';

export interface Column {
  name: string;
  type: ColumnType;
  description: string;
}

export interface Table {
  /** File name stem and Frictionless resource name, e.g. `kpi-daily`. */
  name: string;
  title: string;
  description: string;
  columns: Column[];
  primaryKey: string[];
}

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

/** The series a KPI has in the model and in the exports. */
export const RESOLUTIONS = { daily: 'day', hourly: 'hour' } as const;
export type Resolution = keyof typeof RESOLUTIONS;

/** Every statistic a series file can carry, in column order. */
const ALL_STATS: readonly Stat[] = ['count', 'sum', 'rate', 'mean', 'p50', 'p90', 'p95', 'p99', 'min', 'max', 'adherence', 'ratio', 'csat', 'nps'];

/** What a statistic means, given the KPI's unit and rate period. */
function statDescription(stat: Stat, unit: string): string {
  const inUnit = unit ? ` (${unit})` : '';
  switch (stat) {
    case 'count': return 'Number of events in the period; for a ratio KPI, the denominator total';
    case 'sum': return `Total of the counter in the period${inUnit}`;
    case 'rate': return 'Events (or the counter\u2019s total) per hour, or per day for KPIs whose rate is per day';
    case 'mean': return `Mean value${inUnit}`;
    case 'p50': case 'p90': case 'p95': case 'p99': return `${stat.slice(1)}th percentile${inUnit}; exact over raw events, within 1 % over rollups`;
    case 'min': return `Smallest value${inUnit}`;
    case 'max': return `Largest value${inUnit}`;
    case 'adherence': return 'Share of events that met the KPI\u2019s per-event target, from 0 to 1';
    case 'ratio': return 'Numerator total divided by denominator total, from 0 to 1';
    case 'csat': return 'Share of 4- and 5-star scores, from 0 to 1';
    case 'nps': return 'Net promoter score: % of 9\u201310 scores minus % of 0\u20136 scores, from -100 to 100';
    default: return stat;
  }
}

const seriesHead: Column[] = [
  { name: 'program_id', type: 'string', description: 'Program identifier (see the program page /programs/<program_id>/)' },
  { name: 'kpi_id', type: 'string', description: 'KPI identifier within the program' },
];

function seriesBody(resolution: Resolution, stats: readonly Stat[], unit: string, countType: 'integer' | 'number'): Column[] {
  return [
    { name: 'period', type: 'string', description: `Length of the period: ${RESOLUTIONS[resolution]}` },
    { name: 'start', type: 'datetime', description: `Start of the UTC ${RESOLUTIONS[resolution]} (ISO 8601, UTC); the period is [start, start + 1 ${RESOLUTIONS[resolution]})` },
    { name: 'n', type: countType, description: 'Sample size: events in the period (for a counter KPI, its readings, whose total is sum; for a ratio KPI, the denominator total); empty when suppressed' },
    { name: 'sufficient', type: 'boolean', description: 'false when n is below the KPI\u2019s minimum sample size: the values are then empty ("not enough data")' },
    { name: 'suppressed', type: 'string', description: 'Why the numbers of the row are empty although there is data: small-cell (a count from 1 to the suppression threshold) or complementary (withheld so that a small count cannot be worked out by subtraction); empty when published' },
    { name: 'exact', type: 'boolean', description: 'true when computed from raw events; false when from histogram rollups (percentiles within 1 %)' },
    { name: 'value', type: 'number', description: `The KPI\u2019s headline statistic${unit ? ` (${unit} unless a share or rate)` : ''}` },
    ...stats.map((stat) => ({ name: stat, type: 'number' as const, description: statDescription(stat, unit) })),
  ];
}

/** A KPI's own series file, e.g. `cms-eligibility/review-time.daily`: the statistics of its kind. */
export function kpiSeriesTable(program: ProgramModel, kpi: KpiModel, resolution: Resolution): Table {
  const stats = KIND_STATS[kpi.kind as KpiKind];
  return {
    name: `${program.program.id}-${kpi.id}-${resolution}`,
    title: `${program.program.name}: ${kpi.label}, ${resolution}`,
    description: `${kpi.label} (${kpi.description || kpi.kind}), one row per UTC ${RESOLUTIONS[resolution]}. Headline statistic: ${kpi.stat}. Periods without data have no row.`,
    // A ratio's n is a sum of counter values, which need not be whole numbers.
    columns: [...seriesHead, ...seriesBody(resolution, stats, kpi.unit, kpi.kind === 'ratio' ? 'number' : 'integer')],
    primaryKey: ['program_id', 'kpi_id', 'start'],
  };
}

/** Every public KPI's series of one resolution, across programs: the statistics of all kinds, empty where they do not apply. */
export function combinedSeriesTable(resolution: Resolution): Table {
  return {
    name: `kpi-${resolution}`,
    title: `All programs: KPI ${resolution} series`,
    description: `Every public KPI of every program, one row per KPI and UTC ${RESOLUTIONS[resolution]}. Units are in the unit column; statistics that do not apply to a KPI's kind are empty.`,
    columns: [
      ...seriesHead,
      { name: 'kpi_kind', type: 'string', description: 'distribution, counter, ratio or score' },
      { name: 'stat', type: 'string', description: 'Which statistic is the headline value, e.g. p95' },
      { name: 'unit', type: 'string', description: 'Unit of value, mean, percentiles, min, max and sum, e.g. ms' },
      ...seriesBody(resolution, ALL_STATS, '', 'number'),
    ],
    primaryKey: ['program_id', 'kpi_id', 'start'],
  };
}

/** Rows of a KPI's series, for its own table or the combined one (`combined` adds kind, stat and unit). */
export function seriesRows(program: ProgramModel, kpi: KpiModel, resolution: Resolution, combined: boolean): Row[] {
  const stats = combined ? ALL_STATS : KIND_STATS[kpi.kind as KpiKind];
  const period = RESOLUTIONS[resolution];
  // Each row is made as one object literal (keys in column order): rows of one shape are built and
  // turned into JSON far faster than rows grown key by key (the bench's 5 M series rows).
  return kpi[resolution].map((point: SeriesPoint) => {
    const row: Row = combined
      ? { program_id: program.program.id, kpi_id: kpi.id, kpi_kind: kpi.kind, stat: kpi.stat, unit: kpi.unit, period, start: utc(point.start), n: point.n, sufficient: point.sufficient, suppressed: point.suppressed, exact: point.exact, value: point.value }
      : { program_id: program.program.id, kpi_id: kpi.id, period, start: utc(point.start), n: point.n, sufficient: point.sufficient, suppressed: point.suppressed, exact: point.exact, value: point.value };
    for (const stat of stats) row[stat] = point.stats[stat] ?? null;
    return row;
  });
}

/** The key columns every SLO table starts with. */
const sloHead: Column[] = [
  { name: 'program_id', type: 'string', description: 'Program identifier' },
  { name: 'slo_id', type: 'string', description: 'SLO identifier' },
];

const BURN_COLUMNS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;

/** SLO results as of the model's `at`: one row per public SLO. */
export function sloTable(name: string, title: string): Table {
  return {
    name,
    title,
    description: 'Each public SLO as of the time the data is from: attainment, error budget, burn rates and status. See /about/ for the formulas.',
    columns: [
      ...sloHead,
      { name: 'name', type: 'string', description: 'SLO name' },
      { name: 'as_of', type: 'datetime', description: 'The instant the SLO is evaluated at (ISO 8601, UTC)' },
      { name: 'window', type: 'string', description: 'The SLO window: 28d, 30d (rolling) or calendar-month' },
      { name: 'window_start', type: 'datetime', description: 'Start of the window evaluated (ISO 8601, UTC)' },
      { name: 'window_end', type: 'datetime', description: 'End of the window evaluated (ISO 8601, UTC), exclusive' },
      { name: 'budgeting', type: 'string', description: 'events (share of good events) or timeslices (share of good minutes)' },
      { name: 'objective', type: 'number', description: 'The promised share of good events or slices, from 0 to 1' },
      { name: 'good', type: 'number', description: 'Good events (or slices) in the window' },
      { name: 'total', type: 'number', description: 'All events (or slices) in the window' },
      { name: 'attainment', type: 'number', description: 'good / total, from 0 to 1; empty below the minimum sample size' },
      { name: 'budget_allowed', type: 'number', description: 'Bad events (or slices) the objective allows in the window: (1 - objective) * total' },
      { name: 'budget_consumed', type: 'number', description: 'Bad events (or slices) in the window: total - good' },
      { name: 'budget_remaining', type: 'number', description: 'Share of the error budget left: 1 - consumed / allowed; negative when overspent' },
      ...BURN_COLUMNS.map((window) => ({ name: `burn_rate_${window}`, type: 'number' as const, description: `Burn rate over the last ${window}: bad fraction / (1 - objective); 1 spends the budget exactly over the SLO period` })),
      { name: 'status', type: 'string', description: 'ok, warning, breach or no-data (rule on /about/)' },
      { name: 'budget_exhausted_on', type: 'datetime', description: 'When the budget runs out at the last day\u2019s burn rate; empty when it does not' },
      { name: 'suppressed', type: 'string', description: 'Why the window\u2019s numbers (good, total, attainment, budget_*, budget_exhausted_on) are empty: small-cell or complementary, as for a KPI, when the SLO counts the events of a KPI under small-cell suppression and its numbers would give a withheld count away; empty when published. status is given either way' },
      { name: 'burn_rates_suppressed', type: 'string', description: 'The burn-rate windows withheld for the same reason, e.g. 5m 30m 1h (their burn_rate_ columns are empty); empty when none' },
    ],
    primaryKey: ['program_id', 'slo_id'],
  };
}

export function sloRows(program: ProgramModel): Row[] {
  return program.slos.map((slo: SloModel) => {
    const burn = new Map(slo.burn_rates.map((rate) => [rate.window, rate.burn_rate]));
    const row: Row = {
      program_id: program.program.id,
      slo_id: slo.id,
      name: slo.name,
      as_of: utc(program.at),
      window: slo.window,
      window_start: utc(slo.window_start),
      window_end: utc(slo.window_end),
      budgeting: slo.budgeting,
      objective: slo.objective,
      good: slo.good,
      total: slo.total,
      attainment: slo.attainment,
      budget_allowed: slo.budget.allowed,
      budget_consumed: slo.budget.consumed,
      budget_remaining: slo.budget.remaining,
    };
    for (const window of BURN_COLUMNS) row[`burn_rate_${window}`] = burn.get(window) ?? null;
    row.status = slo.status;
    row.budget_exhausted_on = slo.exhaustion.date ? utc(slo.exhaustion.date) : null;
    row.suppressed = slo.suppressed;
    const withheld = slo.burn_rates.filter((rate) => rate.suppressed).map((rate) => rate.window);
    row.burn_rates_suppressed = withheld.length > 0 ? withheld.join(' ') : null;
    return row;
  });
}

/** `2026-11-01T00:00:00.000Z` → `2026-11-01T00:00:00Z`: ISO 8601 UTC without milliseconds that are zero. */
export function utc(instant: string): string {
  return instant.replace(/\.000Z$/, 'Z');
}

/** The data dictionary: every column of every kind of file, with its type and meaning. */
export const DICTIONARY_TABLE: Table = {
  name: 'dictionary',
  title: 'Data dictionary',
  description: 'Every column of every kind of open-data file: its type and what it holds, with units.',
  columns: [
    { name: 'files', type: 'string', description: 'Which files have the column (a path pattern)' },
    { name: 'column', type: 'string', description: 'Column name' },
    { name: 'type', type: 'string', description: 'string, datetime (ISO 8601 UTC), integer, number or boolean (true/false)' },
    { name: 'description', type: 'string', description: 'What the column holds, with its unit' },
  ],
  primaryKey: ['files', 'column'],
};

export function dictionaryRows(): Row[] {
  const unit = 'the KPI\u2019s unit';
  const families: { files: string; columns: Column[] }[] = [
    ...(Object.keys(KIND_STATS) as KpiKind[]).map((kind) => ({
      files: `data/<program>/<kpi>.{daily,hourly}.{csv,json,parquet} of a ${kind} KPI`,
      columns: [...seriesHead, ...seriesBody('daily', KIND_STATS[kind], unit, kind === 'ratio' ? 'number' : 'integer')],
    })),
    { files: 'data/all/kpi-{daily,hourly}.{csv,parquet}', columns: combinedSeriesTable('daily').columns },
    { files: 'data/<program>/slos.{csv,json,parquet}, data/all/slos.{csv,json,parquet}', columns: sloTable('slos', '').columns },
    { files: 'data/<program>/slo-daily.{csv,json,parquet}, data/all/slo-daily.{csv,json,parquet}', columns: sloHistoryTable('slo-daily', '').columns },
    { files: 'data/incidents.{csv,json}', columns: INCIDENTS_TABLE.columns },
  ];
  return families.flatMap(({ files, columns }) => columns.map((column) => ({
    files,
    column: column.name,
    type: column.type,
    // A series column's description names its period; in the dictionary it is either.
    description: column.description.replace(/UTC day \(/, 'UTC day or hour (').replace(/Length of the period: day/, 'Length of the period: day or hour').replace(/\[start, start \+ 1 day\)/, '[start, start + 1 day or hour)'),
  })));
}

/** Each public SLO at the end of each of its last 90 days: the daily record of whether the promise was kept. */
export function sloHistoryTable(name: string, title: string): Table {
  return {
    name,
    title,
    description: 'Each public SLO evaluated at the end of each of the last 90 days over its window ending there. Status from the budget and the 1-day and 3-day burn rates.',
    columns: [
      ...sloHead,
      { name: 'end', type: 'datetime', description: 'End of the day the row is about (UTC midnight; local midnight for calendar-month SLOs), ISO 8601 UTC' },
      { name: 'good', type: 'number', description: 'Good events in the SLO window ending at end (good slices, for a time-slice SLO)' },
      { name: 'total', type: 'number', description: 'All events in the SLO window ending at end (slices with events, for a time-slice SLO)' },
      { name: 'attainment', type: 'number', description: 'good / total, from 0 to 1; empty below the minimum sample size' },
      { name: 'budget_remaining', type: 'number', description: 'Share of the error budget left, negative when overspent; empty without events' },
      { name: 'burn_rate_1d', type: 'number', description: 'Burn rate over the day ending at end' },
      { name: 'burn_rate_3d', type: 'number', description: 'Burn rate over the 3 days ending at end' },
      { name: 'status', type: 'string', description: 'ok, warning, breach or no-data' },
      { name: 'suppressed', type: 'string', description: 'Why the row\u2019s numbers (all but status) are empty: small-cell or complementary, when the SLO counts the events of a KPI under small-cell suppression and its window, last day or last 3 days would give a withheld count away; empty when published' },
    ],
    primaryKey: ['program_id', 'slo_id', 'end'],
  };
}

export function sloHistoryRows(program: ProgramModel): Row[] {
  return program.slos.flatMap((slo) => slo.history.map((point) => ({
    program_id: program.program.id,
    slo_id: slo.id,
    end: utc(point.end),
    good: point.good,
    total: point.total,
    attainment: point.attainment,
    budget_remaining: point.budget_remaining,
    burn_rate_1d: point.burn_rate_1d,
    burn_rate_3d: point.burn_rate_3d,
    status: point.status,
    suppressed: point.suppressed,
  })));
}

/** The published incidents of every program: one row per incident. */
export const INCIDENTS_TABLE: Table = {
  name: 'incidents',
  title: 'All programs: incidents',
  description: 'Each published incident of the alert job: opened when a public alert fired, resolved when it stopped. Who worked on it and how is not published (see /about/#incidents-and-maintenance).',
  columns: [
    { name: 'id', type: 'string', description: 'Incident identifier, e.g. INC-20261027-76e5cb (the opening UTC date and a hash); the program page lists it under this id' },
    { name: 'program_id', type: 'string', description: 'Program identifier' },
    { name: 'rule', type: 'string', description: 'The alert rule that opened the incident, e.g. docket-latency-high; <slo>:page or <slo>:ticket for an SLO\u2019s burn-rate alert' },
    { name: 'title', type: 'string', description: 'What the alert said when it fired' },
    { name: 'severity', type: 'string', description: 'critical or warning' },
    { name: 'status', type: 'string', description: 'open or resolved (an acknowledged incident is open)' },
    { name: 'started_at', type: 'datetime', description: 'When the alert\u2019s condition started holding (ISO 8601, UTC)' },
    { name: 'opened_at', type: 'datetime', description: 'When the alert fired and the incident was opened (ISO 8601, UTC)' },
    { name: 'resolved_at', type: 'datetime', description: 'When it was resolved (ISO 8601, UTC); empty while open' },
    { name: 'duration_minutes', type: 'integer', description: 'resolved_at - started_at, in minutes (rounded to the nearest minute); empty while open' },
  ],
  primaryKey: ['id'],
};

/** Rows of the incidents table, newest first (by start, then opening, then id), as program documents list them. */
export function incidentRows(incidents: readonly IncidentModel[]): Row[] {
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...incidents]
    .sort((a, b) => compare(b.started_at, a.started_at) || compare(b.opened_at, a.opened_at) || compare(a.id, b.id))
    .map((incident) => ({
      id: incident.id,
      program_id: incident.program,
      rule: incident.rule,
      title: incident.title,
      severity: incident.severity,
      status: incident.status,
      started_at: utc(incident.started_at),
      opened_at: utc(incident.opened_at),
      resolved_at: incident.resolved_at === null ? null : utc(incident.resolved_at),
      duration_minutes: incidentMinutes(incident),
    }));
}

/** An incident's length in whole minutes, from its start to its resolution; null while open. */
export function incidentMinutes(incident: Pick<IncidentModel, 'started_at' | 'resolved_at'>): number | null {
  return incident.resolved_at === null ? null : Math.round((Date.parse(incident.resolved_at) - Date.parse(incident.started_at)) / 60_000);
}
