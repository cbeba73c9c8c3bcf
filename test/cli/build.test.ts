import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProgramWithHourly } from '../../src/adapters/model/read-model.ts';
import type { Incident } from '../../src/core/alerts/incidents.ts';
import { EMPTY_STATE } from '../../src/core/schemas/alert-state.ts';
import { ModelIndexSchema, type ProgramModel } from '../../src/core/schemas/model.ts';
import { runCli } from '../helpers/cli.ts';

// One build of the bundled sample, shared by the tests below.
const dir = mkdtempSync(join(tmpdir(), 'hms-ops-build-'));
const store = join(dir, 'store.duckdb');
const model = join(dir, 'model');
const EPOCH = { SOURCE_DATE_EPOCH: '1790000000' };
let build: Awaited<ReturnType<typeof runCli>>;

beforeAll(async () => {
  build = await runCli(['build', '--store', store, '--model', model], EPOCH);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A program as computed: its document with the whole hourly series put back from its hourly file. */
const programFile = (id: string): ProgramModel => readProgramWithHourly(model, { file: `programs/${id}.json`, hourly_file: `programs/${id}.hourly.json` });
const allModelText = () => readdirSync(model, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => readFileSync(join(e.parentPath, e.name), 'utf8')).join('\n');

describe('hms-ops build on the sample portal', () => {
  it('writes an index and one valid document per public program, computed at the newest data point', () => {
    expect(build.code).toBe(0);
    expect(build.stdout).toBe(`model: 5 programs written to ${model} (at 2026-11-01T00:00:00.000Z)\n`);
    const index = ModelIndexSchema.parse(JSON.parse(readFileSync(join(model, 'index.json'), 'utf8')));
    expect(index.programs.map((p) => p.id)).toEqual(['cms-eligibility', 'opm-docket-api', 'dot-permit-hotline', 'fema-aid-form', 'osers-benefit-calls']);
    // 1790000000 s after 1970 = 2026-09-21T14:13:20Z
    expect(index.generated_at).toBe('2026-09-21T14:13:20.000Z');
    expect(index.programs.find((p) => p.id === 'fema-aid-form')!.stale).toBe(true);
    expect(index.programs.find((p) => p.id === 'opm-docket-api')!.stale).toBe(false);
    // Each line counts the points of its program's series: the rows of its open-data series files.
    for (const line of index.programs) {
      const program = programFile(line.id);
      const points = (resolution: 'daily' | 'hourly') => program.kpis.reduce((sum, kpi) => sum + kpi[resolution].length, 0);
      expect(line.series_rows).toEqual({ daily: points('daily'), hourly: points('hourly') });
      expect(line.series_rows.hourly).toBeGreaterThan(0);
    }
  });

  it('publishes no metric, KPI or SLO that is not marked public', () => {
    const text = allModelText();
    for (const secret of ['eligibility.fraud_flags', 'fraud-flags', 'calls.caller_age', 'caller-age', 'dot-satisfied-callers']) expect(text).not.toContain(secret);
  });

  it('series end at the last whole day, hour, week or month before at: 400 daily points back, 90 days of hourly points', () => {
    const kpi = programFile('opm-docket-api').kpis.find((k) => k.metrics.includes('docket.latency_ms'))!;
    // at = 2026-11-01T00:00Z (a Sunday); the sample has data every hour of the last 90 days
    expect(kpi.hourly).toHaveLength(90 * 24);
    expect(kpi.hourly[0]!.start).toBe('2026-08-03T00:00:00.000Z');
    // The last whole week ran from Monday Oct 19 to Monday Oct 26; October is the last whole month.
    expect(kpi.weekly.at(-1)!.start).toBe('2026-10-19T00:00:00.000Z');
    expect(kpi.monthly.at(-1)!.start).toBe('2026-10-01T00:00:00.000Z');
    // A week is all of its hours: its count is the sum of its days' counts.
    const weekDays = kpi.daily.filter((p) => p.start >= '2026-10-19' && p.start < '2026-10-26');
    expect(weekDays).toHaveLength(7);
    expect(kpi.weekly.at(-1)!.n).toBe(weekDays.reduce((sum, p) => sum + p.n!, 0));
    expect(kpi.hourly.at(-1)!.start).toBe('2026-10-31T23:00:00.000Z');
    expect(kpi.daily.at(-1)!.start).toBe('2026-10-31T00:00:00.000Z');
    expect(kpi.daily[0]!.start >= '2025-09-27T00:00:00.000Z').toBe(true);
  });

  it('shows the CMS rule change: median review time fell from about 15 days to about a day', () => {
    const kpi = programFile('cms-eligibility').kpis.find((k) => k.id === 'review-time')!;
    const before = kpi.daily.filter((d) => d.start < '2026-03-01').map((d) => d.value!).filter((v) => v !== null);
    const after = kpi.daily.filter((d) => d.start > '2026-03-03').map((d) => d.value!).filter((v) => v !== null);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(median(before)).toBeGreaterThan(300);
    expect(median(after)).toBeLessThan(30);
  });

  it('shows the FEMA hurricane: ten times the applications, p95 over its 2 s target and ten times the errors for five days', () => {
    // The sample's storm runs from 2026-09-15 to 2026-09-20 (UTC); the two weeks before are ordinary.
    const fema = programFile('fema-aid-form');
    const daily = (id: string, from: string, to: string) => fema.kpis.find((k) => k.id === id)!.daily.filter((d) => d.start >= from && d.start < to).map((d) => d.value!);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const storm = (id: string) => daily(id, '2026-09-15', '2026-09-20');
    const before = (id: string) => daily(id, '2026-09-01', '2026-09-15');
    expect(storm('latency')).toHaveLength(5);
    // p95 of lognormal(900 ms, σ 0.6) ≈ 900 × e^(1.645 × 0.6) ≈ 2.4 s in the storm; ≈ 350 × e^(1.645 × 0.5) ≈ 0.8 s before.
    for (const p95 of storm('latency')) expect(p95).toBeGreaterThan(2000);
    for (const p95 of before('latency')) expect(p95).toBeLessThan(2000);
    const surge = median(storm('submissions')) / median(before('submissions'));
    expect(surge).toBeGreaterThan(7);
    expect(surge).toBeLessThan(13);
    // Errors: 3 % of submissions in the storm. Before it, 0.3 % of about 700 a day is a handful of
    // people, from 1 to the KPI's suppress_below of 10: those days' error rates are withheld.
    expect(median(storm('error-rate'))).toBeGreaterThan(0.02);
    const ordinary = fema.kpis.find((k) => k.id === 'error-rate')!.daily.filter((d) => d.start >= '2026-09-01' && d.start < '2026-09-15');
    expect(ordinary.map((d) => [d.value, d.suppressed])).toEqual(ordinary.map(() => [null, 'small-cell']));
    // The annotation's comparison sees the surge: more applications per hour in the 28 days after than before.
    expect(fema.annotations.map((a) => a.title)).toContain('Hurricane landfall');
    const around = fema.kpis.find((k) => k.id === 'submissions')!.around_annotations.find((c) => c.date === '2026-09-15')!;
    expect(around.after.value!).toBeGreaterThan(around.before.value! * 1.5);
    expect(around.change!.absolute).toBeCloseTo(around.after.value! - around.before.value!, 9);
  });

  it('the 24h p95 of the docket API equals DuckDB quantile_cont over the raw events of that window', async () => {
    const kpi = programFile('opm-docket-api').kpis.find((k) => k.metrics.includes('docket.latency_ms'))!;
    const day = kpi.windows.find((w) => w.window === '24h')!;
    expect(day.exact).toBe(true);
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const reader = await db.runAndReadAll(`
      SELECT count(*) AS n, quantile_cont(value, 0.95) AS p95 FROM read_json('data/events/opm-docket-api.ndjson.gz', format = 'newline_delimited')
      WHERE metric = 'docket.latency_ms' AND ts::TIMESTAMPTZ >= '${day.start}'::TIMESTAMPTZ AND ts::TIMESTAMPTZ < '${day.end}'::TIMESTAMPTZ`);
    const [row] = reader.getRowObjectsJS() as { n: bigint; p95: number }[];
    expect(day.n).toBe(Number(row!.n));
    expect(day.stats.p95).toBeCloseTo(row!.p95, 9);
    db.closeSync();
  });

  it('the OPM latency SLO is in breach after the incident, and its numbers agree with each other', () => {
    const slo = programFile('opm-docket-api').slos.find((s) => s.id === 'opm-latency-500ms')!;
    expect(slo.status).toBe('breach');
    // No KPI under suppression counts docket requests: nothing of it is withheld.
    if (slo.good === null || slo.total === null) throw new Error('opm-latency-500ms is withheld');
    expect(slo.attainment).toBeCloseTo(slo.good / slo.total, 12);
    // remaining = 1 − consumed ÷ allowed, allowed = (1 − objective) × total
    expect(slo.budget.remaining).toBeCloseTo(1 - (slo.total - slo.good) / ((1 - slo.objective) * slo.total), 12);
    expect(slo.exhaustion.exhausted).toBe(true);
  });

  it('the JSON Schemas it publishes under schema/ accept every model file, and name what is wrong in a broken one', () => {
    // A consumer validates the model with any JSON Schema 2020-12 validator; ajv is one, in strict mode.
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    // ajv-formats is CommonJS: its function is the module's default export.
    formats.default(ajv);
    const schema = (name: string) => ajv.compile(JSON.parse(readFileSync(join(model, 'schema', name), 'utf8')));
    const [index, program, hourly] = [schema('index.schema.json'), schema('program.schema.json'), schema('hourly.schema.json')];
    const json = (file: string) => JSON.parse(readFileSync(join(model, file), 'utf8')) as Record<string, unknown>;
    expect(index(json('index.json')), JSON.stringify(index.errors)).toBe(true);
    const files = readdirSync(join(model, 'programs'));
    expect(files).toHaveLength(10);
    for (const file of files) {
      const validate = file.endsWith('.hourly.json') ? hourly : program;
      expect(validate(json(`programs/${file}`)), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    const broken = json('programs/opm-docket-api.json') as { slos: { status: string }[]; kpis: { direction?: string }[] };
    broken.slos[0]!.status = 'fine';
    delete broken.kpis[0]!.direction;
    expect(program(broken)).toBe(false);
    expect(program.errors!.map((e) => `${e.instancePath} ${e.message}`)).toEqual(expect.arrayContaining([
      '/slos/0/status must be equal to one of the allowed values',
      "/kpis/0 must have required property 'direction'",
    ]));
  });

  it('rebuilding the same inputs skips the unchanged files and gives byte-identical model files', async () => {
    const before = allModelText();
    const again = await runCli(['build', '--store', store, '--model', model], EPOCH);
    expect(again.code).toBe(0);
    expect(again.stderr.match(/unchanged since last load, skipped/g)).toHaveLength(10);
    expect(allModelText()).toBe(before);
  });

  it('without an alert state publishes no incident, and the maintenance windows of rules/notify.yaml', () => {
    const opm = programFile('opm-docket-api');
    expect(opm.incidents).toEqual([]);
    expect(opm.maintenance.map((m) => [m.name, m.occurrences.length])).toEqual([['docket-sunday-patching', 14]]);
    expect(programFile('cms-eligibility').maintenance).toEqual([]);
  });

  it('--alerts publishes the public incidents of that state; a damaged state file is an error naming it', async () => {
    const alerts = join(dir, 'other-alerts');
    mkdirSync(alerts, { recursive: true });
    const incident = (id: string, rule: string, isPublic: boolean): Incident => ({
      id, program: 'opm-docket-api', rule, fingerprint: id, labels: { program: 'opm-docket-api', severity: 'critical' }, severity: 'critical', title: `${rule} fired`,
      status: 'open', openedAt: '2026-10-30T12:00:00.000Z', startedAt: '2026-10-30T11:58:00.000Z', acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, resolvedBy: null,
      playbook: null, runbookUrl: null, traceIds: [], public: isPublic, ruleFile: 'rules/alerts/opm-docket-api.yaml', ruleSha256: 'abc', actions: [], timeline: [],
    });
    writeFileSync(join(alerts, 'state.json'), JSON.stringify({ ...EMPTY_STATE, incidents: [incident('INC-20261030-aaaaaa', 'docket-latency-high', true), incident('INC-20261030-bbbbbb', 'docket-errors-high', false)] }));
    const withAlerts = join(dir, 'model-alerts');
    expect((await runCli(['build', '--store', store, '--model', withAlerts, '--alerts', alerts], EPOCH)).code).toBe(0);
    const opm = readProgramWithHourly(withAlerts, { file: 'programs/opm-docket-api.json', hourly_file: 'programs/opm-docket-api.hourly.json' });
    expect(opm.incidents.map((i) => [i.id, i.status])).toEqual([['INC-20261030-aaaaaa', 'open']]);
    expect(opm.model_version).toBe(7);

    writeFileSync(join(alerts, 'state.json'), '{"version": 2, "alerts": ');
    const damaged = await runCli(['build', '--store', store, '--model', withAlerts, '--alerts', alerts], EPOCH);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toContain(`${join(alerts, 'state.json')}: the alert state is not valid JSON`);
  });
});
