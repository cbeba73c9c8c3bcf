import { describe, expect, it } from 'vitest';
import { summarizeSeries } from '../../../src/site/lib/chart-summary.ts';

const hours = (value: number) => `${value.toFixed(1)} h`;

describe('summarizeSeries', () => {
  it('names the lowest and highest values with their dates, the latest value, and the gaps', () => {
    const points = [
      { start: '2026-02-28T00:00:00Z', value: 358.2 },
      { start: '2026-03-01T00:00:00Z', value: 401.5 },
      { start: '2026-03-02T00:00:00Z', value: null },
      { start: '2026-03-03T00:00:00Z', value: 22.4 },
      { start: '2026-03-04T00:00:00Z', value: 21.9 },
    ];
    expect(summarizeSeries(points, { what: 'daily median review time', format: hours, timeZone: 'UTC' })).toBe(
      'Daily median review time ranged from 21.9 h (Mar 4, 2026) to 401.5 h (Mar 1, 2026); the latest was 21.9 h (Mar 4, 2026). 1 of 5 periods have no data or too little data.');
  });

  it('counts a hole of several periods as that many, and says where the data stopped', () => {
    // Oct 27 and 28 have data, Oct 29 to 31 none: drawn as one null at the 29th and one at the 31st.
    const points = [
      { start: '2026-10-27T00:00:00Z', value: 10 }, { start: '2026-10-28T00:00:00Z', value: 12 },
      { start: '2026-10-29T00:00:00Z', value: null }, { start: '2026-10-31T00:00:00Z', value: null },
    ];
    expect(summarizeSeries(points, { what: 'daily p95', format: hours, timeZone: 'UTC', periods: 5 }))
      .toBe('Daily p95 ranged from 10.0 h (Oct 27, 2026) to 12.0 h (Oct 28, 2026); the latest was 12.0 h (Oct 28, 2026). Nothing after Oct 28, 2026. 3 of 5 periods have no data or too little data.');
  });
  it('says so when there is no data at all, rather than drawing zero', () => {
    expect(summarizeSeries([{ start: '2026-03-01T00:00:00Z', value: null }], { what: 'daily median', format: hours, timeZone: 'UTC' })).toBe('Daily median: no data in this period.');
  });

  it('tells withheld periods (small counts) apart from periods without data', () => {
    const points = [
      { start: '2026-09-14T00:00:00Z', value: null, withheld: true },
      { start: '2026-09-15T00:00:00Z', value: 3.1 },
      { start: '2026-09-16T00:00:00Z', value: 2.4 },
      { start: '2026-09-17T00:00:00Z', value: null },
      { start: '2026-09-18T00:00:00Z', value: null, withheld: true },
    ];
    const percent = (value: number) => `${value.toFixed(1)}%`;
    // The last value shown is Sep 16's, but the data goes on (withheld) to Sep 18: it did not stop.
    expect(summarizeSeries(points, { what: 'daily share', format: percent, timeZone: 'UTC', periods: 6 })).toBe(
      'Daily share ranged from 2.4% (Sep 16, 2026) to 3.1% (Sep 15, 2026); the latest was 2.4% (Sep 16, 2026). 2 of 6 periods were withheld to protect privacy (too few people to publish; open circles along the bottom of the chart). 2 of 6 periods have no data or too little data.');
    // Ending in a gap (Sep 19 and 20 without data), it stopped after the last withheld day.
    const stopped = [...points, { start: '2026-09-19T00:00:00Z', value: null }, { start: '2026-09-20T00:00:00Z', value: null }];
    expect(summarizeSeries(stopped, { what: 'daily share', format: percent, timeZone: 'UTC', periods: 7 })).toBe(
      'Daily share ranged from 2.4% (Sep 16, 2026) to 3.1% (Sep 15, 2026); the latest was 2.4% (Sep 16, 2026). Nothing after Sep 18, 2026. 2 of 7 periods were withheld to protect privacy (too few people to publish; open circles along the bottom of the chart). 3 of 7 periods have no data or too little data.');
    const hidden = points.filter((p) => p.withheld);
    expect(summarizeSeries(hidden, { what: 'daily share', format: percent, timeZone: 'UTC' }))
      .toBe('Daily share: the values of all 2 periods with data were withheld to protect privacy (too few people to publish; open circles along the bottom of the chart).');
    expect(summarizeSeries([...hidden, { start: '2026-09-19T00:00:00Z', value: null }], { what: 'daily share', format: percent, timeZone: 'UTC' }))
      .toBe('Daily share: the values of all 2 periods with data were withheld to protect privacy (too few people to publish; open circles along the bottom of the chart). Nothing after Sep 18, 2026.');
    expect(summarizeSeries(hidden.slice(0, 1), { what: 'daily share', format: percent, timeZone: 'UTC' }))
      .toBe('Daily share: the value of the 1 period with data was withheld to protect privacy (too few people to publish; open circles along the bottom of the chart).');
  });

  it('says a range whose ends read the same as one value', () => {
    const points = [{ start: '2026-10-01T00:00:00Z', value: 1 }, { start: '2026-10-02T00:00:00Z', value: 0.9996 }];
    const percent = (value: number) => `${(value * 100).toFixed(0)}%`;
    expect(summarizeSeries(points, { what: 'the error budget left', format: percent, timeZone: 'UTC' }))
      .toBe('The error budget left was 100% in each of the 2 periods with a value; the latest was 100% (Oct 2, 2026).');
    expect(summarizeSeries(points.slice(0, 1), { what: 'the error budget left', format: percent, timeZone: 'UTC' }))
      .toBe('The error budget left was 100% in the 1 period with a value (Oct 1, 2026).');
  });

  it('dates points in the zone it is given', () => {
    // 02:00Z on 1 March is still 28 February in New York (EST, −5 h)
    const text = summarizeSeries([{ start: '2026-03-01T02:00:00Z', value: 5 }], { what: 'hourly median', format: hours, timeZone: 'America/New_York' });
    expect(text).toContain('(Feb 28, 2026)');
  });
});
