import type { IncidentModel } from '../../core/schemas/model.ts';

/**
 * Each incident's short label, as the program page lists it and the charts mark it: `I1` for the
 * program's oldest (by start, then opening, then id), so that a label stays the same as new
 * incidents come.
 */
export function incidentLabels(incidents: readonly IncidentModel[]): Map<string, string> {
  const oldestFirst = [...incidents].sort((a, b) => compare(a.started_at, b.started_at) || compare(a.opened_at, b.opened_at) || compare(a.id, b.id));
  return new Map(oldestFirst.map((incident, index) => [incident.id, `I${index + 1}`]));
}

/** Labels of one marker, in order: `I2`, `I1–I3` for a run, `I1, I4` otherwise. */
export function joinLabels(labels: readonly string[]): string {
  const numbers = labels.map((label) => Number(label.slice(1))).sort((a, b) => a - b);
  const run = numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1);
  if (numbers.length > 2 && run) return `I${numbers[0]}–I${numbers.at(-1)}`;
  return numbers.map((n) => `I${n}`).join(', ');
}

/** A length of time in words: 45 → `45 min`, 150 → `2 h 30 min`, 3000 → `2 d 2 h`. */
export function formatDuration(minutes: number): string {
  const whole = Math.max(0, Math.round(minutes));
  if (whole < 60) return `${whole} min`;
  if (whole < 24 * 60) return `${Math.floor(whole / 60)} h${whole % 60 ? ` ${whole % 60} min` : ''}`;
  const days = Math.floor(whole / 1440);
  const hours = Math.floor((whole % 1440) / 60);
  return `${days} d${hours ? ` ${hours} h` : ''}`;
}

/** What the status badge of an incident says: its state in words (an acknowledged one is ongoing). */
export function incidentStatusText(incident: Pick<IncidentModel, 'status' | 'acknowledged'>): string {
  if (incident.status === 'resolved') return 'Resolved';
  return incident.acknowledged ? 'Ongoing, acknowledged' : 'Ongoing';
}

/** Minutes from `from` to `to`, two ISO instants. */
export function minutesBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 60_000;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
