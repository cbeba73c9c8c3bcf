import type { ProgramModel } from '../schemas/model.ts';
import { utc } from './tables.ts';

/** One change of an SLO's status between two days, for the Atom feed. */
export interface StatusChange {
  /** A stable id: the program page's URL with the SLO and the day. */
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
    const attainment = point.attainment === null ? 'not enough data' : `${(point.attainment * 100).toFixed(2)} % of ${slo.noun} good (goal ${(slo.objective * 100).toFixed(2)} %)`;
    return [{
      id: `${base}programs/${program.program.id}/#slo-${slo.id}-${when.replace(/[-:]/g, '')}`,
      title: `${program.program.name}: ${slo.name} is ${PHRASE[point.status]}`,
      summary: `${slo.name} changed from ${PHRASE[before.status]} to ${PHRASE[point.status]} as of ${when}: ${attainment} over its ${slo.window} window.`,
      date: point.end,
      link: `${base}programs/${program.program.id}/`,
    }];
  })).sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id));
}
