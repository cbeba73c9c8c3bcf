import { z } from 'zod';
import { zonedWallTime } from '../windows.ts';
import { DateSchema, InstantSchema, LabelNameSchema, SlugSchema, TimeZoneSchema } from './common.ts';

/** Weekday names as rules files write them, Sunday first so that a name's index is Date#getUTCDay. */
export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A local wall-clock time of day, read from `HH:MM` (24-hour). */
export interface LocalTime {
  hour: number;
  minute: number;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

// Field schemas of this file only (the public ones below are built from them, so they come first).

/** `HH:MM`, 24-hour, read as a LocalTime. */
const TimeOfDaySchema = z.string().regex(TIME, 'expected a time of day as HH:MM, 24-hour, e.g. 09:00').transform(parseTime);

/** A local date and time `YYYY-MM-DDTHH:MM`, or an instant with a zone; kept as text until the zone is known. */
const DateTimeSchema = z.string().refine(
  (text) => InstantSchema.safeParse(text).success || (LOCAL_DATE_TIME.test(text) && DateSchema.safeParse(text.slice(0, 10)).success && TIME.test(text.slice(11))),
  'expected a local date and time such as 2026-03-10T09:00, or a time with a zone such as 2026-03-10T14:00:00Z',
);

/** Someone who can be notified or be on call, e.g. `{name: Alice Ng, email: alice.ng@cms.example.gov, slack: '@alice'}`. */
export const PersonSchema = z.strictObject({
  /** The name notifications and the on-call table show, e.g. `Alice Ng`. */
  name: z.string().min(1),
  /** e.g. `alice.ng@cms.example.gov`. */
  email: z.email('expected an email address').optional(),
  /** A Slack handle or member id, e.g. `@alice` or `U024BE7LH`. */
  slack: z.string().regex(/^(@\S+|[UW][A-Z0-9]{6,})$/, 'expected a Slack handle such as @alice or a member id such as U024BE7LH').optional(),
  /** A number to page, e.g. `+1 202 555 0143`. */
  phone: z.string().regex(/^\+?\d[\d ().-]{5,}\d$/, 'expected a phone number such as +1 202 555 0143').optional(),
});
export type Person = z.output<typeof PersonSchema>;

/**
 * A rotation of people. The hand-offs fall at the local wall-clock time in `time_zone` (see
 * core/alerts/oncall.ts for daylight-saving changes); overrides are written in the same zone.
 */
export const ScheduleSchema = z
  .strictObject({
    /** The zone of `handoff`, `start` and overrides without a zone, e.g. `America/New_York`. */
    time_zone: TimeZoneSchema,
    /** Who is on call changes every day or every week. */
    rotation: z.enum(['daily', 'weekly']),
    /** When the next member takes over: `09:00` for a daily rotation, `monday 09:00` for a weekly one. */
    handoff: z.string().transform(parseHandoff),
    /** The local date of the first hand-off, to `members[0]`, e.g. `2026-03-02`; on the hand-off weekday for a weekly rotation. */
    start: DateSchema,
    /** Person keys in rotation order, e.g. `[alice, bob, chen]`. */
    members: z.array(SlugSchema).min(1),
    /** Stretches when someone else is on call, e.g. `{start: 2026-03-10T12:00, end: 2026-03-11T09:00, person: chen, reason: dentist}`. */
    overrides: z
      .array(
        z.strictObject({
          /** A local date and time in the schedule's zone, `2026-03-10T12:00`, or an instant with its zone, `2026-03-10T16:00:00Z`. */
          start: DateTimeSchema,
          /** When the override stops (excluded), written as `start` is. */
          end: DateTimeSchema,
          /** The person key on call instead, e.g. `chen`. */
          person: SlugSchema,
          /** Why, for the on-call table, e.g. `covering for Alice's leave`. */
          reason: z.string().min(1).optional(),
        }),
      )
      .default([]),
  })
  .transform((schedule, context) => {
    const issue = (path: (string | number)[], message: string, input: unknown) => context.addIssue({ code: 'custom', path, message, input });
    const { weekday } = schedule.handoff;
    const handoffText = formatHandoff(schedule.handoff);
    if (schedule.rotation === 'daily' && weekday !== undefined) issue(['handoff'], 'a daily rotation hands off every day; expected only a time such as 09:00', handoffText);
    if (schedule.rotation === 'weekly' && weekday === undefined) issue(['handoff'], 'a weekly rotation hands off on one weekday; expected a weekday and a time such as monday 09:00', handoffText);
    if (schedule.rotation === 'weekly' && weekday !== undefined && weekdayOf(schedule.start) !== weekday) {
      issue(['start'], `expected a date on a ${weekday}, the hand-off weekday (this one is a ${weekdayOf(schedule.start)})`, schedule.start);
    }
    const overrides = schedule.overrides.map((override) => ({ ...override, start: resolveDateTime(override.start, schedule.time_zone), end: resolveDateTime(override.end, schedule.time_zone) }));
    overrides.forEach((override, index) => {
      if (override.end <= override.start) issue(['overrides', index, 'end'], `expected the end after the start (${override.start.toISOString()})`, schedule.overrides[index]!.end);
    });
    const byStart = overrides.map((override, index) => ({ override, index })).sort((a, b) => a.override.start.getTime() - b.override.start.getTime());
    byStart.slice(1).forEach(({ override, index }, position) => {
      const previous = byStart[position]!;
      if (override.start < previous.override.end) issue(['overrides', index, 'start'], `overlaps override ${previous.index}, which ends at ${previous.override.end.toISOString()}; expected overrides that do not overlap`, schedule.overrides[index]!.start);
    });
    return context.issues.length > 0 ? z.NEVER : { ...schedule, overrides };
  });
export type Schedule = z.output<typeof ScheduleSchema>;

/** When a maintenance window holds: once, or on some weekdays between two local times. */
export type MaintenanceTimes =
  | { kind: 'once'; start: Date; end: Date }
  | {
      kind: 'recurring';
      /** The weekdays an occurrence starts on, in week order. */
      days: Weekday[];
      from: LocalTime;
      /** Earlier than `from` when an occurrence ends the next day. */
      to: LocalTime;
      /** The first local date an occurrence may start on, `YYYY-MM-DD`. */
      starting?: string;
      /** The last local date an occurrence may start on (included). */
      until?: string;
    };

/**
 * A time when alerts are expected and silenced, e.g. `{name: docket-patching, program: opm-docket-api,
 * time_zone: America/New_York, every: sunday, from: '02:00', to: '04:00'}`. Either a one-off window
 * (`start`, `end`) or a recurring one (`every`, `from`, `to`, and optionally `starting`, `until`).
 * The output gathers the times in `times`.
 */
export const MaintenanceWindowSchema = z
  .strictObject({
    /** Shown on charts and in the alert log, e.g. `docket-patching`. */
    name: SlugSchema,
    /** The one program covered, e.g. `opm-docket-api`; without `program` and `programs`, every program. */
    program: SlugSchema.optional(),
    /** The programs covered, e.g. `[opm-docket-api, cms-eligibility]`. */
    programs: z.array(SlugSchema).min(1).optional(),
    /** Labels an alert must also carry, e.g. `{team: docket}`. */
    matchers: z.record(LabelNameSchema, z.string()).default({}),
    /** The zone of the local times, e.g. `America/New_York`. */
    time_zone: TimeZoneSchema,
    /** One-off: a local date and time, `2026-06-13T20:00`, or an instant with its zone. */
    start: DateTimeSchema.optional(),
    /** One-off: when it stops (excluded), written as `start` is. */
    end: DateTimeSchema.optional(),
    /** Recurring: `day`, a weekday such as `sunday`, or a list such as `[saturday, sunday]`. */
    every: z.union([z.string(), z.array(z.string()).min(1)]).transform(parseEvery).optional(),
    /** Recurring: the local start time, e.g. `02:00`. */
    from: TimeOfDaySchema.optional(),
    /** Recurring: the local end time, e.g. `04:00`; earlier than `from` (`22:00` to `02:00`) ends the next day. */
    to: TimeOfDaySchema.optional(),
    /** Recurring: the first local date an occurrence starts on, e.g. `2026-01-04`. */
    starting: DateSchema.optional(),
    /** Recurring: the last local date an occurrence starts on, included, e.g. `2026-12-27`. */
    until: DateSchema.optional(),
    /** Why, e.g. `weekly OS patching`. */
    comment: z.string().optional(),
    /** Shown as shaded bands on the public charts of the programs it covers. */
    public: z.boolean().default(true),
  })
  .transform((window, context) => {
    const issue = (path: (string | number)[], message: string, input?: unknown) => context.addIssue({ code: 'custom', path, message, input });
    const { start, end, every, from, to, starting, until, ...rest } = window;
    if (window.program !== undefined && window.programs !== undefined) issue(['programs'], 'expected program or programs, not both', window.programs);
    const onceKeys = (['start', 'end'] as const).filter((key) => window[key] !== undefined);
    const recurringKeys = (['every', 'from', 'to', 'starting', 'until'] as const).filter((key) => window[key] !== undefined);
    let times: MaintenanceTimes | undefined;
    if (onceKeys.length > 0 && recurringKeys.length > 0) {
      issue([recurringKeys[0]!], 'expected either start and end (a one-off window) or every, from and to (a recurring one), not both');
    } else if (onceKeys.length > 0) {
      if (start === undefined) issue(['start'], 'is required with end; expected a local date and time such as 2026-06-13T20:00');
      if (end === undefined) issue(['end'], 'is required with start; expected a local date and time such as 2026-06-14T02:00');
      if (start !== undefined && end !== undefined) {
        times = { kind: 'once', start: resolveDateTime(start, window.time_zone), end: resolveDateTime(end, window.time_zone) };
        if (times.end <= times.start) issue(['end'], `expected the end after the start (${times.start.toISOString()})`, end);
      }
    } else if (recurringKeys.length > 0) {
      if (every === undefined) issue(['every'], 'is required for a recurring window; expected day, a weekday such as sunday, or a list of weekdays');
      if (from === undefined) issue(['from'], 'is required for a recurring window; expected a local start time such as 02:00');
      if (to === undefined) issue(['to'], 'is required for a recurring window; expected a local end time such as 04:00');
      if (from !== undefined && to !== undefined && from.hour === to.hour && from.minute === to.minute) issue(['to'], 'expected an end time other than the start time (22:00 to 02:00 ends the next day)', formatTime(to));
      if (starting !== undefined && until !== undefined && until < starting) issue(['until'], `expected a date on or after starting (${starting})`, until);
      if (every !== undefined && from !== undefined && to !== undefined) times = { kind: 'recurring', days: every, from, to, starting, until };
    } else {
      issue([], 'expected start and end (a one-off window) or every, from and to (a recurring one)');
    }
    if (context.issues.length > 0 || times === undefined) return z.NEVER;
    return { ...rest, times };
  });
export type MaintenanceWindow = z.output<typeof MaintenanceWindowSchema>;

/** The person keys a schedule names, members first, each once, for the loader to check against `people`. */
export function scheduleReferences(schedule: Schedule): string[] {
  return [...new Set([...schedule.members, ...schedule.overrides.map((override) => override.person)])];
}

/** A text DateTimeSchema accepted, as an instant: local times are read in `timeZone` (zonedWallTime's rules). */
function resolveDateTime(text: string, timeZone: string): Date {
  const local = LOCAL_DATE_TIME.exec(text);
  if (!local) return new Date(text);
  const [year, month, day, hour, minute] = local.slice(1).map(Number) as [number, number, number, number, number];
  return zonedWallTime(year, month, day, hour, minute, timeZone);
}

function parseTime(text: string): LocalTime {
  const [hour, minute] = text.split(':').map(Number) as [number, number];
  return { hour, minute };
}

/** `09:00` or `monday 09:00`. */
function parseHandoff(text: string, context: z.RefinementCtx): LocalTime & { weekday?: Weekday } {
  const parts = /^(?:(\S+)\s+)?(\S+)$/.exec(text.trim());
  const weekday = parts?.[1];
  if (!parts || !TIME.test(parts[2]!)) {
    context.addIssue({ code: 'custom', message: 'expected a hand-off time as HH:MM (daily), e.g. 09:00, or a weekday and a time (weekly), e.g. monday 09:00', input: text });
    return z.NEVER;
  }
  if (weekday !== undefined && !isWeekday(weekday)) {
    context.addIssue({ code: 'custom', message: 'expected a weekday name (sunday, monday … saturday) before the time, e.g. monday 09:00', input: text });
    return z.NEVER;
  }
  return weekday === undefined ? parseTime(parts[2]!) : { weekday, ...parseTime(parts[2]!) };
}

function formatHandoff(handoff: LocalTime & { weekday?: Weekday }): string {
  return handoff.weekday === undefined ? formatTime(handoff) : `${handoff.weekday} ${formatTime(handoff)}`;
}

function formatTime(time: LocalTime): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

/** `day`, a weekday name, or a list of names, as the weekdays in week order. */
function parseEvery(value: string | string[], context: z.RefinementCtx): Weekday[] {
  if (value === 'day') return [...WEEKDAYS];
  const names = typeof value === 'string' ? [value] : value;
  names.forEach((name, index) => {
    if (!isWeekday(name)) {
      const message = typeof value === 'string' ? 'expected day or a weekday name (sunday, monday … saturday)' : 'expected a weekday name (sunday, monday … saturday)';
      context.addIssue({ code: 'custom', path: typeof value === 'string' ? [] : [index], message, input: name });
    }
  });
  return WEEKDAYS.filter((day) => names.includes(day));
}

function isWeekday(name: string): name is Weekday {
  return (WEEKDAYS as readonly string[]).includes(name);
}

/** The weekday of a `YYYY-MM-DD` date. */
function weekdayOf(date: string): Weekday {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
}
