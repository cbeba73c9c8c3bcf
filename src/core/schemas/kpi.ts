import { z } from 'zod';
import { DurationSchema, MetricNameSchema, SlugSchema } from './common.ts';

/** The statistics a KPI can headline. Which ones apply depends on the KPI's kind. */
export const STATS = ['count', 'rate', 'sum', 'mean', 'p50', 'p90', 'p95', 'p99', 'max', 'min', 'adherence', 'ratio', 'nps', 'csat'] as const;
export type Stat = (typeof STATS)[number];

/** The statistics each kind of KPI computes. */
export const KIND_STATS = {
  distribution: ['count', 'rate', 'mean', 'p50', 'p90', 'p95', 'p99', 'max', 'min', 'adherence'],
  counter: ['sum', 'rate'],
  ratio: ['ratio', 'count'],
  score: ['count', 'mean', 'nps', 'csat'],
} as const satisfies Record<string, readonly Stat[]>;
export type KpiKind = keyof typeof KIND_STATS;

const KpiBaseSchema = z.strictObject({
  /** Slug used in URLs and file names, e.g. `review-time`. */
  id: SlugSchema,
  /** Label shown to readers, e.g. `Eligibility review time`. */
  label: z.string().min(1).max(120),
  /** One sentence on what the KPI measures and why it matters. */
  description: z.string().max(2000).default(''),
  /** Unit of the values, e.g. `h`, `ms`, `s`, `calls`, `stars`. Empty for plain numbers. */
  unit: z.string().max(20).default(''),
  /** Whether a lower or a higher value is better, e.g. `lower` for latency. */
  direction: z.enum(['lower', 'higher']).default('lower'),
  /** Decimal places shown on the site, e.g. `1`. */
  decimals: z.int().min(0).max(6).default(1),
  /** Published on the site and in exports only when `true`. */
  public: z.boolean().default(false),
  /** Below this many events a value is reported as insufficient data, e.g. `30`. Defaults to the portal's `min_events`. */
  min_events: z.int().min(1).optional(),
  /** How often new data is expected, e.g. `1h`; stale after twice this. Defaults to the program's. */
  expected_interval: DurationSchema.optional(),
});

/** Values of one metric, e.g. latencies: percentiles, mean, adherence to a per-event target. */
export const DistributionKpiSchema = KpiBaseSchema.extend({
  kind: z.literal('distribution'),
  /** The metric whose values are measured, e.g. `eligibility.review_hours`. */
  metric: MetricNameSchema,
  /** The statistic shown as the KPI's value, e.g. `p95`. */
  stat: z.enum(KIND_STATS.distribution).default('p95'),
  /** Per-event target in the KPI's unit, e.g. `48`: adherence is the share of events at or under it (`lower`) or at or over it (`higher`). */
  target: z.number().optional(),
  /** The share of events that should meet `target` when the headline is `adherence`, e.g. `0.9`. */
  adherence_goal: z.number().gt(0).lte(1).optional(),
  /**
   * Event counts (sample sizes) from 1 to this number are suppressed with their values (small-cell
   * rule), for measurements of people (a review time per person's case); default 0: off, as for the
   * latency of a system's requests.
   */
  suppress_below: z.int().min(0).optional(),
});

/** A counter's total and rate, e.g. cases resolved per hour. */
export const CounterKpiSchema = KpiBaseSchema.extend({
  kind: z.literal('counter'),
  /** The counter metric, e.g. `hotline.resolved`. */
  metric: MetricNameSchema,
  /** `sum` (total in the window) or `rate` (per `rate_per`). */
  stat: z.enum(KIND_STATS.counter).default('rate'),
  /** The rate's time unit, e.g. `1h`. */
  rate_per: z.enum(['1h', '1d']).default('1h'),
  /** Target for the headline statistic, e.g. `120`. */
  target: z.number().optional(),
  /** Counts from 1 to this number are suppressed in public outputs (small-cell rule); 0 turns it off. */
  suppress_below: z.int().min(0).optional(),
});

/** The share of one set of counters in another, e.g. errors over all requests. */
export const RatioKpiSchema = KpiBaseSchema.extend({
  kind: z.literal('ratio'),
  /** Counters summed as the numerator, e.g. `[docket.error]`. */
  numerator: z.array(MetricNameSchema).min(1),
  /** Counters summed as the denominator, e.g. `[docket.ok, docket.error]`. */
  denominator: z.array(MetricNameSchema).min(1),
  stat: z.enum(KIND_STATS.ratio).default('ratio'),
  /** Target ratio, e.g. `0.01`. */
  target: z.number().optional(),
  /** Numerators or denominators from 1 to this number are suppressed with their ratio (small-cell rule); 0 turns it off. */
  suppress_below: z.int().min(0).optional(),
});

/** Survey scores, e.g. 1–5 stars or 0–10 likelihood to recommend. */
export const ScoreKpiSchema = KpiBaseSchema.extend({
  kind: z.literal('score'),
  /** The score metric, e.g. `hotline.satisfaction`. */
  metric: MetricNameSchema,
  /** The scale: `stars5` (1–5, CSAT = share of 4 and 5) or `nps10` (0–10, NPS = % 9–10 minus % 0–6). */
  scale: z.enum(['stars5', 'nps10']),
  stat: z.enum(KIND_STATS.score).default('mean'),
  /** Target for the headline statistic, e.g. `4.2`. */
  target: z.number().optional(),
  /** Answer counts (sample sizes) from 1 to this number are suppressed with their values (small-cell rule); default the portal's: each answer is a person's. */
  suppress_below: z.int().min(0).optional(),
});

/** One key performance indicator of a program. */
export const KpiSchema = z.discriminatedUnion('kind', [DistributionKpiSchema, CounterKpiSchema, RatioKpiSchema, ScoreKpiSchema]);
export type Kpi = z.output<typeof KpiSchema>;
export type DistributionKpi = z.output<typeof DistributionKpiSchema>;
export type CounterKpi = z.output<typeof CounterKpiSchema>;
export type RatioKpi = z.output<typeof RatioKpiSchema>;
export type ScoreKpi = z.output<typeof ScoreKpiSchema>;

/** Every metric a KPI reads. */
export function kpiMetrics(kpi: Kpi): string[] {
  return kpi.kind === 'ratio' ? [...new Set([...kpi.numerator, ...kpi.denominator])] : [kpi.metric];
}
