import { remembered } from './remember.ts';

/** A half-open time window [start, end). */
export interface TimeWindow {
  start: Date;
  end: Date;
}

/** The KPI windows every program page shows, with their lengths in seconds. */
export const KPI_WINDOWS = { '24h': 86_400, '7d': 604_800, '30d': 2_592_000, '90d': 7_776_000, '1y': 31_536_000 } as const;
export type KpiWindowName = keyof typeof KPI_WINDOWS;

/** Calendar groups a series can be read by: UTC weeks (Monday 00:00 to the next Monday, as ISO 8601) and UTC months. */
export type Calendar = 'week' | 'month';

/** The start (epoch ms) of the UTC week or month containing `time`. */
export function calendarGroupStart(time: number, calendar: Calendar): number {
  const date = new Date(time);
  if (calendar === 'month') return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  // getUTCDay: 0 is Sunday; a week starts on Monday.
  return day - ((date.getUTCDay() + 6) % 7) * 86_400_000;
}

/** The end (epoch ms) of the UTC week or month that starts at `start`. */
export function calendarGroupEnd(start: number, calendar: Calendar): number {
  if (calendar === 'week') return start + 7 * 86_400_000;
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/** The whole UTC weeks or months inside [from, to), oldest first. */
export function calendarGroups(from: number, to: number, calendar: Calendar): TimeWindow[] {
  const groups: TimeWindow[] = [];
  let start = calendarGroupStart(from, calendar);
  if (start < from) start = calendarGroupEnd(start, calendar);
  for (let end = calendarGroupEnd(start, calendar); end <= to; start = end, end = calendarGroupEnd(start, calendar)) {
    groups.push({ start: new Date(start), end: new Date(end) });
  }
  return groups;
}

/**
 * The span of the whole weeks or months inside [from, to): from the first group that starts at or
 * after `from` to the end of the last that ends by `to`; null when none fits. The same span as
 * calendarGroups' first and last, without making every group between (from the epoch, 2 900 weeks).
 */
export function calendarSpan(from: number, to: number, calendar: Calendar): TimeWindow | null {
  let start = calendarGroupStart(from, calendar);
  if (start < from) start = calendarGroupEnd(start, calendar);
  const end = calendarGroupStart(to, calendar);
  return end > start ? { start: new Date(start), end: new Date(end) } : null;
}

/** The window of `seconds` that ends at `end`. */
export function windowEndingAt(end: Date, seconds: number): TimeWindow {
  return { start: new Date(end.getTime() - seconds * 1000), end };
}

/** The window of the same length just before `window`. */
/** How far before and after an annotation its comparison looks: 28 days, fewer when `at` is closer. */
export const ANNOTATION_COMPARISON_DAYS = 28;

/**
 * The two windows of equal length around an annotation's UTC day: [day − L, day) and [day, day + L),
 * with L = 28 days, or the whole days from the day to `at` when fewer. Undefined when the day is
 * not at least one whole day before `at`.
 */
export function aroundDate(date: string, at: Date): { before: TimeWindow; after: TimeWindow } | undefined {
  const day = new Date(`${date}T00:00:00Z`);
  const days = Math.min(ANNOTATION_COMPARISON_DAYS, Math.floor((at.getTime() - day.getTime()) / 86_400_000));
  if (days < 1) return undefined;
  const length = days * 86_400_000;
  return { before: { start: new Date(day.getTime() - length), end: day }, after: { start: day, end: new Date(day.getTime() + length) } };
}

export function previousWindow(window: TimeWindow): TimeWindow {
  const length = window.end.getTime() - window.start.getTime();
  return { start: new Date(window.start.getTime() - length), end: window.start };
}

/** Length of a window in seconds. */
export function windowSeconds(window: TimeWindow): number {
  return (window.end.getTime() - window.start.getTime()) / 1000;
}

/**
 * The calendar month containing `at` in a time zone: [local midnight on the 1st, local midnight on the
 * 1st of the next month), as UTC instants. Daylight-saving changes inside the month are respected.
 */
export function calendarMonth(at: Date, timeZone: string): TimeWindow {
  const local = localParts(at, timeZone);
  const start = zonedMidnight(local.year, local.month, 1, timeZone);
  const next = local.month === 12 ? zonedMidnight(local.year + 1, 1, 1, timeZone) : zonedMidnight(local.year, local.month + 1, 1, timeZone);
  return { start, end: next };
}

/** The calendar date of an instant in a time zone, as `YYYY-MM-DD`. */
export function localDate(at: Date, timeZone: string): string {
  const { year, month, day } = localParts(at, timeZone);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Rounds an instant up to the next whole hour (unchanged when already whole). */
export function ceilToHour(date: Date): Date {
  const hour = 3_600_000;
  return new Date(Math.ceil(date.getTime() / hour) * hour);
}

/**
 * The first instant of a local date in a time zone, as UTC. Usually local midnight; where a zone
 * skips midnight (clocks jump from 23:59 to 01:00, as in Asunción or Havana) it is the first
 * minute that exists, and where midnight happens twice it is the first of them.
 */
export function zonedMidnight(year: number, month: number, day: number, timeZone: string): Date {
  // A binary search of ~11 local-time lookups: remembered, since a build asks for the same days many times.
  return new Date(remembered(midnights, `${timeZone}|${year}-${month}-${day}`, () => searchMidnight(year, month, day, timeZone).getTime()));
}

/** zonedMidnight's answers so far, by zone and date. */
const midnights = new Map<string, number>();

function searchMidnight(year: number, month: number, day: number, timeZone: string): Date {
  const target = year * 10_000 + month * 100 + day;
  const minute = 60_000;
  // Every zone's offset lies within −12 h … +14 h, so the day starts inside this range.
  let low = Date.UTC(year, month - 1, day) - 15 * 3_600_000;
  let high = Date.UTC(year, month - 1, day) + 13 * 3_600_000;
  while (high - low > minute) {
    const middle = low + Math.floor((high - low) / 2 / minute) * minute;
    const local = localParts(new Date(middle), timeZone);
    if (local.year * 10_000 + local.month * 100 + local.day >= target) high = middle;
    else low = middle;
  }
  return new Date(high);
}

/** ISO texts of the instants already formatted: a model's series repeat the same few thousand hours and days. */
const isoTexts = new Map<number, string>();

/**
 * An instant (epoch ms) as ISO 8601 UTC text, `2026-03-02T14:00:00.000Z`. Series points name their
 * start this way, millions of times for a large portal: Date#toISOString takes ~0.8 µs a call (3.5 s
 * for the bench's 4.3 M points), a remembered text ~15 ns.
 */
export function isoInstant(time: number): string {
  return remembered(isoTexts, time, () => new Date(time).toISOString());
}

/** One formatter per time zone: creating an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock fields (year … second) of an instant in a time zone. */
export function localParts(at: Date, timeZone: string) {
  const formatter = remembered(formatters, timeZone, () => new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }));
  const parts = formatter.formatToParts(at);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/**
 * The instant a local wall-clock time names in a time zone, as UTC: the first instant whose local time
 * is at or after it. That is the one instant showing the time on most days. Where clocks spring forward
 * over it (02:30 on 2026-03-08 in New York) it is the first instant after the gap (03:00 EDT); where they
 * fall back and it happens twice (01:30 on 2026-11-01) it is the first of the two (01:30 EDT). The rule
 * keeps later wall times at later (or equal) instants. `day` may run past the month's end, as in
 * Date.UTC: day 32 of January is 1 February.
 */
export function zonedWallTime(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // The instant lies within −14 h … +12 h of the wall time read as UTC; zones change their offset at most
  // once in such a span, so the offsets a day either side are the only ones it can have.
  const before = wall - offsetAt(wall - 86_400_000, timeZone);
  const after = wall - offsetAt(wall + 86_400_000, timeZone);
  const shows = (instant: number) => instant + offsetAt(instant, timeZone) === wall;
  if (shows(before) || shows(after)) return new Date(Math.min(...[before, after].filter(shows)));
  // In a gap, clocks jump forward between `after` and `before`: find the jump to the second.
  let low = Math.min(before, after);
  let high = Math.max(before, after);
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (middle + offsetAt(middle, timeZone) >= wall) high = middle;
    else low = middle;
  }
  return new Date(high);
}

/** A time zone's offset from UTC at an instant, in ms (−4 h for New York in summer: −14 400 000). */
function offsetAt(instant: number, timeZone: string): number {
  const { year, month, day, hour, minute, second } = localParts(new Date(instant), timeZone);
  return Date.UTC(year, month - 1, day, hour, minute, second) - Math.floor(instant / 1000) * 1000;
}
