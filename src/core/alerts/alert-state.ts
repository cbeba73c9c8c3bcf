import type { AlertCandidate, Evaluation } from './evaluate.ts';
import { sortLabels } from './rules.ts';

/** A stored alert: pending, firing, or resolved (kept RESOLVED_RETENTION_SECONDS so its end is known). */
export type AlertPhase = 'pending' | 'firing' | 'resolved';

/** One alert (a rule and label set) the job remembers between evaluations. Times are ISO texts. */
export interface AlertInstance {
  /** Hash of the sorted labels; the alert's identity across evaluations and restarts. */
  fingerprint: string;
  rule: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: AlertPhase;
  /** The last value computed while its condition held. */
  value: number | null;
  /** When the condition started holding (the start of `for`). */
  activeAt: string;
  firedAt: string | null;
  resolvedAt: string | null;
  /** When the condition stopped holding while firing (the start of `keep_firing_for`). */
  keepFiringSince: string | null;
}

/** A change of an alert's state at one evaluation. `inactive` is no stored alert. */
export interface Transition {
  fingerprint: string;
  rule: string;
  labels: Record<string, string>;
  from: AlertPhase | 'inactive';
  to: AlertPhase | 'inactive';
  at: string;
  value: number | null;
}

/** As Prometheus: a resolved alert is kept 15 minutes, then forgotten. */
export const RESOLVED_RETENTION_SECONDS = 15 * 60;

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = (1n << 64n) - 1n;

/**
 * The identity of a label set: 16 hex digits of the 64-bit FNV-1a hash of the sorted labels as
 * JSON, UTF-8 encoded (Prometheus also fingerprints label sets with a 64-bit FNV-1a hash).
 */
export function fingerprint(labels: Readonly<Record<string, string>>): string {
  return fnv1a64(JSON.stringify(Object.entries(sortLabels(labels))));
}

/** The 64-bit FNV-1a hash of a text's UTF-8 bytes, as 16 hex digits. */
export function fnv1a64(text: string): string {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK_64;
  return hash.toString(16).padStart(16, '0');
}

/**
 * One evaluation of one rule, exactly as Prometheus's alerting rule (rules/alerting.go, Eval):
 * - an alert whose condition holds and that is not stored (or only as resolved) becomes pending, active since `at`;
 *   one that is pending or firing keeps its times and takes the new value and annotations;
 * - a pending alert whose condition has held for `for` (`at − activeAt ≥ for`) fires, at once when `for` is 0;
 * - when the condition no longer holds: a pending alert is dropped (it never fired, nothing is sent);
 *   a firing one keeps firing while `at − keepFiringSince < keep_firing_for` (keepFiringSince is the
 *   first evaluation without the condition, cleared when it holds again), and is resolved otherwise;
 * - a resolved alert is forgotten RESOLVED_RETENTION_SECONDS after it resolved.
 * Only what was evaluated counts: there is no interpolation between evaluations, so one evaluation
 * without the condition resets `for`.
 */
export function advanceRule(previous: readonly AlertInstance[], candidates: readonly AlertCandidate[], value: number | null, at: Date, timing: { forSeconds: number; keepFiringForSeconds: number }, rule: string): { instances: AlertInstance[]; transitions: Transition[] } {
  const now = at.toISOString();
  const seconds = (since: string) => (at.getTime() - Date.parse(since)) / 1000;
  const before = new Map(previous.map((instance) => [instance.fingerprint, instance]));
  const current = new Map(previous.map((instance) => [instance.fingerprint, { ...instance }]));
  const holding = new Set<string>();
  for (const candidate of candidates) {
    if (!candidate.active) continue;
    const id = fingerprint(candidate.labels);
    holding.add(id);
    const stored = current.get(id);
    if (stored && stored.state !== 'resolved') {
      stored.value = value;
      stored.annotations = candidate.annotations;
      continue;
    }
    current.set(id, { fingerprint: id, rule, labels: candidate.labels, annotations: candidate.annotations, state: 'pending', value, activeAt: now, firedAt: null, resolvedAt: null, keepFiringSince: null });
  }
  for (const [id, alert] of current) {
    if (!holding.has(id)) {
      let keepFiring = false;
      if (alert.state === 'firing' && timing.keepFiringForSeconds > 0) {
        alert.keepFiringSince ??= now;
        keepFiring = seconds(alert.keepFiringSince) < timing.keepFiringForSeconds;
      }
      if (alert.state === 'pending' || (alert.resolvedAt !== null && seconds(alert.resolvedAt) > RESOLVED_RETENTION_SECONDS)) {
        current.delete(id);
        continue;
      }
      if (alert.state !== 'resolved' && !keepFiring) {
        alert.state = 'resolved';
        alert.resolvedAt = now;
      }
      if (!keepFiring) continue;
    } else {
      alert.keepFiringSince = null;
    }
    if (alert.state === 'pending' && seconds(alert.activeAt) >= timing.forSeconds) {
      alert.state = 'firing';
      alert.firedAt = now;
    }
  }
  const transitions: Transition[] = [];
  for (const id of new Set([...before.keys(), ...current.keys()])) {
    const was = before.get(id);
    const is = current.get(id);
    const from = was?.state ?? 'inactive';
    const to = is?.state ?? 'inactive';
    // A resolved alert that is forgotten is not news; one that starts again (a new activeAt) is.
    const restarted = was && is && was.activeAt !== is.activeAt;
    if ((from === to && !restarted) || (from === 'resolved' && to === 'inactive')) continue;
    const alert = (is ?? was)!;
    transitions.push({ fingerprint: id, rule, labels: alert.labels, from, to, at: now, value: is?.value ?? was?.value ?? null });
  }
  return { instances: [...current.values()], transitions };
}

/** Advances every rule's alerts by one evaluation; alerts of rules that no longer exist are dropped. */
export function advanceAll(previous: readonly AlertInstance[], evaluations: readonly Evaluation[]): { instances: AlertInstance[]; transitions: Transition[] } {
  const byRule = new Map<string, AlertInstance[]>();
  for (const instance of previous) byRule.set(instance.rule, [...(byRule.get(instance.rule) ?? []), instance]);
  const instances: AlertInstance[] = [];
  const transitions: Transition[] = [];
  for (const evaluation of evaluations) {
    const { rule } = evaluation;
    const step = advanceRule(byRule.get(rule.name) ?? [], evaluation.alerts, evaluation.value, evaluation.at, rule, rule.name);
    instances.push(...step.instances);
    transitions.push(...step.transitions);
  }
  return { instances, transitions };
}
