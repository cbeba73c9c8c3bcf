import { describe, expect, it } from 'vitest';
import { SloSchema, sloMetrics } from '../../../src/core/schemas/slo.ts';

const slo = (fields: Record<string, unknown>) => ({
  id: 'benefits-ok',
  program: 'benefits',
  name: 'Requests that succeed',
  sli: { type: 'ratio', good: ['benefits.ok'], total: ['benefits.ok', 'benefits.error'] },
  objective: 0.99,
  ...fields,
});

describe('SloSchema', () => {
  it.each(Object.entries({
    'defaults to 28 days': { fields: {}, window: 2_419_200 }, // 28 × 86 400
    'reads a rolling 30 days': { fields: { window: '30d' }, window: 2_592_000 }, // 30 × 86 400
    'reads a rolling week': { fields: { window: '1w' }, window: 604_800 }, // 7 × 86 400
    'keeps a calendar month as is': { fields: { window: 'calendar-month' }, window: 'calendar-month' },
  }))('the window %s', (_, { fields, window }) => {
    expect(SloSchema.parse(slo(fields)).window).toBe(window);
  });

  it('a threshold SLI is good at or under its threshold unless told otherwise', () => {
    const parsed = SloSchema.parse(slo({ sli: { type: 'threshold', metric: 'benefits.latency_ms', threshold: 500 } }));
    expect(parsed.sli).toEqual({ type: 'threshold', metric: 'benefits.latency_ms', threshold: 500, op: 'le' });
  });

  it.each(Object.entries({
    'an objective of 1 (no budget at all)': { fields: { objective: 1 } },
    'an objective of 0': { fields: { objective: 0 } },
    'a slice target over 1': { fields: { slice_target: 1.1 } },
    'a zero-length slice': { fields: { slice: '0m' } },
    'an empty list of good counters': { fields: { sli: { type: 'ratio', good: [], total: ['benefits.ok'] } } },
  }))('rejects %s', (_, { fields }) => {
    expect(SloSchema.safeParse(slo(fields)).success).toBe(false);
  });

  it.each(Object.entries({
    'a ratio SLI reads its good and total counters once each': { sli: { type: 'ratio', good: ['a.ok'], total: ['a.ok', 'a.error'] }, metrics: ['a.ok', 'a.error'] },
    'a threshold SLI reads its metric': { sli: { type: 'threshold', metric: 'a.latency_ms', threshold: 500 }, metrics: ['a.latency_ms'] },
  }))('%s', (_, { sli, metrics }) => {
    expect(sloMetrics(SloSchema.parse(slo({ sli })))).toEqual(metrics);
  });
});
