import { describeAction, planActions } from '../../core/alerts/actions.ts';
import type { ActionRecord, Incident } from '../../core/alerts/incidents.ts';
import type { Rule } from '../../core/alerts/rules.ts';
import { appendAudit, writeAlertState } from './alert-state-file.ts';
import type { Environment } from './deliver.ts';
import type { StateHolder } from './notify-run.ts';
import { runAction } from './run-action.ts';

/** An action taken (or rehearsed) in a run. */
export interface ActionTaken {
  incident: string;
  rule: string;
  record: ActionRecord;
}

/**
 * Takes the incidents' due actions (core/alerts/actions.ts decides which), writing each to the
 * incident's timeline, the audit log and the state file. A real rollback is recorded as `started`
 * before it runs, so a job killed while it runs never runs it again for that incident.
 */
export async function takeActions(dir: string, holder: StateHolder, rules: readonly Rule[], root: string, at: Date, clock: () => Date, env: Environment): Promise<ActionTaken[]> {
  const now = at.toISOString();
  const byName = new Map(rules.map((rule) => [rule.name, rule]));
  const plan = planActions(holder.state.incidents, holder.state.alerts, byName, at, holder.state.rollbacks);
  const taken: ActionTaken[] = [];
  const update = (id: string, change: (incident: Incident) => Incident) => {
    holder.state = { ...holder.state, incidents: holder.state.incidents.map((incident) => (incident.id === id ? change(incident) : incident)) };
  };
  const record = (incident: Incident, rule: string, entry: ActionRecord, replaceLast: boolean) => {
    update(incident.id, (current) => {
      const kept = replaceLast ? current.actions.filter((action) => !(action.type === entry.type && (action.state === 'started' || action.state === 'failed'))) : current.actions;
      return { ...current, actions: [...kept, entry], timeline: [...current.timeline, { at: now, kind: 'action', text: `${entry.type} ${entry.state}: ${entry.detail}` }] };
    });
    appendAudit(dir, [{ event: `action-${entry.state}`, id: `${incident.id}:${entry.type}:${entry.state}@${now}`, at: now, recordedAt: clock().toISOString(), incident: incident.id, rule, type: entry.type, detail: entry.detail }]);
    writeAlertState(dir, holder.state);
    taken.push({ incident: incident.id, rule, record: entry });
  };
  for (const id of plan.unknown) {
    const incident = holder.state.incidents.find((candidate) => candidate.id === id)!;
    record(incident, incident.rule, { type: 'rollback', state: 'unknown', at: now, detail: 'the job stopped while the rollback ran; it is not run again: check the deployment by hand' }, true);
  }
  for (const note of plan.notes) {
    update(note.incidentId, (incident) => ({ ...incident, timeline: [...incident.timeline, { at: now, kind: 'note', text: note.text }] }));
    writeAlertState(dir, holder.state);
  }
  for (const planned of plan.due) {
    const { incident, rule, action } = planned;
    if (action.type === 'rollback' && planned.dryRun) {
      record(incident, rule.name, { type: 'rollback', state: 'dry-run', at: now, detail: `would ${describeAction(action)} (dry run: set enabled: true on the rule's action to roll back for real)` }, false);
      continue;
    }
    if (action.type === 'rollback') record(incident, rule.name, { type: 'rollback', state: 'started', at: now, detail: describeAction(action) }, false);
    const outcome = await runAction(planned, root, env);
    const previousFailures = incident.actions.filter((entry) => entry.type === 'ticket' && entry.state === 'failed').length;
    if (action.type === 'ticket' && !outcome.ok && previousFailures > 0) continue; // already on the timeline; tried again next run
    record(incident, rule.name, { type: action.type, state: outcome.ok ? 'succeeded' : 'failed', at: now, detail: outcome.detail }, true);
    if (action.type === 'rollback') {
      holder.state = { ...holder.state, rollbacks: { ...holder.state.rollbacks, [rule.name]: now } };
      writeAlertState(dir, holder.state);
    }
  }
  return taken;
}
