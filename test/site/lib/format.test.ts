import { describe, expect, it } from 'vitest';
import { formatChange, formatKpiValue, formatNumber, formatPercent, headlineUnit, statLabel, trendWord, windowLabel } from '../../../src/site/lib/format.ts';

const latency = { kind: 'distribution', stat: 'p95', unit: 'ms', decimals: 1, direction: 'lower', rate_per: '1h' } as const;
const errorRate = { kind: 'ratio', stat: 'ratio', unit: '', decimals: 2, direction: 'lower', rate_per: '1h' } as const;
const completed = { kind: 'counter', stat: 'rate', unit: 'reviews', decimals: 0, direction: 'higher', rate_per: '1d' } as const;

describe('formatNumber and formatPercent', () => {
  it.each([
    ['groups thousands', 8296, 0, '8,296'],
    ['keeps the decimals asked for', 220.68, 1, '220.7'],
    ['pads decimals', 48, 1, '48.0'],
    ['rounds half away from zero', 0.125, 2, '0.13'],
  ])('%s', (_, value, decimals, expected) => expect(formatNumber(value, decimals)).toBe(expected));

  // 8240 ÷ 8296 = 0.993250 → 99.3 %
  it('shows a share as a percentage', () => expect(formatPercent(8240 / 8296, 1)).toBe('99.3%'));
});

describe('formatKpiValue', () => {
  it.each([
    ['a percentile in its unit', latency, 220.68, '220.7 ms'],
    // 1 ÷ 3177 = 0.000315 = 0.03 %
    ['an error rate as a percentage', errorRate, 1 / 3177, '0.03%'],
    ['a daily counter rate per day', completed, 111, '111 reviews per day'],
    ['a missing value as not enough data', latency, null, 'not enough data'],
  ])('%s', (_, kpi, value, expected) => expect(formatKpiValue(kpi, value)).toBe(expected));

  it('names the unit of a rate per hour when the counter has no unit', () => {
    expect(headlineUnit({ ...completed, unit: '', rate_per: '1h' })).toBe('events per hour');
  });
});

describe('formatChange', () => {
  // 220.68 − 214.13 = +6.55 ms; 6.55 ÷ 214.13 = +3.06 %
  it('says how much a value changed and whether for the better', () => {
    expect(formatChange(latency, { absolute: 6.55, relative: 6.55 / 214.13 })).toBe('+6.6 ms (+3.1%), worse');
  });
  it('gives a share\'s change in percentage points', () => {
    // 0.0090 − 0.0114 = −0.0024 = −0.24 points
    expect(formatChange(errorRate, { absolute: -0.0024, relative: -0.21 })).toBe('−0.24 percentage points (−21.0%), better');
  });
  it('has no change without a previous value', () => expect(formatChange(latency, null)).toBeNull());
  it('leaves out the relative change when the previous value was zero', () => {
    expect(formatChange(completed, { absolute: 12, relative: null })).toBe('+12 reviews per day, better');
  });
});

describe('words', () => {
  it.each([
    ['p50', 'median'], ['p95', '95th percentile'], ['p99.9', '99.9th percentile'], ['adherence', 'share within target'], ['csat', 'satisfied share (CSAT)'],
  ])('statLabel(%s) is %s', (stat, label) => expect(statLabel(stat)).toBe(label));
  it.each([['24h', 'last 24 hours'], ['1y', 'last 365 days'], ['calendar-month', 'this calendar month'], ['28d', 'last 28 days']])('windowLabel(%s) is %s', (w, label) => expect(windowLabel(w)).toBe(label));
  it.each([
    ['lower', -1, 'better'], ['lower', 1, 'worse'], ['higher', 1, 'better'], ['higher', -1, 'worse'], ['higher', 0, 'unchanged'],
  ] as const)('a %s-is-better KPI moving by %d is %s', (direction, delta, word) => expect(trendWord(direction, delta)).toBe(word));
});
