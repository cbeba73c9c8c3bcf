import type { Incident } from '../alerts/incidents.ts';
import { publishedIncidents } from '../alerts/public-incidents.ts';
import type { PortalConfig } from '../config/portal-config.ts';
import type { Aggregate, AggregateRequest } from '../metric-reader.ts';
import { MODEL_VERSION, type KpiModel, type ModelIndex, type ProgramModel, type SloModel } from '../schemas/model.ts';
import type { Kpi } from '../schemas/kpi.ts';
import type { MaintenanceWindow } from '../schemas/oncall.ts';
import type { Program } from '../schemas/program.ts';
import type { SloStatus } from '../slo.ts';
import { planKpi } from './compute-kpi.ts';
import { kpiMinEvents } from '../kpi.ts';
import { planSlo } from './compute-slo.ts';
import { planSloHistory } from './slo-history.ts';
import { sloMask } from './slo-suppression.ts';
import { createRequestBatch } from './request-batch.ts';
import { freshness } from './freshness.ts';
import { programMaintenance } from './program-maintenance.ts';

export interface ModelOptions {
  at: Date;
  /** When the model is generated (SOURCE_DATE_EPOCH in reproducible builds). */
  generatedAt: Date;
  /** Leave out everything not marked public: the model the site and exports read. */
  publicOnly: boolean;
  /** The alert job's incidents and maintenance windows, read by the caller; none when absent. */
  alerts?: AlertInputs;
}

/**
 * What the alert job gives the model, as plain data: the incidents of its state file and the
 * maintenance windows of `rules/notify.yaml`. Only public ones of public programs are published.
 */
export interface AlertInputs {
  incidents: readonly Incident[];
  /** When the alert job last evaluated its rules (null: never); an open incident is open as of then. */
  evaluatedAt: string | null;
  maintenance: readonly MaintenanceWindow[];
}

/** Order of severity, worst last. */
const STATUS_ORDER: SloStatus[] = ['no-data', 'ok', 'warning', 'breach'];

/** The programs a model covers: only public ones (with only their public KPIs and SLOs) when asked. */
export function programsFor(config: PortalConfig, publicOnly: boolean): Program[] {
  return publicOnly
    ? config.programs.filter((program) => program.public).map((program) => ({ ...program, kpis: program.kpis.filter((kpi) => kpi.public) }))
    : config.programs;
}

/** A program's aggregate requests, and how to build its document from their answers. */
export interface ProgramPlan {
  requests: readonly AggregateRequest[];
  finish(answers: readonly Aggregate[][], newestByMetric: Map<string, Date>): ProgramModel;
}

/**
 * Plans one program's model document: every KPI and SLO of the program adds its requests to one
 * batch, which a store answers in a few queries. Planning and finishing are apart so that a caller
 * can have the store answer the next program while this one is being finished.
 */
export function planProgram(config: PortalConfig, program: Program, options: ModelOptions): ProgramPlan {
  const minEvents = config.portal.min_events;
  const batch = createRequestBatch();
  const annotationDates = [...new Set(config.annotations.filter((a) => a.program === program.id).map((a) => a.date))];
  const kpiPlans = program.kpis.map((kpi) =>
    planKpi(kpi, { program: program.id, at: options.at, minEvents: kpiMinEvents(kpi, minEvents), expectedIntervalSeconds: program.expected_interval, suppressBelow: suppressionThreshold(config, program, kpi), annotationDates }, batch));
  const sloPlans = config.slos
    .filter((s) => s.program === program.id && (!options.publicOnly || s.public))
    .map((slo) => {
      const context = { at: options.at, timeZone: program.time_zone, minEvents };
      const snapshot = planSlo(slo, context, batch);
      const history = planSloHistory(slo, context, batch);
      // An SLO that counts a published KPI's events shares its small-cell mask (core/model/slo-suppression.ts).
      return (kpis: readonly KpiModel[]): SloModel => {
        const mask = sloMask(slo, kpis.filter((kpi) => program.kpis.find((k) => k.id === kpi.id)?.public), options.at);
        return { ...snapshot(mask), history: history(mask) };
      };
    });
  return {
    requests: batch.requests,
    finish(answers, newestByMetric) {
      batch.answer(answers);
      const kpis = kpiPlans.map((finish) => finish(newestByMetric));
      return programDocument(config, program, options, kpis, sloPlans.map((finish) => finish(kpis)));
    },
  };
}

/**
 * The small-cell threshold of a KPI's protected counts (KpiStats.protectedCounts): its own
 * `suppress_below`, else by kind. A counter and a score (each answer a person's) take the portal's.
 * A ratio takes it when its numerator or denominator reads the metric of one of the program's counter
 * KPIs (a rate whose numerator is a suppressed count is suppressed too), at that counter's threshold;
 * other ratios (errors over requests of a system) and distributions (a system's latency) count no
 * people unless they say so: 0.
 */
export function suppressionThreshold(config: PortalConfig, program: Program, kpi: Kpi): number {
  if (kpi.suppress_below !== undefined) return kpi.suppress_below;
  if (kpi.kind === 'counter' || kpi.kind === 'score') return config.portal.suppress_below;
  if (kpi.kind !== 'ratio') return 0;
  // Every counter of the program counts, published or not: the model's program may hold only the public KPIs.
  const all = config.programs.find((p) => p.id === program.id)?.kpis ?? program.kpis;
  const counter = all.find((other) => other.kind === 'counter' && (kpi.numerator.includes(other.metric) || kpi.denominator.includes(other.metric)));
  return counter?.kind === 'counter' ? (counter.suppress_below ?? config.portal.suppress_below) : 0;
}

function programDocument(config: PortalConfig, program: Program, options: ModelOptions, kpis: KpiModel[], slos: SloModel[]): ProgramModel {
  const newest = kpis.map((kpi) => kpi.freshness.newest).filter((time): time is string => time !== null).sort().at(-1) ?? null;
  const status = slos.reduce<SloStatus>((worst, slo) => (STATUS_ORDER.indexOf(slo.status) > STATUS_ORDER.indexOf(worst) ? slo.status : worst), 'no-data');
  return {
    model_version: MODEL_VERSION,
    generated_at: options.generatedAt.toISOString(),
    at: options.at.toISOString(),
    program: {
      id: program.id,
      name: program.name,
      agency: program.agency,
      description: program.description,
      contact: program.contact,
      time_zone: program.time_zone,
      tags: program.tags,
      bureau_code: program.bureau_code ?? config.portal.bureau_code ?? null,
      program_code: program.program_code ?? null,
      spatial: program.spatial ?? null,
    },
    freshness: freshness(newest ? new Date(newest) : null, options.at, program.expected_interval),
    status,
    kpis,
    slos,
    annotations: config.annotations.filter((a) => a.program === program.id).map(({ date, title, description }) => ({ date, title, description })),
    incidents: publishedIncidents(options.alerts?.incidents ?? [], program),
    alerts_checked_at: options.alerts?.evaluatedAt ?? null,
    maintenance: programMaintenance(options.alerts?.maintenance ?? [], program.id, options.at),
  };
}

/** What the index needs of a program's document. */
export type ProgramSummary = Pick<ProgramModel, 'program' | 'status' | 'freshness'> & { series_rows: ModelIndex['programs'][number]['series_rows'] };

/** A program's summary for the index, from its whole document (every KPI's 90 days of hourly points). */
export function programSummary(model: ProgramModel): ProgramSummary {
  const points = (resolution: 'daily' | 'hourly') => model.kpis.reduce((sum, kpi) => sum + kpi[resolution].length, 0);
  return { program: model.program, status: model.status, freshness: model.freshness, series_rows: { daily: points('daily'), hourly: points('hourly') } };
}

/** The index document listing every program of a model. */
export function modelIndex(config: PortalConfig, programs: readonly ProgramSummary[], options: ModelOptions): ModelIndex {
  return {
    model_version: MODEL_VERSION,
    generated_at: options.generatedAt.toISOString(),
    at: options.at.toISOString(),
    portal: {
      title: config.portal.title,
      agency: config.portal.agency,
      base_url: config.portal.base_url,
      contact: config.portal.contact,
      publisher: config.portal.publisher ?? config.portal.agency,
      license: config.portal.license,
      accessibility_email: config.portal.accessibility_email ?? config.portal.contact.email,
      security_email: config.portal.security_email ?? config.portal.contact.email,
    },
    programs: programs.map((model) => ({
      id: model.program.id,
      name: model.program.name,
      agency: model.program.agency,
      tags: model.program.tags,
      status: model.status,
      stale: model.freshness.stale,
      newest: model.freshness.newest,
      file: `programs/${model.program.id}.json`,
      hourly_file: `programs/${model.program.id}.hourly.json`,
      series_rows: model.series_rows,
    })),
  };
}
