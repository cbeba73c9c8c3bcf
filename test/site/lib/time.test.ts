import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMonth, zonedWallClock } from '../../../src/site/lib/time.ts';

describe('times in a program\'s zone', () => {
  it.each([
    // 23:56:27Z − 4 h (EDT) = 19:56
    ['New York in summer time', '2026-10-31T23:56:27Z', 'America/New_York', 'Oct 31, 2026, 7:56 PM EDT'],
    // after the clocks go back on 1 November: −5 h (EST)
    ['New York in standard time', '2026-11-02T12:00:00Z', 'America/New_York', 'Nov 2, 2026, 7:00 AM EST'],
    // Phoenix keeps UTC−7 all year
    ['Phoenix, which has no summer time', '2026-07-01T12:00:00Z', 'America/Phoenix', 'Jul 1, 2026, 5:00 AM MST'],
    ['UTC', '2026-11-01T00:00:00Z', 'UTC', 'Nov 1, 2026, 12:00 AM UTC'],
  ])('%s', (_, iso, zone, expected) => expect(formatDateTime(iso, zone)).toBe(expected));

  it('takes the calendar date in the zone, not in UTC', () => {
    expect(formatDate('2026-11-01T00:00:00Z', 'America/New_York')).toBe('Oct 31, 2026');
    expect(formatDate('2026-11-01T00:00:00Z', 'UTC')).toBe('Nov 1, 2026');
  });

  it('moves an instant to the wall-clock time it shows in a zone, for charts drawn on a UTC axis', () => {
    expect(zonedWallClock('2026-10-31T23:56:27Z', 'America/New_York').toISOString()).toBe('2026-10-31T19:56:27.000Z');
    expect(zonedWallClock('2026-11-01T06:30:00Z', 'America/New_York').toISOString()).toBe('2026-11-01T01:30:00.000Z');
    expect(zonedWallClock('2026-11-01T00:00:00Z', 'UTC').toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });

  it('gives the same texts when asked again, kept apart by kind and zone', () => {
    const iso = '2026-11-01T00:00:00Z';
    for (let round = 0; round < 2; round++) {
      expect([formatDate(iso, 'America/New_York'), formatDate(iso, 'UTC'), formatDateTime(iso, 'UTC'), formatMonth(iso)]).toEqual(['Oct 31, 2026', 'Nov 1, 2026', 'Nov 1, 2026, 12:00 AM UTC', 'November 2026']);
    }
  });

  it('hands out a new Date each time, so a caller that changes one changes no later answer', () => {
    const first = zonedWallClock('2026-10-31T23:56:27Z', 'America/New_York');
    first.setUTCHours(0);
    expect(zonedWallClock('2026-10-31T23:56:27Z', 'America/New_York').toISOString()).toBe('2026-10-31T19:56:27.000Z');
  });
});
