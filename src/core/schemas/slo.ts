import { z } from 'zod';
import { ActionSchema } from './action.ts';
import { DurationSchema, LabelNameSchema, MetricNameSchema, SlugSchema } from './common.ts';

/** Good events are counters summed over `good`, out of counters summed over `total`. */
export const RatioSliSchema = z.strictObject({
  type: z.literal('ratio'),
  /** Counters of good events, e.g. `[eligibility.ok]`. */
  good: z.array(MetricNameSchema).min(1),
  /** Counters of all events, e.g. `[eligibility.ok, eligibility.error]`. */
  total: z.array(MetricNameSchema).min(1),
});

/** Good events are the events of `metric` whose value is at or under (`le`) or at or over (`ge`) `threshold`. */
export const ThresholdSliSchema = z.strictObject({
  type: z.literal('threshold'),
  /** The measured metric, e.g. `eligibility.review_hours`. */
  metric: MetricNameSchema,
  /** The per-event limit in the metric's unit, e.g. `48`. */
  threshold: z.number(),
  /** `le`: good when value ≤ threshold (latency); `ge`: good when value ≥ threshold. */
  op: z.enum(['le', 'ge']).default('le'),
});

export const SliSchema = z.discriminatedUnion('type', [RatioSliSchema, ThresholdSliSchema]);
export type Sli = z.output<typeof SliSchema>;

/** The SLO window: rolling (`28d`, `30d`, any duration) or `calendar-month` in the program's time zone. */
export const SloWindowSchema = z.union([z.literal('calendar-month'), DurationSchema]);

/**
 * The multiwindow, multi-burn-rate alerts the alert job generates from an SLO (core/alerts/rules.ts):
 * a critical (page) and a warning (ticket) alert.
 */
export const SloAlertsSchema = z.strictObject({
  /** `false` turns the SLO's burn-rate alerts off. */
  enabled: z.boolean().default(true),
  /** No burn-rate alert while a pair's long window has fewer events (or slices) than this; defaults to the SLO's `min_events`. */
  min_events: z.int().min(1).optional(),
  /** Extra labels for routing, e.g. `{team: eligibility}`. */
  labels: z.record(LabelNameSchema, z.string()).default({}),
  /** Receivers of rules/notify.yaml that get these alerts instead of the routing tree. */
  notify: z.array(SlugSchema).min(1).optional(),
  /** What the job does when an alert fires: a rollback goes with the page alert, a review ticket with the ticket alert. */
  action: ActionSchema.optional(),
});
export type SloAlerts = z.output<typeof SloAlertsSchema>;

/** A service level objective. */
export const SloSchema = z.strictObject({
  /** Slug, e.g. `cms-reviews-48h`. */
  id: SlugSchema,
  /** The program it belongs to, e.g. `cms-eligibility`. */
  program: SlugSchema,
  /** Short name, e.g. `Reviews finished within 48 hours`. */
  name: z.string().min(1).max(200),
  /** What it promises, in plain language. */
  description: z.string().max(2000).default(''),
  /** What counts as an event, plural, for plain-language sentences, e.g. `reviews`. */
  noun: z.string().min(1).max(40).default('events'),
  sli: SliSchema,
  /** Target share of good events (or good time slices), e.g. `0.99`. */
  objective: z.number().gt(0).lt(1),
  /** Window over which the objective is judged, e.g. `28d` or `calendar-month`. */
  window: SloWindowSchema.prefault('28d'),
  /** `events`: share of good events; `timeslices`: share of good slices (a slice is good when its own SLI meets `slice_target`). */
  budgeting: z.enum(['events', 'timeslices']).default('events'),
  /** Time-slice length, e.g. `1m`. */
  slice: DurationSchema.prefault('1m'),
  /** The SLI a slice must reach to be good; defaults to `objective`. */
  slice_target: z.number().gt(0).lte(1).optional(),
  /** Below this many events in the window the SLO reports insufficient data. Defaults to the portal's `min_events`. */
  min_events: z.int().min(1).optional(),
  /** Published only when `true` (and the program is public). */
  public: z.boolean().default(false),
  /** Its burn-rate alerts; on by default. */
  alerts: SloAlertsSchema.prefault({}),
});
export type Slo = z.output<typeof SloSchema>;

/** `rules/slos.yaml`. */
export const SlosFileSchema = z.strictObject({
  /** Format version, `1`. */
  version: z.literal(1),
  slos: z.array(SloSchema).default([]),
});
export type SlosFile = z.output<typeof SlosFileSchema>;

/** Every metric an SLO reads. */
export function sloMetrics(slo: Slo): string[] {
  return slo.sli.type === 'ratio' ? [...new Set([...slo.sli.good, ...slo.sli.total])] : [slo.sli.metric];
}
