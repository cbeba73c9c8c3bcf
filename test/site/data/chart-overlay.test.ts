import { describe, expect, it } from 'vitest';
import type { IncidentModel, ProgramModel } from '../../../src/core/schemas/model.ts';
import { chartOverlay, periodStart } from '../../../src/site/data/chart-overlay.ts';
import type { ChartPoint } from '../../../src/site/lib/series.ts';
import { smallProgram } from '../../fixtures/model/small-model.ts';

// The small program's zone is America/New_York (EDT, UTC−4, in October).
const days = (from: number, to: number): ChartPoint[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ start: `2026-10-${String(from + i).padStart(2, '0')}T00:00:00.000Z`, value: 1, n: 40 }));
const incident = (id: string, started: string): IncidentModel => ({
  id, program: 'benefits', rule: 'wait-high', title: `Wait too long (${id})`, severity: 'critical', status: 'open', acknowledged: false, started_at: started, opened_at: started, resolved_at: null, timeline: [],
});
function program(fields: Partial<ProgramModel>): ProgramModel {
  return { ...smallProgram(), ...fields };
}

describe('chartOverlay', () => {
  const withBoth = program({
    maintenance: [{ name: 'patching', comment: null, occurrences: [
      { start: '2026-09-27T06:00:00.000Z', end: '2026-09-27T08:00:00.000Z' }, // before the chart
      { start: '2026-10-04T06:00:00.000Z', end: '2026-10-04T08:00:00.000Z' },
      { start: '2026-10-10T22:00:00.000Z', end: '2026-10-11T02:00:00.000Z' }, // past midnight UTC: two days' rows
      { start: '2026-11-01T06:00:00.000Z', end: '2026-11-01T08:00:00.000Z' }, // after it
    ] }],
    // newest first, as the model keeps them; labels count from the oldest
    incidents: [incident('INC-c', '2026-10-20T14:03:00.000Z'), incident('INC-b', '2026-10-20T14:01:00.000Z'), incident('INC-a', '2026-10-05T09:00:00.000Z'), incident('INC-old', '2026-09-01T00:00:00.000Z')],
  });
  const overlay = chartOverlay(withBoth, days(1, 30), 'day');

  it('keeps the occurrences and incident starts within the drawn days, clipped to them', () => {
    expect(overlay.bands).toEqual([
      { start: '2026-10-04T06:00:00.000Z', end: '2026-10-04T08:00:00.000Z' },
      { start: '2026-10-10T22:00:00.000Z', end: '2026-10-11T02:00:00.000Z' },
    ]);
    // two incidents on 20 October share one marker, at the first start; INC-old is before the chart
    expect(overlay.events).toEqual([{ at: '2026-10-05T09:00:00.000Z', label: 'I2' }, { at: '2026-10-20T14:01:00.000Z', label: 'I3, I4' }]);
    expect(chartOverlay(withBoth, days(1, 7), 'day').bands).toEqual([{ start: '2026-10-04T06:00:00.000Z', end: '2026-10-04T08:00:00.000Z' }]);
  });

  it('says both in a sentence and notes each in the rows of the periods it touches, times in the program\u2019s zone', () => {
    expect(overlay.sentence).toBe('Shaded bands mark 2 scheduled maintenance windows (patching). Markers I2–I4 mark the starts of 3 incidents (listed under Incidents on the program page).');
    expect([...overlay.notes.keys()].map((time) => new Date(time).toISOString().slice(0, 10))).toEqual(['2026-10-04', '2026-10-10', '2026-10-11', '2026-10-05', '2026-10-20']);
    expect(overlay.notes.get(Date.parse('2026-10-11T00:00:00Z'))).toEqual(['scheduled maintenance (patching) Oct 10, 2026, 6:00 PM EDT to Oct 10, 2026, 10:00 PM EDT']);
    expect(overlay.notes.get(Date.parse('2026-10-20T00:00:00Z'))).toEqual([
      'incident I3 started Oct 20, 2026, 10:01 AM EDT: Wait too long (INC-b)',
      'incident I4 started Oct 20, 2026, 10:03 AM EDT: Wait too long (INC-c)',
    ]);
  });

  it('is empty without maintenance or incidents in range', () => {
    expect(chartOverlay(smallProgram(), days(1, 30), 'day')).toEqual({ bands: [], events: [], notes: new Map(), sentence: '' });
    expect(chartOverlay(withBoth, [], 'day').sentence).toBe('');
  });
});

describe('periodStart', () => {
  it.each([
    ['hour', '2026-10-20T14:59:59.000Z', '2026-10-20T14:00:00.000Z'],
    ['day', '2026-10-20T23:59:00.000Z', '2026-10-20T00:00:00.000Z'],
    ['week', '2026-10-25T23:00:00.000Z', '2026-10-19T00:00:00.000Z'], // a Sunday: its week began on Monday the 19th
    ['week', '2026-10-19T00:00:00.000Z', '2026-10-19T00:00:00.000Z'],
    ['month', '2026-10-31T23:00:00.000Z', '2026-10-01T00:00:00.000Z'],
  ] as const)('the %s holding %s starts at %s', (period, time, start) => {
    expect(new Date(periodStart(Date.parse(time), period)).toISOString()).toBe(start);
  });
});
