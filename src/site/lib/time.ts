import { remembered } from '../../core/remember.ts';
import { localParts } from '../../core/windows.ts';

/**
 * Times on the site: every instant is shown in the program's time zone, with the zone named. The
 * process's own zone (TZ) never matters: Intl gets the zone explicitly, and charts draw wall-clock
 * times on a UTC axis (see zonedWallClock).
 */

/**
 * One Intl.DateTimeFormat per kind and zone: making one costs about 40 µs, using one about 1 µs, and
 * a site build formats and plots hundreds of thousands of times (it was 80 % of drawing a chart).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return remembered(formatters, `${kind}|${timeZone}`, () => new Intl.DateTimeFormat('en-US', { timeZone, ...options }));
}

/**
 * Texts already made, by kind, zone and instant: the same days and hours are written again for every
 * KPI, view and table of a program (formatting a date was the largest part of a chart worker's time
 * after Plot itself).
 */
const texts = new Map<string, string>();
function formatted(kind: string, timeZone: string, iso: string, options: Intl.DateTimeFormatOptions): string {
  return remembered(texts, `${kind}|${timeZone}|${iso}`, () => formatter(kind, timeZone, options).format(new Date(iso)));
}

/** `2026-10-31T23:56:27Z` in America/New_York → `Oct 31, 2026, 7:56 PM EDT`. */
export function formatDateTime(iso: string, timeZone: string): string {
  return formatted('date-time', timeZone, iso, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
}

/** The calendar date of an instant in a zone: `2026-11-01T00:00Z` in America/New_York → `Oct 31, 2026`. */
export function formatDate(iso: string, timeZone: string): string {
  return formatted('date', timeZone, iso, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** The calendar month of an instant in a zone: `2026-10-01T00:00Z` in UTC → `October 2026`. */
export function formatMonth(iso: string, timeZone = 'UTC'): string {
  return formatted('month', timeZone, iso, { year: 'numeric', month: 'long' });
}

/**
 * The wall-clock time an instant shows in a zone, as a Date whose UTC fields hold it: 23:56Z in
 * America/New_York (EDT, UTC−4) → 19:56Z. Charts plot these on a UTC axis so that ticks read as
 * local times on any machine.
 */
export function zonedWallClock(iso: string, timeZone: string): Date {
  const date = new Date(iso);
  if (timeZone === 'UTC') return date;
  const wall = remembered(wallClocks, `${timeZone}|${iso}`, () => {
    const parts = localParts(date, timeZone);
    return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second, date.getUTCMilliseconds());
  });
  return new Date(wall);
}

/** Wall-clock times already worked out (epoch ms), by zone and instant, as for texts above. */
const wallClocks = new Map<string, number>();
