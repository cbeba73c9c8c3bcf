import { BURN_RATE_PAIRS, type BurnRatePair } from '../burn-rate.ts';
import type { Action } from '../schemas/action.ts';
import type { AlertRule, Annotations } from '../schemas/alert-rule.ts';
import type { Slo } from '../schemas/slo.ts';

export type Severity = 'warning' | 'critical';

/** Where a rule was written, so the audit log can say which version of it fired. */
export interface RuleSource {
  /** The rule file, relative to the portal folder, e.g. `rules/alerts/opm.yaml`. */
  file: string;
  /** SHA-256 of the file's content. */
  sha256: string;
}

interface RuleBase {
  /** Unique; the alert's `alertname` label. */
  name: string;
  program: string;
  /** Seconds the condition must hold before the alert fires. */
  forSeconds: number;
  /** Seconds a firing alert keeps firing after its condition stops holding. */
  keepFiringForSeconds: number;
  /** The rule's own labels (the job adds alertname, program, severity and, for SLOs, slo). */
  labels: Readonly<Record<string, string>>;
  annotations: Annotations;
  /** Receivers that get its alerts instead of the routing tree; empty: the tree decides. */
  notify: readonly string[];
  action: Action | null;
  public: boolean;
  source: RuleSource;
}

/** A rule written by hand under `rules/alerts/`. */
export interface ThresholdRule extends RuleBase {
  kind: 'threshold';
  spec: AlertRule;
}

/** A burn-rate alert generated from an SLO: fires when any of its pairs does. */
export interface BurnRule extends RuleBase {
  kind: 'burn-rate';
  slo: Slo;
  severity: Severity;
  /** `page` (critical: 1 h & 5 m, 6 h & 30 m) or `ticket` (warning: 1 d & 2 h, 3 d & 6 h). */
  urgency: 'page' | 'ticket';
  pairs: readonly BurnRatePair[];
  /** Low-traffic guard: a pair whose long window has fewer events (or slices) cannot fire. */
  minEvents: number;
}

export type Rule = ThresholdRule | BurnRule;

/** A hand-written rule as the job runs it. */
export function thresholdRule(spec: AlertRule, source: RuleSource): ThresholdRule {
  return {
    kind: 'threshold',
    name: spec.name,
    program: spec.program,
    forSeconds: spec.for,
    keepFiringForSeconds: spec.keep_firing_for,
    labels: spec.labels,
    annotations: spec.annotations,
    notify: spec.notify ?? [],
    action: spec.action ?? null,
    public: spec.public,
    source,
    spec,
  };
}

/**
 * The burn-rate alerts of every SLO that has them on: `<slo>:page`, critical, when the 1 h and 5 m
 * burn rates both exceed their threshold or the 6 h and 30 m ones do; `<slo>:ticket`, warning, for
 * 1 d & 2 h or 3 d & 6 h. Thresholds scale with the SLO's window (core/burn-rate.ts). They fire at
 * once (`for: 0s`): the short window of each pair is what stops them firing when the burn is over.
 */
export function burnRules(slos: readonly Slo[], portalMinEvents: number, source: RuleSource): BurnRule[] {
  return slos.filter((slo) => slo.alerts.enabled).flatMap((slo) =>
    (['page', 'ticket'] as const).map((urgency): BurnRule => ({
      kind: 'burn-rate',
      name: `${slo.id}:${urgency}`,
      program: slo.program,
      forSeconds: 0,
      keepFiringForSeconds: 0,
      labels: slo.alerts.labels,
      annotations: {
        summary: `${slo.name}: the error budget is burning {{ value }}× as fast as the SLO allows ({{ window }} windows, threshold {{ threshold }})`,
        description: `SLO ${slo.id} (objective ${slo.objective * 100} %) spends its error budget too fast: at this pace it is gone ${urgency === 'page' ? 'within days' : 'before the window ends'}.`,
      },
      notify: slo.alerts.notify ?? [],
      // A rollback goes with the page, a review ticket with the ticket alert.
      action: slo.alerts.action && (slo.alerts.action.type === 'rollback') === (urgency === 'page') ? slo.alerts.action : null,
      public: slo.public,
      source,
      slo,
      severity: urgency === 'page' ? 'critical' : 'warning',
      urgency,
      pairs: BURN_RATE_PAIRS.filter((pair) => pair.severity === urgency),
      minEvents: slo.alerts.min_events ?? slo.min_events ?? portalMinEvents,
    })),
  );
}

/** The labels of a rule's alert of one severity: alertname, program, severity (and slo, urgency), then the rule's own. */
export function alertLabels(rule: Rule, severity: Severity): Record<string, string> {
  const own = { alertname: rule.name, program: rule.program, severity };
  const slo: Record<string, string> = rule.kind === 'burn-rate' ? { slo: rule.slo.id, urgency: rule.urgency } : {};
  return sortLabels({ ...rule.labels, ...own, ...slo });
}

/** Labels sorted by name, so equal sets print and hash alike. */
export function sortLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
