import { describe, expect, it } from 'vitest';
import { calendarGroupEnd, calendarGroupStart, calendarGroups, calendarMonth, calendarSpan, ceilToHour, isoInstant, localDate, previousWindow, windowEndingAt, windowSeconds, zonedMidnight } from '../../src/core/windows.ts';

const at = (iso: string) => new Date(iso);

describe('windowEndingAt and previousWindow', () => {
  it.each(Object.entries({
    '24 hours': { seconds: 86_400, start: '2026-03-09T12:00:00Z', previousStart: '2026-03-08T12:00:00Z' },
    '7 days': { seconds: 604_800, start: '2026-03-03T12:00:00Z', previousStart: '2026-02-24T12:00:00Z' },
    '1 hour': { seconds: 3600, start: '2026-03-10T11:00:00Z', previousStart: '2026-03-10T10:00:00Z' },
  }))('a window of %s ends where asked, and the previous one ends where it starts', (_, { seconds, start, previousStart }) => {
    const end = at('2026-03-10T12:00:00Z');
    const window = windowEndingAt(end, seconds);
    expect(window).toEqual({ start: at(start), end });
    expect(windowSeconds(window)).toBe(seconds);
    const previous = previousWindow(window);
    // Half-open and adjacent: [previousStart, start) then [start, end)
    expect(previous).toEqual({ start: at(previousStart), end: window.start });
    expect(windowSeconds(previous)).toBe(seconds);
  });
});

describe('calendarMonth', () => {
  it.each(Object.entries({
    // EST (UTC−5) on 1 March, EDT (UTC−4) on 1 April: 31 d − 1 h = 2 674 800 s
    'March 2026 in New York spans the start of DST on 8 March': {
      instant: '2026-03-15T12:00:00Z', zone: 'America/New_York',
      start: '2026-03-01T05:00:00Z', end: '2026-04-01T04:00:00Z', seconds: 2_674_800,
    },
    // EDT on 1 November (DST ends at 2 a.m. that day), EST on 1 December: 30 d + 1 h = 2 595 600 s
    'November 2026 in New York spans the end of DST on 1 November': {
      instant: '2026-11-15T12:00:00Z', zone: 'America/New_York',
      start: '2026-11-01T04:00:00Z', end: '2026-12-01T05:00:00Z', seconds: 2_595_600,
    },
    // 02:00 UTC on 1 November is 22:00 EDT on 31 October: 31 d = 2 678 400 s
    'an instant that is already November in UTC but still October in New York': {
      instant: '2026-11-01T02:00:00Z', zone: 'America/New_York',
      start: '2026-10-01T04:00:00Z', end: '2026-11-01T04:00:00Z', seconds: 2_678_400,
    },
    // December runs into January of the next year, EST throughout: 31 d
    'December 2026 in New York ends on 1 January 2027': {
      instant: '2026-12-15T12:00:00Z', zone: 'America/New_York',
      start: '2026-12-01T05:00:00Z', end: '2027-01-01T05:00:00Z', seconds: 2_678_400,
    },
    // 28 d = 2 419 200 s
    'February 2026 in UTC': {
      instant: '2026-02-10T00:00:00Z', zone: 'UTC',
      start: '2026-02-01T00:00:00Z', end: '2026-03-01T00:00:00Z', seconds: 2_419_200,
    },
    // UTC+5:30 without DST: local midnight is 18:30 UTC the day before; 31 d
    'March 2026 in Kolkata': {
      instant: '2026-03-15T00:00:00Z', zone: 'Asia/Kolkata',
      start: '2026-02-28T18:30:00Z', end: '2026-03-31T18:30:00Z', seconds: 2_678_400,
    },
    // Paraguay's DST began at local midnight on 1 October 2023: 00:00 UTC−4 (04:00 UTC) became 01:00 UTC−3,
    // so the first instant of 1 October is 04:00 UTC. 1 November is UTC−3: 03:00 UTC. 31 d − 1 h = 2 674 800 s.
    'October 2023 in Asunción starts at the first local instant of 1 October, when midnight was skipped': {
      instant: '2023-10-15T12:00:00Z', zone: 'America/Asuncion',
      start: '2023-10-01T04:00:00Z', end: '2023-11-01T03:00:00Z', seconds: 2_674_800,
    },
  }))('%s', (_, { instant, zone, start, end, seconds }) => {
    const month = calendarMonth(at(instant), zone);
    expect(month).toEqual({ start: at(start), end: at(end) });
    expect(windowSeconds(month)).toBe(seconds);
  });
});

describe('localDate', () => {
  it.each(Object.entries({
    '02:00 UTC on 1 November 2026 is still 31 October in New York (22:00 EDT)': { instant: '2026-11-01T02:00:00Z', zone: 'America/New_York', date: '2026-10-31' },
    '04:00 UTC on 1 November 2026 is midnight, 1 November, in New York': { instant: '2026-11-01T04:00:00Z', zone: 'America/New_York', date: '2026-11-01' },
    '23:30 UTC is already the next day in Kolkata (05:00, UTC+5:30)': { instant: '2026-03-15T23:30:00Z', zone: 'Asia/Kolkata', date: '2026-03-16' },
    'a UTC date is the ISO date': { instant: '2026-03-05T23:59:59Z', zone: 'UTC', date: '2026-03-05' },
  }))('%s', (_, { instant, zone, date }) => {
    expect(localDate(at(instant), zone)).toBe(date);
  });
});

describe('ceilToHour', () => {
  it.each(Object.entries({
    'a whole hour stays': { instant: '2026-03-15T12:00:00.000Z', hour: '2026-03-15T12:00:00.000Z' },
    'one millisecond past rounds up to the next hour': { instant: '2026-03-15T12:00:00.001Z', hour: '2026-03-15T13:00:00.000Z' },
    'one second before rounds up to that hour': { instant: '2026-03-15T12:59:59.000Z', hour: '2026-03-15T13:00:00.000Z' },
    'the last hour of a day rounds up to midnight': { instant: '2026-03-15T23:30:00.000Z', hour: '2026-03-16T00:00:00.000Z' },
  }))('%s', (_, { instant, hour }) => {
    expect(ceilToHour(at(instant))).toEqual(at(hour));
  });
});

describe('zonedMidnight', () => {
  it.each(Object.entries({
    'midnight on the day DST starts in New York is still EST (UTC−5)': { date: [2026, 3, 8], zone: 'America/New_York', instant: '2026-03-08T05:00:00Z' },
    'midnight the day after DST starts in New York is EDT (UTC−4)': { date: [2026, 3, 9], zone: 'America/New_York', instant: '2026-03-09T04:00:00Z' },
    'midnight on the day DST ends in New York is still EDT (UTC−4)': { date: [2026, 11, 1], zone: 'America/New_York', instant: '2026-11-01T04:00:00Z' },
    'midnight in UTC is itself': { date: [2026, 2, 1], zone: 'UTC', instant: '2026-02-01T00:00:00Z' },
    'midnight in Auckland in summer (NZDT, UTC+13) is 11:00 UTC the day before': { date: [2026, 1, 15], zone: 'Pacific/Auckland', instant: '2026-01-14T11:00:00Z' },
    // 00:00 UTC−4 = 04:00 UTC jumped to 01:00 UTC−3; the day starts then, not at 03:00 UTC (23:00 on 30 September)
    'a skipped midnight (Asunción, 1 October 2023) gives the first instant of the day': { date: [2023, 10, 1], zone: 'America/Asuncion', instant: '2023-10-01T04:00:00Z' },
  } as Record<string, { date: [number, number, number]; zone: string; instant: string }>))('%s', (_, { date, zone, instant }) => {
    expect(zonedMidnight(...date, zone)).toEqual(at(instant));
  });
});

describe('calendar groups', () => {
  const t = (iso: string) => Date.parse(iso);
  it('weeks start on Monday 00:00 UTC; a Sunday just before midnight is still in the week', () => {
    expect(new Date(calendarGroupStart(t('2026-11-24T15:00:00Z'), 'week')).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(new Date(calendarGroupStart(t('2026-11-29T23:59:59Z'), 'week')).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(new Date(calendarGroupStart(t('2026-11-30T00:00:00Z'), 'week')).toISOString()).toBe('2026-11-30T00:00:00.000Z');
  });
  it('months run from the 1st to the 1st, 29 days for February 2024', () => {
    const start = calendarGroupStart(t('2024-02-15T12:00:00Z'), 'month');
    expect(new Date(start).toISOString()).toBe('2024-02-01T00:00:00.000Z');
    expect((calendarGroupEnd(start, 'month') - start) / 86_400_000).toBe(29);
    expect(new Date(calendarGroupEnd(t('2026-12-01T00:00:00Z'), 'month')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
  it('lists only whole groups inside the span', () => {
    const iso = (groups: { start: Date; end: Date }[]) => groups.map((g) => `${g.start.toISOString().slice(0, 10)}/${g.end.toISOString().slice(0, 10)}`);
    expect(iso(calendarGroups(t('2026-10-28T00:00:00Z'), t('2026-11-24T00:00:00Z'), 'week'))).toEqual(['2026-11-02/2026-11-09', '2026-11-09/2026-11-16', '2026-11-16/2026-11-23']);
    expect(iso(calendarGroups(t('2026-01-15T00:00:00Z'), t('2026-04-01T00:00:00Z'), 'month'))).toEqual(['2026-02-01/2026-03-01', '2026-03-01/2026-04-01']);
    expect(calendarGroups(t('2026-11-02T00:00:00Z'), t('2026-11-08T00:00:00Z'), 'week')).toEqual([]);
  });
  it('the span of the whole groups is the first group\u2019s start to the last one\u2019s end, also from the epoch', () => {
    for (const calendar of ['week', 'month'] as const) {
      for (const [from, to] of [['2026-10-28T00:00:00Z', '2026-11-24T00:00:00Z'], ['2026-01-15T00:00:00Z', '2026-04-01T00:00:00Z'], ['2026-11-02T00:00:00Z', '2026-11-09T00:00:00Z'], ['2026-11-02T00:00:00Z', '2026-11-08T00:00:00Z'], ['1970-01-01T00:00:00Z', '2026-11-01T00:00:00Z']] as const) {
        const groups = calendarGroups(t(from), t(to), calendar);
        expect(calendarSpan(t(from), t(to), calendar), `${calendar} ${from} ${to}`).toEqual(groups.length === 0 ? null : { start: groups[0]!.start, end: groups.at(-1)!.end });
      }
    }
    // 1970-01-01 was a Thursday: the first whole week starts on Monday 5 January.
    expect(calendarSpan(0, t('2026-11-01T00:00:00Z'), 'week')!.start.toISOString()).toBe('1970-01-05T00:00:00.000Z');
  });
});

describe('isoInstant', () => {
  it.each([
    ['the epoch', 0, '1970-01-01T00:00:00.000Z'],
    ['an hour with milliseconds', Date.UTC(2026, 2, 2, 14, 0, 0, 5), '2026-03-02T14:00:00.005Z'],
    ['a leap day', Date.UTC(2024, 1, 29), '2024-02-29T00:00:00.000Z'],
  ])('writes %s as ISO 8601 UTC text, the same text each time it is asked', (_, time, text) => {
    expect(isoInstant(time)).toBe(text);
    expect(isoInstant(time)).toBe(text);
  });

  it('keeps giving right texts after more instants than it remembers', () => {
    const hour = 3_600_000;
    for (let i = 0; i < 200_001; i++) isoInstant(i * hour);
    expect(isoInstant(200_000 * hour)).toBe(new Date(200_000 * hour).toISOString());
    expect(isoInstant(7 * hour)).toBe('1970-01-01T07:00:00.000Z');
  });
});
