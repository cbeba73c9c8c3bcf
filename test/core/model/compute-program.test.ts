import { describe, expect, it } from 'vitest';
import type { PortalConfig } from '../../../src/core/config/portal-config.ts';
import { freshness } from '../../../src/core/model/freshness.ts';
import { planProgram } from '../../../src/core/model/compute-program.ts';
import { PortalSchema } from '../../../src/core/schemas/portal.ts';
import { ProgramSchema } from '../../../src/core/schemas/program.ts';
import { SloSchema } from '../../../src/core/schemas/slo.ts';
import { memoryReader, type MemoryEvent } from '../../helpers/memory-reader.ts';

const AT = new Date('2026-11-01T00:00:00Z');
const contact = { name: 'Team', email: 'team@example.gov' };

/** A portal whose minimum sample size is 30 and whose one program expects data every hour. */
function config(kpis: Record<string, unknown>[], slos: Record<string, unknown>[] = []): PortalConfig {
  return {
    portal: PortalSchema.parse({ version: 1, title: 'T', agency: 'A', contact, min_events: 30 }),
    programs: [ProgramSchema.parse({ id: 'p', name: 'P', agency: 'A', contact, public: true, kpis: kpis.map((kpi) => ({ label: 'K', public: true, ...kpi })) })],
    slos: slos.map((slo) => SloSchema.parse({ program: 'p', name: 'S', public: true, ...slo })),
    annotations: [],
  };
}

async function compute(portal: PortalConfig, events: MemoryEvent[]) {
  const plan = planProgram(portal, portal.programs[0]!, { at: AT, generatedAt: AT, publicOnly: true });
  const reader = memoryReader(events);
  return plan.finish(await reader.aggregateMany(plan.requests), await reader.newestByMetric('p'));
}

// 10 waits in the last day, the newest 5 hours before AT.
const waits: MemoryEvent[] = Array.from({ length: 10 }, (_, i) => ({ metric: 'wait', ts: `2026-10-31T${String(10 + i).padStart(2, '0')}:00:00Z`, value: 1 + i }));

describe('a program\u2019s KPIs and SLOs with their own minimum sample size and expected interval', () => {
  it('a KPI\u2019s min_events overrides the portal\u2019s 30; without it, 10 events are not enough', async () => {
    const model = await compute(config([
      { id: 'own', kind: 'distribution', metric: 'wait', stat: 'max', min_events: 5 },
      { id: 'portal', kind: 'distribution', metric: 'wait', stat: 'max' },
    ]), waits);
    const day = (id: string) => model.kpis.find((k) => k.id === id)!.windows.find((w) => w.window === '24h')!;
    expect([day('own').value, day('own').n, day('own').sufficient, model.kpis[0]!.min_events]).toEqual([10, 10, true, 5]);
    expect([day('portal').value, day('portal').n, day('portal').sufficient, model.kpis[1]!.min_events]).toEqual([null, 10, false, 30]);
  });

  it('a counter\u2019s minimum is 1 unless it sets one: 10 readings are 10 tallies, not too few to tell', async () => {
    // The same 10 events read as a counter of cases (each 1 to 10 cases, 55 in all) and as waits.
    const cases = waits.map((event) => ({ ...event, metric: 'cases' }));
    const model = await compute(config([
      { id: 'closed', kind: 'counter', metric: 'cases', stat: 'sum', suppress_below: 0 },
      { id: 'closed-30', kind: 'counter', metric: 'cases', stat: 'sum', suppress_below: 0, min_events: 30 },
      { id: 'wait', kind: 'distribution', metric: 'wait', stat: 'max' },
    ]), [...waits, ...cases]);
    const day = (id: string) => model.kpis.find((k) => k.id === id)!.windows.find((w) => w.window === '24h')!;
    expect([day('closed').value, day('closed').n, day('closed').sufficient, model.kpis[0]!.min_events]).toEqual([55, 10, true, 1]);
    expect([day('closed-30').value, day('closed-30').sufficient, model.kpis[1]!.min_events]).toEqual([null, false, 30]);
    expect([day('wait').value, day('wait').sufficient, model.kpis[2]!.min_events]).toEqual([null, false, 30]);
    // Each hour of the counter is a point of its own: 10 hours with 1 reading each.
    expect(model.kpis[0]!.hourly.filter((point) => point.sufficient).map((point) => point.value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('an SLO\u2019s min_events overrides the portal\u2019s', async () => {
    const sli = { type: 'threshold', metric: 'wait', threshold: 8, op: 'le' };
    const model = await compute(config([{ id: 'k', kind: 'distribution', metric: 'wait' }], [
      { id: 'own', sli, objective: 0.5, window: '28d', min_events: 5 },
      { id: 'portal', sli, objective: 0.5, window: '28d' },
    ]), waits);
    // 8 of the 10 waits are at or under 8.
    expect(model.slos.map((s) => [s.id, s.min_events, s.attainment])).toEqual([['own', 5, 0.8], ['portal', 30, null]]);
  });

  it('a KPI\u2019s expected_interval overrides the program\u2019s for its freshness', async () => {
    // Newest wait 19:00, 5 h before AT: stale at the program's 1 h (more than 2 h), fresh at 1 d.
    const model = await compute(config([
      { id: 'daily', kind: 'distribution', metric: 'wait', expected_interval: '1d' },
      { id: 'hourly', kind: 'distribution', metric: 'wait' },
    ]), waits);
    expect(model.kpis.map((k) => [k.id, k.freshness.expected_interval_seconds, k.freshness.stale])).toEqual([['daily', 86_400, false], ['hourly', 3600, true]]);
  });
});

describe('freshness', () => {
  const hour = 3600;
  it.each([
    ['newest exactly twice the interval ago is still fresh', '2026-10-31T22:00:00Z', false],
    ['a millisecond more is stale', '2026-10-31T21:59:59.999Z', true],
    ['newest within the interval is fresh', '2026-10-31T23:30:00Z', false],
  ])('%s', (_, newest, stale) => expect(freshness(new Date(newest), AT, hour).stale).toBe(stale));
  it('no data at all is stale', () => expect(freshness(null, AT, hour)).toEqual({ newest: null, expected_interval_seconds: 3600, stale: true }));
});
