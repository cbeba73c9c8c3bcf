import { describe, expect, it } from 'vitest';
import type { SeriesPoint } from '../../../src/core/schemas/model.ts';
import { periodsBetween, pointsInRange, withGaps } from '../../../src/site/lib/series.ts';

const day = (date: string, value: number | null, n = 40): SeriesPoint => ({ start: `${date}T00:00:00.000Z`, n, sufficient: value !== null, suppressed: null, exact: false, value, stats: {} });

describe('withGaps', () => {
  it('puts a null point in a missing day so the line breaks there, and keeps the days around it', () => {
    const points = withGaps([day('2026-10-01', 5), day('2026-10-02', 6), day('2026-10-05', 7)], 86_400);
    expect(points.map((p) => [p.start.slice(0, 10), p.value])).toEqual([['2026-10-01', 5], ['2026-10-02', 6], ['2026-10-03', null], ['2026-10-05', 7]]);
  });
  it('draws an insufficient point as missing, never as zero', () => {
    expect(withGaps([day('2026-10-01', 5), day('2026-10-02', null, 7)], 86_400).map((p) => p.value)).toEqual([5, null]);
  });
  it('marks a point withheld by small-cell suppression, drawn as a gap', () => {
    const withheld: SeriesPoint = { ...day('2026-10-02', null), n: null, suppressed: 'small-cell' };
    expect(withGaps([day('2026-10-01', 5), withheld], 86_400).map((p) => [p.value, p.n, p.withheld])).toEqual([[5, 40, undefined], [null, 0, true]]);
  });
  it('adds nothing to a series without holes', () => {
    expect(withGaps([day('2026-10-01', 5), day('2026-10-02', 6)], 86_400)).toHaveLength(2);
    // …and nothing when the last point is the last whole day before `until`
    expect(withGaps([day('2026-10-01', 5), day('2026-10-02', 6)], 86_400, Date.parse('2026-10-03T00:00:00Z'))).toHaveLength(2);
  });
  it('with an end, draws the days after the last point as a gap up to the last whole day', () => {
    // Data stopped after Oct 28; the series ends with Oct 31 (until = Nov 1, 00:00).
    const points = withGaps([day('2026-10-27', 5), day('2026-10-28', 6)], 86_400, Date.parse('2026-11-01T00:00:00Z'));
    expect(points.map((p) => [p.start.slice(0, 10), p.value, p.n])).toEqual([['2026-10-27', 5, 40], ['2026-10-28', 6, 40], ['2026-10-29', null, 0], ['2026-10-31', null, 0]]);
    // A single missing day at the end is one null point.
    expect(withGaps([day('2026-10-30', 5)], 86_400, Date.parse('2026-11-01T00:00:00Z')).map((p) => p.start.slice(0, 10))).toEqual(['2026-10-30', '2026-10-31']);
  });
});

describe('periodsBetween', () => {
  it('counts the periods from a start up to an end', () => {
    expect(periodsBetween(Date.parse('2026-10-27T00:00:00Z'), Date.parse('2026-11-01T00:00:00Z'), 86_400)).toBe(5);
    expect(periodsBetween(Date.parse('2026-10-31T00:00:00Z'), Date.parse('2026-11-01T00:00:00Z'), 3600)).toBe(24);
    expect(periodsBetween(Date.parse('2026-11-01T00:00:00Z'), Date.parse('2026-11-01T00:00:00Z'), 3600)).toBe(0);
  });
});

describe('pointsInRange', () => {
  const points = [day('2026-07-01', 1), day('2026-10-01', 2), day('2026-10-31', 3)];
  // 2026-11-01 − 31 days = 2026-10-01 (the first kept day)
  it('keeps the points that start within the last N days', () => expect(pointsInRange(points, '2026-11-01T00:00:00Z', 31).map((p) => p.value)).toEqual([2, 3]));
  it('keeps all points for all history', () => expect(pointsInRange(points, '2026-11-01T00:00:00Z', null)).toHaveLength(3));
});
