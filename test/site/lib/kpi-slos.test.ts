import { describe, expect, it } from 'vitest';
import type { KpiModel, SloModel } from '../../../src/core/schemas/model.ts';
import { goalSlos, slosOfKpi } from '../../../src/site/lib/kpi-slos.ts';
import { sloGoalText } from '../../../src/site/lib/slo-text.ts';

const base = {
  id: '', name: '', description: '', noun: 'cases', sli: {}, objective: 0.95, budgeting: 'events', window: '28d',
  window_start: '2026-10-04T00:00:00.000Z', window_end: '2026-11-01T00:00:00.000Z', period_seconds: 28 * 86_400, suppressed: null, good: null, total: null, min_events: 30, exact: false,
  attainment: null, budget: { allowed: null, consumed: null, remaining: null }, burn_rates: [], firing_pairs: [], exhaustion: { date: null, exhausted: false }, status: 'no-data', burn_down: [], history: [],
} satisfies SloModel;
const threshold = { ...base, id: 'within-48h', sli: { type: 'threshold', metric: 'hotline.resolution_hours', threshold: 48, op: 'le' } } satisfies SloModel;
const ratio = { ...base, id: 'upheld', sli: { type: 'ratio', good: ['audit.ok'], total: ['audit.ok', 'audit.error'] } } satisfies SloModel;

describe('the SLOs that measure a KPI', () => {
  it('are those whose SLI reads exactly the KPI\u2019s metrics, a threshold SLI\u2019s one or a ratio\u2019s good and total', () => {
    expect(slosOfKpi([threshold, ratio], { metrics: ['hotline.resolution_hours'] }).map((s) => s.id)).toEqual(['within-48h']);
    // A ratio KPI reads its numerator and denominator, in any order.
    expect(slosOfKpi([threshold, ratio], { metrics: ['audit.error', 'audit.ok'] }).map((s) => s.id)).toEqual(['upheld']);
  });

  it('leave out an SLO that reads only some of the KPI\u2019s metrics, or more than them', () => {
    expect(slosOfKpi([ratio], { metrics: ['audit.ok'] })).toEqual([]);
    expect(slosOfKpi([threshold], { metrics: ['hotline.resolution_hours', 'hotline.other'] })).toEqual([]);
    expect(slosOfKpi([{ ...base, sli: {} }], { metrics: [] })).toEqual([]);
  });
});

describe('the SLO goals that stand in for a KPI\u2019s target', () => {
  // Cases resolved within 48 hours: a share within a per-event limit of 48 h, with no goal for the share.
  const share = { kind: 'distribution', stat: 'adherence', unit: 'h', decimals: 1, direction: 'lower', rate_per: '1h', target: 48, adherence_goal: null, metrics: ['hotline.resolution_hours'] } as unknown as KpiModel;

  it('are the SLOs that measure a KPI without a target of its own', () => {
    expect(goalSlos([threshold, ratio], share).map((s) => s.id)).toEqual(['within-48h']);
  });

  it('are none when the KPI has a target, or when it counts: a rate or a count has no goal', () => {
    expect(goalSlos([threshold], { ...share, adherence_goal: 0.9 })).toEqual([]);
    expect(goalSlos([threshold], { ...share, stat: 'p95' })).toEqual([]); // a p95 compared with its 48 h target
    expect(goalSlos([threshold], { ...share, stat: 'rate', target: null })).toEqual([]);
    expect(goalSlos([threshold], { ...share, stat: 'count', target: null })).toEqual([]);
  });
});

describe('an SLO\u2019s goal in a few words', () => {
  it('gives the objective with the decimals it needs, the noun and the window', () => {
    expect(sloGoalText(threshold, 'UTC')).toBe('95% of cases over the last 28 days');
    expect(sloGoalText({ ...threshold, objective: 0.999, noun: 'minutes', window: '30d' }, 'UTC')).toBe('99.9% of minutes over the last 30 days');
    // A calendar month by name: Oct 1 to Oct 31, 17:00 in Phoenix is October so far.
    expect(sloGoalText({ ...threshold, window: 'calendar-month', window_start: '2026-10-01T07:00:00.000Z', window_end: '2026-11-01T00:00:00.000Z' }, 'America/Phoenix')).toBe('95% of cases over October 2026 so far');
  });
});
