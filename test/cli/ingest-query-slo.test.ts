import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quarantinePath } from '../../src/adapters/store/quarantine.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir, writeLines } from '../helpers/temp.ts';

const PORTAL = 'test/fixtures/portals/bad-rows';
const event = (value: number, ts: string) => ({ program_id: 'api', metric: 'api.latency_ms', value, ts });

describe('hms-ops ingest, query and slo', () => {
  it('ingest loads valid rows, counts and quarantines bad ones, and query reads them back', async () => {
    const dir = tempDir();
    const store = join(dir, 'store.duckdb');
    const file = writeLines(dir, 'events.ndjson', [
      event(100, '2024-08-01T10:00:00Z'),
      event(200, '2024-08-01T10:10:00Z'),
      event(300, '2024-08-01T10:20:00Z'),
      event(400, '2024-08-01T10:30:00Z'),
      '{"program_id": "api"}',
    ]);
    const ingest = await runCli(['ingest', file, '--portal', PORTAL, '--store', store]);
    expect(ingest.code).toBe(0);
    const quarantine = quarantinePath(join(dir, 'quarantine'), file);
    expect(quarantine).toMatch(/__events\.ndjson\.quarantine\.ndjson$/);
    expect(ingest.stdout).toBe(
      `${file}: events, 5 rows read, 4 loaded, 1 quarantined\n` +
        '  1 × metric: expected a metric name such as eligibility.latency_ms\n' +
        `  quarantined rows: ${quarantine}\n`,
    );
    expect(existsSync(quarantine)).toBe(true);

    const query = async (agg: string) =>
      JSON.parse((await runCli(['query', '--portal', PORTAL, '--store', store, '--program', 'api', '--metric', 'api.latency_ms', '--agg', agg, '--window', '1h', '--at', '2024-08-01T11:00:00Z', '--json'])).stdout);
    // values 100, 200, 300, 400: p50 at position 1.5 → 250; p95 at 2.85 → 300 + 0.85 × 100 = 385; rate 4 per hour
    expect(await query('p50')).toMatchObject({ value: 250, n: 4, exact: true, window: { start: '2024-08-01T10:00:00.000Z', end: '2024-08-01T11:00:00.000Z' } });
    expect((await query('p95')).value).toBeCloseTo(385, 9);
    expect((await query('mean')).value).toBe(250);
    expect((await query('rate')).value).toBe(4);
    expect((await query('max')).value).toBe(400);
  });

  it('ingest reads a file by --format and --kind whatever its name, and rejects values it does not know', async () => {
    const dir = tempDir();
    const store = join(dir, 'store.duckdb');
    // NDJSON events in a file whose name says nothing
    const file = writeLines(dir, 'export.txt', [event(100, '2024-08-01T10:00:00Z'), event(300, '2024-08-01T10:10:00Z')]);
    const ingest = await runCli(['ingest', file, '--format', 'ndjson', '--kind', 'events', '--portal', PORTAL, '--store', store, '--json']);
    expect(ingest.code).toBe(0);
    expect(JSON.parse(ingest.stdout)).toEqual({ files: [expect.objectContaining({ file, kind: 'events', rowsRead: 2, rowsLoaded: 2, rowsQuarantined: 0 })] });
    const badFormat = await runCli(['ingest', file, '--format', 'xml', '--portal', PORTAL, '--store', store]);
    expect([badFormat.code, badFormat.stderr]).toEqual([2, "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are ndjson, csv, parquet.\n"]);
    const badKind = await runCli(['ingest', file, '--kind', 'bogus', '--portal', PORTAL, '--store', store]);
    expect([badKind.code, badKind.stderr]).toEqual([2, "error: option '--kind <kind>' argument 'bogus' is invalid. Allowed choices are events, rollups.\n"]);
  });

  it('query names every bad option at once and exits 1', async () => {
    const result = await runCli(['query', '--portal', PORTAL, '--program', 'api', '--metric', 'm', '--agg', 'median', '--window', 'a day']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: 2 problems found\n' +
        '--window: expected a duration such as 5m, 24h or 7d, got "a day"\n' +
        '--agg: expected count, sum, mean, min, max, rate (per hour), or a percentile such as p50, p95, p99.9, got "median"\n',
    );
  });

  it('kpi gives a KPI over any window, agreeing with query on the same store, with the change against the window before', async () => {
    const dir = tempDir();
    const store = join(dir, 'store.duckdb');
    const json = async (args: string[]) => {
      const result = await runCli([...args, '--store', store, '--json']);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout);
    };
    // A 14-day window, which the model does not compute.
    const median = await json(['kpi', '--program', 'cms-eligibility', '--kpi', 'review-time', '--window', '14d']);
    const p50 = await json(['query', '--program', 'cms-eligibility', '--metric', 'eligibility.review_hours', '--agg', 'p50', '--window', '14d']);
    expect([median.value, median.n, median.window]).toEqual([p50.value, p50.n, p50.window]);
    expect(median.sufficient).toBe(true);
    expect(median.previous.end).toBe(median.window.start);
    expect(median.change.absolute).toBeCloseTo(median.value - median.previous.value, 12);
    // The error rate is Σ errors ÷ Σ (ok + errors) over the window.
    const rate = await json(['kpi', '--program', 'cms-eligibility', '--kpi', 'error-rate', '--window', '14d']);
    const sum = async (metric: string) => (await json(['query', '--program', 'cms-eligibility', '--metric', metric, '--agg', 'sum', '--window', '14d'])).value as number;
    const [errors, ok] = [await sum('eligibility.error'), await sum('eligibility.ok')];
    expect(rate.value).toBeCloseTo(errors / (ok + errors), 12);
    expect(rate.n).toBe(ok + errors);
    const unknown = await runCli(['kpi', '--program', 'cms-eligibility', '--kpi', 'nope', '--store', store]);
    expect([unknown.code, unknown.stderr]).toEqual([1, 'error: 1 problem found\n--kpi: unknown KPI "nope" of cms-eligibility; expected one of review-time, error-rate, reviews-completed, fraud-flags\n']);
  });

  it('kpi flags a window the feed stopped in, and leaves its volume uncompared, as the model does', async () => {
    const dir = tempDir();
    const store = join(dir, 'store.duckdb');
    const model = join(dir, 'model');
    expect((await runCli(['build', '--store', store, '--model', model])).code).toBe(0);
    const kpi = async (program: string, id: string, window: string) => {
      const result = await runCli(['kpi', '--program', program, '--kpi', id, '--window', window, '--store', store, '--json']);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout);
    };
    const modelWindow = (program: string, id: string, window: string) =>
      JSON.parse(readFileSync(join(model, 'programs', `${program}.json`), 'utf8')).kpis.find((k: { id: string }) => k.id === id).windows.find((w: { window: string }) => w.window === window);
    // FEMA's feed stopped on 2026-10-28, inside the last 7 days before 2026-11-01 but not the 7 before them.
    const submissions = await kpi('fema-aid-form', 'submissions', '7d');
    expect([submissions.partial, submissions.previous.partial, submissions.change]).toEqual([true, false, null]);
    const held = modelWindow('fema-aid-form', 'submissions', '7d');
    expect([held.partial, held.previous.partial, held.change]).toEqual([submissions.partial, submissions.previous.partial, submissions.change]);
    // A percentile of the days with data is still compared.
    const latency = await kpi('fema-aid-form', 'latency', '7d');
    expect([latency.partial, latency.change.absolute]).toEqual([true, latency.value - latency.previous.value]);
    // A window the model does not hold, which the feed covers whole: no flag.
    const reviews = await kpi('cms-eligibility', 'reviews-completed', '14d');
    expect([reviews.partial, reviews.previous.partial, typeof reviews.change.absolute]).toEqual([false, false, 'number']);
    const text = await runCli(['kpi', '--program', 'fema-aid-form', '--kpi', 'submissions', '--window', '7d', '--store', store]);
    expect(text.stdout).toMatch(new RegExp(`\\(n=${submissions.n}\\); data covers only part of the window; not compared with ${submissions.previous.value}: data covers only part of this window\n$`));
  });

  it('slo prints every SLO of the sample with its status, and --json the full numbers', async () => {
    const dir = tempDir();
    const store = join(dir, 'store.duckdb');
    const table = await runCli(['slo', '--store', store]);
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toBe('SLOs at 2026-11-01T00:00:00.000Z');
    expect(lines[1]).toMatch(/^SLO\s+status\s+attainment\s+objective\s+window\s+n\s+budget left\s+burn 1h\s+burn 1d\s+budget runs out$/);
    expect(lines.slice(2).map((line) => line.split(/\s+/).slice(0, 2).join(' '))).toContain('opm-latency-500ms breach');
    // The budget's end: a date at the last day's burn rate, never for a program whose feed stopped (FEMA's, on Oct 28).
    const runsOut = (id: string) => lines.find((line) => line.startsWith(`${id} `))!.slice(lines[1]!.indexOf('budget runs out')).trim();
    expect(runsOut('cms-reviews-48h')).toMatch(/^2026-11-\d\d \d\d:\d\d$/);
    expect(runsOut('opm-latency-500ms')).toBe('exhausted');
    expect(runsOut('fema-latency-2s')).toBe('unknown (no data in 1d)');
    expect(runsOut('osers-answer-60s')).toBe('not at this rate');
    const json = JSON.parse((await runCli(['slo', '--store', store, '--id', 'cms-reviews-48h', '--json'])).stdout);
    expect(json.slos).toHaveLength(1);
    const [slo] = json.slos;
    expect(slo.window).toBe('28d');
    expect(slo.attainment).toBeCloseTo(slo.good / slo.total, 12);
    expect(slo.burn_rates.map((b: { window: string }) => b.window)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
  });
});
