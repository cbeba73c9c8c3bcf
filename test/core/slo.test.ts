import { describe, expect, it } from 'vitest';
import { attainment, budgetExhaustion, burnDown, errorBudget, sliceCounts, sloStatus } from '../../src/core/slo.ts';

const DAY = 86_400;
const PERIOD_28D = 28 * DAY; // 2 419 200 s
const PERIOD_30D = 30 * DAY; // 2 592 000 s

describe('attainment and pool', () => {
  it.each(Object.entries({
    '990 good of 1000 is 0.99': { counts: { good: 990, total: 1000 }, value: 0.99 },
    'all good is 1': { counts: { good: 7, total: 7 }, value: 1 },
    'none good is 0': { counts: { good: 0, total: 7 }, value: 0 },
  }))('%s', (_, { counts, value }) => {
    expect(attainment(counts)).toBeCloseTo(value);
  });

  it('a window without events has no attainment', () => {
    expect(attainment({ good: 0, total: 0 })).toBeNull();
  });

});

describe('errorBudget', () => {
  it.each(Object.entries({
    // allowed (1 − 0.999) × 10 000 = 10; consumed 10 000 − 9995 = 5; remaining 1 − 5 ÷ 10 = 0.5
    'half the budget spent leaves 0.5': { good: 9995, allowed: 10, consumed: 5, remaining: 0.5 },
    // consumed 10 000 − 10 000 = 0; remaining 1 − 0 ÷ 10 = 1
    'no bad events leave the whole budget': { good: 10_000, allowed: 10, consumed: 0, remaining: 1 },
    // consumed 10; remaining 1 − 10 ÷ 10 = 0
    'exactly the allowed bad events leave nothing': { good: 9990, allowed: 10, consumed: 10, remaining: 0 },
    // consumed 20; remaining 1 − 20 ÷ 10 = −1
    'twice the allowed bad events overspend by a whole budget': { good: 9980, allowed: 10, consumed: 20, remaining: -1 },
  }))('%s (objective 0.999, 10 000 events)', (_, { good, allowed, consumed, remaining }) => {
    const budget = errorBudget({ good, total: 10_000 }, 0.999);
    expect(budget.allowed).toBeCloseTo(allowed);
    expect(budget.consumed).toBe(consumed);
    expect(budget.remaining).toBeCloseTo(remaining);
  });

  it('a window without events has no remaining budget', () => {
    expect(errorBudget({ good: 0, total: 0 }, 0.99)).toEqual({ allowed: 0, consumed: 0, remaining: null });
  });
});

describe('sliceCounts', () => {
  it.each(Object.entries({
    'empty slices are not counted, and a slice exactly at the target is good': {
      // 10/10 = 1 good; 0/0 skipped; 99/100 = 0.99 good (at target); 98/100 = 0.98 bad; 0/0 skipped
      slices: [{ good: 10, total: 10 }, { good: 0, total: 0 }, { good: 99, total: 100 }, { good: 98, total: 100 }, { good: 0, total: 0 }],
      target: 0.99,
      counts: { good: 2, total: 3 },
    },
    'one bad quiet slice weighs as much as one bad busy slice': {
      // 0/1 = 0 bad; 500/1000 = 0.5 bad; 5/5 = 1 good
      slices: [{ good: 0, total: 1 }, { good: 500, total: 1000 }, { good: 5, total: 5 }],
      target: 0.9,
      counts: { good: 1, total: 3 },
    },
    'no slices count nothing': { slices: [], target: 0.99, counts: { good: 0, total: 0 } },
  }))('%s', (_, { slices, target, counts }) => {
    expect(sliceCounts(slices, target)).toEqual(counts);
  });
});

describe('budgetExhaustion', () => {
  const at = new Date('2026-03-10T00:00:00Z');
  const horizon = new Date(at.getTime() + PERIOD_28D * 1000); // 2026-04-07T00:00:00Z

  it.each(Object.entries({
    // 0.5 × 28 d ÷ 2 = 7 d after 2026-03-10
    'half the budget at burn rate 2 lasts 7 days': { remaining: 0.5, burn: 2, date: '2026-03-17T00:00:00.000Z' },
    // 0.25 × 28 d ÷ 1 = 7 d
    'a quarter of the budget at burn rate 1 lasts 7 days': { remaining: 0.25, burn: 1, date: '2026-03-17T00:00:00.000Z' },
    // 0.1 × 28 d ÷ 14 = 0.2 d = 4.8 h
    'a tenth of the budget at burn rate 14 lasts 4.8 hours': { remaining: 0.1, burn: 14, date: '2026-03-10T04:48:00.000Z' },
    // 1 × 28 d ÷ 1 = 28 d, exactly at the horizon
    'a full budget at burn rate 1 runs out exactly at the horizon': { remaining: 1, burn: 1, date: '2026-04-07T00:00:00.000Z' },
  }))('%s', (_, { remaining, burn, date }) => {
    const result = budgetExhaustion(remaining, burn, at, PERIOD_28D, horizon);
    expect(result.exhausted).toBe(false);
    expect(result.date?.getTime()).toBeCloseTo(new Date(date).getTime(), -3);
  });

  it.each(Object.entries({
    'nothing burns': { remaining: 0.5, burn: 0 },
    'the burn rate is unknown': { remaining: 0.5, burn: null },
    // 0.5 × 28 d ÷ 0.25 = 56 d > 28 d
    'the date falls after the horizon': { remaining: 0.5, burn: 0.25 },
    'there is no budget to speak of': { remaining: null, burn: 2 },
  }))('is "not at this rate" when %s', (_, { remaining, burn }) => {
    expect(budgetExhaustion(remaining, burn, at, PERIOD_28D, horizon)).toEqual({ date: null, exhausted: false });
  });

  it.each(Object.entries({
    'nothing is left': { remaining: 0 },
    'the budget is overspent': { remaining: -0.3 },
  }))('is exhausted at once when %s', (_, { remaining }) => {
    expect(budgetExhaustion(remaining, 2, at, PERIOD_28D, horizon)).toEqual({ date: at, exhausted: true });
  });
});

describe('sloStatus', () => {
  const base = { minEvents: 30, objective: 0.99, remaining: 0.9, burnRates: {}, periodSeconds: PERIOD_30D };

  it.each(Object.entries({
    'no-data below the minimum events, even at 100 %': { counts: { good: 25, total: 25 }, status: 'no-data' },
    'no-data without events': { counts: { good: 0, total: 0 }, minEvents: 1, status: 'no-data' },
    // 980 ÷ 1000 = 0.98 < 0.99; checked before the budget and burn rates
    'breach below the objective, before any warning': { counts: { good: 980, total: 1000 }, remaining: -1, burnRates: { '1h': 20, '5m': 20 }, status: 'breach' },
    // 990 ÷ 1000 = 0.99 is not below 0.99; allowed 10, consumed 10 → remaining 0
    'exactly at the objective is not a breach': { counts: { good: 990, total: 1000 }, remaining: 0, status: 'warning' },
    // allowed 10, consumed 8 → remaining 1 − 8 ÷ 10 = 0.2 < 0.25
    'warning with less than a quarter of the budget left': { counts: { good: 992, total: 1000 }, remaining: 0.2, status: 'warning' },
    // allowed 0.01 × 10 000 = 100, consumed 75 → remaining 1 − 75 ÷ 100 = 0.25, not under it
    'ok with exactly a quarter left': { counts: { good: 9925, total: 10_000 }, remaining: 0.25, status: 'ok' },
    // 1 h and 5 m both over 14.4 (30 d)
    'warning when a page pair fires': { counts: { good: 999, total: 1000 }, burnRates: { '1h': 15, '5m': 20 }, status: 'warning' },
    // 1 d and 2 h both over 3: a ticket, not a page
    'ok when only a ticket pair fires': { counts: { good: 999, total: 1000 }, burnRates: { '1d': 4, '2h': 4 }, status: 'ok' },
    'ok otherwise': { counts: { good: 999, total: 1000 }, status: 'ok' },
  }))('%s', (_, { status, ...input }) => {
    expect(sloStatus({ ...base, ...input })).toBe(status);
  });
});

describe('burnDown', () => {
  const day = (n: number) => new Date(Date.UTC(2026, 2, n));

  it('subtracts each day’s bad events from the whole window’s budget, cumulatively', () => {
    // allowed 10: 1 − 2 ÷ 10 = 0.8; 1 − (2 + 0) ÷ 10 = 0.8; 1 − (2 + 0 + 3) ÷ 10 = 0.5; 1 − 13 ÷ 10 = −0.3
    const points = burnDown([{ end: day(2), bad: 2 }, { end: day(3), bad: 0 }, { end: day(4), bad: 3 }, { end: day(5), bad: 8 }], 10);
    expect(points.map((point) => point.end)).toEqual([day(2), day(3), day(4), day(5)]);
    const expected = [0.8, 0.8, 0.5, -0.3];
    points.forEach((point, index) => expect(point.remaining).toBeCloseTo(expected[index]!));
  });

  it('has no remaining budget when nothing is allowed', () => {
    expect(burnDown([{ end: day(2), bad: 0 }], 0)).toEqual([{ end: day(2), remaining: null }]);
  });
});
