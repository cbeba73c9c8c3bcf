import type { HourlySeries, ProgramModel, SeriesPoint } from '../schemas/model.ts';
import { isoInstant } from '../windows.ts';

/** How many days of hourly points the program document keeps: the KPI page's 7-day view draws them. */
export const DOCUMENT_HOURLY_DAYS = 7;

/**
 * A computed program as the model stores it: the document, whose KPIs keep the hourly points of the
 * last DOCUMENT_HOURLY_DAYS days before `at`, and the whole hourly series of every KPI apart.
 */
export function splitHourly(program: ProgramModel): { document: ProgramModel; hourly: HourlySeries } {
  // Points are sorted by start and their ISO 8601 UTC texts sort as the times do: the kept days are a
  // tail of each series, found by binary search without parsing a date per point.
  const from = isoInstant(Date.parse(program.at) - DOCUMENT_HOURLY_DAYS * 86_400_000);
  const tail = (points: readonly SeriesPoint[]) => {
    let low = 0;
    let high = points.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (points[middle]!.start >= from) high = middle;
      else low = middle + 1;
    }
    return points.slice(low);
  };
  return {
    document: { ...program, kpis: program.kpis.map((kpi) => ({ ...kpi, hourly: tail(kpi.hourly) })) },
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
