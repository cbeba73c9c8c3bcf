import { describe, expect, it } from 'vitest';
import { betterSentence, sampleNote, formatBudget, formatCell, formatChange, formatSampleSize, formatKpiValue, formatNumber, formatPercent, headlineUnit, labelWithStat, statLabel, targetText, trendWord, windowChange, windowLabel } from '../../../src/site/lib/format.ts';

const latency = { kind: 'distribution', stat: 'p95', unit: 'ms', decimals: 1, direction: 'lower', rate_per: '1h' } as const;
const errorRate = { kind: 'ratio', stat: 'ratio', unit: '', decimals: 2, direction: 'lower', rate_per: '1h' } as const;
const completed = { kind: 'counter', stat: 'rate', unit: 'reviews', decimals: 0, direction: 'higher', rate_per: '1d' } as const;
// Share of cases resolved within 48 h: lower resolution times are better, a higher share is better.
const within48h = { kind: 'distribution', stat: 'adherence', unit: 'h', decimals: 1, direction: 'lower', rate_per: '1h', target: 48, adherence_goal: 0.9 } as const;

describe('formatNumber and formatPercent', () => {
  it.each([
    ['groups thousands', 8296, 0, '8,296'],
    ['keeps the decimals asked for', 220.68, 1, '220.7'],
    ['pads decimals', 48, 1, '48.0'],
    ['rounds half away from zero', 0.125, 2, '0.13'],
  ])('%s', (_, value, decimals, expected) => expect(formatNumber(value, decimals)).toBe(expected));

  // 8240 ÷ 8296 = 0.993250 → 99.3 %
  it('shows a share as a percentage', () => expect(formatPercent(8240 / 8296, 1)).toBe('99.3%'));
  it.each([
    // 2 late of 8 296: 99.976 %, which one decimal would round to all of them
    [8294 / 8296, 1, '99.98%'],
    [0.99999, 2, '99.999%'],
    // 1 error in 25 000 at 2 decimals: not "0.00%"
    [1 / 25_000, 2, '0.004%'],
    // exact ends stay as they are
    [1, 1, '100.0%'],
    [0, 2, '0.00%'],
    // up to 3 more decimals, no further: 99.99999 % still rounds to 100 at 4
    [0.9999999, 1, '100.0000%'],
  ])('formatPercent(%s, %s) does not read as all or none when it is not: %s', (share, decimals, text) => expect(formatPercent(share, decimals)).toBe(text));
});

describe('formatKpiValue', () => {
  it.each([
    ['a percentile in its unit', latency, 220.68, '220.7 ms'],
    // 1 ÷ 3177 = 0.000315 = 0.03 %
    ['an error rate as a percentage', errorRate, 1 / 3177, '0.03%'],
    ['a daily counter rate per day', completed, 111, '111 reviews per day'],
    ['a missing value as not enough data', latency, null, 'not enough data'],
  ])('%s', (_, kpi, value, expected) => expect(formatKpiValue(kpi, value)).toBe(expected));

  it('counts the events of a distribution, not its unit, in a rate or count', () => {
    // A latency KPI's rate is requests per hour, not milliseconds per hour.
    expect(headlineUnit({ ...latency, stat: 'rate' })).toBe('events per hour');
    expect(formatKpiValue({ ...latency, stat: 'count', decimals: 0 }, 1200)).toBe('1,200 events');
    expect(headlineUnit({ ...completed, stat: 'rate', rate_per: '1h' })).toBe('reviews per hour');
  });
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
  it('gives a change too small for the KPI\'s decimals up to 3 more decimals, never "+0.00"', () => {
    // 0.0026 − 0.0025764 = +0.0000236 = +0.00236 points: 0.00 at 2 decimals, 0.002 at 3
    expect(formatChange(errorRate, { absolute: 0.0000236, relative: 0.009 })).toBe('+0.002 percentage points (+0.9%), worse');
    // 0.04 ms at 1 decimal is 0.0; at 2, 0.04; and its +0.02 % likewise not "+0.0%"
    expect(formatChange(latency, { absolute: 0.04, relative: 0.0002 })).toBe('+0.04 ms (+0.02%), worse');
    // Below even that it stops at 3 more decimals.
    expect(formatChange(latency, { absolute: 0.00001, relative: 0 })).toBe('+0.0000 ms (+0.0%), worse');
  });
  it('has no change without a previous value', () => expect(formatChange(latency, null)).toBeNull());
  it('calls a fall in the share within target worse, though lower times are better', () => {
    // 0.917 − 0.926 = −0.009 = −0.9 points; −0.009 ÷ 0.926 = −0.97 %
    expect(formatChange(within48h, { absolute: -0.009, relative: -0.009 / 0.926 })).toBe('−0.9 percentage points (−1.0%), worse');
    expect(formatChange(within48h, { absolute: 0.003, relative: 0.003 / 0.926 })).toBe('+0.3 percentage points (+0.3%), better');
  });
  it('calls a change in the number of events neither better nor worse', () => {
    expect(formatChange({ ...latency, stat: 'rate', decimals: 0 }, { absolute: 40, relative: 0.1 })).toBe('+40 events per hour (+10.0%)');
    expect(formatChange({ ...latency, stat: 'count', decimals: 0 }, { absolute: 0, relative: 0 })).toBe('±0 events (±0.0%), unchanged');
  });
  it('leaves out the relative change when the previous value was zero', () => {
    expect(formatChange(completed, { absolute: 12, relative: null })).toBe('+12 reviews per day, better');
  });
});

describe('windowChange', () => {
  const freshness = { newest: '2026-10-28T23:59:00.000Z', expected_interval_seconds: 3600, stale: true };
  const daily = [{ start: '2025-09-27T00:00:00.000Z', n: 40, sufficient: true, suppressed: null, exact: false, value: 1, stats: {} }];
  const rate = { ...latency, stat: 'rate', decimals: 0, freshness, daily } as const;
  const full = { partial: false };
  it('says why a count or rate is not compared when the feed stopped in the window, dated in the program\'s zone', () => {
    // 23:59Z on Oct 28 is 4:59 PM in Los Angeles, still Oct 28; 01:00Z on the 29th is the 28th there too.
    expect(windowChange(rate, { partial: true, change: null, previous: full }, 'America/Los_Angeles')).toBe('not compared: no data after Oct 28, 2026');
    expect(windowChange({ ...rate, freshness: { ...freshness, newest: '2026-10-29T01:00:00.000Z' } }, { partial: true, change: null, previous: full }, 'America/Los_Angeles')).toBe('not compared: no data after Oct 28, 2026');
  });
  it('…or when it began in the window before (or in this one): its first UTC day, whatever the zone', () => {
    const fresh = { ...rate, freshness: { ...freshness, stale: false } };
    expect(windowChange(fresh, { partial: false, change: null, previous: { partial: true } }, 'America/Denver')).toBe('not compared: no data before Sep 27, 2025');
    expect(windowChange(fresh, { partial: true, change: null, previous: { partial: false } }, 'America/Denver')).toBe('not compared: no data before Sep 27, 2025');
  });
  it('is the change itself otherwise', () => {
    expect(windowChange(rate, { partial: true, change: { absolute: 40, relative: 0.1 }, previous: full }, 'UTC')).toBe('+40 events per hour (+10.0%)');
    expect(windowChange(rate, { partial: false, change: null, previous: full }, 'UTC')).toBeNull();
  });
});

describe('formatBudget', () => {
  it.each([
    [1 - 56 / 82.96, '32%'], [1, '100%'], [0, '0%'], [-0.791, '-79%'], [-7.462, '-746%'], [-1, '-100%'],
    // Rounding must not read as untouched or as spent.
    [0.995, '99.5%'], [0.9996, '99.96%'], [0.99999, '100.00%'], [0.004, '0.4%'], [-0.004, '-0.4%'], [0.00004, '0.00%'],
  ])('formatBudget(%s) is %s', (share, text) => expect(formatBudget(share)).toBe(text));
});

describe('words', () => {
  it.each([
    ['p50', 'median'], ['p95', '95th percentile'], ['p99.9', '99.9th percentile'], ['adherence', 'share within target'], ['csat', 'satisfied share (CSAT)'],
  ])('statLabel(%s) is %s', (stat, label) => expect(statLabel(stat)).toBe(label));
  it.each([
    ['Eligibility review time', 'p50', 'Eligibility review time (median)'],
    ['API response time (95th percentile)', 'p95', 'API response time (95th percentile)'],
    // p9 is not p95: "9th percentile" is not in "95th percentile".
    ['Latency (95th percentile)', 'p9', 'Latency (95th percentile) (9th percentile)'],
    ['Median wait', 'p50', 'Median wait'],
  ])('labelWithStat(%s, %s) is %s', (label, stat, expected) => expect(labelWithStat({ label, stat })).toBe(expected));
  it.each([['24h', 'last 24 hours'], ['1y', 'last 365 days'], ['calendar-month', 'this calendar month'], ['28d', 'last 28 days']])('windowLabel(%s) is %s', (w, label) => expect(windowLabel(w)).toBe(label));
  it.each([
    ['lower', -1, 'better'], ['lower', 1, 'worse'], ['higher', 1, 'better'], ['higher', -1, 'worse'], ['higher', 0, 'unchanged'],
  ] as const)('a %s-is-better KPI moving by %d is %s', (direction, delta, word) => expect(trendWord(direction, delta)).toBe(word));
});

describe('targetText and betterSentence', () => {
  it.each([
    ['a quantile with a lower-is-better target', { ...latency, target: 250, adherence_goal: null }, 'at most 250.0 ms'],
    ['a higher-is-better counter rate', { ...completed, target: 100, adherence_goal: null }, 'at least 100 reviews per day'],
    ['a share within target, with the per-event limit in its unit', within48h, 'at least 90.0% of events at or under 48.0 h'],
    ['a share within target at or over its limit', { ...within48h, unit: 'stars', direction: 'higher', target: 4, adherence_goal: 0.8 }, 'at least 80.0% of events at or over 4.0 stars'],
    ['a share within target without a goal', { ...within48h, adherence_goal: null }, null],
    ['a quantile without a target', { ...latency, target: null, adherence_goal: null }, null],
    ['a count of events (no target)', { ...latency, stat: 'count', target: 250, adherence_goal: null }, null],
  ] as const)('%s', (_, kpi, expected) => expect(targetText(kpi)).toBe(expected));
  it.each([
    ['a share within target of a lower-is-better KPI', within48h, 'Higher is better.'],
    ['a lower-is-better quantile', latency, 'Lower is better.'],
    ['a higher-is-better counter', completed, 'Higher is better.'],
    ['a rate of events', { ...latency, stat: 'rate' }, ''],
  ] as const)('%s', (_, kpi, expected) => expect(betterSentence(kpi)).toBe(expected));
});

describe('withheld numbers', () => {
  it('a value withheld by small-cell suppression says so, and is not mistaken for no data', () => {
    expect(formatCell(latency, { value: null, suppressed: 'small-cell' })).toBe('withheld (small count)');
    expect(formatCell(latency, { value: null, suppressed: 'complementary' })).toBe('withheld (small count)');
    expect(formatCell(latency, { value: null, suppressed: null })).toBe('not enough data');
    expect(formatCell(latency, { value: 220.68, suppressed: null })).toBe('220.7 ms');
    expect(formatCell(latency, undefined)).toBe('not enough data');
  });
  it('a withheld sample size is never shown as 0', () => {
    expect(formatSampleSize(null)).toBe('withheld');
    expect(formatSampleSize(0)).toBe('0');
    expect(formatSampleSize(1363)).toBe('1,363');
  });
});

describe('sampleNote', () => {
  it('gives n for a distribution, and a counter\u2019s readings, which are not what it counts', () => {
    expect(sampleNote({ kind: 'distribution' }, 1363)).toBe('n = 1,363');
    expect(sampleNote({ kind: 'distribution' }, null)).toBe('n = withheld');
    expect(sampleNote({ kind: 'counter' }, 8640)).toBe('8,640 readings');
    expect(sampleNote({ kind: 'counter' }, 1)).toBe('1 reading');
    expect(sampleNote({ kind: 'counter' }, null)).toBe('readings withheld');
  });
});

describe('a count of one', () => {
  const counter = { kind: 'counter', stat: 'rate', unit: 'calls', decimals: 0, rate_per: '1h' } as const;
  it.each([
    [counter, 1, '1 call per hour'],
    [counter, 2, '2 calls per hour'],
    // 1.0 at one decimal is not a count of one
    [{ ...counter, decimals: 1 }, 1, '1.0 calls per hour'],
    [{ ...counter, stat: 'sum', unit: 'cases' }, 1, '1 case'],
    [{ kind: 'score', stat: 'mean', unit: 'stars', decimals: 0, rate_per: '1h' } as const, 1, '1 star'],
    // units that are not plurals stay as they are
    [{ kind: 'distribution', stat: 'p95', unit: 'ms', decimals: 0, rate_per: '1h' } as const, 1, '1 ms'],
    [{ kind: 'distribution', stat: 'p50', unit: 's', decimals: 0, rate_per: '1h' } as const, 1, '1 s'],
    [{ kind: 'distribution', stat: 'p50', unit: 'h', decimals: 0, rate_per: '1h' } as const, 1, '1 h'],
  ])('%o of %s is %s', (kpi, value, text) => expect(formatKpiValue(kpi, value)).toBe(text));
  it('says +1 call per hour for a change of one', () => expect(formatChange({ ...counter, direction: 'higher' }, { absolute: 1, relative: 0.05 })).toBe('+1 call per hour (+5.0%), better'));
});
