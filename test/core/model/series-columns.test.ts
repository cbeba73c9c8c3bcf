import { describe, expect, it } from 'vitest';
import { fromColumns, loadedProgram, storedProgram, toColumns } from '../../../src/core/model/series-columns.ts';
import type { SeriesPoint } from '../../../src/core/schemas/model.ts';
import { smallProgram } from '../../fixtures/model/small-model.ts';

const point = (start: string, over: Partial<SeriesPoint> = {}): SeriesPoint => ({
  start, n: 40, sufficient: true, suppressed: null, exact: false, value: 2, stats: { count: 40, p95: 2, adherence: null }, ...over,
});

describe('series as columns', () => {
  const series: SeriesPoint[] = [
    point('2026-10-31T20:00:00.000Z'),
    // too few events: no statistics at all, not nulls
    point('2026-10-31T21:00:00.000Z', { n: 12, sufficient: false, value: null, stats: {} }),
    // withheld small cell: no n, no value, no statistics
    point('2026-10-31T22:00:00.000Z', { n: null, suppressed: 'small-cell', value: null, stats: {} }),
    point('2026-10-31T23:00:00.000Z', { exact: true, value: -3.2, stats: { count: 41, p95: -3.2, adherence: 1 } }),
  ];

  it('stores each field once per series, statistics null where a point has none', () => {
    expect(toColumns(series)).toEqual({
      start: ['2026-10-31T20:00:00.000Z', '2026-10-31T21:00:00.000Z', '2026-10-31T22:00:00.000Z', '2026-10-31T23:00:00.000Z'],
      n: [40, 12, null, 40],
      sufficient: [true, false, true, true],
      suppressed: [null, null, 'small-cell', null],
      exact: [false, false, false, true],
      value: [2, null, null, -3.2],
      stats: { count: [40, null, null, 41], p95: [2, null, null, -3.2], adherence: [null, null, null, 1] },
    });
  });

  it('reads back exactly the points it stored: a null statistic stays null, a point without statistics has none', () => {
    expect(fromColumns(toColumns(series))).toEqual(series);
    expect(fromColumns(toColumns([]))).toEqual([]);
  });

  it('refuses a series whose published points differ in their statistics, rather than lose the difference', () => {
    expect(() => toColumns([point('2026-10-31T20:00:00.000Z'), point('2026-10-31T21:00:00.000Z', { stats: { count: 40 } })]))
      .toThrow('series point 1 (2026-10-31T21:00:00.000Z) has statistics count, expected count, p95, adherence');
    expect(() => toColumns([point('2026-10-31T20:00:00.000Z', { sufficient: false, stats: { count: 3 } })]))
      .toThrow('series point 0 (2026-10-31T20:00:00.000Z) has statistics count, expected none (it has no published value)');
  });

  it('refuses lists of different lengths, naming them', () => {
    const columns = toColumns(series);
    expect(() => fromColumns({ ...columns, value: [1], stats: { ...columns.stats, p95: [] } })).toThrow('a series has 4 start times but value has 1, stats.p95 has 0');
  });

  it('a whole program document goes through unchanged, and its reading names the KPI and series at fault', () => {
    const program = smallProgram();
    expect(loadedProgram(storedProgram(program))).toEqual(program);
    const stored = storedProgram(program);
    stored.kpis[0]!.daily.n.pop();
    expect(() => loadedProgram(stored)).toThrow('kpis.wait.daily: a series has 2 start times but n has 1');
  });
});
