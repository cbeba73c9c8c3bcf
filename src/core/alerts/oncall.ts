/**
 * Who is on call, from a schedule of `rules/notify.yaml`.
 *
 * Hand-off k (k = 0, 1, 2 …) falls on the local date `start` + k days (daily) or + 7k days (weekly),
 * at the `handoff` wall-clock time in the schedule's zone, and passes the pager to
 * `members[k mod n]` until hand-off k + 1. Hand-offs keep to the wall clock across daylight-saving
 * changes, so shifts are not all the same length:
 * - a daily shift that spans a change is 23 h (spring forward) or 25 h (fall back) long, a weekly one
 *   167 h or 169 h;
 * - a hand-off time that does not exist that day (02:30 on a spring-forward night in New York) is the
 *   first instant after the gap, 03:00 local;
 * - a hand-off time that happens twice (01:30 on a fall-back night) is the first of the two, the one
 *   still on summer time.
 * (Both are zonedWallTime's rule: the first instant whose local time is at or after the hand-off time.)
 *
 * Before hand-off 0 the rotation has no one on call. An override puts its person on call for
 * [start, end), before `start` too, and cuts the rotation's shift around it: the shift's person is on
 * call before the override and again after it, as separate stretches. The schema rejects overlapping
 * overrides; were some to overlap, the one listed first would win. Shifts are half-open [start, end).
 */
import type { Schedule } from '../schemas/oncall.ts';
import { zonedWallTime } from '../windows.ts';

/** A stretch during which one person is on call without a change. */
export interface OnCallShift {
  /** The person key, e.g. `alice`. */
  person: string;
  /** When it began: a hand-off or the end of an override (or, for an override, its start). */
  shiftStart: Date;
  /** When it ends (excluded): the next hand-off or the start of an override (or, for an override, its end). */
  shiftEnd: Date;
  /** True for an override's stretch. */
  override: boolean;
}

/** Who is on call at `at`, and the stretch of their shift that contains it; null when no one is (before the first hand-off). */
export function onCallAt(schedule: Schedule, at: Date): OnCallShift | null {
  return shiftsBetween(schedule, at, new Date(at.getTime() + 1))[0] ?? null;
}

/**
 * The stretches that intersect [from, to), in time order, each with its own bounds (not clipped to
 * from and to): rotation shifts with the overrides cut in. A time with no one on call has no entry.
 */
export function shiftsBetween(schedule: Schedule, from: Date, to: Date): OnCallShift[] {
  if (to <= from) return [];
  let stretches = rotationShifts(schedule, from, to);
  const spanStart = Math.min(from.getTime(), stretches[0]?.shiftStart.getTime() ?? Infinity);
  const spanEnd = Math.max(to.getTime(), stretches.at(-1)?.shiftEnd.getTime() ?? -Infinity);
  // Applied last listed first, so that the first listed ends on top where overrides overlap.
  for (const override of schedule.overrides.toReversed()) {
    if (override.start.getTime() >= spanEnd || override.end.getTime() <= spanStart) continue;
    stretches = [
      ...stretches.flatMap((stretch) => cutOut(stretch, override.start, override.end)),
      { person: override.person, shiftStart: override.start, shiftEnd: override.end, override: true },
    ];
  }
  return stretches.filter((stretch) => stretch.shiftStart < to && stretch.shiftEnd > from).sort((a, b) => a.shiftStart.getTime() - b.shiftStart.getTime());
}

/** The rotation's shifts that intersect [from, to), without overrides. */
function rotationShifts(schedule: Schedule, from: Date, to: Date): OnCallShift[] {
  const [year, month, day] = schedule.start.split('-').map(Number) as [number, number, number];
  const days = schedule.rotation === 'daily' ? 1 : 7;
  const handoff = (k: number) => zonedWallTime(year, month, day + k * days, schedule.handoff.hour, schedule.handoff.minute, schedule.time_zone);
  // A first guess from whole periods, then a step either way: hand-offs drift from it by at most an hour or two.
  let k = Math.max(0, Math.floor((from.getTime() - handoff(0).getTime()) / (days * 86_400_000)));
  while (k > 0 && handoff(k) > from) k -= 1;
  while (handoff(k + 1) <= from) k += 1;
  const shifts: OnCallShift[] = [];
  for (let start = handoff(k); start < to; k += 1) {
    const end = handoff(k + 1);
    shifts.push({ person: schedule.members[k % schedule.members.length]!, shiftStart: start, shiftEnd: end, override: false });
    start = end;
  }
  return shifts;
}

/** The parts of a stretch outside [start, end). */
function cutOut(stretch: OnCallShift, start: Date, end: Date): OnCallShift[] {
  if (start >= stretch.shiftEnd || end <= stretch.shiftStart) return [stretch];
  const parts: OnCallShift[] = [];
  if (stretch.shiftStart < start) parts.push({ ...stretch, shiftEnd: start });
  if (end < stretch.shiftEnd) parts.push({ ...stretch, shiftStart: end });
  return parts;
}
