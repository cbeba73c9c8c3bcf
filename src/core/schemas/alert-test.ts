import { z } from 'zod';
import { DurationOrZeroSchema, DurationSchema, LabelNameSchema, MetricNameSchema, SlugSchema } from './common.ts';

/**
 * A rule unit test file (`rules/tests/*.yaml`, run by `hms-ops alert test`), modelled on promtool's
 * `test rules` files: input series written in promtool's expanding notation, and the alerts expected
 * to fire at given times. See docs/alert-tests.md.
 */

/** Events of one metric of one program: one event per expanded value, at step i × interval from 1970-01-01T00:00:00Z. */
export const InputSeriesSchema = z.strictObject({
  /** The program the events belong to, e.g. `opm-docket-api`. */
  program: SlugSchema,
  /** The metric, e.g. `docket.latency_ms`. */
  metric: MetricNameSchema,
  /** Values in expanding notation, e.g. `"100x4 600+0x5 _ 100x5"` (see expanding-notation.ts). */
  values: z.string(),
  /** Tags stored with each event, e.g. `{route: /dockets}`; no rule reads them. */
  tags: z.record(z.string(), z.string()).optional(),
});
export type InputSeries = z.output<typeof InputSeriesSchema>;

/** An alert expected to be firing: its labels (alertname is added) and annotations, both exact. */
export const ExpectedAlertSchema = z.strictObject({
  /** Every label but alertname, e.g. `{program: opm-docket-api, severity: critical, team: docket}`. */
  exp_labels: z.record(LabelNameSchema, z.string()).default({}),
  /** Every annotation as rendered, e.g. `{summary: "Docket API p95 latency is 600 ms over 1m (limit 500 ms)"}`. */
  exp_annotations: z.record(z.string(), z.string()).default({}),
});
export type ExpectedAlert = z.output<typeof ExpectedAlertSchema>;

/** The alerts of one rule expected to be firing at one time; none when `exp_alerts` is empty. */
export const AlertRuleTestSchema = z.strictObject({
  /** Time since the start of the series, e.g. `5m`; checked at the last evaluation at or before it. */
  eval_time: DurationOrZeroSchema,
  /** The rule's name, e.g. `docket-latency-high`. */
  alertname: SlugSchema,
  exp_alerts: z.array(ExpectedAlertSchema).default([]),
});
export type AlertRuleTest = z.output<typeof AlertRuleTestSchema>;

/** One test: its series, and what is expected when. */
export const RuleTestGroupSchema = z.strictObject({
  /** Shown in reports, e.g. `p95 over 500 ms fires after 2 minutes`. */
  name: z.string().min(1),
  /** Time between two values of a series, e.g. `1m`; the file's evaluation_interval by default. */
  interval: DurationSchema.optional(),
  input_series: z.array(InputSeriesSchema).default([]),
  alert_rule_test: z.array(AlertRuleTestSchema).min(1),
});
export type RuleTestGroup = z.output<typeof RuleTestGroupSchema>;

/** A file under `rules/tests/`. */
export const AlertTestFileSchema = z.strictObject({
  /** Format version, `1`. */
  version: z.literal(1),
  /** Rule files, relative to this file, e.g. `[../alerts/opm-docket-api.yaml]`. */
  rule_files: z.array(z.string().min(1)).min(1),
  /** Time between two evaluations of the rules, from 0 up to each eval_time, e.g. `1m`. */
  evaluation_interval: DurationSchema.prefault('1m'),
  tests: z.array(RuleTestGroupSchema).min(1),
});
export type AlertTestFile = z.output<typeof AlertTestFileSchema>;
