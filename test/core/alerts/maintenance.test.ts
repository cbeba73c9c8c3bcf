import { describe, expect, it } from 'vitest';
import { activeMaintenance, maintenanceBetween } from '../../../src/core/alerts/maintenance.ts';
import { MaintenanceWindowSchema } from '../../../src/core/schemas/oncall.ts';
import type { TimeWindow } from '../../../src/core/windows.ts';

const at = (iso: string) => new Date(iso);
const window = (fields: Record<string, unknown>) => MaintenanceWindowSchema.parse({ name: 'patching', time_zone: 'America/New_York', ...fields });
/** Occurrences as [start, end, hours]. */
const rows = (occurrences: TimeWindow[]) => occurrences.map((o) => [o.start.toISOString(), o.end.toISOString(), (o.end.getTime() - o.start.getTime()) / 3_600_000]);

// New York: DST starts Sunday 2026-03-08 (02:00 EST → 03:00 EDT at 07:00Z) and ends Sunday
// 2026-11-01 (02:00 EDT → 01:00 EST at 06:00Z, so 01:00–02:00 happens twice). EST = UTC−5, EDT = UTC−4.
describe('every sunday 02:00–04:00 in New York', () => {
  const sundays = window({ every: 'sunday', from: '02:00', to: '04:00' });

  it('across spring-forward: 02:00 does not exist on 8 March, so it starts at 03:00 EDT and lasts 1 h', () => {
    expect(rows(maintenanceBetween(sundays, at('2026-03-01T00:00:00Z'), at('2026-03-16T00:00:00Z')))).toEqual([
      ['2026-03-01T07:00:00.000Z', '2026-03-01T09:00:00.000Z', 2], // 02:00–04:00 EST
      ['2026-03-08T07:00:00.000Z', '2026-03-08T08:00:00.000Z', 1], // 03:00–04:00 EDT
      ['2026-03-15T06:00:00.000Z', '2026-03-15T08:00:00.000Z', 2], // 02:00–04:00 EDT
    ]);
  });

  it('across fall-back: 02:00 happens once on 1 November (only 01:00–02:00 repeats), so it lasts 2 h', () => {
    expect(rows(maintenanceBetween(sundays, at('2026-10-25T00:00:00Z'), at('2026-11-09T00:00:00Z')))).toEqual([
      ['2026-10-25T06:00:00.000Z', '2026-10-25T08:00:00.000Z', 2], // EDT
      ['2026-11-01T07:00:00.000Z', '2026-11-01T09:00:00.000Z', 2], // 02:00 EST–04:00 EST
      ['2026-11-08T07:00:00.000Z', '2026-11-08T09:00:00.000Z', 2], // EST
    ]);
  });

  it('covers [start, end): on at 03:00 EDT on 8 March, off at 04:00 EDT', () => {
    expect(activeMaintenance([sundays], { program: 'a' }, at('2026-03-08T06:59:59Z'))).toEqual([]);
    expect(activeMaintenance([sundays], { program: 'a' }, at('2026-03-08T07:00:00Z'))).toEqual([sundays]);
    expect(activeMaintenance([sundays], { program: 'a' }, at('2026-03-08T07:59:59Z'))).toEqual([sundays]);
    expect(activeMaintenance([sundays], { program: 'a' }, at('2026-03-08T08:00:00Z'))).toEqual([]);
  });
});

describe('daylight-saving edge cases of a recurring window', () => {
  it('01:00–03:00 on fall-back Sunday starts at the first 01:00 (EDT) and holds 3 h, the repeated hour included', () => {
    const early = window({ every: 'sunday', from: '01:00', to: '03:00' });
    // 01:00 EDT = 05:00Z; 03:00 EST = 08:00Z. On 8 March: 01:00 EST = 06:00Z to 03:00 EDT = 07:00Z, 1 h.
    expect(rows(maintenanceBetween(early, at('2026-11-01T00:00:00Z'), at('2026-11-02T00:00:00Z')))).toEqual([['2026-11-01T05:00:00.000Z', '2026-11-01T08:00:00.000Z', 3]]);
    expect(rows(maintenanceBetween(early, at('2026-03-08T00:00:00Z'), at('2026-03-09T00:00:00Z')))).toEqual([['2026-03-08T06:00:00.000Z', '2026-03-08T07:00:00.000Z', 1]]);
  });

  it('a window wholly inside the spring-forward gap (02:00–02:30) is skipped that Sunday', () => {
    const inGap = window({ every: 'sunday', from: '02:00', to: '02:30' });
    expect(rows(maintenanceBetween(inGap, at('2026-03-01T00:00:00Z'), at('2026-03-16T00:00:00Z')))).toEqual([
      ['2026-03-01T07:00:00.000Z', '2026-03-01T07:30:00.000Z', 0.5],
      ['2026-03-15T06:00:00.000Z', '2026-03-15T06:30:00.000Z', 0.5],
    ]);
  });

  it('every sunday 02:00–04:00 in Sydney holds 3 h when clocks fall back (02:00–03:00 repeats) and 1 h when they spring forward', () => {
    // 2026-04-05: 03:00 AEDT (UTC+11) → 02:00 AEST (UTC+10). First 02:00 = 02:00 AEDT = 15:00Z on the 4th; 04:00 AEST = 18:00Z.
    // 2026-10-04: 02:00 AEST → 03:00 AEDT at 16:00Z on the 3rd; 04:00 AEDT = 17:00Z.
    const sydney = window({ time_zone: 'Australia/Sydney', every: 'sunday', from: '02:00', to: '04:00' });
    expect(rows(maintenanceBetween(sydney, at('2026-04-04T00:00:00Z'), at('2026-04-06T00:00:00Z')))).toEqual([['2026-04-04T15:00:00.000Z', '2026-04-04T18:00:00.000Z', 3]]);
    expect(rows(maintenanceBetween(sydney, at('2026-10-03T00:00:00Z'), at('2026-10-05T00:00:00Z')))).toEqual([['2026-10-03T16:00:00.000Z', '2026-10-03T17:00:00.000Z', 1]]);
  });
});

describe('a window crossing midnight, 22:00–02:00', () => {
  it('every day in London in January: the one that covers from started the day before, and is listed whole', () => {
    const nightly = window({ time_zone: 'Europe/London', every: 'day', from: '22:00', to: '02:00' }); // GMT = UTC
    expect(rows(maintenanceBetween(nightly, at('2026-01-10T00:00:00Z'), at('2026-01-11T00:00:00Z')))).toEqual([
      ['2026-01-09T22:00:00.000Z', '2026-01-10T02:00:00.000Z', 4],
      ['2026-01-10T22:00:00.000Z', '2026-01-11T02:00:00.000Z', 4],
    ]);
    expect(activeMaintenance([nightly], {}, at('2026-01-10T01:59:00Z'))).toEqual([nightly]);
    expect(activeMaintenance([nightly], {}, at('2026-01-10T02:00:00Z'))).toEqual([]);
  });

  it('every saturday in New York, into the Sunday of a change', () => {
    const saturdays = window({ every: 'saturday', from: '22:00', to: '02:00' });
    // 7 March 22:00 EST = 03:00Z on the 8th; 02:00 on the 8th does not exist → 03:00 EDT = 07:00Z: 4 h of clock time.
    expect(rows(maintenanceBetween(saturdays, at('2026-03-07T00:00:00Z'), at('2026-03-09T00:00:00Z')))).toEqual([['2026-03-08T03:00:00.000Z', '2026-03-08T07:00:00.000Z', 4]]);
    // 31 October 22:00 EDT = 02:00Z on 1 November; 02:00 EST = 07:00Z: 5 h, the repeated hour included.
    expect(rows(maintenanceBetween(saturdays, at('2026-10-31T00:00:00Z'), at('2026-11-02T00:00:00Z')))).toEqual([['2026-11-01T02:00:00.000Z', '2026-11-01T07:00:00.000Z', 5]]);
  });
});

describe('starting and until', () => {
  it('keeps the occurrences that start on local dates from starting through until, both included', () => {
    const limited = window({ every: ['sunday', 'wednesday'], from: '02:00', to: '04:00', starting: '2026-03-08', until: '2026-03-15' });
    expect(rows(maintenanceBetween(limited, at('2026-03-01T00:00:00Z'), at('2026-03-31T00:00:00Z')))).toEqual([
      ['2026-03-08T07:00:00.000Z', '2026-03-08T08:00:00.000Z', 1], // Sunday, the spring-forward one
      ['2026-03-11T06:00:00.000Z', '2026-03-11T08:00:00.000Z', 2], // Wednesday
      ['2026-03-15T06:00:00.000Z', '2026-03-15T08:00:00.000Z', 2], // Sunday
    ]);
  });
});

describe('a one-off window', () => {
  // 2026-06-13 20:00 → 06-14 02:00 EDT = 06-14 00:00Z → 06:00Z.
  const migration = window({ start: '2026-06-13T20:00', end: '2026-06-14T02:00' });

  it.each(Object.entries({
    'a span around it': { from: '2026-06-13T00:00:00Z', to: '2026-06-15T00:00:00Z', occurrences: [['2026-06-14T00:00:00.000Z', '2026-06-14T06:00:00.000Z', 6]] },
    'a span overlapping its end': { from: '2026-06-14T05:00:00Z', to: '2026-06-14T07:00:00Z', occurrences: [['2026-06-14T00:00:00.000Z', '2026-06-14T06:00:00.000Z', 6]] },
    'a span starting at its end': { from: '2026-06-14T06:00:00Z', to: '2026-06-14T07:00:00Z', occurrences: [] },
    'a span ending at its start': { from: '2026-06-13T23:00:00Z', to: '2026-06-14T00:00:00Z', occurrences: [] },
  }))('intersecting %s', (_, { from, to, occurrences }) => {
    expect(rows(maintenanceBetween(migration, at(from), at(to)))).toEqual(occurrences);
  });
});

describe('activeMaintenance: which alerts a window covers', () => {
  const times = { every: 'day', from: '00:00', to: '23:59' };
  const all = window({ ...times, name: 'all' });
  const docket = window({ ...times, name: 'docket', program: 'opm-docket-api' });
  const pair = window({ ...times, name: 'pair', programs: ['opm-docket-api', 'cms-eligibility'] });
  const team = window({ ...times, name: 'team', matchers: { team: 'docket', env: 'prod' } });
  const windows = [all, docket, pair, team];
  const noon = at('2026-06-10T16:00:00Z'); // 12:00 EDT

  it.each(Object.entries<{ labels: Record<string, string>; names: string[] }>({
    'an alert of the docket program, without a team': { labels: { program: 'opm-docket-api' }, names: ['all', 'docket', 'pair'] },
    'an alert of eligibility': { labels: { program: 'cms-eligibility', team: 'docket' }, names: ['all', 'pair'] },
    'an alert with every matcher label': { labels: { program: 'other', team: 'docket', env: 'prod' }, names: ['all', 'team'] },
    'an alert with one matcher label of two': { labels: { program: 'other', team: 'docket', env: 'dev' }, names: ['all'] },
    'an alert without a program label': { labels: { team: 'docket', env: 'prod' }, names: ['all', 'team'] },
  }))('%s', (_, { labels, names }) => {
    expect(activeMaintenance(windows, labels, noon).map((w) => w.name)).toEqual(names);
  });

  it('none outside their times', () => {
    // 23:59–00:00 EDT is outside every window: 23:59:30 EDT = 03:59:30Z.
    expect(activeMaintenance(windows, { program: 'opm-docket-api', team: 'docket', env: 'prod' }, at('2026-06-11T03:59:30Z'))).toEqual([]);
  });
});
