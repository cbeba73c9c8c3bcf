import { describe, expect, it } from 'vitest';
import { BURN_RATE_PAIRS, burnRate, burnThreshold, firingPairs, type BurnWindow } from '../../src/core/burn-rate.ts';

const PERIOD_30D = 30 * 86_400; // 720 h
const PERIOD_28D = 28 * 86_400; // 672 h

describe('burnRate', () => {
  it.each(Object.entries({
    // 5 ÷ 1000 = 0.005 bad, ÷ (1 − 0.999) = 5
    '0.5 % bad against a 0.1 % allowance burns 5×': { bad: 5, total: 1000, objective: 0.999, rate: 5 },
    // 1 ÷ 1000 ÷ 0.001 = 1
    'exactly the allowed bad fraction burns 1×': { bad: 1, total: 1000, objective: 0.999, rate: 1 },
    // 10 ÷ 100 ÷ 0.01 = 10
    '10 % bad against a 1 % allowance burns 10×': { bad: 10, total: 100, objective: 0.99, rate: 10 },
    'no bad events burn nothing': { bad: 0, total: 100, objective: 0.99, rate: 0 },
  }))('%s', (_, { bad, total, objective, rate }) => {
    expect(burnRate(bad, total, objective)).toBeCloseTo(rate);
  });

  it('a window without events has no burn rate', () => {
    expect(burnRate(0, 0, 0.99)).toBeNull();
  });
});

describe('burnThreshold', () => {
  it.each([
    ['1h/5m', 30, 14.4], // 0.02 × 720 h ÷ 1 h = 14.4
    ['6h/30m', 30, 6], // 0.05 × 720 h ÷ 6 h = 6
    ['1d/2h', 30, 3], // 0.1 × 720 h ÷ 24 h = 3
    ['3d/6h', 30, 1], // 0.1 × 720 h ÷ 72 h = 1
    ['1h/5m', 28, 13.44], // 0.02 × 672 h ÷ 1 h = 13.44
    ['6h/30m', 28, 5.6], // 0.05 × 672 h ÷ 6 h = 5.6
    ['1d/2h', 28, 2.8], // 0.1 × 672 h ÷ 24 h = 2.8
    ['3d/6h', 28, 0.933_333], // 0.1 × 672 h ÷ 72 h = 0.9333…
  ] as const)('the %s pair of a %i-day SLO fires over %s', (pair, days, threshold) => {
    expect(burnThreshold(pairNamed(pair), days * 86_400)).toBeCloseTo(threshold, 5);
  });
});

describe('firingPairs', () => {
  it.each(Object.entries({
    'both 1 h and 5 m over 14.4 fire the first page pair': { rates: { '1h': 15, '5m': 15 }, period: PERIOD_30D, fired: ['1h/5m'] },
    'the long window alone does not fire': { rates: { '1h': 15, '5m': 1 }, period: PERIOD_30D, fired: [] },
    'the short window alone does not fire': { rates: { '1h': 1, '5m': 15 }, period: PERIOD_30D, fired: [] },
    'a missing short window does not fire': { rates: { '1h': 15, '5m': null }, period: PERIOD_30D, fired: [] },
    'both 6 h and 30 m over 6 fire the second page pair': { rates: { '6h': 7, '30m': 7 }, period: PERIOD_30D, fired: ['6h/30m'] },
    // threshold 1 for 3 d/6 h; the 1 d/2 h pair needs 3
    'both 3 d and 6 h at 1.5 fire only the slow ticket pair': { rates: { '3d': 1.5, '6h': 1.5, '1d': 1.5, '2h': 1.5 }, period: PERIOD_30D, fired: ['3d/6h'] },
    'every pair fires when every window burns fast': {
      rates: { '5m': 20, '30m': 20, '1h': 20, '2h': 20, '6h': 20, '1d': 20, '3d': 20 },
      period: PERIOD_30D,
      fired: ['1h/5m', '6h/30m', '1d/2h', '3d/6h'],
    },
    // 14 > 13.44 (28 d) but 14 < 14.4 (30 d)
    'a burn rate of 14 fires for a 28-day SLO': { rates: { '1h': 14, '5m': 14 }, period: PERIOD_28D, fired: ['1h/5m'] },
    'a burn rate of 14 does not fire for a 30-day SLO': { rates: { '1h': 14, '5m': 14 }, period: PERIOD_30D, fired: [] },
    // 0.1 × 720 h ÷ 72 h = 1 exactly: the rule is strictly greater
    'burning exactly at the threshold does not fire': { rates: { '3d': 1, '6h': 1 }, period: PERIOD_30D, fired: [] },
  } as Record<string, { rates: Partial<Record<BurnWindow, number | null>>; period: number; fired: string[] }>))('%s', (_, { rates, period, fired }) => {
    expect(firingPairs(rates, period).map((pair) => `${pair.long}/${pair.short}`)).toEqual(fired);
  });

  it.each(BURN_RATE_PAIRS.map((pair) => [`${pair.long}/${pair.short}`, pair] as const))(
    'the %s pair does not fire at exactly its computed threshold, and fires just above it',
    (_, pair) => {
      const threshold = burnThreshold(pair, PERIOD_28D);
      expect(firingPairs({ [pair.long]: threshold, [pair.short]: threshold }, PERIOD_28D)).not.toContain(pair);
      const above = threshold * 1.001;
      expect(firingPairs({ [pair.long]: above, [pair.short]: above }, PERIOD_28D)).toContain(pair);
    },
  );
});

function pairNamed(name: string) {
  const pair = BURN_RATE_PAIRS.find((candidate) => `${candidate.long}/${candidate.short}` === name);
  if (!pair) throw new Error(`no pair ${name}`);
  return pair;
}
