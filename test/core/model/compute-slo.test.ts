import { describe, expect, it } from 'vitest';
import { computeSlo, sloWindow } from '../../../src/core/model/compute-slo.ts';
import { SloSchema, type Slo } from '../../../src/core/schemas/slo.ts';
import { memoryReader, type MemoryEvent } from '../../helpers/memory-reader.ts';

const slo = (fields: Record<string, unknown>): Slo => SloSchema.parse({ id: 's', program: 'p', name: 'S', ...fields });
const hour = (h: number, minute = 30) => `2024-08-01T${String(h).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`;
const rate = (model: Awaited<ReturnType<typeof computeSlo>>, window: string) => model.burn_rates.find((b) => b.window === window)!.burn_rate;

describe('computeSlo on hand-built timelines', () => {
  it('uneven traffic: attainment is Σ good ÷ Σ total over the window, weighing the busy bad hour', async () => {
    // One busy hour at 900 good of 1000 (00:30), then 23 quiet hours at 10 good of 10.
    const events: MemoryEvent[] = [{ metric: 'ok', ts: hour(0), value: 900 }, { metric: 'err', ts: hour(0), value: 100 }];
    for (let h = 1; h < 24; h++) events.push({ metric: 'ok', ts: hour(h), value: 10 });
    const model = await computeSlo(slo({ sli: { type: 'ratio', good: ['ok'], total: ['ok', 'err'] }, objective: 0.99, window: '1d' }), {
      reader: memoryReader(events), at: new Date('2024-08-02T00:00:00Z'), timeZone: 'UTC', minEvents: 30,
    });
    // Σ: 900 + 23 × 10 = 1130 of 1000 + 230 = 1230 → 0.918699, under the 0.99 objective: breach.
    expect([model.good, model.total]).toEqual([1130, 1230]);
    expect(model.attainment).toBeCloseTo(0.918699, 6);
    // The mean of the hourly ratios, (0.9 + 23 × 1) ÷ 24 = 0.995833, would meet it and hide the errors.
    expect(model.attainment).not.toBeCloseTo(0.995833, 2);
    expect(model.status).toBe('breach');
  });

  it('a ratio SLO with a bad last hour: attainment, budget, all seven burn rates and the four pairs', async () => {
    // Hours 0–22: 99 ok + 1 error at hh:30. Hour 23: 50 ok + 50 errors at 23:58.
    const events: MemoryEvent[] = [];
    for (let h = 0; h < 23; h++) events.push({ metric: 'ok', ts: hour(h), value: 99 }, { metric: 'err', ts: hour(h), value: 1 });
    events.push({ metric: 'ok', ts: hour(23, 58), value: 50 }, { metric: 'err', ts: hour(23, 58), value: 50 });
    const model = await computeSlo(slo({ sli: { type: 'ratio', good: ['ok'], total: ['ok', 'err'] }, objective: 0.99, window: '1d' }), {
      reader: memoryReader(events), at: new Date('2024-08-02T00:00:00Z'), timeZone: 'UTC', minEvents: 30,
    });
    // good = 23 × 99 + 50 = 2327, total = 23 × 100 + 100 = 2400
    expect([model.good, model.total]).toEqual([2327, 2400]);
    expect(model.attainment).toBeCloseTo(2327 / 2400, 12); // 0.969583…
    // allowed = 0.01 × 2400 = 24, consumed = 73, remaining = 1 − 73 ÷ 24 = −2.041667
    expect(model.budget.allowed).toBeCloseTo(24, 9);
    expect(model.budget.consumed).toBe(73);
    expect(model.budget.remaining).toBeCloseTo(-2.041667, 5);
    // 5m, 30m, 1h see only 23:58: 50/100 ÷ 0.01 = 50; 2h: 51/200 ÷ 0.01 = 25.5;
    // 6h: (5 + 50)/600 ÷ 0.01 = 9.1667; 1d and 3d: 73/2400 ÷ 0.01 = 3.0417
    expect(rate(model, '5m')).toBeCloseTo(50, 9);
    expect(rate(model, '30m')).toBeCloseTo(50, 9);
    expect(rate(model, '1h')).toBeCloseTo(50, 9);
    expect(rate(model, '2h')).toBeCloseTo(25.5, 9);
    expect(rate(model, '6h')).toBeCloseTo(9.16667, 4);
    expect(rate(model, '1d')).toBeCloseTo(3.04167, 4);
    expect(rate(model, '3d')).toBeCloseTo(3.04167, 4);
    // thresholds for a 1-day period: 0.02 × 24 h ÷ 1 h = 0.48; 0.05 × 24 ÷ 6 = 0.2; 0.1 × 24 ÷ 24 = 0.1; 0.1 × 24 ÷ 72 = 0.0333
    expect(model.firing_pairs.map((p) => [p.pair, p.severity])).toEqual([['1h/5m', 'page'], ['6h/30m', 'page'], ['1d/2h', 'ticket'], ['3d/6h', 'ticket']]);
    expect(model.firing_pairs[0]!.threshold).toBeCloseTo(0.48, 12);
    expect(model.status).toBe('breach');
    expect(model.exhaustion).toEqual({ date: '2024-08-02T00:00:00.000Z', exhausted: true });
  });

  it('projects the budget running out at the current 1-day burn rate', async () => {
    // 28-day window, objective 0.99: 9,000 events with 30 bad a week ago, 1,000 with 20 bad 12 h ago.
    // allowed = 0.01 × 10,000 = 100, consumed = 50, remaining = 0.5; 1d burn = (20/1000) ÷ 0.01 = 2
    // runs out in 0.5 × 28 d ÷ 2 = 7 days
    const events: MemoryEvent[] = [
      { metric: 'lat', ts: '2024-07-25T00:00:00Z', value: 100 },
    ];
    const many = (ts: string, good: number, bad: number) => [
      ...Array.from({ length: good }, () => ({ metric: 'lat', ts, value: 100 })),
      ...Array.from({ length: bad }, () => ({ metric: 'lat', ts, value: 900 })),
    ];
    events.length = 0;
    events.push(...many('2024-07-25T00:00:00Z', 8970, 30), ...many('2024-07-31T12:00:00Z', 980, 20));
    const model = await computeSlo(slo({ sli: { type: 'threshold', metric: 'lat', threshold: 500 }, objective: 0.99, window: '28d' }), {
      reader: memoryReader(events), at: new Date('2024-08-01T00:00:00Z'), timeZone: 'UTC', minEvents: 30,
    });
    expect(model.budget.remaining).toBeCloseTo(0.5, 12);
    expect(rate(model, '1d')).toBeCloseTo(2, 12);
    expect(rate(model, '1h')).toBeNull();
    expect(model.exhaustion).toEqual({ date: '2024-08-08T00:00:00.000Z', exhausted: false });
    expect(model.status).toBe('ok');
    // burn-down: after Jul 25, 30 of 100 allowed spent → 0.7 left; after Jul 31, 50 spent → 0.5
    expect(model.burn_down).toEqual([
      { end: '2024-07-26T00:00:00.000Z', remaining: expect.closeTo(0.7, 12), suppressed: null },
      { end: '2024-08-01T00:00:00.000Z', remaining: expect.closeTo(0.5, 12), suppressed: null },
    ]);
  });

  it('time slices: a bad minute at 3 a.m. with little traffic costs a slice, while the event budget barely moves', async () => {
    // 03:00: 2 requests, 1 slow. 03:01–03:59: 100 fast requests each. Objective 0.99, slices of 1 minute.
    const events: MemoryEvent[] = [{ metric: 'lat', ts: '2024-08-01T03:00:10Z', value: 100 }, { metric: 'lat', ts: '2024-08-01T03:00:20Z', value: 900 }];
    for (let m = 1; m < 60; m++) for (let i = 0; i < 100; i++) events.push({ metric: 'lat', ts: `2024-08-01T03:${String(m).padStart(2, '0')}:00Z`, value: 100 });
    const base = { sli: { type: 'threshold', metric: 'lat', threshold: 500 }, objective: 0.99, window: '1h' };
    const context = { reader: memoryReader(events), at: new Date('2024-08-01T04:00:00Z'), timeZone: 'UTC', minEvents: 30 };
    const byEvents = await computeSlo(slo(base), context);
    const bySlices = await computeSlo(slo({ ...base, budgeting: 'timeslices' }), context);
    // events: 5,901 good of 5,902 = 0.99983; slices: the 03:00 slice has 1/2 = 0.5 < 0.99 → 59 good of 60 = 0.98333
    expect(byEvents.attainment).toBeCloseTo(5901 / 5902, 12);
    expect(byEvents.status).toBe('ok');
    expect([bySlices.good, bySlices.total]).toEqual([59, 60]);
    expect(bySlices.attainment).toBeCloseTo(59 / 60, 12);
    expect(bySlices.status).toBe('breach');
  });

  it('fewer events than the minimum is no data, not a number that looks precise', async () => {
    const events = Array.from({ length: 29 }, (_, i) => ({ metric: 'lat', ts: `2024-08-01T00:${String(i).padStart(2, '0')}:00Z`, value: 100 }));
    const model = await computeSlo(slo({ sli: { type: 'threshold', metric: 'lat', threshold: 500 }, objective: 0.99, window: '1d' }), {
      reader: memoryReader(events), at: new Date('2024-08-02T00:00:00Z'), timeZone: 'UTC', minEvents: 30,
    });
    expect(model.total).toBe(29);
    expect(model.attainment).toBeNull();
    expect(model.status).toBe('no-data');
  });

  it('groups whose good count is unknown (rollups without histograms) are no data, not all bad', async () => {
    const unknown = { start: new Date('2024-08-01T00:00:00Z'), count: 500, sum: 0, min: 1, max: 2, quantiles: [], atMost: [null], atLeast: [], exact: false };
    const reader = { aggregateMany: async (requests: readonly unknown[]) => requests.map(() => [unknown]), newestByMetric: async () => new Map() };
    const model = await computeSlo(slo({ sli: { type: 'threshold', metric: 'lat', threshold: 500 }, objective: 0.99, window: '1d' }), {
      reader, at: new Date('2024-08-02T00:00:00Z'), timeZone: 'UTC', minEvents: 30,
    });
    expect([model.good, model.total, model.status]).toEqual([0, 0, 'no-data']);
  });

  it('a calendar-month SLO runs from local midnight on the 1st in the program time zone', () => {
    // 2026-11-01T00:00Z is still 31 October in Phoenix (UTC−7, no daylight saving): the month is October,
    // from 2026-10-01T07:00Z, 31 days = 2,678,400 s, and its budget resets at 2026-11-01T07:00Z.
    const { window, periodSeconds, horizon } = sloWindow(slo({ sli: { type: 'threshold', metric: 'w', threshold: 60 }, objective: 0.9, window: 'calendar-month' }), new Date('2026-11-01T00:00:00Z'), 'America/Phoenix');
    expect(window.start.toISOString()).toBe('2026-10-01T07:00:00.000Z');
    expect(window.end.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(periodSeconds).toBe(2_678_400);
    expect(horizon.toISOString()).toBe('2026-11-01T07:00:00.000Z');
  });
});
