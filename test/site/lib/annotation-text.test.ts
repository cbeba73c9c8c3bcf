import { describe, expect, it } from 'vitest';
import type { AnnotationComparison, KpiModel } from '../../../src/core/schemas/model.ts';
import { comparisonSentence } from '../../../src/site/lib/annotation-text.ts';

const kpi = { id: 'review-time', label: 'Eligibility review time', kind: 'distribution', stat: 'p50', unit: 'h', decimals: 1, direction: 'lower', rate_per: '1h' } as KpiModel;
const comparison = (before: number | null, after: number | null, days = 28): AnnotationComparison => ({
  date: '2026-03-02',
  before: { start: new Date(Date.parse('2026-03-02T00:00:00Z') - days * 86_400_000).toISOString(), end: '2026-03-02T00:00:00.000Z', n: 900, exact: false, value: before, suppressed: null, partial: false },
  after: { start: '2026-03-02T00:00:00.000Z', end: new Date(Date.parse('2026-03-02T00:00:00Z') + days * 86_400_000).toISOString(), n: 900, exact: false, value: after, suppressed: null, partial: false },
  change: before === null || after === null ? null : { absolute: after - before, relative: (after - before) / before },
});

describe('comparisonSentence', () => {
  it('says what a KPI was before and after a rule change, and by how much it moved', () => {
    // 21 − 354.3 = −333.3 h; −333.3 ÷ 354.3 = −94.07 %
    expect(comparisonSentence(kpi, comparison(354.3, 21))).toBe(
      'Eligibility review time (median): 354.3 h in the 28 days before, 21.0 h in the 28 days after (−333.3 h (−94.1%), better).');
  });
  it('says "not enough data" for a side without enough events', () => {
    expect(comparisonSentence(kpi, comparison(null, 21, 1))).toBe('Eligibility review time (median): not enough data in the 1 day before, 21.0 h in the 1 day after.');
  });
  it('names the statistic once when the label already names it', () => {
    // 2187 − 789 = 1398 ms; 1398 ÷ 789 = +177.2 %
    const p95 = { ...kpi, label: 'Form response time (95th Percentile)', stat: 'p95', unit: 'ms', decimals: 0 } as KpiModel;
    expect(comparisonSentence(p95, comparison(789, 2187))).toBe(
      'Form response time (95th Percentile): 789 ms in the 28 days before, 2,187 ms in the 28 days after (+1,398 ms (+177.2%), worse).');
  });
  it('says a count or rate is not compared when data covers only part of a side', () => {
    const rate = { ...kpi, label: 'Reviews completed', kind: 'counter', stat: 'rate', unit: 'reviews', decimals: 0, rate_per: '1d' } as KpiModel;
    const base = comparison(200, 300);
    const partial = { ...base, before: { ...base.before, partial: true }, change: null };
    expect(comparisonSentence(rate, partial)).toBe('Reviews completed (rate): 200 reviews per day in the 28 days before, 300 reviews per day in the 28 days after (not compared: data covers only part of the days before).');
  });
});
