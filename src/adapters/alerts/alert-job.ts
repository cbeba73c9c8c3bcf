import { advanceAll, type AlertInstance, type Transition } from '../../core/alerts/alert-state.ts';
import { evaluateRules, type Evaluation } from '../../core/alerts/evaluate.ts';
import type { Rule } from '../../core/alerts/rules.ts';
import { HmsOpsError } from '../../core/errors.ts';
import type { LoadedPortal } from '../portal/load-portal.ts';
import type { Store } from '../store/open-store.ts';
import { createStoreReader } from '../store/store-reader.ts';
import { appendAudit, readAlertState, writeAlertState, type AuditEntry } from './alert-state-file.ts';

export interface EvaluationRun {
  at: Date;
  evaluations: Evaluation[];
  /** The alerts remembered after this evaluation. */
  alerts: AlertInstance[];
  transitions: Transition[];
  /** True when the state had already been advanced to `at` (the run changed nothing). */
  repeated: boolean;
}

/** Evaluates the rules against the store at `at` without reading or changing the job's state. */
export async function evaluateAt(store: Store, portal: LoadedPortal, rules: readonly Rule[], at: Date): Promise<Evaluation[]> {
  const reader = await createStoreReader(store);
  const timeZones = new Map(portal.programs.map((program) => [program.id, program.time_zone]));
  return evaluateRules(rules, at, reader, { timeZones });
}

/**
 * One evaluation of the alert job: evaluates every rule at `at`, advances the remembered alerts
 * (core/alerts/alert-state.ts), appends each state change to the audit log, then replaces the state
 * file. Evaluations go forward in time: one earlier than the last is refused, and one at the same
 * instant again changes nothing (so a retried cron run is harmless).
 */
export async function runEvaluation(store: Store, portal: LoadedPortal, rules: readonly Rule[], dir: string, at: Date, clock: () => Date = () => new Date()): Promise<EvaluationRun> {
  const state = readAlertState(dir);
  const last = state.evaluatedAt ? new Date(state.evaluatedAt) : null;
  if (last && at.getTime() < last.getTime()) {
    throw new HmsOpsError(`the alert state in ${dir} was last evaluated at ${last.toISOString()}; an evaluation at the earlier ${at.toISOString()} would rewrite its history (use another --state folder to replay the past)`);
  }
  const evaluations = await evaluateAt(store, portal, rules, at);
  if (last && at.getTime() === last.getTime()) return { at, evaluations, alerts: state.alerts, transitions: [], repeated: true };
  const { instances: alerts, transitions } = advanceAll(state.alerts, evaluations);
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
  appendAudit(dir, entries);
  writeAlertState(dir, { version: 1, evaluatedAt: at.toISOString(), alerts });
  return { at, evaluations, alerts, transitions, repeated: false };
}
