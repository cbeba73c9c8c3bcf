import type { Aggregate, AggregateRequest, MetricReader } from './metric-reader.ts';
import { calendarGroupStart } from './windows.ts';

/** One event for the in-memory reader: time as an ISO string. */
export interface MemoryEvent {
  program?: string;
  metric: string;
  ts: string;
  value: number;
  /** Stored with the event as the store keeps them; no aggregation reads them. */
  tags?: Readonly<Record<string, string>>;
}

/**
 * A MetricReader over a list of events, computed the plain way (every event looked at): the compute
 * core on hand-built timelines without a store, for tests and for `hms-ops alert test`.
 */
export function memoryReader(events: readonly MemoryEvent[], program = 'p'): MetricReader {
  const rows = events.map((event) => ({ ...event, program: event.program ?? program, time: Date.parse(event.ts) }));
  const aggregate = (request: AggregateRequest): Aggregate[] => {
    const selected = rows.filter((e) => e.program === request.program && request.metrics.includes(e.metric) && e.time >= request.start.getTime() && e.time < request.end.getTime());
    const groups = new Map<number, number[]>();
    for (const event of selected) {
      const key = request.step ? Math.floor(event.time / (request.step * 1000)) * request.step * 1000
        : request.calendar ? calendarGroupStart(event.time, request.calendar) : request.start.getTime();
      const values = groups.get(key);
      if (values) values.push(event.value);
      else groups.set(key, [event.value]);
    }
    return [...groups.entries()].sort(([a], [b]) => a - b).map(([start, values]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return {
        start: new Date(start),
        count: values.length,
        sum: values.reduce((a, b) => a + b, 0),
        min: sorted[0]!,
        max: sorted[sorted.length - 1]!,
        quantiles: (request.quantiles ?? []).map((q) => interpolate(sorted, q)),
        atMost: (request.atMost ?? []).map((limit) => values.filter((v) => v <= limit).length),
        atLeast: (request.atLeast ?? []).map((limit) => values.filter((v) => v >= limit).length),
        exact: true,
      };
    });
  };
  return {
    aggregateMany: async (requests) => requests.map(aggregate),
    async newestByMetric(programId) {
      const newest = new Map<string, Date>();
      for (const event of rows.filter((e) => e.program === programId)) {
        if ((newest.get(event.metric)?.getTime() ?? -Infinity) < event.time) newest.set(event.metric, new Date(event.time));
      }
      return newest;
    },
  };
}

function interpolate(sorted: number[], q: number): number {
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}
