import type { Action } from '../schemas/action.ts';
import type { AlertInstance } from './alert-state.ts';
import { isOpen, type Incident } from './incidents.ts';
import type { Rule } from './rules.ts';

/** An action the job is to take now for an incident. */
export interface PlannedAction {
  incident: Incident;
  rule: Rule;
  action: Action;
  /** A rollback that is not `enabled` is only rehearsed. */
  dryRun: boolean;
}

/** An incident's timeline note about an action not taken (written once). */
export interface ActionNote {
  incidentId: string;
  text: string;
}

/**
 * The actions due at `at`, with their guards:
 * - rollback: for an open incident whose alert is firing and has been for the action's `after`
 *   (the rule's `for` has passed already: the alert fires only then); at most once per incident,
 *   counting a dry run and a rollback cut short by a stopped job; at most once per `cooldown` per
 *   rule (a skipped rollback is noted on the timeline); a dry run unless `enabled: true`;
 * - ticket: once per incident, tried again on later runs until the ticket system accepts it.
 * A rollback found `started` (the job stopped while it ran) is never run again: it is marked unknown.
 */
export function planActions(incidents: readonly Incident[], alerts: readonly AlertInstance[], rules: ReadonlyMap<string, Rule>, at: Date, lastRollbackAt: Readonly<Record<string, string>>): { due: PlannedAction[]; notes: ActionNote[]; unknown: string[] } {
  const due: PlannedAction[] = [];
  const notes: ActionNote[] = [];
  const unknown: string[] = [];
  for (const incident of incidents) {
    const rule = rules.get(incident.rule);
    const action = rule?.action;
    if (!rule || !action) continue;
    const records = incident.actions.filter((record) => record.type === action.type);
    if (action.type === 'ticket') {
      if (!records.some((record) => record.state === 'succeeded')) due.push({ incident, rule, action, dryRun: false });
      continue;
    }
    if (records.some((record) => record.state === 'started')) unknown.push(incident.id);
    if (records.length > 0 || !isOpen(incident)) continue;
    const alert = alerts.find((candidate) => candidate.fingerprint === incident.fingerprint && candidate.state === 'firing');
    if (!alert?.firedAt || at.getTime() - Date.parse(alert.firedAt) < action.after * 1000) continue;
    const last = lastRollbackAt[rule.name];
    if (action.enabled && last !== undefined && at.getTime() - Date.parse(last) < action.cooldown * 1000) {
      const until = new Date(Date.parse(last) + action.cooldown * 1000).toISOString();
      const text = `rollback not run: rule ${rule.name} last rolled back at ${last}; its cooldown lasts until ${until}`;
      if (!incident.timeline.some((entry) => entry.text === text)) notes.push({ incidentId: incident.id, text });
      continue;
    }
    due.push({ incident, rule, action, dryRun: !action.enabled });
  }
  return { due, notes, unknown };
}

/** What an action does, in words, e.g. `run scripts/rollback.sh docket` or `POST https://cicd.example.gov`. */
export function describeAction(action: Action): string {
  if (action.command) return `run ${action.command.join(' ')}`;
  return `POST ${action.url ?? `$${action.url_env}`}`;
}
