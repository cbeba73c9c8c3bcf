import { maintenanceBetween } from '../alerts/maintenance.ts';
import type { MaintenanceModel } from '../schemas/model.ts';
import type { MaintenanceWindow } from '../schemas/oncall.ts';

/** How far back and ahead of `at` a program document lists maintenance: the 90 days its charts reach, and the next two weeks. */
const MAINTENANCE_DAYS_BACK = 90;
const MAINTENANCE_DAYS_AHEAD = 14;

const DAY = 86_400_000;

/**
 * The public maintenance windows (`public: true`, the default) that cover a program (naming it in
 * `program` or `programs`, or naming no program: every program), each with its occurrences that
 * intersect [at − 90 days, at + 14 days), in the file's order; windows with none there are left out.
 * Matchers narrow which alerts a window mutes, not the program it belongs to, so they do not count.
 */
export function programMaintenance(windows: readonly MaintenanceWindow[], programId: string, at: Date): MaintenanceModel[] {
  const from = new Date(at.getTime() - MAINTENANCE_DAYS_BACK * DAY);
  const to = new Date(at.getTime() + MAINTENANCE_DAYS_AHEAD * DAY);
  return windows.flatMap((window) => {
    if (!window.public || !coversProgram(window, programId)) return [];
    const occurrences = maintenanceBetween(window, from, to).map((o) => ({ start: o.start.toISOString(), end: o.end.toISOString() }));
    return occurrences.length === 0 ? [] : [{ name: window.name, comment: window.comment ?? null, occurrences }];
  });
}

function coversProgram(window: MaintenanceWindow, programId: string): boolean {
  const programs = window.programs ?? (window.program === undefined ? undefined : [window.program]);
  return programs === undefined || programs.includes(programId);
}
