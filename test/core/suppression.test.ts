import { describe, expect, it } from 'vitest';
import { suppressSmallCells, unionOfMarks, type CountCell } from '../../src/core/suppression.ts';

/** Points of length `step` starting at `from`, one per count (null = unknown). */
const points = (counts: (number | null)[], step = 1, from = 0): CountCell[] => counts.map((count, i) => ({ start: from + i * step, end: from + (i + 1) * step, count }));
const cell = (start: number, end: number, count: number | null): CountCell => ({ start, end, count });
const S = 'small-cell';
const C = 'complementary';

describe('suppressSmallCells', () => {
  it('a threshold of 0 turns it off', () => {
    expect(suppressSmallCells({ threshold: 0, series: [points([1, 2])], windows: [] })).toEqual({ series: [[null, null]], windows: [] });
  });

  it('suppresses counts from 1 to the threshold, never 0, a count above it, or an unknown count', () => {
    const result = suppressSmallCells({ threshold: 10, series: [points([0, 5, 11, 10, 1, null])], windows: [cell(0, 6, 27)] });
    // five points, one window over all of them: 3 small points in the one segment, no complement needed
    expect(result).toEqual({ series: [[null, S, null, S, S, null]], windows: [null] });
  });

  it('a segment with one suppressed point gets its smallest nonzero point suppressed too', () => {
    // window = 125 = 50 + 5 + 40 + 30: with only 5 hidden, 125 - 50 - 40 - 30 would give it away
    const result = suppressSmallCells({ threshold: 10, series: [points([50, 5, 0, 40, 30])], windows: [cell(0, 5, 125)] });
    expect(result.series).toEqual([[null, S, null, null, C]]);
  });

  it('a window reaching past the first point is a sum of the points inside the series\' reach', () => {
    // Points at 2, 3 and 5 only (no data at 0, 1, 4); window [0, 4) = 54. Taken as starting at the first
    // point, the series would not see the window as a sum, hide the 30 instead, and 54 - 50 would give the 4 away.
    const sparse = [cell(2, 3, 4), cell(3, 4, 50), cell(5, 6, 30)];
    expect(suppressSmallCells({ threshold: 10, series: [sparse], windows: [cell(0, 4, 54)] }).series).toEqual([[S, null, C]]);
    expect(suppressSmallCells({ threshold: 10, series: [sparse], reaches: [{ start: 0, end: 6 }], windows: [cell(0, 4, 54)] }).series).toEqual([[S, C, null]]);
  });

  it('window edges cut the series into segments, each with none or at least two suppressed points', () => {
    // windows [0,2) = 55 and [0,4) = 125: segments [0,2) and [2,4)
    const result = suppressSmallCells({ threshold: 10, series: [points([50, 5, 40, 30])], windows: [cell(0, 2, 55), cell(0, 4, 125)] });
    expect(result.series).toEqual([[C, S, null, null]]);
  });

  it('a published window containing a suppressed one needs a suppressed point outside it', () => {
    // last 2 h = 7 (hidden), last 4 h = 107 (published): 107 - 60 - 40 = 7 unless one of 60 and 40 is hidden,
    // and then the segment rule hides the other
    const result = suppressSmallCells({ threshold: 10, series: [points([60, 40, 3, 4])], windows: [cell(2, 4, 7), cell(0, 4, 107)] });
    expect(result).toEqual({ series: [[C, C, S, S]], windows: [S, null] });
  });

  it('works across levels: a suppressed day needs suppressed hours, and days follow the segment rule', () => {
    // hours of two 2-hour "days": [2, 3 | 30, 40]; days 5 and 70; one window over both days = 75
    const hours = points([2, 3, 30, 40]);
    const days = points([5, 70], 2);
    const result = suppressSmallCells({ threshold: 10, series: [hours, days], windows: [cell(0, 4, 75)] });
    // day 1 (5) is small; at the day level the window's only segment needs a second day hidden (70);
    // at the hour level the published window minus the published hours of day 2 would give day 1
    // away, so day 2's smallest hour is hidden, and then its other hour by the segment rule.
    expect(result).toEqual({ series: [[S, S, C, C], [S, C]], windows: [null] });
  });

  it('a complementary day whose hours are all published gets two of its hours suppressed', () => {
    // days [4, 60, 80] under a window of 144: the day level hides 60 as the complement of 4;
    // day 2's hours (20, 40) would add up to it, so its smallest hour is hidden, then the other
    const hours = points([1, 3, 20, 40, 30, 50]);
    const days = points([4, 60, 80], 2);
    const result = suppressSmallCells({ threshold: 10, series: [hours, days], windows: [cell(0, 6, 144)] });
    expect(result.series).toEqual([[S, S, C, C, null, null], [S, C, null]]);
  });

  it('a window and a day over the same interval are the same number and share their fate', () => {
    // the last "day" [2,4) is hidden as a complement; the window over exactly [2,4) must be hidden too
    const result = suppressSmallCells({ threshold: 10, series: [points([7, 50], 2)], windows: [cell(2, 4, 50), cell(0, 4, 57)] });
    expect(result).toEqual({ series: [[S, C]], windows: [C, null] });
  });

  it('gaps (periods without data) count as zero and are not cells', () => {
    // points at 0 and 3 only; window over [0,4) = 56: one small point and one other point to hide
    const sparse = [cell(0, 1, 6), cell(3, 4, 50)];
    expect(suppressSmallCells({ threshold: 10, series: [sparse], windows: [cell(0, 4, 56)] }).series).toEqual([[S, C]]);
  });

  it('uses a zero as the complement only when there is nothing else', () => {
    const result = suppressSmallCells({ threshold: 10, series: [points([0, 8, 0])], windows: [cell(0, 3, 8)] });
    expect(result).toEqual({ series: [[C, S, null]], windows: [S] });
  });
});

describe('unionOfMarks', () => {
  it('withholds a cell when either count does, small-cell before complementary', () => {
    const numerator = { series: [['small-cell', null, 'complementary', null]], windows: [null, 'complementary'] } as const;
    const denominator = { series: [['complementary', 'small-cell', null, null]], windows: ['small-cell', null] } as const;
    expect(unionOfMarks([
      { series: numerator.series.map((s) => [...s]), windows: [...numerator.windows] },
      { series: denominator.series.map((s) => [...s]), windows: [...denominator.windows] },
    ])).toEqual({ series: [['small-cell', 'small-cell', 'complementary', null]], windows: ['small-cell', 'complementary'] });
  });
  it('returns a single result as it is', () => {
    const one = { series: [[null, 'small-cell' as const]], windows: [] };
    expect(unionOfMarks([one])).toBe(one);
  });
});
