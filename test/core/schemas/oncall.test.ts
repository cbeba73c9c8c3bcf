import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { MaintenanceWindowSchema, PersonSchema, ScheduleSchema, scheduleReferences } from '../../../src/core/schemas/oncall.ts';

/** Each issue as `path: message`, to pin with an inline snapshot. */
const issues = (schema: z.ZodType, input: unknown) => schema.safeParse(input).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);

// 2026-03-02 is a Monday (2026-01-01 is a Thursday; 1 Jan + 60 days).
const weekly = (fields: Record<string, unknown> = {}) => ({ time_zone: 'America/New_York', rotation: 'weekly', handoff: 'monday 09:00', start: '2026-03-02', members: ['alice', 'bob'], ...fields });
const recurring = (fields: Record<string, unknown> = {}) => ({ name: 'docket-patching', time_zone: 'America/New_York', every: 'sunday', from: '02:00', to: '04:00', ...fields });

describe('PersonSchema', () => {
  it('takes a name with any of email, Slack and phone', () => {
    const person = { name: 'Alice Ng', email: 'alice.ng@cms.example.gov', slack: '@alice', phone: '+1 202 555 0143' };
    expect(PersonSchema.parse(person)).toEqual(person);
    expect(PersonSchema.parse({ name: 'Bob', slack: 'U024BE7LH' })).toEqual({ name: 'Bob', slack: 'U024BE7LH' });
  });

  it('names each bad contact field', () => {
    expect(issues(PersonSchema, { name: 'Alice', email: 'alice', slack: 'alice', phone: 'call me' })).toEqual([
      'email: expected an email address',
      'slack: expected a Slack handle such as @alice or a member id such as U024BE7LH',
      'phone: expected a phone number such as +1 202 555 0143',
    ]);
  });
});

describe('ScheduleSchema', () => {
  it('reads the hand-off and resolves overrides in the schedule zone', () => {
    const schedule = ScheduleSchema.parse(weekly({
      overrides: [
        // New York is on EDT (UTC−4) from 2026-03-08: 12:00 local = 16:00Z.
        { start: '2026-03-10T12:00', end: '2026-03-11T09:00', person: 'chen', reason: 'swap' },
        // An instant with a zone is taken as written.
        { start: '2026-03-12T13:00:00Z', end: '2026-03-12T15:00:00-04:00', person: 'alice' },
      ],
    }));
    expect(schedule.handoff).toEqual({ weekday: 'monday', hour: 9, minute: 0 });
    expect(schedule.overrides.map((o) => [o.person, o.start.toISOString(), o.end.toISOString()])).toEqual([
      ['chen', '2026-03-10T16:00:00.000Z', '2026-03-11T13:00:00.000Z'],
      ['alice', '2026-03-12T13:00:00.000Z', '2026-03-12T19:00:00.000Z'],
    ]);
  });

  it('reads a daily hand-off as a time alone, and defaults to no overrides', () => {
    const schedule = ScheduleSchema.parse(weekly({ rotation: 'daily', handoff: '17:30', start: '2026-03-05' }));
    expect(schedule.handoff).toEqual({ hour: 17, minute: 30 });
    expect(schedule.overrides).toEqual([]);
  });

  it('an override time inside the spring-forward gap is the first instant after it', () => {
    // 2026-03-08 02:00 EST jumps to 03:00 EDT = 07:00Z; 02:30 does not exist.
    const schedule = ScheduleSchema.parse(weekly({ overrides: [{ start: '2026-03-08T02:30', end: '2026-03-08T04:00', person: 'chen' }] }));
    expect(schedule.overrides[0]!.start.toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(schedule.overrides[0]!.end.toISOString()).toBe('2026-03-08T08:00:00.000Z'); // 04:00 EDT
  });

  it('lists the person keys it mentions, members first, each once', () => {
    const schedule = ScheduleSchema.parse(weekly({
      overrides: [
        { start: '2026-03-10T12:00', end: '2026-03-10T13:00', person: 'chen' },
        { start: '2026-03-11T12:00', end: '2026-03-11T13:00', person: 'alice' },
      ],
    }));
    expect(scheduleReferences(schedule)).toEqual(['alice', 'bob', 'chen']);
  });

  it.each(Object.entries({
    'a weekly start that is not on the hand-off weekday': {
      fields: { start: '2026-03-03' },
      issues: ['start: expected a date on a monday, the hand-off weekday (this one is a tuesday)'],
    },
    'a bad weekday': {
      fields: { handoff: 'munday 09:00' },
      issues: ['handoff: expected a weekday name (sunday, monday … saturday) before the time, e.g. monday 09:00'],
    },
    'a time without a colon': {
      fields: { handoff: 'monday 9am' },
      issues: ['handoff: expected a hand-off time as HH:MM (daily), e.g. 09:00, or a weekday and a time (weekly), e.g. monday 09:00'],
    },
    'an hour past 23': {
      fields: { handoff: 'monday 24:00' },
      issues: ['handoff: expected a hand-off time as HH:MM (daily), e.g. 09:00, or a weekday and a time (weekly), e.g. monday 09:00'],
    },
    'a weekly hand-off without a weekday': {
      fields: { handoff: '09:00' },
      issues: ['handoff: a weekly rotation hands off on one weekday; expected a weekday and a time such as monday 09:00'],
    },
    'a daily hand-off with a weekday': {
      fields: { rotation: 'daily', handoff: 'monday 09:00' },
      issues: ['handoff: a daily rotation hands off every day; expected only a time such as 09:00'],
    },
    'a bad hand-off and a bad member, both in one pass': {
      fields: { handoff: 'munday 09:00', members: ['Alice'] },
      issues: [
        'handoff: expected a weekday name (sunday, monday … saturday) before the time, e.g. monday 09:00',
        'members.0: expected a slug: lowercase letters, digits and dashes, starting with a letter or digit, at most 63 characters',
      ],
    },
    // 12:00 EDT on 2026-03-10 = 16:00Z.
    'an override ending before it starts': {
      fields: { overrides: [{ start: '2026-03-10T12:00', end: '2026-03-10T11:00', person: 'chen' }] },
      issues: ['overrides.0.end: expected the end after the start (2026-03-10T16:00:00.000Z)'],
    },
    'an override ending as it starts (an instant and the same local time)': {
      fields: { overrides: [{ start: '2026-03-10T12:00', end: '2026-03-10T16:00:00Z', person: 'chen' }] },
      issues: ['overrides.0.end: expected the end after the start (2026-03-10T16:00:00.000Z)'],
    },
    // Override 1 (08:00–12:30 EDT = 12:00Z–16:30Z) starts first; override 0 starts at 16:00Z, inside it.
    'overlapping overrides': {
      fields: {
        overrides: [
          { start: '2026-03-10T12:00', end: '2026-03-10T18:00', person: 'chen' },
          { start: '2026-03-10T08:00', end: '2026-03-10T12:30', person: 'alice' },
        ],
      },
      issues: ['overrides.0.start: overlaps override 1, which ends at 2026-03-10T16:30:00.000Z; expected overrides that do not overlap'],
    },
    'a local date-time that does not exist, and one with a space': {
      fields: { overrides: [{ start: '2026-02-30T09:00', end: '2026-03-10 09:00', person: 'chen' }] },
      issues: [
        'overrides.0.start: expected a local date and time such as 2026-03-10T09:00, or a time with a zone such as 2026-03-10T14:00:00Z',
        'overrides.0.end: expected a local date and time such as 2026-03-10T09:00, or a time with a zone such as 2026-03-10T14:00:00Z',
      ],
    },
  }))('rejects %s', (_, { fields, issues: expected }) => {
    expect(issues(ScheduleSchema, weekly(fields))).toEqual(expected);
  });

  it.each(Object.entries({
    'no members': { members: [] },
    'an unknown rotation': { rotation: 'monthly' },
    'an unknown key': { handover: 'monday 09:00' },
  }))('rejects %s (with zod\'s own issue)', (_, fields) => {
    const [issue] = ScheduleSchema.safeParse(weekly(fields)).error?.issues ?? [];
    expect(issue?.code).toBe({ members: 'too_small', rotation: 'invalid_value', handover: 'unrecognized_keys' }[Object.keys(fields)[0]!]);
  });
});

describe('MaintenanceWindowSchema', () => {
  it('a recurring window: every day is all seven weekdays, public by default', () => {
    const window = MaintenanceWindowSchema.parse(recurring({ every: 'day', program: 'opm-docket-api' }));
    expect(window).toEqual({
      name: 'docket-patching', program: 'opm-docket-api', matchers: {}, time_zone: 'America/New_York', public: true,
      times: { kind: 'recurring', days: ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'], from: { hour: 2, minute: 0 }, to: { hour: 4, minute: 0 }, starting: undefined, until: undefined },
    });
  });

  it('a list of weekdays is kept in week order, each once', () => {
    const window = MaintenanceWindowSchema.parse(recurring({ every: ['sunday', 'saturday', 'sunday'] }));
    expect(window.times).toMatchObject({ kind: 'recurring', days: ['sunday', 'saturday'] });
  });

  it('a one-off window resolves its local times in its zone', () => {
    // June: EDT, UTC−4.
    const window = MaintenanceWindowSchema.parse({ name: 'migration', time_zone: 'America/New_York', start: '2026-06-13T20:00', end: '2026-06-14T02:00', public: false, programs: ['a', 'b'] });
    expect(window.times).toEqual({ kind: 'once', start: new Date('2026-06-14T00:00:00Z'), end: new Date('2026-06-14T06:00:00Z') });
    expect(window.programs).toEqual(['a', 'b']);
    expect(window.public).toBe(false);
  });

  it.each(Object.entries({
    'program and programs together': {
      input: recurring({ program: 'a', programs: ['b'] }),
      issues: ['programs: expected program or programs, not both'],
    },
    'a bad weekday': {
      input: recurring({ every: 'sundays' }),
      issues: ['every: expected day or a weekday name (sunday, monday … saturday)'],
    },
    'a bad weekday in a list': {
      input: recurring({ every: ['sunday', 'funday'] }),
      issues: ['every.1: expected a weekday name (sunday, monday … saturday)'],
    },
    'bad times': {
      input: recurring({ from: '2:00', to: '04:60' }),
      issues: ['from: expected a time of day as HH:MM, 24-hour, e.g. 09:00', 'to: expected a time of day as HH:MM, 24-hour, e.g. 09:00'],
    },
    'from equal to to': {
      input: recurring({ from: '02:00', to: '02:00' }),
      issues: ['to: expected an end time other than the start time (22:00 to 02:00 ends the next day)'],
    },
    'a recurring window without to': {
      input: recurring({ to: undefined }),
      issues: ['to: is required for a recurring window; expected a local end time such as 04:00'],
    },
    'until before starting': {
      input: recurring({ starting: '2026-03-08', until: '2026-03-01' }),
      issues: ['until: expected a date on or after starting (2026-03-08)'],
    },
    'both a one-off and a recurring window': {
      input: recurring({ start: '2026-06-13T20:00', end: '2026-06-14T02:00' }),
      issues: ['every: expected either start and end (a one-off window) or every, from and to (a recurring one), not both'],
    },
    'neither a one-off nor a recurring window': {
      input: { name: 'x', time_zone: 'America/New_York' },
      issues: [': expected start and end (a one-off window) or every, from and to (a recurring one)'],
    },
    'a one-off window without an end': {
      input: { name: 'x', time_zone: 'America/New_York', start: '2026-06-13T20:00' },
      issues: ['end: is required with start; expected a local date and time such as 2026-06-14T02:00'],
    },
    // 20:00 EDT on 13 June = 00:00Z on the 14th.
    'a one-off window ending before it starts': {
      input: { name: 'x', time_zone: 'America/New_York', start: '2026-06-13T20:00', end: '2026-06-13T19:00' },
      issues: ['end: expected the end after the start (2026-06-14T00:00:00.000Z)'],
    },
    'a bad name and a bad zone': {
      input: { name: 'X Y', time_zone: 'Mars/Olympus', start: '2026-06-13T20:00', end: '2026-06-13T21:00' },
      issues: [
        'name: expected a slug: lowercase letters, digits and dashes, starting with a letter or digit, at most 63 characters',
        'time_zone: expected an IANA time zone such as America/New_York',
      ],
    },
  }))('rejects %s', (_, { input, issues: expected }) => {
    expect(issues(MaintenanceWindowSchema, input)).toEqual(expected);
  });
});
