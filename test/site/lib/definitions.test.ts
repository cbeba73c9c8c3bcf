import { describe, expect, it } from 'vitest';
import type { KpiModel, SloModel } from '../../../src/core/schemas/model.ts';
import { kpiDefinition, sloDefinition, updateInterval } from '../../../src/site/lib/definitions.ts';

const base = { id: 'k', label: 'K', description: '', unit: '', direction: 'lower', decimals: 1, target: null, adherence_goal: null, rate_per: '1h', numerator: null, denominator: null, suppress_below: 0, min_events: 30 } as const;
const kpi = (fields: Partial<KpiModel>) => ({ ...base, kind: 'distribution', stat: 'p95', metrics: ['m'], ...fields }) as KpiModel;
const slo = (fields: Partial<SloModel>) => ({ noun: 'reviews', objective: 0.99, window: '28d', budgeting: 'events', min_events: 30, ...fields }) as SloModel;

describe('kpiDefinition', () => {
  it.each([
    ['a quantile with a target', kpi({ metrics: ['eligibility.review_hours'], stat: 'p50', unit: 'h', target: 48 }),
      'The median of eligibility.review_hours (h) over the events in each window; target at most 48.0 h. Lower is better. Fewer than 30 events: not enough data.'],
    ['a share within target, suppressed', kpi({ metrics: ['hotline.resolution_hours'], stat: 'adherence', unit: 'h', target: 48, suppress_below: 10 }),
      'The share of hotline.resolution_hours events at or under 48.0 h. Higher is better. Fewer than 30 events: not enough data. Counts from 1 to 10 are withheld (small-cell rule).'],
    ['a ratio of summed counters', kpi({ kind: 'ratio', stat: 'ratio', metrics: ['e', 'ok'], numerator: ['e'], denominator: ['ok', 'e'], target: 0.01, decimals: 2 }),
      'The share e ÷ (ok + e), each counter summed over the window (never a mean of hourly shares); target at most 1.00%. Lower is better. Fewer than 30 events in the denominator: not enough data.'],
    ['a counter rate per day', kpi({ kind: 'counter', stat: 'rate', metrics: ['completed'], unit: 'reviews', rate_per: '1d', direction: 'higher', decimals: 0 }),
      'The total of counter completed in each window, as a rate (reviews per day). Higher is better. Fewer than 30 events: not enough data.'],
    ['an NPS', kpi({ kind: 'score', stat: 'nps', metrics: ['survey'], direction: 'higher', min_events: 50 }),
      'The net promoter score of survey answers: % of 9 and 10 minus % of 0 to 6. Higher is better. Fewer than 50 answers: not enough data.'],
    ['a rate of a distribution\'s events', kpi({ stat: 'rate', metrics: ['latency'], unit: 'ms' }),
      'The rate of latency events (events per hour). Fewer than 30 events: not enough data.'],
  ])('%s', (_, model, expected) => expect(kpiDefinition(model)).toBe(expected));
});

describe('sloDefinition', () => {
  it('a threshold SLI over a rolling window, budgeted per event', () => {
    expect(sloDefinition(slo({ sli: { type: 'threshold', metric: 'eligibility.review_hours', threshold: 48, op: 'le' } })))
      .toBe('Good reviews: eligibility.review_hours events at or under 48; all reviews: every eligibility.review_hours event. Objective: 99% over the last 28 days, rolling, budgeted per event (Σ good ÷ Σ all); fewer than 30 reviews: not enough data.');
  });
  it('a ratio SLI over calendar months, in time slices', () => {
    expect(sloDefinition(slo({ noun: 'minutes', objective: 0.999, window: 'calendar-month', budgeting: 'timeslices', sli: { type: 'ratio', good: ['ok'], total: ['ok', 'error'] } })))
      .toBe('Good minutes: ok; all minutes: ok + error. Objective: 99.90% over each calendar month, budgeted in time slices (the share of good minutes); fewer than 30 minutes: not enough data.');
  });
});

describe('updateInterval', () => {
  it.each([[3600, 'every 1 h'], [900, 'every 15 min'], [86_400, 'every day'], [172_800, 'every 2 days'], [7200, 'every 2 h']])('%d s is %s', (seconds, text) => expect(updateInterval(seconds)).toBe(text));
});
