import type { AlertInstance, Transition } from './alert-state.ts';
import { fnv1a64 } from './alert-state.ts';
import type { OutboxEntry } from './outbox.ts';
import type { Rule } from './rules.ts';

/** One line of an incident's timeline. */
export interface TimelineEntry {
  at: string;
  kind: 'pending' | 'firing' | 'notification' | 'acknowledged' | 'action' | 'resolved' | 'note';
  text: string;
  /** Who did it, for acknowledgements, notes and manual resolutions. */
  by?: string | undefined;
}

/** What became of an incident's action (rollback or ticket). */
export interface ActionRecord {
  type: 'rollback' | 'ticket';
  /** `started` is written before a rollback runs: a job killed mid-way never runs it twice. */
  state: 'dry-run' | 'started' | 'succeeded' | 'failed' | 'unknown';
  at: string;
  detail: string;
}

/**
 * An incident: opened when a critical alert fires, updated while it lasts, resolved when the alert
 * resolves (or by hand). Stored in the alert state; published when its rule and program are public.
 */
export interface Incident {
  id: string;
  program: string;
  rule: string;
  fingerprint: string;
  labels: Record<string, string>;
  severity: string;
  title: string;
  status: 'open' | 'acknowledged' | 'resolved';
  openedAt: string;
  /** When the alert's condition started holding (its pending time). */
  startedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  /** The rule's playbook, a file under rules/playbooks/, and its runbook URL. */
  playbook: string | null;
  runbookUrl: string | null;
  /** Example trace ids of the triggering events (their `trace_id` tag), worst first. */
  traceIds: string[];
  public: boolean;
  ruleFile: string;
  ruleSha256: string;
  actions: ActionRecord[];
  timeline: TimelineEntry[];
}

export const isOpen = (incident: Incident) => incident.status !== 'resolved';

/** `INC-20261027-1a2b3c`: the opening date (UTC) and a hash of the alert and the opening instant. */
export function incidentId(fingerprint: string, openedAt: string): string {
  return `INC-${openedAt.slice(0, 10).replaceAll('-', '')}-${fnv1a64(`${fingerprint}@${openedAt}`).slice(0, 6)}`;
}

const valueText = (value: number | null) => (value === null ? '' : ` (value ${Number(value.toPrecision(4))})`);

/**
 * Opens, updates and resolves incidents from one evaluation's state changes:
 * - a critical alert (or see opensIncident) that starts firing opens an incident, or updates the open
 *   one of the same rule and labels (it fired again while still being worked on);
 * - a firing alert that resolves resolves its open incident.
 * Returns the incidents, those opened now (their trace ids are looked up by the caller) and those resolved now.
 */
export function advanceIncidents(incidents: readonly Incident[], transitions: readonly Transition[], alerts: readonly AlertInstance[], rules: ReadonlyMap<string, Rule>, at: Date): { incidents: Incident[]; opened: Incident[]; resolved: Incident[] } {
  const now = at.toISOString();
  const next = incidents.map((incident) => ({ ...incident, timeline: [...incident.timeline] }));
  const opened: Incident[] = [];
  const resolved: Incident[] = [];
  const openFor = (fingerprint: string) => next.find((incident) => incident.fingerprint === fingerprint && isOpen(incident));
  for (const change of transitions) {
    if (!opensIncident(rules.get(change.rule), change.labels.severity)) continue;
    const alert = alerts.find((candidate) => candidate.fingerprint === change.fingerprint);
    if (change.to === 'firing') {
      const existing = openFor(change.fingerprint);
      if (existing) {
        existing.timeline.push({ at: now, kind: 'firing', text: `firing again${valueText(change.value)}` });
        continue;
      }
      const rule = rules.get(change.rule);
      const startedAt = alert?.activeAt ?? now;
      const incident: Incident = {
        id: incidentId(change.fingerprint, now),
        program: change.labels.program ?? rule?.program ?? '',
        rule: change.rule,
        fingerprint: change.fingerprint,
        labels: change.labels,
        severity: change.labels.severity ?? 'critical',
        title: alert?.annotations.summary ?? change.rule,
        status: 'open',
        openedAt: now,
        startedAt,
        acknowledgedAt: null,
        acknowledgedBy: null,
        resolvedAt: null,
        resolvedBy: null,
        playbook: rule?.annotations.playbook ?? null,
        runbookUrl: rule?.annotations.runbook_url ?? null,
        traceIds: [],
        public: rule?.public ?? false,
        ruleFile: rule?.source.file ?? '',
        ruleSha256: rule?.source.sha256 ?? '',
        actions: [],
        timeline: [
          { at: startedAt, kind: 'pending', text: 'condition started holding (pending)' },
          { at: now, kind: 'firing', text: `alert fired${valueText(change.value)}` },
        ],
      };
      next.push(incident);
      opened.push(incident);
    } else if (change.from === 'firing' && (change.to === 'resolved' || change.to === 'inactive')) {
      const incident = openFor(change.fingerprint);
      if (!incident) continue;
      incident.timeline.push({ at: now, kind: 'resolved', text: 'alert resolved: the condition no longer holds' });
      incident.status = 'resolved';
      incident.resolvedAt = now;
      incident.resolvedBy = 'alert';
      resolved.push(incident);
    }
  }
  return { incidents: next, opened, resolved };
}

/**
 * Whether an alert of this severity opens an incident: a critical one does; so does the most severe
 * alert of a rule with an action that has no critical alert (an SLO's ticket alert, which opens a
 * review task once per incident).
 */
export function opensIncident(rule: Rule | undefined, severity: string | undefined): boolean {
  if (severity === 'critical') return true;
  if (!rule?.action) return false;
  const top = rule.kind === 'burn-rate' ? rule.severity : rule.spec.critical !== undefined ? 'critical' : 'warning';
  return top === severity;
}

/** Adds "notification sent" to the timeline of the newest incident of each alert the notification named. */
export function recordNotification(incidents: readonly Incident[], entry: OutboxEntry, at: Date): Incident[] {
  const named = new Set([...entry.notification.firing, ...entry.notification.resolved].map((alert) => alert.fingerprint));
  const newest = new Map<string, Incident>();
  for (const incident of incidents) if (named.has(incident.fingerprint) && incident.openedAt <= entry.notification.at) newest.set(incident.fingerprint, incident);
  const chosen = new Set(newest.values());
  const who = entry.oncall ? `, on call: ${entry.oncall.name}` : '';
  return incidents.map((incident) =>
    chosen.has(incident)
      ? { ...incident, timeline: [...incident.timeline, { at: at.toISOString(), kind: 'notification' as const, text: `${entry.notification.status} notice sent to ${entry.receiver} (${entry.integration.type})${who}` }] }
      : incident,
  );
}

/** An acknowledgement: someone is on it. */
export function acknowledge(incident: Incident, by: string, at: Date, note?: string): Incident {
  return { ...incident, status: incident.status === 'resolved' ? 'resolved' : 'acknowledged', acknowledgedAt: at.toISOString(), acknowledgedBy: by, timeline: [...incident.timeline, { at: at.toISOString(), kind: 'acknowledged', text: note ? `acknowledged: ${note}` : 'acknowledged', by }] };
}

/** A resolution by hand (the alert may still fire; a new firing opens a new incident). */
export function resolveByHand(incident: Incident, by: string, at: Date, note?: string): Incident {
  return { ...incident, status: 'resolved', resolvedAt: at.toISOString(), resolvedBy: by, timeline: [...incident.timeline, { at: at.toISOString(), kind: 'resolved', text: note ? `resolved by hand: ${note}` : 'resolved by hand', by }] };
}

/** Resolved incidents are kept this long in the state (the audit log keeps them for good; published ones live on the site). */
export const RESOLVED_INCIDENT_RETENTION_SECONDS = 400 * 86_400;

export function pruneIncidents(incidents: readonly Incident[], at: Date): Incident[] {
  return incidents.filter((incident) => isOpen(incident) || at.getTime() - Date.parse(incident.resolvedAt ?? incident.openedAt) < RESOLVED_INCIDENT_RETENTION_SECONDS * 1000);
}
