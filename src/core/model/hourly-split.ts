import type { HourlySeries, ProgramModel } from '../schemas/model.ts';

/** How many days of hourly points the program document keeps: the KPI page's 7-day view draws them. */
export const DOCUMENT_HOURLY_DAYS = 7;

/**
 * A computed program as the model stores it: the document, whose KPIs keep the hourly points of the
 * last DOCUMENT_HOURLY_DAYS days before `at`, and the whole hourly series of every KPI apart.
 */
export function splitHourly(program: ProgramModel): { document: ProgramModel; hourly: HourlySeries } {
  const from = Date.parse(program.at) - DOCUMENT_HOURLY_DAYS * 86_400_000;
  return {
    document: { ...program, kpis: program.kpis.map((kpi) => ({ ...kpi, hourly: kpi.hourly.filter((point) => Date.parse(point.start) >= from) })) },
    hourly: { model_version: program.model_version, program_id: program.program.id, at: program.at, kpis: program.kpis.map((kpi) => ({ id: kpi.id, hourly: kpi.hourly })) },
  };
}

/**
 * The program with every KPI's whole hourly series put back. The two must belong together (same
 * program and `at`, one series per KPI); anything else is an error naming what does not match.
 */
export function joinHourly(document: ProgramModel, hourly: HourlySeries): ProgramModel {
  const problems: string[] = [];
  if (hourly.program_id !== document.program.id) problems.push(`program_id is "${hourly.program_id}", expected "${document.program.id}"`);
  if (hourly.at !== document.at) problems.push(`at is ${hourly.at}, expected ${document.at}`);
  const series = new Map(hourly.kpis.map((kpi) => [kpi.id, kpi.hourly]));
  const missing = document.kpis.filter((kpi) => !series.has(kpi.id)).map((kpi) => kpi.id);
  if (missing.length > 0) problems.push(`no hourly series for KPI ${missing.join(', ')}`);
  if (problems.length > 0) throw new Error(problems.join('; '));
  return { ...document, kpis: document.kpis.map((kpi) => ({ ...kpi, hourly: series.get(kpi.id)! })) };
}
