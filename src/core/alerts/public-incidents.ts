import type { IncidentModel, IncidentTimelineEntry } from '../schemas/model.ts';
import type { Incident, TimelineEntry } from './incidents.ts';

/**
 * What the public site and open data show of the alert job's incidents. The projection keeps only
 * what happened and when, each line of the timeline rewritten from its kind, so that nothing staff
 * typed or the job recorded about people and systems leaks: no notification lines (receivers and
 * who was on call), no names (`by`, acknowledgement and resolution notes), no trace ids, no labels
 * but program and severity, no playbook, runbook or rule file and hash, no dry-run or skipped action.
 */

/** The texts the job writes on a firing line (core/alerts/incidents.ts): made of a number only, so kept. */
const FIRING_TEXT = /^(alert fired|firing again)( \(value -?\d+(\.\d+)?(e[+-]?\d+)?\))?$/;

/** An action line as adapters/alerts/incident-actions.ts writes it: `<type> <state>: <detail>`. */
const ACTION_TEXT = /^(rollback|ticket) (dry-run|started|succeeded|failed|unknown): /;

/** The public text of each action that ran; dry runs, unknown outcomes and failed tickets are left out. */
const ACTION_PHRASES: Readonly<Record<string, string>> = {
  'rollback started': 'a rollback was started',
  'rollback succeeded': 'a rollback succeeded',
  'rollback failed': 'a rollback failed',
  'ticket succeeded': 'a review task was opened',
};

/** An incident as citizens may see it. */
export function publicIncident(incident: Incident): IncidentModel {
  const resolved = incident.status === 'resolved';
  return {
    id: incident.id,
    program: incident.program,
    rule: incident.rule,
    title: incident.title,
    severity: incident.severity,
    status: resolved ? 'resolved' : 'open',
    acknowledged: incident.acknowledgedAt !== null,
    started_at: incident.startedAt,
    opened_at: incident.openedAt,
    resolved_at: resolved ? incident.resolvedAt : null,
    // In time order: lines are written in the order they were recorded, and an acknowledgement bears
    // the wall-clock time while the job's lines bear their evaluation time (--at), which may be
    // earlier. The sort is stable, so lines of the same instant keep their order.
    timeline: incident.timeline.flatMap((entry) => publicEntry(entry) ?? []).sort((a, b) => compare(a.at, b.at)),
  };
}

/**
 * The incidents a program publishes: those of public rules (`public: true`) of that program, and
 * none unless the program itself is public; newest first (by start, then opening, then id).
 */
export function publishedIncidents(incidents: readonly Incident[], program: { id: string; public: boolean }): IncidentModel[] {
  if (!program.public) return [];
  return incidents
    .filter((incident) => incident.public && incident.program === program.id)
    .map(publicIncident)
    .sort((a, b) => compare(b.started_at, a.started_at) || compare(b.opened_at, a.opened_at) || compare(a.id, b.id));
}

function publicEntry(entry: TimelineEntry): IncidentTimelineEntry | null {
  const line = (kind: IncidentTimelineEntry['kind'], text: string): IncidentTimelineEntry => ({ at: entry.at, kind, text });
  switch (entry.kind) {
    case 'pending':
      return line('pending', 'the alert condition started holding (pending)');
    case 'firing':
      return line('firing', FIRING_TEXT.test(entry.text) ? entry.text : 'alert fired');
    case 'acknowledged':
      return line('acknowledged', 'acknowledged by the on-call team');
    case 'action': {
      const match = ACTION_TEXT.exec(entry.text);
      const phrase = match ? ACTION_PHRASES[`${match[1]} ${match[2]}`] : undefined;
      return phrase ? line('action', phrase) : null;
    }
    case 'resolved':
      // The job's own resolution has no `by`; one by hand names who (and maybe a note): neither is shown.
      return line('resolved', entry.by === undefined ? 'alert resolved: the condition no longer holds' : 'resolved by the on-call team');
    default:
      return null;
  }
}

/** Code-unit order (ISO times sort as text), the same on every machine and locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
