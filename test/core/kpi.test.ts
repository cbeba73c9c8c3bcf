import { describe, expect, it } from 'vitest';
import { betterDirection, change, KPI_QUANTILES, kpiRequests, kpiStats, meetsTarget } from '../../src/core/kpi.ts';
import type { Aggregate } from '../../src/core/metric-reader.ts';
import { KpiSchema, type Kpi } from '../../src/core/schemas/kpi.ts';

const DAY = 86_400;
const start = new Date('2026-03-01T00:00:00Z');
const end = new Date('2026-03-02T00:00:00Z');

const latency = kpi({ kind: 'distribution', metric: 'benefits.wait_h', target: 48, direction: 'lower' });
const score = kpi({ kind: 'distribution', metric: 'benefits.exam_score', target: 70, direction: 'higher' });
const untargeted = kpi({ kind: 'distribution', metric: 'benefits.wait_h' });
const resolvedPerHour = kpi({ kind: 'counter', metric: 'hotline.resolved' });
const resolvedPerDay = kpi({ kind: 'counter', metric: 'hotline.resolved', rate_per: '1d', stat: 'sum' });
const errorRate = kpi({ kind: 'ratio', numerator: ['docket.error'], denominator: ['docket.ok', 'docket.error'], target: 0.01 });
const stars = kpi({ kind: 'score', metric: 'hotline.satisfaction', scale: 'stars5', stat: 'csat' });
const nps = kpi({ kind: 'score', metric: 'hotline.recommend', scale: 'nps10', stat: 'nps' });

describe('kpiStats', () => {
  it('counts the store cannot know (rollups without histograms) give null shares, not zero', () => {
    const values = aggregate({ count: 50, sum: 2000, min: 5, max: 90, quantiles: [null, null, null, null], atMost: [null], atLeast: [null] });
    expect(kpiStats(latency, { values }, DAY, 30).stats).toMatchObject({ count: 50, mean: 40, adherence: null, p95: null });
    expect(kpiStats(stars, { values }, DAY, 30).stats.csat).toBeNull();
    expect(kpiStats(nps, { values }, DAY, 30).stats.nps).toBeNull();
  });

  it('a distribution over 24 h: rate per hour, mean, quantiles, min, max and adherence to a lower-is-better target', () => {
    const values = aggregate({ count: 120, sum: 6000, min: 5, max: 150, quantiles: [40, 80, 90, 120], atMost: [96] });
    const result = kpiStats(latency, { values }, DAY, 30);
    expect(result).toMatchObject({ n: 120, sufficient: true, exact: true });
    expect(result.stats.count).toBe(120);
    expect(result.stats.rate).toBeCloseTo(5); // 120 events ÷ 24 h = 5 per hour
    expect(result.stats.mean).toBeCloseTo(50); // 6000 ÷ 120 = 50
    expect(result.stats).toMatchObject({ p50: 40, p90: 80, p95: 90, p99: 120, min: 5, max: 150 });
    expect(result.stats.adherence).toBeCloseTo(0.8); // 96 of 120 at or under 48 h: 96 ÷ 120 = 0.8
  });

  it('adherence to a higher-is-better target counts the events at or over it', () => {
    const values = aggregate({ count: 120, sum: 9000, atLeast: [90] });
    // 90 of 120 at or over 70: 90 ÷ 120 = 0.75
    expect(kpiStats(score, { values }, DAY, 30).stats.adherence).toBeCloseTo(0.75);
  });

  it('a distribution without a target has no adherence', () => {
    const values = aggregate({ count: 40, sum: 400 });
    expect(kpiStats(untargeted, { values }, DAY, 30).stats.adherence).toBeNull();
  });

  it.each(Object.entries({
    // Σ 1200 resolved ÷ 24 h = 50 per hour
    'a counter rate is per hour by default': { kpi: resolvedPerHour, seconds: DAY, sum: 1200, rate: 50 },
    // Σ 1400 resolved ÷ 7 d = 200 per day
    'a counter rate is per day with rate_per 1d': { kpi: resolvedPerDay, seconds: 7 * DAY, sum: 1400, rate: 200 },
    // Σ 90 ÷ 0.5 h = 180 per hour
    'a counter over half an hour': { kpi: resolvedPerHour, seconds: 1800, sum: 90, rate: 180 },
  }))('%s', (_, { kpi, seconds, sum, rate }) => {
    const result = kpiStats(kpi, { values: aggregate({ count: 48, sum }) }, seconds, 30);
    expect(result.n).toBe(48);
    expect(result.stats.sum).toBe(sum);
    expect(result.stats.rate).toBeCloseTo(rate);
  });

  it('a ratio is Σ numerator ÷ Σ denominator, with the denominator as its sample size', () => {
    const result = kpiStats(errorRate, { numerator: aggregate({ count: 3, sum: 5 }), denominator: aggregate({ count: 50, sum: 400 }) }, DAY, 30);
    expect(result).toMatchObject({ n: 400, sufficient: true });
    expect(result.stats.ratio).toBeCloseTo(0.0125); // 5 ÷ 400 = 0.0125
    expect(result.stats.count).toBe(400);
  });

  it('a ratio whose numerator never fired is 0', () => {
    const result = kpiStats(errorRate, { denominator: aggregate({ count: 50, sum: 400 }) }, DAY, 30);
    expect(result.stats.ratio).toBe(0);
  });

  it('a ratio is inexact when either side comes from rollups', () => {
    const result = kpiStats(errorRate, { numerator: aggregate({ sum: 5, exact: false }), denominator: aggregate({ sum: 400 }) }, DAY, 30);
    expect(result.exact).toBe(false);
  });

  it('CSAT is the share of 4- and 5-star scores', () => {
    // 40 scores summing to 160, 30 of them ≥ 4
    const result = kpiStats(stars, { values: aggregate({ count: 40, sum: 160, atLeast: [30] }) }, DAY, 30);
    expect(result.stats.csat).toBeCloseTo(0.75); // 30 ÷ 40 = 0.75
    expect(result.stats.mean).toBeCloseTo(4); // 160 ÷ 40 = 4
    expect(result.stats.nps).toBeUndefined();
  });

  it('NPS is % promoters (9–10) minus % detractors (0–6)', () => {
    // Scores 10, 9, 9, 10, 9, 8, 7, 6, 3, 8: promoters 5, detractors 2 (6 and 3), passives 3; Σ = 79
    const result = kpiStats(nps, { values: aggregate({ count: 10, sum: 79, atLeast: [5], atMost: [2] }) }, DAY, 10);
    expect(result.stats.nps).toBeCloseTo(30); // (5 − 2) ÷ 10 × 100 = 30
    expect(result.stats.mean).toBeCloseTo(7.9); // 79 ÷ 10 = 7.9
    expect(result.stats.csat).toBeUndefined();
  });

  it.each(Object.entries({
    // Each kind keeps the counts small-cell suppression protects: a distribution's and a score's
    // events, a counter's total, a ratio's numerator and denominator.
    'a distribution': { kpi: latency, inputs: { values: aggregate({ count: 29, sum: 290 }) }, n: 29, protectedCounts: [29] },
    'a counter': { kpi: resolvedPerHour, inputs: { values: aggregate({ count: 29, sum: 5000 }) }, n: 29, protectedCounts: [5000] },
    'a ratio (by its denominator)': { kpi: errorRate, inputs: { numerator: aggregate({ sum: 1 }), denominator: aggregate({ sum: 29 }) }, n: 29, protectedCounts: [1, 29] },
    'a score': { kpi: nps, inputs: { values: aggregate({ count: 29, sum: 200, atLeast: [10], atMost: [5] }) }, n: 29, protectedCounts: [29] },
  }))('%s below the minimum of 30 events reports insufficient data and no stats', (_, { kpi, inputs, n, protectedCounts }) => {
    expect(kpiStats(kpi, inputs, DAY, 30)).toEqual({ n, sufficient: false, exact: true, stats: {}, protectedCounts });
  });

  it('exactly the minimum number of events is enough', () => {
    expect(kpiStats(latency, { values: aggregate({ count: 30, sum: 300, atMost: [30] }) }, DAY, 30).sufficient).toBe(true);
  });

  it.each(Object.entries({
    'a distribution': { kpi: latency, protectedCounts: [0] },
    'a counter': { kpi: resolvedPerHour, protectedCounts: [0] },
    'a ratio': { kpi: errorRate, protectedCounts: [0, 0] },
    'a score': { kpi: stars, protectedCounts: [0] },
  }))('%s with no data has n 0', (_, { kpi, protectedCounts }) => {
    expect(kpiStats(kpi, {}, DAY, 1)).toEqual({ n: 0, sufficient: false, exact: true, stats: {}, protectedCounts });
  });
});

describe('kpiRequests', () => {
  const base = { program: 'benefits', start, end };

  it.each(Object.entries({
    'a distribution with a lower-is-better target asks for quantiles and the count at or under the target': {
      kpi: latency,
      requests: { values: { ...base, metrics: ['benefits.wait_h'], quantiles: [...KPI_QUANTILES], atMost: [48] } },
    },
    'a distribution with a higher-is-better target asks for the count at or over it': {
      kpi: score,
      requests: { values: { ...base, metrics: ['benefits.exam_score'], quantiles: [...KPI_QUANTILES], atLeast: [70] } },
    },
    'a distribution without a target asks for no limits': {
      kpi: untargeted,
      requests: { values: { ...base, metrics: ['benefits.wait_h'], quantiles: [0.5, 0.9, 0.95, 0.99] } },
    },
    'a counter asks for its metric': { kpi: resolvedPerHour, requests: { values: { ...base, metrics: ['hotline.resolved'] } } },
    'a ratio asks for numerator and denominator separately': {
      kpi: errorRate,
      requests: { numerator: { ...base, metrics: ['docket.error'] }, denominator: { ...base, metrics: ['docket.ok', 'docket.error'] } },
    },
    'a 5-star score asks for the count of 4 and over': { kpi: stars, requests: { values: { ...base, metrics: ['hotline.satisfaction'], atLeast: [4] } } },
    'an NPS score asks for promoters (≥ 9) and detractors (≤ 6)': {
      kpi: nps,
      requests: { values: { ...base, metrics: ['hotline.recommend'], atLeast: [9], atMost: [6] } },
    },
  }))('%s', (_, { kpi, requests }) => {
    expect(kpiRequests(kpi, 'benefits', start, end)).toStrictEqual(requests);
  });

  it('a series request carries its step', () => {
    expect(kpiRequests(resolvedPerHour, 'benefits', start, end, 3600)).toStrictEqual({ values: { ...base, step: 3600, metrics: ['hotline.resolved'] } });
  });
});

describe('change', () => {
  it.each(Object.entries({
    'a rise from 10 to 12 is +2, +20 %': { current: 12, previous: 10, absolute: 2, relative: 0.2 }, // 2 ÷ 10
    'a fall from 10 to 8 is −2, −20 %': { current: 8, previous: 10, absolute: -2, relative: -0.2 }, // −2 ÷ 10
    'a change from −10 to −5 is relative to the size of −10: +50 %': { current: -5, previous: -10, absolute: 5, relative: 0.5 }, // 5 ÷ |−10|
    'a change from 0 has no relative change': { current: 5, previous: 0, absolute: 5, relative: null },
    'no change from 0 has no relative change either': { current: 0, previous: 0, absolute: 0, relative: null },
  }))('%s', (_, { current, previous, absolute, relative }) => {
    const result = change(current, previous)!;
    expect(result.absolute).toBeCloseTo(absolute);
    if (relative === null) expect(result.relative).toBeNull();
    else expect(result.relative).toBeCloseTo(relative);
  });

  it.each(Object.entries({
    'the current value is missing': { current: null, previous: 10 },
    'the previous value is missing': { current: 10, previous: undefined },
  }))('there is no change when %s', (_, { current, previous }) => {
    expect(change(current, previous)).toBeNull();
  });
});

describe('meetsTarget', () => {
  it.each(Object.entries({
    'a p95 under a lower-is-better target meets it': { kpi: latency, value: 40, meets: true },
    'a p95 exactly at a lower-is-better target meets it': { kpi: latency, value: 48, meets: true },
    'a p95 over a lower-is-better target misses it': { kpi: latency, value: 50, meets: false },
    'a p95 over a higher-is-better target meets it': { kpi: score, value: 75, meets: true },
    'a p95 under a higher-is-better target misses it': { kpi: score, value: 65, meets: false },
    'adherence at the goal meets it': { kpi: kpi({ kind: 'distribution', metric: 'm', target: 48, stat: 'adherence', adherence_goal: 0.9 }), value: 0.9, meets: true },
    'adherence under the goal misses it': { kpi: kpi({ kind: 'distribution', metric: 'm', target: 48, stat: 'adherence', adherence_goal: 0.9 }), value: 0.85, meets: false },
    'adherence without a goal has no verdict': { kpi: kpi({ kind: 'distribution', metric: 'm', target: 48, stat: 'adherence' }), value: 0.85, meets: null },
    'a distribution count has no target even when the KPI has one': { kpi: kpi({ kind: 'distribution', metric: 'm', target: 48, stat: 'count' }), value: 10, meets: null },
    'a distribution rate has no target even when the KPI has one': { kpi: kpi({ kind: 'distribution', metric: 'm', target: 48, stat: 'rate' }), value: 10, meets: null },
    'a KPI without a target has no verdict': { kpi: untargeted, value: 40, meets: null },
    'a missing value has no verdict': { kpi: latency, value: null, meets: null },
    'an error ratio under its target meets it': { kpi: errorRate, value: 0.005, meets: true },
    'an error ratio over its target misses it': { kpi: errorRate, value: 0.02, meets: false },
    'a counter rate over a higher-is-better target meets it': { kpi: kpi({ kind: 'counter', metric: 'm', target: 120, direction: 'higher' }), value: 130, meets: true },
    'a mean score under a higher-is-better target misses it': { kpi: kpi({ kind: 'score', metric: 'm', scale: 'stars5', target: 4.2, direction: 'higher' }), value: 4.1, meets: false },
  }))('%s', (_, { kpi, value, meets }) => {
    expect(meetsTarget(kpi, value)).toBe(meets);
  });
});

/** A KPI with the schema's defaults applied. */
function kpi(fields: Record<string, unknown>): Kpi {
  return KpiSchema.parse({ id: 'kpi', label: 'KPI', ...fields });
}

/** The aggregate of one window; an empty window unless fields say otherwise. */
function aggregate(fields: Partial<Aggregate>): Aggregate {
  return { start, count: 0, sum: 0, min: null, max: null, quantiles: [], atMost: [], atLeast: [], exact: true, ...fields };
}

describe('betterDirection', () => {
  it.each([
    ['a lower-is-better quantile follows the KPI', { kind: 'distribution', stat: 'p95', direction: 'lower' }, 'lower'],
    // The direction says which events are within the limit; more of them within it is better.
    ['a share within target of a lower-is-better KPI is better higher', { kind: 'distribution', stat: 'adherence', direction: 'lower' }, 'higher'],
    ['a share within target of a higher-is-better KPI is better higher', { kind: 'distribution', stat: 'adherence', direction: 'higher' }, 'higher'],
    ['a distribution\'s rate of events is neither', { kind: 'distribution', stat: 'rate', direction: 'lower' }, null],
    ['a score\'s count of answers is neither', { kind: 'score', stat: 'count', direction: 'higher' }, null],
    ['a ratio\'s count of events is neither', { kind: 'ratio', stat: 'count', direction: 'lower' }, null],
    ['a counter\'s rate follows the KPI', { kind: 'counter', stat: 'rate', direction: 'higher' }, 'higher'],
    ['an error ratio follows the KPI', { kind: 'ratio', stat: 'ratio', direction: 'lower' }, 'lower'],
  ] as const)('%s', (_, kpi, expected) => expect(betterDirection(kpi)).toBe(expected));
});
