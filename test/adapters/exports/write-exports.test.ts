import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataPackageSchema } from '../../../src/core/schemas/datapackage.ts';
import { CatalogSchema, FederalCatalogSchema } from '../../../src/core/schemas/dcat-us.ts';
import { readModelIndex, readProgramWithHourly } from '../../../src/adapters/model/read-model.ts';
import { combinedSeriesTable, sloHistoryRows, sloRows, type Row } from '../../../src/core/exports/tables.ts';
import type { ModelIndex, ProgramModel } from '../../../src/core/schemas/model.ts';
import { SPREADSHEET_ROWS } from '../../../src/core/exports/datasets.ts';
import { runCli } from '../../helpers/cli.ts';

// One build of the bundled sample and one export of it, shared by the tests below.
const dir = mkdtempSync(join(tmpdir(), 'hms-ops-exports-'));
const model = join(dir, 'model');
const site = join(dir, 'dist');
let db: DuckDBConnection;
let exported: Awaited<ReturnType<typeof runCli>>;

beforeAll(async () => {
  const build = await runCli(['build', '--store', join(dir, 'store.duckdb'), '--model', model], { SOURCE_DATE_EPOCH: '1790000000' });
  expect(build.code).toBe(0);
  exported = await runCli(['export', '--model', model, '--out', site]);
  db = await (await DuckDBInstance.create(':memory:')).connect();
}, 120_000);
afterAll(() => {
  db.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

const programs = (): ProgramModel[] => readModelIndex(model).programs.map((line) => readProgramWithHourly(model, line));
const filesUnder = (root: string) => readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
const rows = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

describe('hms-ops export on the sample portal', () => {
  it('reports what it wrote', () => {
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/^exports: 23 datasets, 131 files \([\d.]+ MB\) in .*data\n$/);
  });

  it('every KPI CSV, JSON and Parquet file reads back (DuckDB read_csv) with exactly the numbers of the model', async () => {
    let compared = 0;
    for (const program of programs()) {
      for (const kpi of program.kpis) {
        for (const resolution of ['daily', 'hourly'] as const) {
          const stem = join(site, 'data', program.program.id, `${kpi.id}.${resolution}`);
          const csv = await rows(`SELECT * FROM read_csv('${stem}.csv', header = true) ORDER BY start`);
          const parquet = await rows(`SELECT * FROM read_parquet('${stem}.parquet') ORDER BY start`);
          const json = JSON.parse(readFileSync(`${stem}.json`, 'utf8')) as Record<string, unknown>[];
          const points = kpi[resolution];
          expect(csv).toHaveLength(points.length);
          expect(parquet).toHaveLength(points.length);
          expect(json).toHaveLength(points.length);
          points.forEach((point, i) => {
            for (const source of [csv[i]!, parquet[i]!, json[i]!]) {
              expect(num(source.n)).toBe(point.n);
              expect(num(source.value)).toBe(point.value);
              expect(source.sufficient).toBe(point.sufficient);
              for (const [stat, value] of Object.entries(point.stats)) expect(num(source[stat]), `${stem} ${stat}`).toBe(value);
            }
            expect(new Date(csv[i]!.start as Date).toISOString()).toBe(point.start);
            expect(new Date(parquet[i]!.start as Date).toISOString()).toBe(point.start);
            compared++;
          });
        }
      }
    }
    expect(compared).toBeGreaterThan(5000);
  });

  it('no counter total from 1 to 10 is published, and withheld rows say why', async () => {
    const rowsOut = await rows(`SELECT * FROM read_csv('${join(site, 'data/all/kpi-*.csv')}', header = true, union_by_name = true) WHERE kpi_kind = 'counter'`);
    expect(rowsOut.length).toBeGreaterThan(1000);
    expect(rowsOut.filter((r) => r.sum !== null && Number(r.sum) >= 1 && Number(r.sum) <= 10)).toEqual([]);
    const withheld = rowsOut.filter((r) => r.suppressed !== null);
    expect(withheld.length).toBeGreaterThan(100); // the sample's quiet hours
    for (const row of withheld) {
      expect(['small-cell', 'complementary']).toContain(row.suppressed);
      expect([row.n, row.value, row.sum, row.rate]).toEqual([null, null, null, null]);
    }
  });

  it('a count withheld in a counter cannot be read off the sample size of a KPI over the same events', async () => {
    // In the sample each review completed, case resolved, call answered and form submitted is also one
    // event of the program's distribution (its counter's hourly sum = the distribution's hourly count):
    // those distributions set suppress_below, so they are withheld in the same hours.
    const pairs = [['cms-eligibility', 'reviews-completed', 'review-time'], ['dot-permit-hotline', 'cases-resolved', 'resolution-time'], ['osers-benefit-calls', 'calls-answered', 'wait-time'], ['fema-aid-form', 'submissions', 'latency']] as const;
    for (const [program, counter, other] of pairs) {
      for (const resolution of ['hourly', 'daily'] as const) {
        const file = (kpi: string) => `read_csv('${join(site, `data/${program}/${kpi}.${resolution}.csv`)}', header = true)`;
        const [pair] = await rows(`
          SELECT count(*) FILTER (WHERE c.suppressed IS NOT NULL) AS withheld,
                 count(*) FILTER (WHERE c.suppressed IS NOT NULL AND o.n IS NOT NULL) AS revealed,
                 count(*) FILTER (WHERE c.sum IS NOT NULL AND o.n IS NOT NULL) AS published,
                 count(*) FILTER (WHERE c.sum IS NOT NULL AND o.n IS NOT NULL AND c.sum = o.n) AS equal
          FROM ${file(counter)} c JOIN ${file(other)} o USING (start)`);
        const counts = Object.fromEntries(Object.entries(pair!).map(([k, v]) => [k, Number(v)]));
        const what = `${program} ${resolution}`;
        expect(counts.revealed, `${what}: withheld ${counter} given away by ${other}'s n`).toBe(0);
        // The pair really counts the same events: wherever both are published (a counter's sum needs
        // its minimum of 30 increments) they are equal.
        expect(counts.equal, what).toBe(counts.published);
        if (resolution === 'daily') expect(counts.published, what).toBeGreaterThan(100);
        else expect(counts.withheld, what).toBeGreaterThan(program === 'fema-aid-form' ? 0 : 1000);
      }
    }
  });

  it('the all-program KPI files hold every row of every KPI file, with the same numbers', async () => {
    for (const resolution of ['daily', 'hourly'] as const) {
      const all = await rows(`SELECT * FROM read_csv('${join(site, `data/all/kpi-${resolution}.csv`)}', header = true) ORDER BY program_id, kpi_id, start`);
      const points = programs().flatMap((p) => p.kpis.flatMap((k) => k[resolution].map((point) => ({ program: p.program.id, kpi: k.id, point }))))
        .sort((a, b) => a.program.localeCompare(b.program) || a.kpi.localeCompare(b.kpi) || a.point.start.localeCompare(b.point.start));
      expect(all).toHaveLength(points.length);
      all.forEach((row, i) => {
        const { program, kpi, point } = points[i]!;
        expect([row.program_id, row.kpi_id, new Date(row.start as Date).toISOString()]).toEqual([program, kpi, point.start]);
        expect([num(row.n), num(row.value)]).toEqual([point.n, point.value]);
        for (const [stat, value] of Object.entries(point.stats)) expect(num(row[stat])).toBe(value);
      });
      const parquet = await rows(`SELECT count(*) AS n FROM read_parquet('${join(site, `data/all/kpi-${resolution}.parquet`)}')`);
      expect(Number(parquet[0]!.n)).toBe(points.length);
      // The CSV also names each KPI's kind, stat and unit, and has every statistic of every kind (empty where it does not apply).
      const kpis = new Map(programs().flatMap((p) => p.kpis.map((k) => [`${p.program.id}/${k.id}`, k] as const)));
      const names = combinedSeriesTable(resolution).columns.map((c) => c.name);
      expect(Object.keys(all[0]!)).toEqual(names);
      for (const row of all) {
        const kpi = kpis.get(`${row.program_id}/${row.kpi_id}`)!;
        expect([row.kpi_kind, row.stat, row.unit ?? '']).toEqual([kpi.kind, kpi.stat, kpi.unit]);
      }
      // No JSON file: as one document a large portal's table is too big to parse; the catalog does not list one.
      expect(existsSync(join(site, `data/all/kpi-${resolution}.json`))).toBe(false);
    }
  });

  it('an all-program series with more rows than a spreadsheet holds comes as Parquet only, and the catalog, data package and checksums agree', async () => {
    // The same model, with an index that counts more hourly points than Excel's sheet holds.
    const long = join(dir, 'model-long');
    cpSync(model, long, { recursive: true });
    const index = JSON.parse(readFileSync(join(long, 'index.json'), 'utf8')) as ModelIndex;
    index.programs[0]!.series_rows.hourly += SPREADSHEET_ROWS;
    writeFileSync(join(long, 'index.json'), JSON.stringify(index));
    const out = join(dir, 'dist-long');
    expect((await runCli(['export', '--model', long, '--out', out])).code).toBe(0);
    expect(existsSync(join(out, 'data/all/kpi-hourly.csv'))).toBe(false);
    expect(existsSync(join(out, 'data/all/kpi-daily.csv'))).toBe(true);
    const hourly = programs().reduce((sum, p) => sum + p.kpis.reduce((n, k) => n + k.hourly.length, 0), 0);
    expect(Number((await rows(`SELECT count(*) AS n FROM read_parquet('${join(out, 'data/all/kpi-hourly.parquet')}')`))[0]!.n)).toBe(hourly);
    const catalog = CatalogSchema.parse(JSON.parse(readFileSync(join(out, 'data.json'), 'utf8')));
    const all = catalog.dataset.find((d) => d.identifier.endsWith('/data/all/kpi-hourly'))!;
    expect(all.distribution!.map((d) => d.format)).toEqual(['Parquet']);
    const urls = catalog.dataset.flatMap((d) => d.distribution!.map((x) => x.downloadURL!));
    expect(urls).toHaveLength(125);
    for (const url of urls) expect(existsSync(join(out, url.slice('https://performance.example.gov/'.length))), url).toBe(true);
    const pkg = DataPackageSchema.parse(JSON.parse(readFileSync(join(out, 'data/datapackage.json'), 'utf8')));
    expect(pkg.resources.map((r) => r.path)).not.toContain('all/kpi-hourly.csv');
    expect(pkg.resources).toHaveLength(42);
    const sums = readFileSync(join(out, 'data/SHA256SUMS'), 'utf8');
    expect(sums).toContain('  all/kpi-hourly.parquet\n');
    expect(sums).not.toContain('all/kpi-hourly.csv');
  });

  it('the SLO files hold each public SLO with the model\u2019s numbers', async () => {
    const all = await rows(`SELECT * FROM read_csv('${join(site, 'data/all/slos.csv')}', header = true)`);
    const slos = programs().flatMap((p) => p.slos.map((slo) => ({ program: p.program.id, slo })));
    expect(all.map((r) => r.slo_id)).toEqual(slos.map((s) => s.slo.id));
    all.forEach((row, i) => {
      const { slo } = slos[i]!;
      expect(num(row.attainment)).toBe(slo.attainment);
      expect(num(row.budget_remaining)).toBe(slo.budget.remaining);
      expect(num(row.burn_rate_1h)).toBe(slo.burn_rates.find((b) => b.window === '1h')!.burn_rate);
      expect(row.status).toBe(slo.status);
    });
  });

  it('an SLO that shares a KPI\u2019s small-cell mask has empty numbers and the reason in every format, and its status', async () => {
    const stem = join(site, 'data/cms-eligibility');
    for (const reader of ['read_csv', 'read_json', 'read_parquet'] as const) {
      const extension = { read_csv: 'csv', read_json: 'json', read_parquet: 'parquet' }[reader];
      const [now] = await rows(`SELECT * FROM ${reader}('${stem}/slos.${extension}') WHERE slo_id = 'cms-decisions-correct'`);
      expect([now!.suppressed, now!.good, now!.total, now!.attainment, now!.budget_remaining, now!.burn_rate_1d, now!.burn_rates_suppressed], reader).toEqual(['complementary', null, null, null, null, null, '5m 30m 1h 2h 6h 1d 3d']);
      expect(now!.status, reader).toBe('ok');
      // The other SLO of the program publishes its window and its last 1 and 3 days; the shorter windows hold withheld hours.
      const [reviews] = await rows(`SELECT * FROM ${reader}('${stem}/slos.${extension}') WHERE slo_id = 'cms-reviews-48h'`);
      expect([reviews!.suppressed, Number(reviews!.good), Number(reviews!.total), reviews!.burn_rates_suppressed], reader).toEqual([null, 8240, 8296, '5m 30m 1h 2h 6h']);
      const days = await rows(`SELECT suppressed, count(*) AS n, count(good) AS good, count(attainment) AS attainment, count(status) AS status FROM ${reader}('${stem}/slo-daily.${extension}') WHERE slo_id = 'cms-decisions-correct' GROUP BY ALL`);
      expect(days.map((d) => [d.suppressed, Number(d.n), Number(d.good), Number(d.attainment), Number(d.status)]), reader).toEqual([['complementary', 90, 0, 0, 90]]);
    }
  });

  it('every SLO file, per program and across programs, reads back (read_csv) with every column of the model\u2019s rows', async () => {
    // A cell as read back, and a row's value as written: times compared as instants, numbers as numbers.
    const same = (read: unknown, written: Row[string]) => {
      if (written === null) return read === null;
      if (read instanceof Date) return read.getTime() === Date.parse(String(written));
      return typeof written === 'number' ? Number(read) === written : read === written;
    };
    const check = async (file: string, expected: readonly Row[], order: string) => {
      const read = await rows(`SELECT * FROM read_csv('${join(site, file)}', header = true) ORDER BY ${order}`);
      expect(read, file).toHaveLength(expected.length);
      const sorted = [...expected].sort((a, b) => String(a.program_id).localeCompare(String(b.program_id)) || String(a.slo_id).localeCompare(String(b.slo_id)) || String(a.end ?? '').localeCompare(String(b.end ?? '')));
      read.forEach((row, i) => {
        expect(Object.keys(row), file).toEqual(Object.keys(sorted[i]!));
        for (const [column, value] of Object.entries(sorted[i]!)) expect(same(row[column], value), `${file} row ${i} ${column}: ${String(row[column])} ≠ ${String(value)}`).toBe(true);
      });
      return read.length;
    };
    let checked = 0;
    for (const program of programs()) {
      if (program.slos.length === 0) continue;
      checked += await check(`data/${program.program.id}/slos.csv`, sloRows(program), 'program_id, slo_id');
      checked += await check(`data/${program.program.id}/slo-daily.csv`, sloHistoryRows(program), 'program_id, slo_id, "end"');
    }
    checked += await check('data/all/slos.csv', programs().flatMap(sloRows), 'program_id, slo_id');
    checked += await check('data/all/slo-daily.csv', programs().flatMap(sloHistoryRows), 'program_id, slo_id, "end"');
    expect(checked).toBe(2 * (8 + 8 * 90)); // 8 public SLOs with 90 days each
  });

  it('the day-by-day SLO file holds 90 days of each SLO, and the Atom feed each change of status', async () => {
    const daily = await rows(`SELECT * FROM read_csv('${join(site, 'data/all/slo-daily.csv')}', header = true) ORDER BY program_id, slo_id, "end"`);
    const histories = programs().flatMap((p) => p.slos.flatMap((slo) => slo.history.map((point) => ({ slo: slo.id, point }))));
    expect(daily).toHaveLength(histories.length);
    expect(histories.length).toBe(8 * 90); // 8 public SLOs, opm-availability's in time slices
    // A day ending at the model's instant is the SLO's current window: the same counts (slices, for opm-availability).
    const current = programs().flatMap((p) => p.slos.filter((slo) => slo.history.at(-1)!.end === p.at).map((slo) => ({ id: slo.id, now: [slo.good, slo.total], last: [slo.history.at(-1)!.good, slo.history.at(-1)!.total] })));
    expect(current.map((c) => c.id)).toContain('opm-availability');
    for (const c of current) expect(c.last, c.id).toEqual(c.now);
    const feed = readFileSync(join(site, 'data/status.atom'), 'utf8');
    const changes = programs().flatMap((p) => p.slos.flatMap((slo) => slo.history.filter((point, i) => i > 0 && slo.history[i - 1]!.status !== point.status).map((point) => point.end)));
    expect(changes.length).toBeGreaterThan(0);
    expect(feed.match(/<entry>/g)).toHaveLength(changes.length);
    const newest = changes.sort().at(-1)!;
    expect(feed).toContain(`<updated>${newest}</updated>`);
    expect(feed).toContain('County-court docket API: Requests answered within 500 ms is not met (breach)');
  });

  it('data.json is a valid DCAT-US 1.1 catalog whose every downloadURL is a file of the site', () => {
    const catalog = CatalogSchema.parse(JSON.parse(readFileSync(join(site, 'data.json'), 'utf8')));
    // Every dataset has the federal fields; the all-program ones (data/all/*, data/incidents) carry every program's codes.
    expect(FederalCatalogSchema.safeParse(catalog).error?.issues ?? []).toEqual([]);
    const codes = (field: 'bureauCode' | 'programCode') => [...new Set(catalog.dataset.filter((d) => !d.identifier.includes('/data/all/') && !d.identifier.endsWith('/data/incidents')).flatMap((d) => d[field] ?? []))].sort();
    expect(codes('programCode')).toHaveLength(5);
    for (const all of catalog.dataset.filter((d) => d.identifier.includes('/data/all/') || d.identifier.endsWith('/data/incidents'))) {
      expect([all.bureauCode, all.programCode], all.identifier).toEqual([codes('bureauCode'), codes('programCode')]);
    }
    // What issue 5 names beyond the schema's required fields: the catalog's @context, @type and
    // describedBy; every dataset's license, and spatial and temporal where the portal gives them; a
    // format and title for every file.
    const raw = JSON.parse(readFileSync(join(site, 'data.json'), 'utf8')) as Record<string, unknown> & { dataset: Record<string, unknown>[] };
    expect([raw['@context'], raw['@type'], raw.conformsTo, raw.describedBy]).toEqual(['https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld', 'dcat:Catalog', 'https://project-open-data.cio.gov/v1.1/schema', 'https://project-open-data.cio.gov/v1.1/schema/catalog.json']);
    for (const dataset of raw.dataset) {
      const id = String(dataset.identifier);
      expect([dataset['@type'], dataset.license], id).toEqual(['dcat:Dataset', 'http://www.usa.gov/publicdomain/label/1.0/']);
      if (dataset.temporal !== undefined) expect(String(dataset.temporal), id).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      for (const file of dataset.distribution as Record<string, unknown>[]) {
        expect(file.format, `${id} ${String(file.downloadURL)}`).toMatch(/^(CSV|JSON|Parquet)$/);
        expect(String(file.title), String(file.downloadURL)).toMatch(/\((CSV|JSON|Parquet)\)$/);
      }
    }
    // Every dataset with data has its span; only the incidents dataset (this build has no incidents) has none.
    expect(raw.dataset.filter((d) => d.temporal === undefined).map((d) => d.identifier)).toEqual(['https://performance.example.gov/data/incidents']);
    // Programs that give a spatial coverage have it in each of their datasets.
    expect(raw.dataset.filter((d) => d.spatial === 'United States').length).toBeGreaterThan(0);
    const urls = catalog.dataset.flatMap((d) => d.distribution!.map((x) => x.downloadURL!));
    expect(urls).toHaveLength(126); // 14 KPIs × 2 series × 3 formats, 5 programs × 2 SLO tables × 3, 2 all-program SLO tables × 3, 2 all-program KPI tables × 2 (no JSON), incidents × 2 (no Parquet)
    for (const url of urls) {
      expect(url.startsWith('https://performance.example.gov/')).toBe(true);
      expect(existsSync(join(site, url.slice('https://performance.example.gov/'.length))), url).toBe(true);
    }
    // modified is when the data last changed (its newest point), not when the site was built
    const review = catalog.dataset.find((d) => d.identifier.endsWith('/cms-eligibility/review-time'))!;
    const newest = programs()[0]!.kpis.find((k) => k.id === 'review-time')!.freshness.newest!;
    expect(review.modified).toBe(newest.replace('.000Z', 'Z'));
  });

  it('datapackage.json is a valid Tabular Data Package and each CSV header matches its Table Schema', () => {
    const pkg = DataPackageSchema.parse(JSON.parse(readFileSync(join(site, 'data/datapackage.json'), 'utf8')));
    expect(pkg.resources).toHaveLength(43); // 14 public KPIs × daily and hourly, 5 programs × 2 SLO tables, 4 all-program tables, incidents
    for (const resource of pkg.resources) {
      const text = readFileSync(join(site, 'data', resource.path), 'utf8');
      expect(text.slice(0, 1)).toBe('\uFEFF');
      expect(text.slice(1, text.indexOf('\r\n')).split(',')).toEqual(resource.schema.fields.map((f) => f.name));
    }
  });

  it('SHA256SUMS matches every file', () => {
    const lines = readFileSync(join(site, 'data/SHA256SUMS'), 'utf8').trim().split('\n');
    expect(lines.length).toBe(filesUnder(join(site, 'data')).length); // every file but SHA256SUMS itself, plus ../data.json
    for (const line of lines) {
      const [sum, path] = line.split('  ');
      expect(createHash('sha256').update(readFileSync(join(site, 'data', path!))).digest('hex'), path).toBe(sum);
    }
  });

  it('no non-public program, KPI, metric or SLO appears in any file', () => {
    for (const file of [...filesUnder(site)]) {
      const text = readFileSync(file).toString('latin1');
      for (const secret of ['fraud', 'fraud_flags', 'caller_age', 'caller-age', 'dot-satisfied-callers']) expect(text.includes(secret), `${secret} in ${file}`).toBe(false);
    }
  });

  it('a rebuild at another time with the same data changes no export file (modified is the data\u2019s, not the build\u2019s)', async () => {
    const model2 = join(dir, 'model-later');
    const site2 = join(dir, 'dist-later');
    const build = await runCli(['build', '--store', join(dir, 'store.duckdb'), '--model', model2], { SOURCE_DATE_EPOCH: '1795000000' });
    expect(build.code).toBe(0);
    expect(JSON.parse(readFileSync(join(model2, 'index.json'), 'utf8')).generated_at).not.toBe(JSON.parse(readFileSync(join(model, 'index.json'), 'utf8')).generated_at);
    expect((await runCli(['export', '--model', model2, '--out', site2])).code).toBe(0);
    const files = filesUnder(site).map((file) => file.slice(site.length));
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) expect(readFileSync(join(site2, file)).equals(readFileSync(join(site, file))), file).toBe(true);
  }, 60_000);

  it('exporting again gives byte-identical files, keeps the site\u2019s own pages and drops programs no longer published', async () => {
    const before = new Map(filesUnder(site).map((file) => [file, readFileSync(file)]));
    mkdirSync(join(site, 'data/retired-program'), { recursive: true });
    writeFileSync(join(site, 'data/retired-program/old.csv'), 'x');
    writeFileSync(join(site, 'data/SHA256SUMS'), `${readFileSync(join(site, 'data/SHA256SUMS'), 'utf8')}abc  retired-program/old.csv\n`);
    writeFileSync(join(site, 'data/index.html'), '<h1>Data</h1>');
    const again = await runCli(['export', '--model', model, '--out', site]);
    expect(again.code).toBe(0);
    expect(existsSync(join(site, 'data/retired-program'))).toBe(false);
    expect(readFileSync(join(site, 'data/index.html'), 'utf8')).toBe('<h1>Data</h1>');
    for (const [file, content] of before) expect(readFileSync(file).equals(content), file).toBe(true);
    expect(readdirSync(site).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('an export over a site that hms-ops build made keeps the site\u2019s /data/ page, and its checksums name export files only', async () => {
    const built = join(dir, 'built');
    const build = await runCli(['build', '--store', join(dir, 'store.duckdb'), '--model', join(dir, 'model-built'), '--out', built], { SOURCE_DATE_EPOCH: '1790000000' });
    expect(build.code).toBe(0);
    const page = readFileSync(join(built, 'data/index.html'), 'utf8');
    expect(page).toContain('<h1');
    const sums = readFileSync(join(built, 'data/SHA256SUMS'), 'utf8');
    expect(sums).toContain('  all/kpi-daily.csv\n');
    expect(sums).not.toMatch(/\.html$/m);
    expect((await runCli(['export', '--model', join(dir, 'model-built'), '--out', built])).code).toBe(0);
    expect(readFileSync(join(built, 'data/index.html'), 'utf8')).toBe(page);
    expect(readFileSync(join(built, 'data/SHA256SUMS'), 'utf8')).toBe(sums);
  }, 120_000);
});
