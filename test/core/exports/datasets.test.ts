import { describe, expect, it } from 'vitest';
import { dataPackage } from '../../../src/core/exports/datapackage.ts';
import { combinedDatasets, combinedSeriesFormats, combinedSeriesRows, dcatCatalog, emptySpan, periodicity, programDatasets, SPREADSHEET_ROWS, widenSpan } from '../../../src/core/exports/datasets.ts';
import { DataPackageSchema } from '../../../src/core/schemas/datapackage.ts';
import { CatalogSchema, FederalCatalogSchema } from '../../../src/core/schemas/dcat-us.ts';
import type { IncidentModel } from '../../../src/core/schemas/model.ts';
import { smallIndex, smallProgram } from '../../fixtures/model/small-model.ts';

function catalogOfSmallModel(incidents: IncidentModel[] = []) {
  const index = smallIndex();
  const own = programDatasets(index, smallProgram());
  const span = emptySpan();
  widenSpan(span, own);
  return { index, datasets: [...own, ...combinedDatasets(index, span, incidents)] };
}

const incident = (id: string, started: string, opened: string, resolved: string | null): IncidentModel => ({
  id, program: 'benefits', rule: 'wait-high', title: 'Wait too long', severity: 'critical', status: resolved ? 'resolved' : 'open', acknowledged: false,
  started_at: started, opened_at: opened, resolved_at: resolved, timeline: [],
});

describe('periodicity', () => {
  it.each([[3600, 'R/PT1H'], [86_400, 'R/P1D'], [900, 'R/PT15M'], [5400, 'R/PT1H30M'], [604_800, 'R/P7D'], [90, 'R/PT1M30S']])('%d s is %s', (seconds, expected) => {
    expect(periodicity(seconds)).toBe(expected);
  });
});

describe('programDatasets', () => {
  it('makes one dataset per KPI with daily and hourly files in three formats, and one for the SLOs', () => {
    const datasets = programDatasets(smallIndex(), smallProgram());
    expect(datasets.map((d) => d.id)).toEqual(['data/benefits/wait', 'data/benefits/errors', 'data/benefits/slos']);
    expect(datasets[0]!.files.map((f) => f.path)).toEqual([
      'data/benefits/wait.daily.csv', 'data/benefits/wait.daily.json', 'data/benefits/wait.daily.parquet',
      'data/benefits/wait.hourly.csv', 'data/benefits/wait.hourly.json', 'data/benefits/wait.hourly.parquet',
    ]);
    // modified is the newest data point, not the build time; temporal runs from the first row to it
    expect(datasets[0]!.modified).toBe('2026-10-31T23:00:00.000Z');
    expect(datasets[0]!.temporal).toEqual({ start: '2026-10-30T00:00:00.000Z', end: '2026-10-31T23:00:00.000Z' });
  });
});

describe('time spans', () => {
  it('run from the first row each file holds: hourly tables from their first hour, SLO tables from the first history window', () => {
    const { datasets } = catalogOfSmallModel();
    const temporal = (id: string) => datasets.find((d) => d.id === id)!.temporal;
    // The first history row ends on Oct 30: its 28-day window starts 28 days before, on Oct 2
    // (before the current window's Oct 4, and before that day's 3-day burn rate's Oct 27).
    expect(temporal('data/benefits/slos')).toEqual({ start: '2026-10-02T00:00:00.000Z', end: '2026-11-01T00:00:00.000Z' });
    expect(temporal('data/all/slos')?.start).toBe('2026-10-02T00:00:00.000Z');
    // Daily rows begin on Oct 30 (the wait KPI's first day), hourly rows at Oct 31, 22:00 (its only hour):
    // the all-program hourly table does not claim the daily table's span.
    expect(temporal('data/all/kpi-daily')?.start).toBe('2026-10-30T00:00:00.000Z');
    expect(temporal('data/all/kpi-hourly')?.start).toBe('2026-10-31T22:00:00.000Z');
  });
});

describe('the incidents dataset', () => {
  const find = (incidents: IncidentModel[]) => catalogOfSmallModel(incidents).datasets.find((d) => d.id === 'data/incidents')!;

  it('has a CSV and a JSON file, and is modified when an incident last opened or resolved, not at the build', () => {
    const dataset = find([
      incident('INC-20261020-aaaaaa', '2026-10-20T10:00:00.000Z', '2026-10-20T10:02:00.000Z', '2026-10-20T11:00:00.000Z'),
      incident('INC-20261029-bbbbbb', '2026-10-29T08:00:00.000Z', '2026-10-29T08:05:00.000Z', null),
    ]);
    expect(dataset.files.map((f) => f.path)).toEqual(['data/incidents.csv', 'data/incidents.json']);
    // the newest of the openings (Oct 20 10:02, Oct 29 08:05) and the resolution (Oct 20 11:00)
    expect(dataset.modified).toBe('2026-10-29T08:05:00.000Z');
    // from the first start to the model's at, since one is still open
    expect(dataset.temporal).toEqual({ start: '2026-10-20T10:00:00.000Z', end: '2026-11-01T00:00:00.000Z' });
  });

  it('without incidents has no time span, and the catalog falls back to the model\u2019s at', () => {
    const { index, datasets } = catalogOfSmallModel();
    expect(find([]).modified).toBeNull();
    expect(find([]).temporal).toBeNull();
    const entry = CatalogSchema.parse(dcatCatalog(index, datasets)).dataset.find((d) => d.identifier.endsWith('/data/incidents'))!;
    expect(entry.modified).toBe('2026-11-01T00:00:00Z');
    expect(entry.distribution!.map((d) => d.mediaType)).toEqual(['text/csv', 'application/json']);
  });
});

describe('dcatCatalog', () => {
  it('is a valid federal DCAT-US 1.1 catalog with absolute, stable identifiers and download URLs', () => {
    const { index, datasets } = catalogOfSmallModel();
    const catalog = FederalCatalogSchema.safeParse({ ...dcatCatalog(index, datasets), dataset: dcatCatalog(index, datasets).dataset.slice(0, 3) });
    expect(catalog.success, JSON.stringify(catalog.error?.issues)).toBe(true);
    const all = CatalogSchema.parse(dcatCatalog(index, datasets));
    expect(all.conformsTo).toBe('https://project-open-data.cio.gov/v1.1/schema');
    const wait = all.dataset[0]!;
    expect(wait.identifier).toBe('https://perf.example.gov/data/benefits/wait');
    expect(wait.modified).toBe('2026-10-31T23:00:00Z');
    expect(wait.temporal).toBe('2026-10-30T00:00:00Z/2026-10-31T23:00:00Z');
    expect(wait.accrualPeriodicity).toBe('R/PT1H');
    expect(wait.contactPoint.hasEmail).toBe('mailto:calls@example.gov');
    expect(wait.publisher).toEqual({ '@type': 'org:Organization', name: 'Benefits Office', subOrganizationOf: { '@type': 'org:Organization', name: 'Test Agency' } });
    expect(wait.bureauCode).toEqual(['018:00']);
    expect(wait.distribution![2]).toMatchObject({ downloadURL: 'https://perf.example.gov/data/benefits/wait.daily.parquet', mediaType: 'application/vnd.apache.parquet', format: 'Parquet' });
    // The all-program datasets carry every program's codes, so the whole catalog is a federal one.
    expect(FederalCatalogSchema.safeParse(all).error?.issues ?? []).toEqual([]);
    const combined = all.dataset.find((d) => d.identifier.endsWith('/data/all/kpi-daily'))!;
    expect([combined.bureauCode, combined.programCode]).toEqual([['018:00'], ['018:000']]);
  });

  it('the schema rejects what DCAT-US 1.1 forbids', () => {
    const { index, datasets } = catalogOfSmallModel();
    const good = dcatCatalog(index, datasets);
    const broken = (edit: (d: Record<string, unknown>) => void) => {
      const copy = structuredClone(good);
      edit(copy.dataset[0] as unknown as Record<string, unknown>);
      const result = CatalogSchema.safeParse(copy);
      return result.success ? [] : result.error.issues.map((issue) => `${issue.path.slice(2).join('.')}: ${issue.message}`);
    };
    expect(broken(() => {})).toEqual([]);
    expect(broken((d) => { delete d.keyword; })).toEqual(['keyword: Invalid input: expected array, received undefined']);
    expect(broken((d) => { d.accessLevel = 'open'; })[0]).toMatch(/^accessLevel: /);
    expect(broken((d) => { d.bureauCode = ['18:0']; })).toEqual(['bureauCode.0: expected NNN:NN']);
    expect(broken((d) => { d.programCode = ['018:00']; })).toEqual(['programCode.0: expected NNN:NNN']);
    expect(broken((d) => { (d.contactPoint as Record<string, string>).hasEmail = 'calls@example.gov'; })).toEqual(['contactPoint.hasEmail: expected mailto:name@example.gov']);
    expect(broken((d) => { d.modified = 'yesterday'; })).toEqual(['modified: expected an ISO 8601 date or time, e.g. 2026-11-01T00:00:00Z']);
    expect(broken((d) => { d.modified = '2026-02-30T25:00:00Z'; })).toHaveLength(1);
    expect(broken((d) => { d.accrualPeriodicity = 'hourly'; })).toHaveLength(1);
    expect(broken((d) => { d.temporal = '2026-10-30'; })).toHaveLength(1);
    expect(broken((d) => { delete (d.distribution as Record<string, unknown>[])[0]!.mediaType; })).toEqual(['distribution.0.mediaType: mediaType: required when downloadURL is given']);
    expect(broken((d) => { d.accessLevel = 'non-public'; })).toEqual(['rights: rights: required when accessLevel is not public']);
    const duplicated = structuredClone(good);
    duplicated.dataset[1]!.identifier = duplicated.dataset[0]!.identifier;
    expect(CatalogSchema.safeParse(duplicated).success).toBe(false);
  });
});

describe('dataPackage', () => {
  it('describes every CSV file with its dialect and a Table Schema, and validates', () => {
    const { index, datasets } = catalogOfSmallModel();
    const pkg = DataPackageSchema.parse(dataPackage(index, datasets));
    expect(pkg.resources.map((r) => r.path)).toEqual([
      'benefits/wait.daily.csv', 'benefits/wait.hourly.csv', 'benefits/errors.daily.csv', 'benefits/errors.hourly.csv', 'benefits/slos.csv', 'benefits/slo-daily.csv',
      'all/kpi-daily.csv', 'all/kpi-hourly.csv', 'all/slos.csv', 'all/slo-daily.csv', 'incidents.csv',
    ]);
    const wait = pkg.resources[0]!;
    expect(wait.dialect.lineTerminator).toBe('\r\n');
    expect(wait.schema.primaryKey).toEqual(['program_id', 'kpi_id', 'start']);
    expect(wait.schema.fields.find((f) => f.name === 'p95')).toEqual({ name: 'p95', type: 'number', description: '95th percentile (s); exact over raw events, within 1 % over rollups' });
    expect(wait.schema.fields.find((f) => f.name === 'n')!.type).toBe('integer');
    // a ratio's n is a sum of counter values
    expect(pkg.resources[2]!.schema.fields.find((f) => f.name === 'n')!.type).toBe('number');
  });
});

describe('combinedSeriesFormats', () => {
  // Two programs whose hourly series together hold `hourly` rows.
  const indexWith = (hourly: number) => {
    const index = smallIndex();
    const line = index.programs[0]!;
    index.programs = [{ ...line, series_rows: { daily: 3, hourly: hourly - 1000 } }, { ...line, id: 'other', series_rows: { daily: 5, hourly: 1000 } }];
    return index;
  };

  it('an all-program series comes as CSV and Parquet while its rows fit a spreadsheet, as Parquet only beyond', () => {
    expect(SPREADSHEET_ROWS).toBe(1_048_576 - 1); // Excel's rows, less the header
    expect(combinedSeriesRows(indexWith(SPREADSHEET_ROWS), 'hourly')).toBe(1_048_575);
    expect(combinedSeriesRows(indexWith(SPREADSHEET_ROWS), 'daily')).toBe(8);
    expect(combinedSeriesFormats(indexWith(SPREADSHEET_ROWS), 'hourly')).toEqual(['csv', 'parquet']);
    expect(combinedSeriesFormats(indexWith(SPREADSHEET_ROWS + 1), 'hourly')).toEqual(['parquet']);
    expect(combinedSeriesFormats(indexWith(SPREADSHEET_ROWS + 1), 'daily')).toEqual(['csv', 'parquet']);
  });

  it('the catalog and the data package then list no CSV of that series, and keep every other file', () => {
    const listed = (hourly: number) => {
      const index = indexWith(hourly);
      const span = emptySpan();
      widenSpan(span, programDatasets(index, smallProgram()));
      const datasets = combinedDatasets(index, span, []);
      return {
        files: datasets.find((d) => d.id === 'data/all/kpi-hourly')!.files.map((f) => f.path),
        resources: dataPackage(index, datasets).resources.map((r) => r.path),
        urls: dcatCatalog(index, datasets).dataset.flatMap((d) => d.distribution!.map((x) => x.downloadURL)),
      };
    };
    const fits = listed(SPREADSHEET_ROWS);
    const long = listed(SPREADSHEET_ROWS + 1);
    expect(fits.files).toEqual(['data/all/kpi-hourly.csv', 'data/all/kpi-hourly.parquet']);
    expect(long.files).toEqual(['data/all/kpi-hourly.parquet']);
    expect(fits.resources.filter((path) => !long.resources.includes(path))).toEqual(['all/kpi-hourly.csv']);
    expect(fits.urls.filter((url) => !long.urls.includes(url))).toEqual(['https://perf.example.gov/data/all/kpi-hourly.csv']);
    expect(long.urls).toContain('https://perf.example.gov/data/all/kpi-daily.csv');
  });
});
