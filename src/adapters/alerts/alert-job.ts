import { advanceAll, type AlertInstance, type Transition } from '../../core/alerts/alert-state.ts';
import { evaluateRules, type Evaluation } from '../../core/alerts/evaluate.ts';
import { advanceIncidents, pruneIncidents, type Incident } from '../../core/alerts/incidents.ts';
import type { Notification, Suppression } from '../../core/alerts/notify-groups.ts';
import { planNotifications, type NotifyPlan } from '../../core/alerts/notify-plan.ts';
import type { Rule, RuleSource } from '../../core/alerts/rules.ts';
import { pruneSilences } from '../../core/alerts/silences.ts';
import { HmsOpsError } from '../../core/errors.ts';
import type { LoadedPortal } from '../portal/load-portal.ts';
import type { Store } from '../store/open-store.ts';
import { createStoreReader } from '../store/store-reader.ts';
import { appendAudit, readAlertState, withStateLock, writeAlertState, type AuditEntry } from './alert-state-file.ts';
import type { Environment } from './deliver.ts';
import type { LoadedNotify } from './load-notify.ts';
import { takeActions, type ActionTaken } from './incident-actions.ts';
import { deliverDue, type DeliveryRecord, type StateHolder } from './notify-run.ts';
import { exampleTraceIds } from './trace-ids.ts';

export interface EvaluationRun {
  at: Date;
  evaluations: Evaluation[];
  /** The alerts remembered after this evaluation. */
  alerts: AlertInstance[];
  transitions: Transition[];
  /** True when the state had already been advanced to `at` (the run changed nothing but deliveries). */
  repeated: boolean;
  /** Notifications made at this evaluation (each becomes one outbox entry per integration). */
  notifications: Notification[];
  /** Firing alerts that a silence or maintenance window began holding back. */
  suppressions: Suppression[];
  /** Outbox entries tried in this run, and how each went. */
  deliveries: DeliveryRecord[];
  /** Incidents opened at this evaluation. */
  opened: Incident[];
  /** Incidents resolved at this evaluation (their alert cleared). */
  resolved: Incident[];
  /** Rollbacks (real or rehearsed) and tickets taken in this run. */
  actions: ActionTaken[];
}

export interface JobOptions {
  /** The wall clock, for `recordedAt` in the audit log. */
  clock?: () => Date;
  /** `rules/notify.yaml`; null or missing: alerts are recorded and no one is notified. */
  notify?: LoadedNotify | null;
  /** Where secrets are read from (default: process.env). */
  env?: Environment;
}

/** Evaluates the rules against the store at `at` without reading or changing the job's state. */
export async function evaluateAt(store: Store, portal: LoadedPortal, rules: readonly Rule[], at: Date): Promise<Evaluation[]> {
  const reader = await createStoreReader(store);
  const timeZones = new Map(portal.programs.map((program) => [program.id, program.time_zone]));
  return evaluateRules(rules, at, reader, { timeZones });
}

/**
 * One run of the alert job, holding the state lock throughout:
 * 1. evaluates every rule at `at` and advances the remembered alerts (core/alerts/alert-state.ts);
 * 2. looks at the notification groups (core/alerts/notify-groups.ts) and puts each notification in the
 *    outbox, one entry per integration of its receiver;
 * 3. opens, updates and resolves incidents (core/alerts/incidents.ts), with example trace ids;
 * 4. appends the state changes, queued notifications, suppressions and incident changes to the audit
 *    log, then replaces the state file: the evaluation and all it caused are recorded together or not at all;
 * 5. takes the incidents' due actions (rollback, ticket), each recorded as it goes;
 * 6. delivers the outbox entries that are due, recording each result as soon as it is known.
 * Evaluations go forward in time: one earlier than the last is refused; one at the same instant again
 * changes nothing, but still retries deliveries that are due (so a retried cron run is harmless).
 */
export async function runEvaluation(store: Store, portal: LoadedPortal, rules: readonly Rule[], dir: string, at: Date, options: JobOptions = {}): Promise<EvaluationRun> {
  const clock = options.clock ?? (() => new Date());
  const notify = options.notify ?? null;
  return withStateLock(dir, async () => {
    const holder: StateHolder = { state: readAlertState(dir) };
    const { state } = holder;
    const last = state.evaluatedAt ? new Date(state.evaluatedAt) : null;
    if (last && at.getTime() < last.getTime()) {
      throw new HmsOpsError(`the alert state in ${dir} was last evaluated at ${last.toISOString()}; an evaluation at the earlier ${at.toISOString()} would rewrite its history (use another --state folder to replay the past)`);
    }
    const evaluations = await evaluateAt(store, portal, rules, at);
    const env = options.env ?? process.env;
    if (last && at.getTime() === last.getTime()) {
      const actions = await takeActions(dir, holder, rules, portal.root, at, clock, env);
      const deliveries = notify ? await deliverDue(dir, holder, notify, at, clock, env) : [];
      return { at, evaluations, alerts: state.alerts, transitions: [], repeated: true, notifications: [], suppressions: [], deliveries, opened: [], resolved: [], actions };
    }
    const { instances: alerts, transitions } = advanceAll(state.alerts, evaluations);
    const silences = pruneSilences(state.silences, at);
    const planned = notify ? planNotifications(state, alerts, silences, rules, notify, at) : { groups: state.groups, notifications: [], suppressions: [], entries: [], outbox: state.outbox };
    const byName = new Map(rules.map((rule) => [rule.name, rule]));
    const incidentStep = advanceIncidents(state.incidents, transitions, alerts, byName, at);
    for (const incident of incidentStep.opened) incident.traceIds = await exampleTraceIds(store, byName.get(incident.rule)!, at, new Date(incident.startedAt));
    const sources = new Map(rules.map((rule) => [rule.name, rule.source]));
    const recordedAt = clock().toISOString();
    const entries: AuditEntry[] = transitions.map((change) => ({
      event: 'alert',
      id: `${change.fingerprint}@${change.at}:${change.to}`,
      at: change.at,
      recordedAt,
      rule: change.rule,
      fingerprint: change.fingerprint,
      labels: change.labels,
      from: change.from,
      to: change.to,
      value: change.value,
      ruleFile: sources.get(change.rule)?.file ?? null,
      ruleSha256: sources.get(change.rule)?.sha256 ?? null,
    }));
    entries.push(...notifyAuditEntries(planned, sources, notify, at, recordedAt));
    for (const incident of incidentStep.opened) entries.push({ event: 'incident-opened', id: `${incident.id}:opened`, at: incident.openedAt, recordedAt, incident: incident.id, rule: incident.rule, fingerprint: incident.fingerprint, labels: incident.labels, traceIds: incident.traceIds, ruleFile: incident.ruleFile, ruleSha256: incident.ruleSha256 });
    for (const incident of incidentStep.resolved) entries.push({ event: 'incident-resolved', id: `${incident.id}:resolved`, at: incident.resolvedAt!, recordedAt, incident: incident.id, rule: incident.rule, by: 'alert' });
    appendAudit(dir, entries);
    holder.state = { ...state, evaluatedAt: at.toISOString(), alerts, groups: planned.groups, outbox: planned.outbox, silences, incidents: pruneIncidents(incidentStep.incidents, at) };
    writeAlertState(dir, holder.state);
    const actions = await takeActions(dir, holder, rules, portal.root, at, clock, env);
    const deliveries = notify ? await deliverDue(dir, holder, notify, at, clock, env) : [];
    return { at, evaluations, alerts, transitions, repeated: false, notifications: planned.notifications, suppressions: planned.suppressions, deliveries, opened: incidentStep.opened, resolved: incidentStep.resolved, actions };
  });
}

/** What a notification look between evaluations did. */
export interface FlushRun {
  at: Date;
  notifications: Notification[];
  suppressions: Suppression[];
  deliveries: DeliveryRecord[];
}

/**
 * A notification look without an evaluation, for `alert run` to wake at a group's `group_wait` or
 * `group_interval`, or an outbox entry's retry time, between its evaluations: the remembered alerts
 * are grouped and delivered as an evaluation would, but no rule is evaluated (so `for` counts only
 * real evaluations). A look earlier than the last evaluation does nothing.
 */
export async function runFlush(rules: readonly Rule[], dir: string, notify: LoadedNotify, at: Date, options: Omit<JobOptions, 'notify'> = {}): Promise<FlushRun> {
  const clock = options.clock ?? (() => new Date());
  return withStateLock(dir, async () => {
    const holder: StateHolder = { state: readAlertState(dir) };
    const { state } = holder;
    if (state.evaluatedAt && at.getTime() < Date.parse(state.evaluatedAt)) return { at, notifications: [], suppressions: [], deliveries: [] };
    const silences = pruneSilences(state.silences, at);
    const planned = planNotifications(state, state.alerts, silences, rules, notify, at);
    const recordedAt = clock().toISOString();
    appendAudit(dir, notifyAuditEntries(planned, new Map(rules.map((rule) => [rule.name, rule.source])), notify, at, recordedAt));
    holder.state = { ...state, groups: planned.groups, outbox: planned.outbox, silences };
    writeAlertState(dir, holder.state);
    const deliveries = await deliverDue(dir, holder, notify, at, clock, options.env ?? process.env);
    return { at, notifications: planned.notifications, suppressions: planned.suppressions, deliveries };
  });
}

/** The next time a notification look has something to do: a group's next look or an entry's next try, after `after`. */
export function nextNotifyWake(dir: string, after: Date): Date | null {
  const state = readAlertState(dir);
  const times = [...state.groups.map((group) => group.nextFlushAt), ...state.outbox.filter((entry) => entry.status === 'pending').map((entry) => entry.nextAttemptAt)].map((text) => Date.parse(text)).filter((time) => time > after.getTime());
  return times.length > 0 ? new Date(Math.min(...times)) : null;
}

/** Audit lines of a notification look: alerts held back, and notifications queued (with the rules' and notify.yaml's hashes). */
function notifyAuditEntries(planned: Pick<NotifyPlan, 'suppressions' | 'entries'>, sources: ReadonlyMap<string, RuleSource>, notify: LoadedNotify | null, at: Date, recordedAt: string): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const suppression of planned.suppressions) {
    entries.push({ event: 'suppressed', id: `${suppression.groupKey}/${suppression.fingerprint}@${at.toISOString()}`, at: at.toISOString(), recordedAt, rule: suppression.rule, fingerprint: suppression.fingerprint, labels: suppression.labels, receiver: suppression.receiver, by: suppression.mute, ruleFile: sources.get(suppression.rule)?.file ?? null, ruleSha256: sources.get(suppression.rule)?.sha256 ?? null });
  }
  for (const entry of planned.entries) {
    const rulesOf = [...new Set([...entry.notification.firing, ...entry.notification.resolved].map((alert) => alert.rule))];
    entries.push({ event: 'notification-queued', id: `${entry.id}:queued`, key: entry.id, at: entry.notification.at, recordedAt, receiver: entry.receiver, integration: entry.integration, status: entry.notification.status, groupKey: entry.notification.groupKey, firing: entry.notification.firing.map((alert) => alert.fingerprint), resolved: entry.notification.resolved.map((alert) => alert.fingerprint), oncall: entry.oncall?.person ?? null, rules: rulesOf.map((rule) => ({ rule, file: sources.get(rule)?.file ?? null, sha256: sources.get(rule)?.sha256 ?? null })), notifyFile: notify?.source.file ?? null, notifySha256: notify?.source.sha256 ?? null });
  }
  return entries;
}
