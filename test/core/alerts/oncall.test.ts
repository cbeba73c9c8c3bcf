import { describe, expect, it } from 'vitest';
import { onCallAt, shiftsBetween, type OnCallShift } from '../../../src/core/alerts/oncall.ts';
import { ScheduleSchema } from '../../../src/core/schemas/oncall.ts';

const at = (iso: string) => new Date(iso);
const HOUR = 3_600_000;

/** A shift as [person, start, end, hours, override], to compare with literal rows. */
const row = (shift: OnCallShift | null) => shift && [shift.person, shift.shiftStart.toISOString(), shift.shiftEnd.toISOString(), (shift.shiftEnd.getTime() - shift.shiftStart.getTime()) / HOUR, shift.override];
const rows = (shifts: OnCallShift[]) => shifts.map(row);

/**
 * Alice, Bob and Chen, a week each from Monday 2026-02-23 09:00 in New York. DST starts Sunday
 * 2026-03-08 (02:00 EST → 03:00 EDT) and ends Sunday 2026-11-01 (02:00 EDT → 01:00 EST).
 * Hand-offs: 09:00 EST = 14:00Z, 09:00 EDT = 13:00Z.
 */
const weekly = (overrides: { start: string; end: string; person: string }[] = []) => ScheduleSchema.parse({
  time_zone: 'America/New_York', rotation: 'weekly', handoff: 'monday 09:00', start: '2026-02-23', members: ['alice', 'bob', 'chen'], overrides,
});

describe('a weekly rotation in New York', () => {
  it.each(Object.entries({
    'no one before the first hand-off': { instant: '2026-02-23T13:59:59Z', shift: null },
    'Alice from the first hand-off, 7 × 24 = 168 h': { instant: '2026-02-23T14:00:00Z', shift: ['alice', '2026-02-23T14:00:00.000Z', '2026-03-02T14:00:00.000Z', 168, false] },
    'Alice until the next hand-off (excluded)': { instant: '2026-03-02T13:59:59Z', shift: ['alice', '2026-02-23T14:00:00.000Z', '2026-03-02T14:00:00.000Z', 168, false] },
    'Bob across the spring-forward Sunday: 168 − 1 = 167 h': { instant: '2026-03-08T12:00:00Z', shift: ['bob', '2026-03-02T14:00:00.000Z', '2026-03-09T13:00:00.000Z', 167, false] },
    'Chen from 09:00 EDT': { instant: '2026-03-09T13:00:00Z', shift: ['chen', '2026-03-09T13:00:00.000Z', '2026-03-16T13:00:00.000Z', 168, false] },
    // 2026-02-23 is day 54 of the year, 2026-10-26 day 299: 245 days = 35 weeks; 35 mod 3 = 2 → Chen.
    'Chen across the fall-back Sunday, 35 weeks on: 168 + 1 = 169 h': { instant: '2026-11-01T06:30:00Z', shift: ['chen', '2026-10-26T13:00:00.000Z', '2026-11-02T14:00:00.000Z', 169, false] },
    'Alice from 09:00 EST after fall-back (hand-off 36, 36 mod 3 = 0)': { instant: '2026-11-02T14:00:00Z', shift: ['alice', '2026-11-02T14:00:00.000Z', '2026-11-09T14:00:00.000Z', 168, false] },
  }))('%s', (_, { instant, shift }) => {
    expect(row(onCallAt(weekly(), at(instant)))).toEqual(shift);
  });

  it('lists the shifts across spring-forward with their own bounds, the first starting before from', () => {
    expect(rows(shiftsBetween(weekly(), at('2026-03-01T00:00:00Z'), at('2026-03-17T00:00:00Z')))).toEqual([
      ['alice', '2026-02-23T14:00:00.000Z', '2026-03-02T14:00:00.000Z', 168, false],
      ['bob', '2026-03-02T14:00:00.000Z', '2026-03-09T13:00:00.000Z', 167, false],
      ['chen', '2026-03-09T13:00:00.000Z', '2026-03-16T13:00:00.000Z', 168, false],
      ['alice', '2026-03-16T13:00:00.000Z', '2026-03-23T13:00:00.000Z', 168, false],
    ]);
  });

  it('lists nothing before the first hand-off, and starts with it when from is earlier', () => {
    expect(shiftsBetween(weekly(), at('2026-02-01T00:00:00Z'), at('2026-02-23T14:00:00Z'))).toEqual([]);
    expect(rows(shiftsBetween(weekly(), at('2026-02-01T00:00:00Z'), at('2026-02-23T14:00:01Z')))).toEqual([
      ['alice', '2026-02-23T14:00:00.000Z', '2026-03-02T14:00:00.000Z', 168, false],
    ]);
  });

  it('a shift ending exactly at from is not listed (half-open)', () => {
    expect(rows(shiftsBetween(weekly(), at('2026-10-26T13:00:00Z'), at('2026-11-02T14:00:00Z')))).toEqual([
      ['chen', '2026-10-26T13:00:00.000Z', '2026-11-02T14:00:00.000Z', 169, false],
    ]);
  });
});

describe('a daily rotation in London', () => {
  // DST starts Sunday 2026-03-29 (01:00 GMT → 02:00 BST), ends Sunday 2026-10-25 (02:00 BST → 01:00 GMT).
  // 09:00 GMT = 09:00Z, 09:00 BST = 08:00Z.
  const daily = ScheduleSchema.parse({ time_zone: 'Europe/London', rotation: 'daily', handoff: '09:00', start: '2026-03-27', members: ['alice', 'bob'] });

  it('the day that spans spring-forward is 23 h', () => {
    expect(rows(shiftsBetween(daily, at('2026-03-27T09:00:00Z'), at('2026-03-30T08:00:00Z')))).toEqual([
      ['alice', '2026-03-27T09:00:00.000Z', '2026-03-28T09:00:00.000Z', 24, false],
      ['bob', '2026-03-28T09:00:00.000Z', '2026-03-29T08:00:00.000Z', 23, false],
      ['alice', '2026-03-29T08:00:00.000Z', '2026-03-30T08:00:00.000Z', 24, false],
    ]);
  });

  it('the day that spans fall-back is 25 h', () => {
    // 2026-03-27 is day 86, 2026-10-24 day 297: hand-off 211, 211 mod 2 = 1 → Bob.
    expect(rows(shiftsBetween(daily, at('2026-10-24T12:00:00Z'), at('2026-10-25T12:00:00Z')))).toEqual([
      ['bob', '2026-10-24T08:00:00.000Z', '2026-10-25T09:00:00.000Z', 25, false],
      ['alice', '2026-10-25T09:00:00.000Z', '2026-10-26T09:00:00.000Z', 24, false],
    ]);
  });
});

describe('a hand-off time that does not exist, or happens twice, in New York', () => {
  const daily = (handoff: string, start: string) => ScheduleSchema.parse({ time_zone: 'America/New_York', rotation: 'daily', handoff, start, members: ['alice', 'bob', 'chen'] });

  it('02:30 on the spring-forward day is the first instant after the gap, 03:00 EDT', () => {
    // 02:30 EST = 07:30Z; on 2026-03-08 02:00 EST jumps to 03:00 EDT = 07:00Z; 02:30 EDT = 06:30Z.
    expect(rows(shiftsBetween(daily('02:30', '2026-03-06'), at('2026-03-07T12:00:00Z'), at('2026-03-08T12:00:00Z')))).toEqual([
      ['bob', '2026-03-07T07:30:00.000Z', '2026-03-08T07:00:00.000Z', 23.5, false],
      ['chen', '2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z', 23.5, false],
    ]);
  });

  it('01:30 on the fall-back day is its first occurrence, 01:30 EDT; the second one is no hand-off', () => {
    // 01:30 EDT = 05:30Z (30 Oct, 31 Oct, and the first 01:30 of 1 Nov); 01:30 EST = 06:30Z.
    const schedule = daily('01:30', '2026-10-30');
    expect(rows(shiftsBetween(schedule, at('2026-10-31T12:00:00Z'), at('2026-11-01T12:00:00Z')))).toEqual([
      ['bob', '2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', 24, false],
      ['chen', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z', 25, false],
    ]);
    expect(onCallAt(schedule, at('2026-11-01T06:30:00Z'))?.person).toBe('chen'); // the second 01:30
  });
});

describe('a weekly rotation in Sydney (southern hemisphere)', () => {
  // DST ends Sunday 2026-04-05 (03:00 AEDT → 02:00 AEST), starts Sunday 2026-10-04 (02:00 AEST → 03:00 AEDT).
  // 09:00 AEDT (UTC+11) = 22:00Z the day before; 09:00 AEST (UTC+10) = 23:00Z the day before.
  const schedule = ScheduleSchema.parse({ time_zone: 'Australia/Sydney', rotation: 'weekly', handoff: 'monday 09:00', start: '2026-03-30', members: ['alice', 'bob'] });

  it.each(Object.entries({
    'the April shift is 169 h, as clocks fall back': { instant: '2026-04-05T00:00:00Z', shift: ['alice', '2026-03-29T22:00:00.000Z', '2026-04-05T23:00:00.000Z', 169, false] },
    // 2026-03-30 is day 89, 2026-09-28 day 271: 182 days = 26 weeks; 26 mod 2 = 0 → Alice.
    'the October shift is 167 h, as clocks spring forward': { instant: '2026-10-04T00:00:00Z', shift: ['alice', '2026-09-27T23:00:00.000Z', '2026-10-04T22:00:00.000Z', 167, false] },
  }))('%s', (_, { instant, shift }) => {
    expect(row(onCallAt(schedule, at(instant)))).toEqual(shift);
  });
});

describe('overrides', () => {
  // Bob's shift: 2026-03-02 14:00Z → 2026-03-09 13:00Z. Chen covers 2026-03-04 12:00 → 03-05 09:00 EST = 17:00Z → 14:00Z.
  const withChen = weekly([{ start: '2026-03-04T12:00', end: '2026-03-05T09:00', person: 'chen' }]);

  it.each(Object.entries({
    'before the override: Bob, until it starts': { instant: '2026-03-04T16:59:59Z', shift: ['bob', '2026-03-02T14:00:00.000Z', '2026-03-04T17:00:00.000Z', 51, false] },
    'during it: Chen, with the override\'s bounds': { instant: '2026-03-05T00:00:00Z', shift: ['chen', '2026-03-04T17:00:00.000Z', '2026-03-05T14:00:00.000Z', 21, true] },
    'from its end (excluded): Bob again, until the hand-off': { instant: '2026-03-05T14:00:00Z', shift: ['bob', '2026-03-05T14:00:00.000Z', '2026-03-09T13:00:00.000Z', 95, false] },
  }))('%s', (_, { instant, shift }) => {
    expect(row(onCallAt(withChen, at(instant)))).toEqual(shift);
  });

  it('is cut into the listed shifts', () => {
    expect(rows(shiftsBetween(withChen, at('2026-03-02T14:00:00Z'), at('2026-03-10T00:00:00Z')))).toEqual([
      ['bob', '2026-03-02T14:00:00.000Z', '2026-03-04T17:00:00.000Z', 51, false],
      ['chen', '2026-03-04T17:00:00.000Z', '2026-03-05T14:00:00.000Z', 21, true],
      ['bob', '2026-03-05T14:00:00.000Z', '2026-03-09T13:00:00.000Z', 95, false],
      ['chen', '2026-03-09T13:00:00.000Z', '2026-03-16T13:00:00.000Z', 168, false],
    ]);
  });

  it('still cuts a shift when the asked span does not reach the override', () => {
    expect(rows(shiftsBetween(withChen, at('2026-03-06T00:00:00Z'), at('2026-03-07T00:00:00Z')))).toEqual([
      ['bob', '2026-03-05T14:00:00.000Z', '2026-03-09T13:00:00.000Z', 95, false],
    ]);
  });

  it('an override across a hand-off shortens both shifts', () => {
    // Alice 10:00Z → 16:00Z on 2026-03-09, across the 13:00Z hand-off from Bob to Chen.
    const schedule = weekly([{ start: '2026-03-09T10:00:00Z', end: '2026-03-09T16:00:00Z', person: 'alice' }]);
    expect(rows(shiftsBetween(schedule, at('2026-03-08T00:00:00Z'), at('2026-03-10T00:00:00Z')))).toEqual([
      ['bob', '2026-03-02T14:00:00.000Z', '2026-03-09T10:00:00.000Z', 164, false],
      ['alice', '2026-03-09T10:00:00.000Z', '2026-03-09T16:00:00.000Z', 6, true],
      ['chen', '2026-03-09T16:00:00.000Z', '2026-03-16T13:00:00.000Z', 165, false],
    ]);
  });

  it('puts someone on call before the rotation starts', () => {
    const schedule = weekly([{ start: '2026-02-20T09:00', end: '2026-02-20T17:00', person: 'chen' }]);
    expect(row(onCallAt(schedule, at('2026-02-20T15:00:00Z')))).toEqual(['chen', '2026-02-20T14:00:00.000Z', '2026-02-20T22:00:00.000Z', 8, true]);
    expect(onCallAt(schedule, at('2026-02-20T22:00:00Z'))).toBeNull();
  });

  it('onCallAt agrees with shiftsBetween, and shifts follow each other without gaps, every hour of March', () => {
    const schedule = weekly([
      { start: '2026-03-04T12:00', end: '2026-03-05T09:00', person: 'chen' },
      { start: '2026-03-09T10:00:00Z', end: '2026-03-09T16:00:00Z', person: 'alice' },
    ]);
    const shifts = shiftsBetween(schedule, at('2026-03-01T00:00:00Z'), at('2026-04-01T00:00:00Z'));
    shifts.slice(1).forEach((shift, index) => expect(shift.shiftStart).toEqual(shifts[index]!.shiftEnd));
    for (let time = Date.parse('2026-03-01T00:00:00Z'); time < Date.parse('2026-04-01T00:00:00Z'); time += HOUR) {
      const covering = shifts.find((shift) => shift.shiftStart.getTime() <= time && time < shift.shiftEnd.getTime());
      expect(onCallAt(schedule, new Date(time))).toEqual(covering);
    }
  });
});
