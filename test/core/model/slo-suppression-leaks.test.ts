import { describe, expect, it } from 'vitest';
import type { PortalConfig } from '../../../src/core/config/portal-config.ts';
import { planProgram } from '../../../src/core/model/compute-program.ts';
import { planSlo } from '../../../src/core/model/compute-slo.ts';
import { createRequestBatch } from '../../../src/core/model/request-batch.ts';
import { planSloHistory } from '../../../src/core/model/slo-history.ts';
import type { KpiModel, ProgramModel, SloModel } from '../../../src/core/schemas/model.ts';
import { PortalSchema } from '../../../src/core/schemas/portal.ts';
import { ProgramSchema } from '../../../src/core/schemas/program.ts';
import { SloSchema } from '../../../src/core/schemas/slo.ts';
import { calendarGroupEnd } from '../../../src/core/windows.ts';
import { LinearSpan } from '../../helpers/linear-span.ts';
import { memoryReader, type MemoryEvent } from '../../helpers/memory-reader.ts';

/**
 * The auditor's attack on SLOs that count a suppressed KPI's events: every published number (the
 * KPI's cells and the SLO's figures) is an equation in the withheld counts, and a withheld cell is
 * given away when its count lies in their span (e.g. a 28-day SLO window ending one day minus the one
 * ending the day before is that day minus the day 28 days earlier, a published one). Each withheld
 * hour carries two unknowns (a ratio's errors and successes; a distribution's events and good events).
 */

const AT = new Date('2026-11-01T00:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DAYS = 60;
const contact = { name: 'Team', email: 'team@example.gov' };
const iso = (ms: number) => new Date(ms).toISOString();

/** Per hour: the coefficients of a count on its two unknowns. */
type Coefficients = readonly [number, number];
interface Scenario {
  kpi: Record<string, unknown>;
  slo: Record<string, unknown>;
  /** The KPI's protected counts, and the SLO's good, total and bad counts, on an hour's two unknowns. */
  kpiCounts: readonly Coefficients[];
  good: Coefficients;
  total: Coefficients;
  events: MemoryEvent[];
}

/** 60 days of hourly successes with errors that make some hours and days small cells. */
function errorsScenario(): Scenario {
  const events: MemoryEvent[] = [];
  for (let d = 0; d < DAYS; d++) {
    const day = AT.getTime() - (DAYS - d) * DAY;
    for (let h = 0; h < 24; h++) events.push({ metric: 'ok', ts: iso(day + h * HOUR), value: 30 });
    // A small day (3 errors), a day without, a day of 14 single errors (each hour small), a day of one hour of 12.
    const errorHours = d % 4 === 0 ? [2, 9, 15] : d % 4 === 2 ? Array.from({ length: 14 }, (_, h) => h) : [];
    for (const h of errorHours) events.push({ metric: 'err', ts: iso(day + h * HOUR + 60_000), value: 1 });
    if (d % 4 === 3) events.push({ metric: 'err', ts: iso(day + 5 * HOUR), value: 12 });
  }
  return {
    kpi: { id: 'errors', kind: 'ratio', numerator: ['err'], denominator: ['ok', 'err'], suppress_below: 10 },
    slo: { id: 'saved', objective: 0.99, window: '28d', sli: { type: 'ratio', good: ['ok'], total: ['ok', 'err'] } },
    // Unknowns per hour: errors, successes.
    kpiCounts: [[1, 0], [1, 1]],
    good: [0, 1],
    total: [1, 1],
    events,
  };
}

/** 60 days of waits: busy days and quiet ones whose few calls fall in a few hours. */
function waitsScenario(): Scenario {
  const events: MemoryEvent[] = [];
  for (let d = 0; d < DAYS; d++) {
    const day = AT.getTime() - (DAYS - d) * DAY;
    const hours = d % 3 === 0 ? [3, 4, 20] : Array.from({ length: 24 }, (_, h) => h);
    const perHour = d % 3 === 1 ? 12 : 4;
    for (const h of hours) for (let k = 0; k < perHour; k++) events.push({ metric: 'wait', ts: iso(day + h * HOUR + k * 60_000), value: (d * 7 + h * 3 + k * 11) % 90 });
  }
  return {
    kpi: { id: 'wait', kind: 'distribution', metric: 'wait', stat: 'p50', suppress_below: 10 },
    slo: { id: 'answered', objective: 0.6, window: '28d', sli: { type: 'threshold', metric: 'wait', threshold: 60, op: 'le' } },
    // Unknowns per hour: events, good events.
    kpiCounts: [[1, 0]],
    good: [0, 1],
    total: [1, 0],
    events,
  };
}

function config(scenario: Scenario): PortalConfig {
  return {
    portal: PortalSchema.parse({ version: 1, title: 'T', agency: 'A', contact, min_events: 1 }),
    programs: [ProgramSchema.parse({ id: 'p', name: 'P', agency: 'A', contact, public: true, kpis: [{ label: 'K', public: true, ...scenario.kpi }] })],
    slos: [SloSchema.parse({ program: 'p', name: 'S', public: true, ...scenario.slo })],
    annotations: [],
  };
}

async function model(scenario: Scenario): Promise<{ program: ProgramModel; unmasked: SloModel }> {
  const portal = config(scenario);
  const reader = memoryReader(scenario.events);
  const plan = planProgram(portal, portal.programs[0]!, { at: AT, generatedAt: AT, publicOnly: true });
  const program = plan.finish(await reader.aggregateMany(plan.requests), await reader.newestByMetric('p'));
  // The same SLO as it was published before it shared the KPI's mask.
  const batch = createRequestBatch();
  const context = { at: AT, timeZone: 'UTC', minEvents: 1 };
  const snapshot = planSlo(portal.slos[0]!, context, batch);
  const history = planSloHistory(portal.slos[0]!, context, batch);
  batch.answer(await reader.aggregateMany(batch.requests));
  return { program, unmasked: { ...snapshot(null), history: history(null) } };
}

interface Cell {
  start: number;
  end: number;
  withheld: boolean;
}

/** Every cell the KPI publishes or withholds, with its interval. */
function kpiCells(kpi: KpiModel): Cell[] {
  const point = (length: (start: number) => number) => (p: { start: string; suppressed: unknown }) => ({ start: Date.parse(p.start), end: Date.parse(p.start) + length(Date.parse(p.start)), withheld: p.suppressed !== null });
  return [
    ...kpi.hourly.map(point(() => HOUR)),
    ...kpi.daily.map(point(() => DAY)),
    ...kpi.weekly.map(point((start) => calendarGroupEnd(start, 'week') - start)),
    ...kpi.monthly.map(point((start) => calendarGroupEnd(start, 'month') - start)),
    ...kpi.windows.flatMap((w) => {
      const [start, end] = [Date.parse(w.start), Date.parse(w.end)];
      return [{ start, end, withheld: w.suppressed !== null }, { start: 2 * start - end, end: start, withheld: w.previous.suppressed !== null }];
    }),
  ];
}

/** The withheld KPI cells an attacker can work out from the KPI's published cells and the SLO's published figures. */
function givenAway(scenario: Scenario, kpi: KpiModel, slo: SloModel): string[] {
  const hidden = kpi.hourly.filter((p) => p.suppressed !== null).map((p) => Date.parse(p.start));
  expect(hidden.length).toBeGreaterThan(10);
  const column = new Map(hidden.map((start, i) => [start, i]));
  const vector = (start: number, end: number, [a, b]: Coefficients) => {
    const v = new Float64Array(hidden.length * 2);
    for (const [hour, i] of column) if (hour >= start && hour < end) [v[2 * i], v[2 * i + 1]] = [a, b];
    return v;
  };
  const minus = (x: Coefficients, y: Coefficients, times = 1): Coefficients => [x[0] - times * y[0], x[1] - times * y[1]];
  const bad = minus(scenario.total, scenario.good);
  const span = new LinearSpan(hidden.length * 2);
  const cells = kpiCells(kpi);
  for (const cell of cells) if (!cell.withheld) for (const count of scenario.kpiCounts) span.add(vector(cell.start, cell.end, count));

  const at = AT.getTime();
  const start = Date.parse(slo.window_start);
  if (slo.good !== null && slo.total !== null) for (const count of [scenario.good, scenario.total]) span.add(vector(start, at, count));
  for (const row of slo.burn_rates) {
    if (row.good !== null && row.total !== null) for (const count of [scenario.good, scenario.total]) span.add(vector(at - row.seconds * 1000, at, count));
  }
  // A burn-down point, with the window's total published, is the bad count from the window's start.
  for (const point of slo.burn_down) if (point.remaining !== null) span.add(vector(start, Date.parse(point.end), bad));
  for (const point of slo.history) {
    const end = Date.parse(point.end);
    if (point.good !== null && point.total !== null) for (const count of [scenario.good, scenario.total]) span.add(vector(end - 28 * DAY, end, count));
    // A burn rate r over a span is bad − r × (1 − objective) × total = 0 there.
    for (const [rate, days] of [[point.burn_rate_1d, 1], [point.burn_rate_3d, 3]] as const) {
      if (rate !== null) span.add(vector(end - days * DAY, end, minus(bad, scenario.total, rate * (1 - slo.objective))));
    }
  }
  return cells.filter((cell) => cell.withheld && scenario.kpiCounts.some((count) => span.determines(vector(cell.start, cell.end, count))))
    .map((cell) => `${iso(cell.start)}/${(cell.end - cell.start) / HOUR}h`);
}

describe('an SLO that counts a suppressed KPI\u2019s events gives none of its withheld cells away', () => {
  for (const [name, scenario] of [['a ratio SLO over a suppressed error rate', errorsScenario()], ['a threshold SLO over a suppressed wait-time distribution', waitsScenario()]] as const) {
    it(name, async () => {
      const { program, unmasked } = await model(scenario);
      const kpi = program.kpis[0]!;
      const slo = program.slos[0]!;
      // The KPI's own cells give nothing away, and the SLO as it was published before did.
      expect(givenAway(scenario, kpi, { ...slo, good: null, total: null, burn_rates: [], burn_down: [], history: [] })).toEqual([]);
      expect(givenAway(scenario, kpi, unmasked).length).toBeGreaterThan(0);
      expect(givenAway(scenario, kpi, slo)).toEqual([]);
      // What is withheld is said so; the status stays.
      expect(slo.history.filter((point) => point.suppressed !== null).every((point) => point.good === null && point.attainment === null && point.burn_rate_1d === null)).toBe(true);
      expect(slo.status).toBe(unmasked.status);
    });
  }

  it('still publishes what gives nothing away: the wait SLO\u2019s window and days of whole published days', async () => {
    const { program, unmasked } = await model(waitsScenario());
    const slo = program.slos[0]!;
    expect(program.kpis[0]!.daily.filter((p) => p.suppressed !== null)).toHaveLength(0);
    expect([slo.suppressed, slo.good, slo.total, slo.attainment]).toEqual([null, unmasked.good, unmasked.total, unmasked.attainment]);
    expect(slo.history.filter((point) => point.suppressed === null).length).toBe(slo.history.length);
    // Windows shorter than a day hold withheld hours (quiet days' calls are small cells).
    expect(slo.burn_rates.filter((row) => row.suppressed !== null).map((row) => row.window)).toEqual(expect.arrayContaining(['5m']));
  });
});
