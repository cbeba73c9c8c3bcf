import type { IncidentModel, ModelIndex, ProgramModel } from '../schemas/model.ts';
import { DCAT_US_CONFORMS_TO, DCAT_US_CONTEXT, DCAT_US_DESCRIBED_BY, type Catalog, type Dataset as DcatDataset } from '../schemas/dcat-us.ts';
import { parseDuration } from '../duration.ts';
import { calendarMonth } from '../windows.ts';
import { combinedSeriesTable, INCIDENTS_TABLE, kpiSeriesTable, RESOLUTIONS, sloHistoryTable, sloTable, utc, type Resolution, type Table } from './tables.ts';

/**
 * What the open-data exports publish: datasets (a KPI, a program's SLOs, or one kind of table
 * across programs), each with its files in three formats. Paths are relative to the site root;
 * identifiers are the dataset's URL under the portal's base URL, so they stay the same across rebuilds.
 */

export const FORMATS = {
  csv: { mediaType: 'text/csv', format: 'CSV' },
  json: { mediaType: 'application/json', format: 'JSON' },
  parquet: { mediaType: 'application/vnd.apache.parquet', format: 'Parquet' },
} as const;
export type Format = keyof typeof FORMATS;

export interface ExportFile {
  /** Relative to the site root, e.g. `data/cms-eligibility/review-time.daily.csv`. */
  path: string;
  format: Format;
  table: Table;
}

export interface ExportDataset {
  /** Relative to the site root, e.g. `data/cms-eligibility/review-time`. */
  id: string;
  title: string;
  description: string;
  keywords: string[];
  /** When its data last changed: its newest data point (not the build time). */
  modified: string | null;
  /** First and last instant its rows cover. */
  temporal: { start: string; end: string } | null;
  /** How often new data arrives, in seconds. */
  updateSeconds: number;
  /** The page that shows it, relative to the site root. */
  landingPage: string;
  /** The agency whose data it is, and the portal's publisher when that is another organization. */
  publisher: string;
  parentPublisher: string | null;
  contact: { name: string; email: string };
  /** OMB bureau and Federal Program Inventory codes (DCAT-US lists): a program's own, or every program's for the all-program datasets. */
  bureauCodes: string[];
  programCodes: string[];
  spatial: string | null;
  files: ExportFile[];
  /** Where its rows of each kind of all-program table begin, for those tables' time spans (widenSpan). */
  firsts?: Partial<Record<CombinedFamily, string>>;
}

/** The kinds of rows the all-program tables gather: KPI series of each resolution, and SLOs. */
type CombinedFamily = Resolution | 'slos';

const formats = Object.keys(FORMATS) as Format[];
const filesOf = (stem: string, table: Table, only: readonly Format[] = formats): ExportFile[] => only.map((format) => ({ path: `${stem}.${format}`, format, table }));

/** The records a spreadsheet holds below its header row: Excel's sheet has 1 048 576 rows. */
export const SPREADSHEET_ROWS = 1_048_575;

/**
 * The formats of an all-program KPI series. Never JSON: as one JSON document the bench portal's
 * hourly table would be 1.9 GB, more than JSON.parse can take in a browser or Node (a string stops at
 * 512 MB); each program's own JSON files carry the same rows. CSV while its rows fit a spreadsheet:
 * a longer CSV opens in Excel cut short, silently to whoever does not read the warning (the bench
 * portal's hourly table: 4.3 M rows, 778 MB), and each program's own CSV files carry the same rows.
 * Parquet always.
 */
export function combinedSeriesFormats(index: ModelIndex, resolution: Resolution): Format[] {
  return combinedSeriesRows(index, resolution) <= SPREADSHEET_ROWS ? ['csv', 'parquet'] : ['parquet'];
}

/** The rows of an all-program KPI series: every program's points of that resolution (the index counts them). */
export function combinedSeriesRows(index: ModelIndex, resolution: Resolution): number {
  return index.programs.reduce((sum, line) => sum + line.series_rows[resolution], 0);
}

/** The incidents table is small (a row per incident): CSV and JSON. */
const INCIDENTS_FORMATS: readonly Format[] = ['csv', 'json'];

/** Where the incidents table is, relative to the site root (without the extension). */
export const INCIDENTS_STEM = 'data/incidents';

/** A program's datasets: one per public KPI (daily and hourly series) and one for its SLOs, if any. */
export function programDatasets(index: ModelIndex, program: ProgramModel): ExportDataset[] {
  const p = program.program;
  const common = {
    publisher: p.agency,
    parentPublisher: p.agency === index.portal.publisher ? null : index.portal.publisher,
    contact: p.contact,
    bureauCodes: p.bureau_code ? [p.bureau_code] : [],
    programCodes: p.program_code ? [p.program_code] : [],
    spatial: p.spatial,
    updateSeconds: program.freshness.expected_interval_seconds,
  };
  const datasets: ExportDataset[] = program.kpis.map((kpi) => {
    const firsts = Object.fromEntries((Object.keys(RESOLUTIONS) as Resolution[]).flatMap((r) => {
      const first = kpi[r].map((point) => point.start).sort()[0];
      return first ? [[r, first]] : [];
    }));
    const start = Object.values(firsts).sort()[0];
    return {
      ...common,
      firsts,
      id: `data/${p.id}/${kpi.id}`,
      title: `${p.name}: ${kpi.label}`,
      description: `${kpi.description ? `${kpi.description} ` : ''}Daily (all history) and hourly (last 90 days) ${kpi.label.toLowerCase()} of ${p.name} (${p.agency}), with the sample size of every number. Headline statistic: ${kpi.stat}${kpi.unit ? `, in ${kpi.unit}` : ''}.`,
      keywords: keywords(p.tags, [kpi.kind, 'performance', 'service level']),
      modified: kpi.freshness.newest,
      temporal: start ? { start, end: kpi.freshness.newest ?? program.at } : null,
      updateSeconds: kpi.freshness.expected_interval_seconds,
      landingPage: `programs/${p.id}/${kpi.id}/`,
      files: (Object.keys(RESOLUTIONS) as Resolution[]).flatMap((resolution) => filesOf(`data/${p.id}/${kpi.id}.${resolution}`, kpiSeriesTable(program, kpi, resolution))),
    };
  });
  if (program.slos.length > 0) {
    const sloStart = program.slos.flatMap((slo) => sloStarts(slo, p.time_zone)).sort()[0]!;
    datasets.push({
      ...common,
      firsts: { slos: sloStart },
      id: `data/${p.id}/slos`,
      title: `${p.name}: service level objectives`,
      description: `Attainment, error budget, burn rates and status of each public service level objective of ${p.name} (${p.agency}): now, and at the end of each of the last 90 days.`,
      keywords: keywords(p.tags, ['slo', 'service level', 'error budget']),
      modified: program.freshness.newest,
      temporal: { start: sloStart, end: program.at },
      landingPage: `programs/${p.id}/`,
      files: [
        ...filesOf(`data/${p.id}/slos`, sloTable(`${p.id}-slos`, `${p.name}: SLOs`)),
        ...filesOf(`data/${p.id}/slo-daily`, sloHistoryTable(`${p.id}-slo-daily`, `${p.name}: SLOs day by day`)),
      ],
    });
  }
  return datasets;
}

/**
 * Where the rows of an SLO's files begin: the start of the earliest window its day-by-day history
 * covers (the window ending at the first day's end, and that day's 3-day burn rate), or of its
 * current window.
 */
function sloStarts(slo: ProgramModel['slos'][number], timeZone: string): string[] {
  const first = slo.history[0];
  if (!first) return [slo.window_start];
  const end = Date.parse(first.end);
  const window = slo.window === 'calendar-month' ? calendarMonth(new Date(end - 1), timeZone).start.getTime() : end - (parseDuration(slo.window) ?? 0) * 1000;
  return [slo.window_start, new Date(Math.min(window, end - 3 * 86_400_000)).toISOString()];
}

/** Accumulates what the all-program datasets need while programs stream past. */
export interface CombinedSpan {
  newest: string | null;
  /** Where each all-program table's rows begin. */
  first: Partial<Record<CombinedFamily, string>>;
  updateSeconds: number;
  /** Every program's bureau and program codes. */
  bureauCodes: Set<string>;
  programCodes: Set<string>;
}

export function emptySpan(): CombinedSpan {
  return { newest: null, first: {}, updateSeconds: Infinity, bureauCodes: new Set(), programCodes: new Set() };
}

export function widenSpan(span: CombinedSpan, datasets: readonly ExportDataset[]): void {
  for (const d of datasets) {
    if (d.modified && (!span.newest || d.modified > span.newest)) span.newest = d.modified;
    for (const [family, start] of Object.entries(d.firsts ?? {}) as [CombinedFamily, string][]) {
      if (!span.first[family] || start < span.first[family]!) span.first[family] = start;
    }
    span.updateSeconds = Math.min(span.updateSeconds, d.updateSeconds);
    for (const code of d.bureauCodes) span.bureauCodes.add(code);
    for (const code of d.programCodes) span.programCodes.add(code);
  }
}

/**
 * The all-program datasets: every KPI's daily series, every KPI's hourly series, every SLO, and the
 * published incidents of every program (`incidents`: all programs' `incidents`).
 */
export function combinedDatasets(index: ModelIndex, span: CombinedSpan, incidents: readonly IncidentModel[]): ExportDataset[] {
  const common = {
    publisher: index.portal.publisher,
    parentPublisher: null,
    contact: index.portal.contact,
    bureauCodes: [...span.bureauCodes].sort(),
    programCodes: [...span.programCodes].sort(),
    spatial: null,
    modified: span.newest,
    updateSeconds: Number.isFinite(span.updateSeconds) ? span.updateSeconds : 3600,
    landingPage: 'data/',
  };
  const temporal = (family: CombinedFamily) => (span.first[family] ? { start: span.first[family]!, end: span.newest ?? index.at } : null);
  const seriesDataset = (resolution: Resolution): ExportDataset => ({
    ...common,
    temporal: temporal(resolution),
    id: `data/all/kpi-${resolution}`,
    title: `${index.portal.title}: all KPIs, ${resolution}`,
    description: `Every public KPI of every program of ${index.portal.title}, one row per KPI and UTC ${RESOLUTIONS[resolution]}.`,
    keywords: ['performance', 'service level', 'kpi'],
    files: filesOf(`data/all/kpi-${resolution}`, combinedSeriesTable(resolution), combinedSeriesFormats(index, resolution)),
  });
  return [
    seriesDataset('daily'),
    seriesDataset('hourly'),
    {
      ...common,
      id: 'data/all/slos',
      temporal: temporal('slos'),
      title: `${index.portal.title}: all service level objectives`,
      description: `Every public service level objective of every program of ${index.portal.title}: attainment, error budget, burn rates and status, now and day by day.`,
      keywords: ['slo', 'service level', 'error budget'],
      files: [
        ...filesOf('data/all/slos', sloTable('all-slos', 'All programs: SLOs')),
        ...filesOf('data/all/slo-daily', sloHistoryTable('all-slo-daily', 'All programs: SLOs day by day')),
      ],
    },
    incidentsDataset(index, common, incidents),
  ];
}

/**
 * The incidents dataset. Its rows change only when an incident opens or resolves, so `modified` is
 * the newest of those instants (the model's `at` when there is none), and its time span runs from
 * the first start to the last resolution (or `at`, while one is open).
 */
function incidentsDataset(index: ModelIndex, common: Omit<ExportDataset, 'id' | 'title' | 'description' | 'keywords' | 'files' | 'temporal'>, incidents: readonly IncidentModel[]): ExportDataset {
  const changes = incidents.flatMap((incident) => [incident.opened_at, ...(incident.resolved_at === null ? [] : [incident.resolved_at])]).sort();
  const starts = incidents.map((incident) => incident.started_at).sort();
  const ends = incidents.map((incident) => incident.resolved_at ?? index.at).sort();
  return {
    ...common,
    id: INCIDENTS_STEM,
    title: `${index.portal.title}: incidents`,
    description: `Each published incident of ${index.portal.title}: when an alert on a public program fired and when it was resolved, one row per incident. Timelines are on the program pages.`,
    keywords: ['incidents', 'service level', 'reliability'],
    modified: changes.at(-1) ?? null,
    temporal: starts.length > 0 ? { start: starts[0]!, end: ends.at(-1)! } : null,
    files: filesOf(INCIDENTS_STEM, INCIDENTS_TABLE, INCIDENTS_FORMATS),
  };
}

/** ISO 8601 repeating duration for an update interval: 3600 → `R/PT1H`, 86400 → `R/P1D`. */
export function periodicity(seconds: number): string {
  if (seconds % 86_400 === 0) return `R/P${seconds / 86_400}D`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `R/PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
}

/** The data.gov catalog (DCAT-US 1.1) of the given datasets, with absolute URLs under the base URL. */
export function dcatCatalog(index: ModelIndex, datasets: readonly ExportDataset[]): Catalog {
  const base = index.portal.base_url.endsWith('/') ? index.portal.base_url : `${index.portal.base_url}/`;
  return {
    '@context': DCAT_US_CONTEXT,
    '@id': `${base}data.json`,
    '@type': 'dcat:Catalog',
    conformsTo: DCAT_US_CONFORMS_TO,
    describedBy: DCAT_US_DESCRIBED_BY,
    dataset: datasets.map((d): DcatDataset => ({
      '@type': 'dcat:Dataset',
      title: d.title,
      description: d.description,
      keyword: d.keywords,
      modified: utc(d.modified ?? index.at),
      publisher: {
        '@type': 'org:Organization',
        name: d.publisher,
        ...(d.parentPublisher ? { subOrganizationOf: { '@type': 'org:Organization', name: d.parentPublisher } } : {}),
      },
      contactPoint: { '@type': 'vcard:Contact', fn: d.contact.name, hasEmail: `mailto:${d.contact.email}` },
      identifier: `${base}${d.id}`,
      accessLevel: 'public',
      ...(d.bureauCodes.length > 0 ? { bureauCode: d.bureauCodes } : {}),
      ...(d.programCodes.length > 0 ? { programCode: d.programCodes } : {}),
      license: index.portal.license,
      ...(d.spatial ? { spatial: d.spatial } : {}),
      ...(d.temporal ? { temporal: `${utc(d.temporal.start)}/${utc(d.temporal.end)}` } : {}),
      accrualPeriodicity: periodicity(d.updateSeconds),
      language: ['en-US'],
      landingPage: `${base}${d.landingPage}`,
      describedBy: `${base}data/dictionary.csv`,
      describedByType: 'text/csv',
      distribution: d.files.map((file) => ({
        '@type': 'dcat:Distribution',
        downloadURL: `${base}${file.path}`,
        mediaType: FORMATS[file.format].mediaType,
        format: FORMATS[file.format].format,
        title: `${file.table.title} (${FORMATS[file.format].format})`,
        describedBy: `${base}data/datapackage.json`,
        describedByType: 'application/json',
      })),
    })),
  };
}

function keywords(tags: readonly string[], extra: readonly string[]): string[] {
  return [...new Set([...tags, ...extra])];
}
