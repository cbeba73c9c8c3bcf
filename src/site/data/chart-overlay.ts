import type { ProgramModel } from '../../core/schemas/model.ts';
import { incidentLabels, joinLabels } from '../lib/incident-text.ts';
import type { ChartPoint } from '../lib/series.ts';
import { formatDateTime } from '../lib/time.ts';

/** The periods a chart's points stand for (UTC hours, days, weeks from Monday, calendar months). */
export type Period = 'hour' | 'day' | 'week' | 'month';

/**
 * What a KPI chart draws over its line from the alert job: the program's maintenance windows as
 * shaded bands and its incidents as labelled markers, and the same in words, so that nothing
 * depends on seeing the picture: a sentence for the summary and a note per period for the table.
 */
export interface ChartOverlay {
  bands: { start: string; end: string }[];
  events: { at: string; label: string }[];
  /** What happened in each period, by the period's start (epoch ms); only periods with something. */
  notes: Map<number, string[]>;
  /** e.g. `Shaded bands mark 4 scheduled maintenance windows (docket-sunday-patching).`; empty when none. */
  sentence: string;
}

/**
 * The overlay of a chart of `points`, each a period of the given kind: the bands (clipped to the
 * drawn periods) and incident starts within [first point's start, end of the last point's period).
 * Incidents that start in the same period share one marker (`I1–I3`), so labels never overlap.
 * Times in the notes are shown in the program's zone, with the zone named.
 */
export function chartOverlay(program: ProgramModel, points: readonly ChartPoint[], period: Period): ChartOverlay {
  const none: ChartOverlay = { bands: [], events: [], notes: new Map(), sentence: '' };
  if (points.length === 0) return none;
  const zone = program.program.time_zone;
  const from = Date.parse(points[0]!.start);
  const to = periodEnd(Date.parse(points.at(-1)!.start), period);
  const notes = new Map<number, string[]>();
  const note = (time: number, text: string) => notes.set(time, [...(notes.get(time) ?? []), text]);

  const bands: ChartOverlay['bands'] = [];
  const names = new Set<string>();
  for (const window of program.maintenance) {
    for (const occurrence of window.occurrences) {
      const start = Math.max(Date.parse(occurrence.start), from);
      const end = Math.min(Date.parse(occurrence.end), to);
      if (start >= end) continue;
      bands.push({ start: new Date(start).toISOString(), end: new Date(end).toISOString() });
      names.add(window.name);
      const text = `scheduled maintenance (${window.name}) ${formatDateTime(occurrence.start, zone)} to ${formatDateTime(occurrence.end, zone)}`;
      for (let time = periodStart(start, period); time < end; time = periodEnd(time, period)) note(time, text);
    }
  }

  const labels = incidentLabels(program.incidents);
  const byPeriod = new Map<number, { at: string; labels: string[] }>();
  for (const incident of [...program.incidents].reverse()) { // oldest first: labels in order within a marker
    const time = Date.parse(incident.started_at);
    if (time < from || time >= to) continue;
    const label = labels.get(incident.id)!;
    const key = periodStart(time, period);
    const marker = byPeriod.get(key);
    if (marker) marker.labels.push(label);
    else byPeriod.set(key, { at: incident.started_at, labels: [label] });
    note(key, `incident ${label} started ${formatDateTime(incident.started_at, zone)}: ${incident.title}`);
  }
  const events = [...byPeriod.values()].map((marker) => ({ at: marker.at, label: joinLabels(marker.labels) }));

  if (bands.length === 0 && events.length === 0) return none;
  const marked = [...byPeriod.values()].flatMap((marker) => marker.labels);
  const parts = [
    ...(bands.length > 0 ? [`Shaded bands mark ${bands.length} scheduled maintenance ${bands.length === 1 ? 'window' : 'windows'} (${[...names].join(', ')}).`] : []),
    ...(marked.length === 1 ? [`The marker ${marked[0]} marks the start of an incident (listed under Incidents on the program page).`] : []),
    ...(marked.length > 1 ? [`Markers ${joinLabels(marked)} mark the starts of ${marked.length} incidents (listed under Incidents on the program page).`] : []),
  ];
  return { bands, events, notes, sentence: parts.join(' ') };
}

/** The start of the period holding `time`: periods are UTC hours, days, weeks from Monday and months, as the model's series. */
export function periodStart(time: number, period: Period): number {
  const date = new Date(time);
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  switch (period) {
    case 'hour': return Math.floor(time / 3_600_000) * 3_600_000;
    case 'day': return day;
    case 'week': return day - ((date.getUTCDay() + 6) % 7) * 86_400_000;
    case 'month': return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  }
}

/** The start of the next period after the one starting at `start`. */
function periodEnd(start: number, period: Period): number {
  const date = new Date(start);
  switch (period) {
    case 'hour': return start + 3_600_000;
    case 'day': return start + 86_400_000;
    case 'week': return start + 7 * 86_400_000;
    case 'month': return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  }
}
