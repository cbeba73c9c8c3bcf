import type { ProgramModel } from '../../core/schemas/model.ts';
import { formatDuration, incidentLabels, incidentStatusText, minutesBetween } from '../lib/incident-text.ts';
import { formatDateTime } from '../lib/time.ts';

/** An incident as the program page lays it out; every time in the program's zone, with the zone named. */
export interface IncidentView {
  /** The element id the status feed links to: `incident-<id>`. */
  anchor: string;
  id: string;
  /** `I1` for the program's oldest: the label of its marker on the charts. */
  label: string;
  title: string;
  status: 'open' | 'resolved';
  statusText: string;
  started: string;
  /** When it was resolved, or null while open. */
  resolved: string | null;
  /** `2 h 30 min`, or `ongoing, 4 d 9 h so far` as of the data's time. */
  duration: string;
  rule: string;
  severity: string;
  timeline: { at: string; when: string; text: string }[];
}

/** The program's published incidents, newest first (the model's order). */
export function incidentViews(program: ProgramModel): IncidentView[] {
  const zone = program.program.time_zone;
  const labels = incidentLabels(program.incidents);
  return program.incidents.map((incident) => ({
    anchor: `incident-${incident.id}`,
    id: incident.id,
    label: labels.get(incident.id)!,
    title: incident.title,
    status: incident.status,
    statusText: incidentStatusText(incident),
    started: formatDateTime(incident.started_at, zone),
    resolved: incident.resolved_at === null ? null : formatDateTime(incident.resolved_at, zone),
    duration: incident.resolved_at === null ? ongoingText(incident.started_at, program.at, program.alerts_checked_at, zone)
      : formatDuration(minutesBetween(incident.started_at, incident.resolved_at)),
    rule: incident.rule,
    severity: incident.severity,
    timeline: incident.timeline.map((entry) => ({ at: entry.at, when: formatDateTime(entry.at, zone), text: entry.text })),
  }));
}

/** One occurrence of a maintenance window, as a table row. */
export interface MaintenanceRow {
  name: string;
  comment: string;
  start: string;
  end: string;
  duration: string;
}

/**
 * The program's maintenance occurrences, split at the data's time: upcoming (not yet over, soonest
 * first, one under way included) and recent (over, newest first).
 */
export function maintenanceView(program: ProgramModel): { upcoming: MaintenanceRow[]; recent: MaintenanceRow[] } {
  const zone = program.program.time_zone;
  const all = program.maintenance.flatMap((window) => window.occurrences.map((occurrence) => ({ window, occurrence })))
    .sort((a, b) => Date.parse(a.occurrence.start) - Date.parse(b.occurrence.start) || (a.window.name < b.window.name ? -1 : a.window.name > b.window.name ? 1 : 0));
  const row = ({ window, occurrence }: (typeof all)[number]): MaintenanceRow => ({
    name: window.name,
    comment: window.comment ?? '',
    start: formatDateTime(occurrence.start, zone),
    end: formatDateTime(occurrence.end, zone),
    duration: formatDuration(minutesBetween(occurrence.start, occurrence.end)),
  });
  const at = Date.parse(program.at);
  return {
    upcoming: all.filter(({ occurrence }) => Date.parse(occurrence.end) > at).map(row),
    recent: all.filter(({ occurrence }) => Date.parse(occurrence.end) <= at).reverse().map(row),
  };
}

/**
 * How long an open incident has lasted: up to the alert job's last check when it is known (the job,
 * not the data, says whether the incident still holds), else up to the data's time.
 */
export function ongoingText(startedAt: string, dataAt: string, checkedAt: string | null, zone: string): string {
  if (checkedAt === null) return `ongoing, ${formatDuration(minutesBetween(startedAt, dataAt))} so far (as of ${formatDateTime(dataAt, zone)})`;
  return `ongoing at the alert job's last check, ${formatDateTime(checkedAt, zone)}: ${formatDuration(minutesBetween(startedAt, checkedAt))} so far`;
}
