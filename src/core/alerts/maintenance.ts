/**
 * Maintenance windows of `rules/notify.yaml`: when they hold, and which alerts they cover.
 *
 * A recurring window holds from its `from` to its `to` wall-clock time in its zone, on each of its
 * weekdays (the day it starts; a `to` earlier than `from` ends the next day), for the occurrences that
 * start on a local date from `starting` through `until`. Both ends are read with zonedWallTime's rule,
 * the first instant whose local time is at or after them, so across daylight-saving changes:
 * - a time that does not exist that night is the first instant after the gap: "sunday 02:00–04:00" in
 *   New York on 2026-03-08 (02:00 EST → 03:00 EDT) holds 03:00–04:00 EDT, 1 h;
 * - a time that happens twice is the first of the two: "01:00–03:00" on 2026-11-01 (02:00 EDT → 01:00
 *   EST) holds from 01:00 EDT to 03:00 EST, 3 h, and "sunday 02:00–04:00" that day is 2 h, as 02:00
 *   happens once (only 01:00–02:00 repeats);
 * - an occurrence wholly inside a gap ("02:00–02:30" on a spring-forward night) is empty, and skipped.
 * Windows and occurrences are half-open [start, end).
 */
import { WEEKDAYS, type MaintenanceWindow } from '../schemas/oncall.ts';
import { localParts, zonedWallTime, type TimeWindow } from '../windows.ts';

/** The windows that hold at `at` and cover an alert with these labels (its `program` label names the program). */
export function activeMaintenance(windows: readonly MaintenanceWindow[], labels: Readonly<Record<string, string>>, at: Date): MaintenanceWindow[] {
  return windows.filter((window) => covers(window, labels) && maintenanceBetween(window, at, new Date(at.getTime() + 1)).length > 0);
}

/**
 * Every occurrence of a window that intersects [from, to), oldest first, with its own bounds (not
 * clipped to from and to), e.g. for the shaded bands of a chart.
 */
export function maintenanceBetween(window: MaintenanceWindow, from: Date, to: Date): TimeWindow[] {
  const { times } = window;
  const intersects = (occurrence: TimeWindow) => occurrence.start < to && occurrence.end > from && occurrence.start < occurrence.end;
  if (times.kind === 'once') return [{ start: times.start, end: times.end }].filter(intersects);
  if (to <= from) return [];
  const days = new Set(times.days.map((day) => WEEKDAYS.indexOf(day)));
  const endsNextDay = times.to.hour * 60 + times.to.minute < times.from.hour * 60 + times.from.minute;
  // An occurrence starts on its local date and ends by the end of the next day, so those that reach
  // [from, to) start from the local day before `from`'s through `to`'s local day.
  const first = localParts(from, window.time_zone);
  const last = localParts(to, window.time_zone);
  const lastDay = Date.UTC(last.year, last.month - 1, last.day);
  const occurrences: TimeWindow[] = [];
  for (let offset = -1; Date.UTC(first.year, first.month - 1, first.day + offset) <= lastDay; offset += 1) {
    const date = new Date(Date.UTC(first.year, first.month - 1, first.day + offset));
    const text = date.toISOString().slice(0, 10);
    if (!days.has(date.getUTCDay()) || (times.starting !== undefined && text < times.starting) || (times.until !== undefined && text > times.until)) continue;
    const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    const occurrence = {
      start: zonedWallTime(year, month, day, times.from.hour, times.from.minute, window.time_zone),
      end: zonedWallTime(year, month, day + (endsNextDay ? 1 : 0), times.to.hour, times.to.minute, window.time_zone),
    };
    if (intersects(occurrence)) occurrences.push(occurrence);
  }
  return occurrences;
}

/** True when the window's programs (all, when it names none) and matchers take in the labels. */
function covers(window: MaintenanceWindow, labels: Readonly<Record<string, string>>): boolean {
  const programs = window.programs ?? (window.program === undefined ? undefined : [window.program]);
  if (programs !== undefined && (labels.program === undefined || !programs.includes(labels.program))) return false;
  return Object.entries(window.matchers).every(([name, value]) => labels[name] === value);
}
