import type { ProgramModel } from '../schemas/model.ts';
import { incidentMinutes, utc } from './tables.ts';

/** One change for the Atom feed: an SLO's status between two days, or an incident opened or resolved. */
export interface StatusChange {
  /** A stable id: the program page's URL with the SLO and the day, or the incident and what happened. */
  id: string;
  title: string;
  summary: string;
  /** The end of the day the new status was first seen. */
  date: string;
  link: string;
}

const PHRASE = { ok: 'on track', warning: 'at risk (warning)', breach: 'not met (breach)', 'no-data': 'without enough data' } as const;

/** Every change of status in the daily history of a program's public SLOs, newest first. */
export function statusChanges(baseUrl: string, program: ProgramModel): StatusChange[] {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return program.slos.flatMap((slo) => slo.history.flatMap((point, i) => {
    const before = slo.history[i - 1];
    if (!before || before.status === point.status) return [];
    const when = utc(point.end);
    const attainment = point.suppressed
      ? `attainment withheld to protect small counts (goal ${(slo.objective * 100).toFixed(2)}%)`
      : point.attainment === null ? 'not enough data' : `${(point.attainment * 100).toFixed(2)}% of ${slo.noun} good (goal ${(slo.objective * 100).toFixed(2)}%)`;
    return [{
      id: `${base}programs/${program.program.id}/#slo-${slo.id}-${when.replace(/[-:]/g, '')}`,
      title: `${program.program.name}: ${slo.name} is ${PHRASE[point.status]}`,
      summary: `${slo.name} changed from ${PHRASE[before.status]} to ${PHRASE[point.status]} as of ${when}: ${attainment} over its ${slo.window} window.`,
      date: point.end,
      link: `${base}programs/${program.program.id}/`,
    }];
  })).sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id));
}

/**
 * An entry for each published incident's opening and, once resolved, its resolution, newest first.
 * Each links to the incident on its program page (`#incident-<id>`).
 */
export function incidentChanges(baseUrl: string, program: ProgramModel): StatusChange[] {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const page = `${base}programs/${program.program.id}/`;
  return program.incidents.flatMap((incident) => {
    const link = `${page}#incident-${incident.id}`;
    const opened: StatusChange = {
      id: `${link}-opened`,
      title: `${program.program.name}: incident opened: ${incident.title}`,
      summary: `Incident ${incident.id} (${incident.severity}) was opened at ${utc(incident.opened_at)} when the alert ${incident.rule} fired; its condition had held since ${utc(incident.started_at)}. ${incident.title}.`,
      date: incident.opened_at,
      link,
    };
    if (incident.resolved_at === null) return [opened];
    const minutes = incidentMinutes(incident)!;
    return [opened, {
      id: `${link}-resolved`,
      title: `${program.program.name}: incident resolved: ${incident.title}`,
      summary: `Incident ${incident.id} (${incident.severity}) was resolved at ${utc(incident.resolved_at)}, ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} after it started (${utc(incident.started_at)}).`,
      date: incident.resolved_at,
      link,
    }];
  }).sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id));
}
