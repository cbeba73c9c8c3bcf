import { z } from 'zod';

/** Version of the model format; bump on any incompatible change. */
export const MODEL_VERSION = 7;

const Instant = z.iso.datetime();
const Num = z.number().nullable();
/** Why a cell's numbers are withheld: a count from 1 to the threshold, or a complement that would give one away. */
const Suppressed = z.enum(['small-cell', 'complementary']).nullable();

/** A KPI's statistics over a window or a series point; values are null when data is insufficient. */
export const StatsSchema = z.record(z.string(), Num);

/** A KPI over one window, e.g. the last 24 hours, with the window before it for comparison. */
export const KpiWindowSchema = z.object({
  /** `24h`, `7d`, `30d`, `90d` or `1y`. */
  window: z.string(),
  start: Instant,
  end: Instant,
  /** Sample size; null when suppressed. */
  n: Num,
  /** False below the KPI's minimum sample size: the values are then null. */
  sufficient: z.boolean(),
  /** Set when small-cell suppression withholds the numbers (n, value, stats are then null or empty). */
  suppressed: Suppressed,
  /** True when computed from raw events, false when from histogram rollups (quantiles within 1 %). */
  exact: z.boolean(),
  /** The headline statistic. */
  value: Num,
  /** Whether the headline value meets the target; null without a target or value. */
  meets_target: z.boolean().nullable(),
  stats: StatsSchema,
  /** The window before, of the same length; `partial` as below. */
  previous: z.object({ n: Num, value: Num, suppressed: Suppressed, partial: z.boolean() }),
  /**
   * True when data covers only part of the window: the KPI's feed began inside it (its first day with
   * data is after the window's start) or stopped inside it (its data is stale and its newest point
   * falls in the window). Its counts, totals and rates then cover only that part.
   */
  partial: z.boolean(),
  /** Against the window before; null without both values, and for a count, total or rate when either window is partial. */
  change: z.object({ absolute: z.number(), relative: Num }).nullable(),
});

/** One point of a KPI's series (a UTC day or hour). Days and hours without data are absent: gaps stay gaps. */
export const SeriesPointSchema = z.object({
  start: Instant,
  /** Sample size; null when suppressed. */
  n: Num,
  sufficient: z.boolean(),
  /** Set when small-cell suppression withholds the numbers (n, value, stats are then null or empty). */
  suppressed: Suppressed,
  /** True when computed from raw events, false when from histogram rollups. */
  exact: z.boolean(),
  value: Num,
  stats: StatsSchema,
});

/**
 * A series as the model's files store it (see core/model/series-columns.ts): one list per field,
 * the points in time order; a statistic is null for the points without statistics.
 */
export const SeriesColumnsSchema = z.object({
  start: z.array(Instant),
  n: z.array(Num),
  sufficient: z.array(z.boolean()),
  suppressed: z.array(Suppressed),
  exact: z.array(z.boolean()),
  value: z.array(Num),
  stats: z.record(z.string(), z.array(Num)),
});
export type SeriesColumns = z.output<typeof SeriesColumnsSchema>;

export const FreshnessSchema = z.object({
  /** Newest data point, or null when there is none. */
  newest: Instant.nullable(),
  /** How often new data is expected, in seconds. */
  expected_interval_seconds: z.number(),
  /** True when the newest point is older than twice the expected interval (or there is no data). */
  stale: z.boolean(),
});

/**
 * The headline over one side of an annotation: [start, end), its sample size, null below the minimum;
 * `partial` as a KPI window's: data covers only part of it.
 */
const ComparisonWindowSchema = z.object({ start: Instant, end: Instant, n: Num, exact: z.boolean(), value: Num, suppressed: Suppressed, partial: z.boolean() });

export const AnnotationComparisonSchema = z.object({
  /** The annotation's UTC day, e.g. `2026-03-02`. */
  date: z.string(),
  before: ComparisonWindowSchema,
  after: ComparisonWindowSchema,
  /** after − before; null when either side has too little data, and for a count, total or rate when either side is partial. */
  change: z.object({ absolute: z.number(), relative: Num }).nullable(),
});

export const KpiModelSchema = z.object({
  id: z.string(),
  label: z.string(),
  description: z.string(),
  kind: z.enum(['distribution', 'counter', 'ratio', 'score']),
  unit: z.string(),
  direction: z.enum(['lower', 'higher']),
  decimals: z.number(),
  /** The headline statistic, e.g. `p95`. */
  stat: z.string(),
  target: Num,
  adherence_goal: Num,
  /** The time unit of a `rate` statistic: `1h` (events or sum per hour) or `1d` (a counter's `rate_per: 1d`). */
  rate_per: z.enum(['1h', '1d']),
  metrics: z.array(z.string()),
  /** A ratio's numerator and denominator metrics (summed); null for other kinds. */
  numerator: z.array(z.string()).nullable(),
  denominator: z.array(z.string()).nullable(),
  /** The small-cell threshold its protected counts were suppressed at (counts from 1 to it withheld); 0: none. */
  suppress_below: z.number(),
  min_events: z.number(),
  freshness: FreshnessSchema,
  windows: z.array(KpiWindowSchema),
  /**
   * The KPI's headline over the 28 days before and the 28 days after each annotation of its program
   * (fewer when the annotation is recent), to show whether a policy change worked.
   */
  around_annotations: z.array(AnnotationComparisonSchema),
  /** Daily series over all history. */
  daily: z.array(SeriesPointSchema),
  /**
   * Hourly series over the last 90 days. On disk the program document keeps the last 7 days (what
   * pages draw) and `programs/<id>.hourly.json` all 90 (HourlySeriesSchema; see core/model/hourly-split.ts).
   */
  hourly: z.array(SeriesPointSchema),
  /** Whole UTC weeks (Monday to Monday) within the daily series' reach; each point starts on its Monday. */
  weekly: z.array(SeriesPointSchema),
  /** Whole UTC calendar months within the daily series' reach; each point starts on the 1st. */
  monthly: z.array(SeriesPointSchema),
});

/** An SLO's burn rate over one window ending at `at`; its numbers are null when withheld (see `suppressed`). */
export const BurnRateSchema = z.object({ window: z.string(), seconds: z.number(), good: Num, total: Num, burn_rate: Num, suppressed: Suppressed });

export const SloModelSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  noun: z.string(),
  sli: z.record(z.string(), z.unknown()),
  objective: z.number(),
  budgeting: z.enum(['events', 'timeslices']),
  /** `28d`, `30d` or `calendar-month`. */
  window: z.string(),
  window_start: Instant,
  window_end: Instant,
  period_seconds: z.number(),
  /**
   * Set when the window's numbers are withheld because the SLO counts the events of a KPI under
   * small-cell suppression (core/model/slo-suppression.ts): good, total, attainment, the budget's
   * numbers, the exhaustion date and the burn-down are then null. The status is still given.
   */
  suppressed: Suppressed,
  good: Num,
  total: Num,
  min_events: z.number(),
  exact: z.boolean(),
  attainment: Num,
  budget: z.object({ allowed: Num, consumed: Num, remaining: Num }),
  burn_rates: z.array(BurnRateSchema),
  /** Burn-rate pairs over their thresholds, e.g. `1h/5m`. */
  firing_pairs: z.array(z.object({ pair: z.string(), severity: z.string(), threshold: z.number() })),
  exhaustion: z.object({ date: Instant.nullable(), exhausted: z.boolean() }),
  status: z.enum(['ok', 'warning', 'breach', 'no-data']),
  /** The share of the window's budget left at the end of each day; null where withheld (`suppressed`). */
  burn_down: z.array(z.object({ end: Instant, remaining: Num, suppressed: Suppressed })),
  /** The SLO at the end of each of the last 90 days, over its window ending there (a time-slice SLO's in slices). */
  history: z.array(z.object({
    end: Instant,
    /** Set when the day's numbers (all but the status) are withheld, as for the window. */
    suppressed: Suppressed,
    good: Num,
    total: Num,
    attainment: Num,
    budget_remaining: Num,
    burn_rate_1d: Num,
    burn_rate_3d: Num,
    status: z.enum(['ok', 'warning', 'breach', 'no-data']),
  })),
});

/** One line of a published incident's timeline (see core/alerts/public-incidents.ts for what is left out). */
export const IncidentTimelineEntrySchema = z.object({
  at: Instant,
  /** `pending`, `firing`, `acknowledged`, `action` (a rollback or a review task) or `resolved`. */
  kind: z.enum(['pending', 'firing', 'acknowledged', 'action', 'resolved']),
  /** e.g. `acknowledged by the on-call team`; never a person's name. */
  text: z.string(),
});

/** An incident of the alert job as the public sees it: what happened and when, not who or how. */
export const IncidentModelSchema = z.object({
  /** e.g. `INC-20261027-76e5cb`. */
  id: z.string(),
  program: z.string(),
  /** The alert rule that opened it, e.g. `docket-latency-high` or `opm-availability:page`. */
  rule: z.string(),
  /** The rule's summary when it fired, e.g. `Docket API p95 latency is 5877.7 ms over 1m (limit 500 ms)`. */
  title: z.string(),
  /** `critical` or `warning`. */
  severity: z.string(),
  /** An acknowledged incident is open (with `acknowledged: true`). */
  status: z.enum(['open', 'resolved']),
  /** Whether the on-call team acknowledged it. */
  acknowledged: z.boolean(),
  /** When the alert's condition started holding (its pending time). */
  started_at: Instant,
  /** When the alert fired and the incident was opened. */
  opened_at: Instant,
  resolved_at: Instant.nullable(),
  timeline: z.array(IncidentTimelineEntrySchema),
});

/** A scheduled maintenance window of `rules/notify.yaml` that covers the program, with its occurrences near `at`. */
export const MaintenanceModelSchema = z.object({
  /** e.g. `docket-sunday-patching`. */
  name: z.string(),
  /** Why, e.g. `Weekly OS patching of the docket API hosts`; null when the file gives none. */
  comment: z.string().nullable(),
  /** Each occurrence [start, end) that intersects [at − 90 days, at + 14 days), oldest first. */
  occurrences: z.array(z.object({ start: Instant, end: Instant })),
});

export const ProgramModelSchema = z.object({
  model_version: z.literal(MODEL_VERSION),
  /** When the model was built (SOURCE_DATE_EPOCH when set). */
  generated_at: Instant,
  /** The instant every window ends at. */
  at: Instant,
  program: z.object({
    id: z.string(),
    name: z.string(),
    agency: z.string(),
    description: z.string(),
    contact: z.object({ name: z.string(), email: z.string() }),
    time_zone: z.string(),
    tags: z.array(z.string()),
    /** For the open-data catalog; null when the portal does not give them. */
    bureau_code: z.string().nullable(),
    program_code: z.string().nullable(),
    spatial: z.string().nullable(),
  }),
  freshness: FreshnessSchema,
  /** Worst SLO status, or `no-data` without SLOs. */
  status: z.enum(['ok', 'warning', 'breach', 'no-data']),
  kpis: z.array(KpiModelSchema),
  slos: z.array(SloModelSchema),
  annotations: z.array(z.object({ date: z.string(), title: z.string(), description: z.string() })),
  /** The program's published incidents (public rules only), newest first. */
  incidents: z.array(IncidentModelSchema),
  /** When the alert job last evaluated its rules (an open incident is open as of then); null when it never ran. */
  alerts_checked_at: Instant.nullable(),
  /** Its public maintenance windows that occur within [at − 90 days, at + 14 days). */
  maintenance: z.array(MaintenanceModelSchema),
});
export type ProgramModel = z.output<typeof ProgramModelSchema>;
/** `programs/<id>.json` as stored: the program model with every KPI's series as columns. */
export const StoredProgramSchema = ProgramModelSchema.extend({
  kpis: z.array(KpiModelSchema.extend({ daily: SeriesColumnsSchema, hourly: SeriesColumnsSchema, weekly: SeriesColumnsSchema, monthly: SeriesColumnsSchema })),
});
export type StoredProgram = z.output<typeof StoredProgramSchema>;
export type KpiModel = z.output<typeof KpiModelSchema>;
export type KpiWindow = z.output<typeof KpiWindowSchema>;
export type SloModel = z.output<typeof SloModelSchema>;
/** An SLO as the staff CLI reports it: without the daily history the model carries. */
export type SloSnapshot = Omit<SloModel, 'history'>;
export type SeriesPoint = z.output<typeof SeriesPointSchema>;
export type AnnotationComparison = z.output<typeof AnnotationComparisonSchema>;
export type Freshness = z.output<typeof FreshnessSchema>;
export type IncidentModel = z.output<typeof IncidentModelSchema>;
export type IncidentTimelineEntry = z.output<typeof IncidentTimelineEntrySchema>;
export type MaintenanceModel = z.output<typeof MaintenanceModelSchema>;

/**
 * `programs/<id>.hourly.json`: each KPI's hourly series over the last 90 days, for the hourly
 * open-data files. The program document keeps only the days pages draw: pages read a quarter of the
 * bytes (the 90 days were three quarters of every document, read and parsed by every page worker).
 */
export const HourlySeriesSchema = z.object({
  model_version: z.literal(MODEL_VERSION),
  program_id: z.string(),
  at: Instant,
  kpis: z.array(z.object({ id: z.string(), hourly: z.array(SeriesPointSchema) })),
});
export type HourlySeries = z.output<typeof HourlySeriesSchema>;
/** `programs/<id>.hourly.json` as stored: each series as columns. */
export const StoredHourlySeriesSchema = HourlySeriesSchema.extend({
  kpis: z.array(z.object({ id: z.string(), hourly: SeriesColumnsSchema })),
});
export type StoredHourlySeries = z.output<typeof StoredHourlySeriesSchema>;

/** `index.json`: the portal and a line per program. */
export const ModelIndexSchema = z.object({
  model_version: z.literal(MODEL_VERSION),
  generated_at: Instant,
  at: Instant,
  portal: z.object({
    title: z.string(),
    agency: z.string(),
    base_url: z.string(),
    contact: z.object({ name: z.string(), email: z.string() }),
    /** The catalog's publisher: `publisher`, else the agency. */
    publisher: z.string(),
    license: z.string(),
    /** Where readers report an accessibility barrier. */
    accessibility_email: z.string(),
    /** Where to report a vulnerability (security.txt `Contact`). */
    security_email: z.string(),
  }),
  programs: z.array(z.object({
    id: z.string(),
    name: z.string(),
    agency: z.string(),
    tags: z.array(z.string()),
    status: z.enum(['ok', 'warning', 'breach', 'no-data']),
    stale: z.boolean(),
    newest: Instant.nullable(),
    /** The program document, relative to the model folder. */
    file: z.string(),
    /** Its KPIs' whole hourly series (HourlySeriesSchema). */
    hourly_file: z.string(),
    /** How many points its KPIs' daily and (90-day) hourly series hold: the rows of its open-data series files. */
    series_rows: z.object({ daily: z.number().int().nonnegative(), hourly: z.number().int().nonnegative() }),
  })),
});
export type ModelIndex = z.output<typeof ModelIndexSchema>;
