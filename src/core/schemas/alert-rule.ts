import { z } from 'zod';
import { ActionSchema } from './action.ts';
import { DurationOrZeroSchema, DurationSchema, LabelNameSchema, MetricNameSchema, SlugSchema } from './common.ts';

/**
 * What a threshold rule computes over its window:
 * - `count`: events; `sum`: the sum of their values (a counter's total);
 * - `rate`: the sum of values per second (a counter's rate, as Prometheus's `rate()`); `event_rate`: events per second;
 * - `mean`, `min`, `max`, `p50` … `p99`: of the metric's values;
 * - `error_ratio`: Σ `bad` counters ÷ Σ `total` counters;
 * - `sla_adherence`: the share of events at or under (`sla_op: le`) or at or over (`ge`) the per-event limit `sla`.
 */
export const ALERT_AGGREGATIONS = ['count', 'sum', 'rate', 'event_rate', 'mean', 'min', 'max', 'p50', 'p90', 'p95', 'p99', 'error_ratio', 'sla_adherence'] as const;
export type AlertAggregation = (typeof ALERT_AGGREGATIONS)[number];

export const COMPARISONS = ['>', '>=', '<', '<='] as const;
export type Comparison = (typeof COMPARISONS)[number];

/** Labels the job sets itself; a rule may not set them. */
export const RESERVED_LABELS = ['alertname', 'program', 'severity', 'slo'] as const;

/** Texts shown to whoever is notified; `summary` and `description` may hold `{{ name }}` fields (see TEMPLATE_FIELDS). */
export const AnnotationsSchema = z.strictObject({
  /** One line, e.g. `Docket API p95 is {{ value }} ms (limit {{ threshold }} ms)`. */
  summary: z.string().min(1).max(300).optional(),
  /** A paragraph with the details. */
  description: z.string().max(4000).optional(),
  /** A web page with what to do, e.g. `https://wiki.example.gov/runbooks/docket-latency`. */
  runbook_url: z.url({ message: 'expected an absolute URL such as https://wiki.example.gov/runbooks/docket' }).optional(),
  /** A Markdown file under `rules/playbooks/`, e.g. `docket-latency.md`. */
  playbook: z.string().regex(/^[a-z0-9][a-z0-9-]*\.md$/, 'expected the file name of a Markdown playbook under rules/playbooks/, e.g. docket-latency.md').optional(),
});
export type Annotations = z.output<typeof AnnotationsSchema>;

/** One threshold rule of `rules/alerts/*.yaml`. */
export const AlertRuleSchema = z
  .strictObject({
    /** The alert's name (its `alertname` label), unique across all rule files, e.g. `docket-latency-high`. */
    name: SlugSchema,
    /** The program whose metric is watched, e.g. `opm-docket-api`. */
    program: SlugSchema,
    /** What is computed over the window; see ALERT_AGGREGATIONS. */
    aggregation: z.enum(ALERT_AGGREGATIONS),
    /** The metric, for every aggregation but `error_ratio`, e.g. `docket.latency_ms`. */
    metric: MetricNameSchema.optional(),
    /** `error_ratio`: the counters of failed events, e.g. `[docket.error]`. */
    bad: z.array(MetricNameSchema).min(1).optional(),
    /** `error_ratio`: the counters of all events, e.g. `[docket.ok, docket.error]`. */
    total: z.array(MetricNameSchema).min(1).optional(),
    /** `sla_adherence`: the per-event limit in the metric's unit, e.g. `60` (seconds of wait). */
    sla: z.number().optional(),
    /** `sla_adherence`: an event meets the limit at or under it (`le`, the default) or at or over it (`ge`). */
    sla_op: z.enum(['le', 'ge']).default('le'),
    /** The window the aggregation reads, ending at the evaluation time, e.g. `1m` or `5m`. */
    window: DurationSchema.prefault('5m'),
    /** How the value is compared with the thresholds: the alert is active when `value <comparison> threshold`. */
    comparison: z.enum(COMPARISONS).default('>'),
    /** The threshold of the `warning` alert. */
    warning: z.number().optional(),
    /** The threshold of the `critical` alert. */
    critical: z.number().optional(),
    /** How long the condition must hold, at every evaluation, before the alert fires, e.g. `2m` (0s: at once). */
    for: DurationOrZeroSchema.prefault('0s'),
    /** How long a firing alert keeps firing after its condition stops holding, e.g. `10m`. */
    keep_firing_for: DurationOrZeroSchema.prefault('0s'),
    /**
     * Fewer events than this in the window is no data, never an alert (a low-traffic guard). With 0,
     * a window without events counts as 0 for count, sum, rate and event_rate (to alert on traffic that stops).
     */
    min_events: z.int().min(0).default(1),
    /** Extra labels for routing, e.g. `{team: docket}`. */
    labels: z.record(LabelNameSchema, z.string()).default({}),
    annotations: AnnotationsSchema.prefault({}),
    /** Receivers of rules/notify.yaml that get this rule's alerts instead of the routing tree, e.g. `[legal-siren]`. */
    notify: z.array(SlugSchema).min(1).optional(),
    /** What the job does by itself when the alert fires (rollback, ticket). */
    action: ActionSchema.optional(),
    /** Published on the site (its incidents) only when `true` and the program is public. */
    public: z.boolean().default(false),
  })
  .superRefine((rule, context) => {
    // `input` is the offending value (undefined when missing), so the message says what was there.
    const issue = (path: keyof typeof rule, message: string) => context.addIssue({ code: 'custom', path: [path], message, input: rule[path] });
    if (rule.warning === undefined && rule.critical === undefined) issue('warning', 'expected a warning or a critical threshold (or both)');
    if (rule.aggregation === 'error_ratio') {
      if (!rule.bad) issue('bad', 'expected the counters of failed events, e.g. [docket.error], for aggregation error_ratio');
      if (!rule.total) issue('total', 'expected the counters of all events, e.g. [docket.ok, docket.error], for aggregation error_ratio');
      if (rule.metric !== undefined) issue('metric', 'error_ratio reads bad and total, not metric; remove metric');
    } else {
      if (rule.metric === undefined) issue('metric', `expected the metric aggregation ${rule.aggregation} reads, e.g. docket.latency_ms`);
      if (rule.bad || rule.total) issue(rule.bad ? 'bad' : 'total', 'bad and total are for aggregation error_ratio only');
    }
    if (rule.aggregation === 'sla_adherence' && rule.sla === undefined) issue('sla', 'expected the per-event limit, e.g. sla: 60, for aggregation sla_adherence');
    if (rule.aggregation !== 'sla_adherence' && rule.sla !== undefined) issue('sla', 'sla is for aggregation sla_adherence only');
    if (rule.warning !== undefined && rule.critical !== undefined) {
      const worse = rule.comparison.startsWith('>') ? rule.critical >= rule.warning : rule.critical <= rule.warning;
      if (!worse) issue('critical', `expected the critical threshold to be at least as bad as the warning one (comparison ${rule.comparison})`);
    }
    for (const name of Object.keys(rule.labels)) {
      if ((RESERVED_LABELS as readonly string[]).includes(name)) context.addIssue({ code: 'custom', path: ['labels', name], message: `label ${name} is set by the alert job; expected another name`, input: rule.labels[name] });
    }
  });
export type AlertRule = z.output<typeof AlertRuleSchema>;

/** A file under `rules/alerts/`. */
export const AlertRulesFileSchema = z.strictObject({
  /** Format version, `1`. */
  version: z.literal(1),
  rules: z.array(AlertRuleSchema).default([]),
});
export type AlertRulesFile = z.output<typeof AlertRulesFileSchema>;

/** Every metric a rule reads. */
export function alertRuleMetrics(rule: AlertRule): string[] {
  return rule.aggregation === 'error_ratio' ? [...new Set([...(rule.bad ?? []), ...(rule.total ?? [])])] : [rule.metric!];
}
