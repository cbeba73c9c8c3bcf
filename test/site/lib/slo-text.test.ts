import { describe, expect, it } from 'vitest';
import type { SloModel } from '../../../src/core/schemas/model.ts';
import { budgetSentence, sloSentences } from '../../../src/site/lib/slo-text.ts';

/** The eligibility-review SLO of docs/methodology.md: 8 240 of 8 296 reviews on time, 99 % objective. */
const slo = {
  id: 'cms-reviews-48h', name: 'Reviews finished within 48 hours', description: '', noun: 'reviews', sli: {}, objective: 0.99, budgeting: 'events', window: '28d',
  window_start: '2026-10-04T00:00:00.000Z', window_end: '2026-11-01T00:00:00.000Z', period_seconds: 28 * 86_400, suppressed: null, good: 8240, total: 8296, min_events: 30, exact: false,
  // allowed = 0.01 × 8296 = 82.96; consumed = 56; remaining = 1 − 56 ÷ 82.96 = 0.325
  attainment: 8240 / 8296, budget: { allowed: 82.96, consumed: 56, remaining: 1 - 56 / 82.96 },
  burn_rates: [], firing_pairs: [], exhaustion: { date: '2026-11-06T01:12:00.000Z', exhausted: false }, status: 'ok', burn_down: [], history: [],
} satisfies SloModel;

describe('an SLO in plain language', () => {
  it('states attainment with its sample, window and goal, then the budget and when it runs out', () => {
    expect(sloSentences(slo, 'America/New_York')).toEqual([
      '99.32% of 8,296 reviews met “Reviews finished within 48 hours” over the last 28 days (goal 99%).',
      // 2026-11-06T01:12Z in New York (EST, −5 h) = Nov 5, 8:12 PM
      "32% of the error budget is left; at the last day's pace it runs out on Nov 5, 2026, 8:12 PM EST.",
    ]);
  });

  it('says "not enough data" below the minimum sample size', () => {
    expect(sloSentences({ ...slo, total: 12, attainment: null, status: 'no-data' }, 'UTC')[0]).toBe(
      'Not enough data: only 12 reviews over the last 28 days, fewer than the 30 needed to judge “Reviews finished within 48 hours” (goal 99%).');
  });

  it('names a calendar month, "so far" until it is whole', () => {
    // Oct 1, 00:00 to Oct 31, 17:00 in Phoenix (MST, −7 h): the month is not over.
    const month = { ...slo, window: 'calendar-month', window_start: '2026-10-01T07:00:00.000Z', window_end: '2026-11-01T00:00:00.000Z' };
    expect(sloSentences(month, 'America/Phoenix')[0]).toBe('99.32% of 8,296 reviews met “Reviews finished within 48 hours” over October 2026 so far (goal 99%).');
    // The whole of October: it ends at the first instant of November.
    expect(sloSentences({ ...month, window_end: '2026-11-01T07:00:00.000Z' }, 'America/Phoenix')[0]).toContain('over October 2026 (goal 99%)');
    expect(sloSentences({ ...month, total: 12, attainment: null, status: 'no-data' }, 'America/Phoenix')[0]).toContain('only 12 reviews over October 2026 so far, fewer than');
  });

  it('counts a time-slice SLO\u2019s slices with data, not the window\u2019s', () => {
    // The docket API's availability: 17 108 good minutes of the 17 254 with requests in 30 days (43 200 minutes).
    const minutes = { ...slo, noun: 'minutes', budgeting: 'timeslices', window: '30d', good: 17_108, total: 17_254, attainment: 17_108 / 17_254 } satisfies SloModel;
    expect(sloSentences(minutes, 'UTC')[0]).toBe('99.15% of 17,254 minutes with data met “Reviews finished within 48 hours” over the last 30 days (goal 99%).');
  });

  it('shows a goal with the decimals it needs: 99.9 %', () => {
    expect(sloSentences({ ...slo, objective: 0.999 }, 'UTC')[0]).toContain('(goal 99.9%)');
  });

  it.each([
    // remaining −0.791: 79 % over budget (docket latency, docs/methodology.md)
    ['a spent budget', { ...slo, budget: { ...slo.budget, remaining: -0.791 }, exhaustion: { date: slo.window_end, exhausted: true } }, 'The error budget is spent: 79% over budget.'],
    ['a budget that outlasts the window', { ...slo, exhaustion: { date: null, exhausted: false } }, "32% of the error budget is left; at the last day's pace it lasts beyond the end of this window."],
    ['a budget without a last day to judge its pace by', { ...slo, exhaustion: { date: null, exhausted: false }, burn_rates: [{ window: '1d', seconds: 86_400, good: 0, total: 0, burn_rate: null, suppressed: null }] },
      '32% of the error budget is left; with no reviews recorded in the last day, there is no pace to say when it would run out.'],
    ['an unknown budget', { ...slo, budget: { ...slo.budget, remaining: null } }, 'The error budget is unknown: no events were allowed to fail in this window.'],
  ])('words %s', (_, model, expected) => expect(budgetSentence(model, 'UTC')).toBe(expected));

  it('says the numbers are withheld, and why, when the SLO shares a KPI’s small-cell mask; the status stays', () => {
    const withheld = { ...slo, suppressed: 'complementary' as const, good: null, total: null, attainment: null, budget: { allowed: null, consumed: null, remaining: null } };
    const text = 'The exact numbers are withheld: they count the same reviews as a KPI whose small counts are not published, and would let them be worked out.';
    expect(sloSentences(withheld, 'UTC')).toEqual([`Over the last 28 days, “Reviews finished within 48 hours” meets its goal of 99%. ${text}`]);
    expect(sloSentences({ ...withheld, status: 'breach' }, 'UTC')[0]).toContain('” misses its goal of 99%. ');
    expect(sloSentences({ ...withheld, status: 'warning' }, 'UTC')[0]).toContain('” meets its goal of 99% but is at risk. ');
    expect(sloSentences({ ...withheld, status: 'no-data' }, 'UTC')[0]).toContain('” has too little data to judge against its goal of 99%. ');
    // No number of the window appears.
    expect(sloSentences(withheld, 'UTC').join(' ')).not.toMatch(/8,2|32%/);
  });
});
