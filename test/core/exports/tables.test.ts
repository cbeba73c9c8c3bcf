import { describe, expect, it } from 'vitest';
import { dictionaryRows, incidentRows, INCIDENTS_TABLE, kpiSeriesTable, seriesRows, sloRows, utc } from '../../../src/core/exports/tables.ts';
import type { IncidentModel } from '../../../src/core/schemas/model.ts';
import { smallProgram } from '../../fixtures/model/small-model.ts';

describe('series rows', () => {
  it('a KPI file holds the statistics of its kind, with plain numbers and empty cells for insufficient data', () => {
    const program = smallProgram();
    const kpi = program.kpis[0]!;
    expect(kpiSeriesTable(program, kpi, 'daily').columns.map((c) => c.name)).toEqual([
      'program_id', 'kpi_id', 'period', 'start', 'n', 'sufficient', 'suppressed', 'exact', 'value', 'count', 'rate', 'mean', 'p50', 'p90', 'p95', 'p99', 'max', 'min', 'adherence',
    ]);
    expect(seriesRows(program, kpi, 'daily', false)).toEqual([
      { program_id: 'benefits', kpi_id: 'wait', period: 'day', start: '2026-10-30T00:00:00Z', n: 120, sufficient: true, suppressed: null, exact: false, value: 58.25, count: 120, rate: 5, mean: 31.5, p50: 28, p90: 50.5, p95: 58.25, p99: 71, max: 80, min: 2, adherence: 0.95 },
      { program_id: 'benefits', kpi_id: 'wait', period: 'day', start: '2026-10-31T00:00:00Z', n: 12, sufficient: false, suppressed: null, exact: true, value: null, count: null, rate: null, mean: null, p50: null, p90: null, p95: null, p99: null, max: null, min: null, adherence: null },
    ]);
  });

  it('the combined file has every statistic, empty where the kind has none, and names kind, stat and unit', () => {
    const program = smallProgram();
    const [row] = seriesRows(program, program.kpis[1]!, 'daily', true);
    expect(row).toMatchObject({ kpi_kind: 'ratio', stat: 'ratio', unit: '', ratio: 0.02, count: 250.5, p95: null, sum: null, nps: null });
  });
});

describe('SLO rows', () => {
  it('one row per SLO with budget and every burn window, unknown windows empty', () => {
    const [row] = sloRows(smallProgram());
    expect(row).toMatchObject({ slo_id: 'answer-60s', as_of: '2026-11-01T00:00:00Z', good: 950, total: 1000, attainment: 0.95, budget_allowed: 100, budget_consumed: 50, budget_remaining: 0.5, burn_rate_1h: 0, burn_rate_1d: 1, burn_rate_5m: null, status: 'ok', budget_exhausted_on: null });
  });
});

describe('dictionary', () => {
  it('documents every column of every kind of file once', () => {
    const rows = dictionaryRows();
    const keys = rows.map((r) => `${r.files}|${r.column}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(rows.filter((r) => r.column === 'p95').map((r) => r.files)).toEqual([
      'data/<program>/<kpi>.{daily,hourly}.{csv,json,parquet} of a distribution KPI',
      'data/all/kpi-{daily,hourly}.{csv,parquet}',
    ]);
    expect(rows.find((r) => r.column === 'start')!.description).toContain('UTC day or hour');
  });
});

it('utc drops zero milliseconds only', () => {
  expect(utc('2026-11-01T00:00:00.000Z')).toBe('2026-11-01T00:00:00Z');
  expect(utc('2026-11-01T00:00:00.250Z')).toBe('2026-11-01T00:00:00.250Z');
});

describe('incident rows', () => {
  const incident = (id: string, started: string, opened: string, resolved: string | null): IncidentModel => ({
    id, program: 'benefits', rule: 'wait-high', title: 'Wait over 60 s', severity: 'critical', status: resolved ? 'resolved' : 'open', acknowledged: false, started_at: started, opened_at: opened, resolved_at: resolved, timeline: [],
  });

  it('one row per incident, newest first, with its duration in whole minutes and empty ones while open', () => {
    const rows = incidentRows([
      incident('INC-1', '2026-10-27T14:01:00.000Z', '2026-10-27T14:01:00.000Z', null),
      incident('INC-2', '2026-10-27T14:01:00.000Z', '2026-10-27T14:03:00.000Z', '2026-10-27T16:31:00.000Z'),
      incident('INC-3', '2026-10-27T14:03:00.000Z', '2026-10-27T14:03:00.000Z', null),
    ]);
    // by start, then opening (INC-2 opened after INC-1), newest first
    expect(rows.map((r) => r.id)).toEqual(['INC-3', 'INC-2', 'INC-1']);
    // 14:01 → 16:31 = 2 h 30 min = 150 minutes
    expect(rows[1]).toEqual({ id: 'INC-2', program_id: 'benefits', rule: 'wait-high', title: 'Wait over 60 s', severity: 'critical', status: 'resolved', started_at: '2026-10-27T14:01:00Z', opened_at: '2026-10-27T14:03:00Z', resolved_at: '2026-10-27T16:31:00Z', duration_minutes: 150 });
    expect(rows[0]).toMatchObject({ resolved_at: null, duration_minutes: null });
    expect(Object.keys(rows[0]!)).toEqual(INCIDENTS_TABLE.columns.map((c) => c.name));
  });

  it('the dictionary describes the incidents file', () => {
    expect(dictionaryRows().filter((r) => r.files === 'data/incidents.{csv,json}').map((r) => r.column)).toEqual(INCIDENTS_TABLE.columns.map((c) => c.name));
  });
});
