import { describe, expect, it } from 'vitest';
import { KpiSchema, kpiMetrics } from '../../../src/core/schemas/kpi.ts';

const base = { id: 'kpi', label: 'KPI' };

describe('KpiSchema', () => {
  it.each([
    ['distribution', 'p95', { metric: 'a.latency_ms' }],
    ['counter', 'rate', { metric: 'a.calls' }],
    ['ratio', 'ratio', { numerator: ['a.error'], denominator: ['a.ok', 'a.error'] }],
    ['score', 'mean', { metric: 'a.stars', scale: 'stars5' }],
  ])('a %s KPI headlines %s by default', (kind, stat, fields) => {
    expect(KpiSchema.parse({ ...base, kind, ...fields }).stat).toBe(stat);
  });

  it.each(Object.entries({
    'a counter cannot headline a quantile': { fields: { kind: 'counter', metric: 'a.calls', stat: 'p95' } },
    'a score needs a scale': { fields: { kind: 'score', metric: 'a.stars' } },
    'a ratio needs at least one numerator counter': { fields: { kind: 'ratio', numerator: [], denominator: ['a.ok'] } },
    'an adherence goal cannot be over 1': { fields: { kind: 'distribution', metric: 'a.latency_ms', adherence_goal: 1.5 } },
    'a KPI id must be a slug': { fields: { kind: 'counter', metric: 'a.calls', id: 'Calls Per Hour' } },
  }))('%s', (_, { fields }) => {
    expect(KpiSchema.safeParse({ ...base, ...fields }).success).toBe(false);
  });

  it('a ratio reads each counter once', () => {
    const kpi = KpiSchema.parse({ ...base, kind: 'ratio', numerator: ['a.error'], denominator: ['a.ok', 'a.error'] });
    expect(kpiMetrics(kpi)).toEqual(['a.error', 'a.ok']);
  });
});
