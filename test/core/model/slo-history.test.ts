import { describe, expect, it } from 'vitest';
import { createRequestBatch } from '../../../src/core/model/request-batch.ts';
import { planSloHistory, SLO_HISTORY_DAYS } from '../../../src/core/model/slo-history.ts';
import { SloSchema, type Slo } from '../../../src/core/schemas/slo.ts';
import { memoryReader, type MemoryEvent } from '../../helpers/memory-reader.ts';

const slo = (fields: Record<string, unknown>): Slo => SloSchema.parse({ id: 's', program: 'p', name: 'S', sli: { type: 'ratio', good: ['ok'], total: ['ok', 'err'] }, objective: 0.9, min_events: 10, ...fields });

async function history(s: Slo, events: MemoryEvent[], at: string, timeZone = 'UTC') {
  const batch = createRequestBatch();
  const finish = planSloHistory(s, { at: new Date(at), timeZone, minEvents: 10 }, batch);
  batch.answer(await memoryReader(events).aggregateMany(batch.requests));
  return finish();
}

describe('SLO history', () => {
  it('evaluates a rolling window at each UTC midnight of the last 90 days', async () => {
    const events: MemoryEvent[] = [
      { metric: 'ok', ts: '2026-10-29T12:00:00Z', value: 90 }, { metric: 'err', ts: '2026-10-29T12:00:00Z', value: 10 },
      { metric: 'ok', ts: '2026-10-30T12:00:00Z', value: 50 }, { metric: 'err', ts: '2026-10-30T12:00:00Z', value: 50 },
      { metric: 'ok', ts: '2026-10-31T12:00:00Z', value: 100 },
    ];
    const points = await history(slo({ window: '2d' }), events, '2026-11-01T00:00:00Z');
    expect(points).toHaveLength(SLO_HISTORY_DAYS);
    expect(points[0]!.end).toBe('2026-08-04T00:00:00.000Z');
    const [d29, d30, d31, n1] = points.slice(-4);
    // [Oct 27, Oct 29): nothing
    expect(d29).toEqual({ end: '2026-10-29T00:00:00.000Z', suppressed: null, good: 0, total: 0, attainment: null, budget_remaining: null, burn_rate_1d: null, burn_rate_3d: null, status: 'no-data' });
    // [Oct 28, Oct 30): 90 of 100 = 0.9 meets 0.9, but the 10 allowed bad events are spent: warning
    expect(d30).toEqual({ end: '2026-10-30T00:00:00.000Z', suppressed: null, good: 90, total: 100, attainment: 0.9, budget_remaining: expect.closeTo(0, 12), burn_rate_1d: expect.closeTo(1, 12), burn_rate_3d: expect.closeTo(1, 12), status: 'warning' });
    // [Oct 29, Oct 31): 140 of 200 = 0.7: breach; remaining 1 − 60 ÷ 20 = −2; 1 d: 0.5 ÷ 0.1 = 5; 3 d: 60/200 ÷ 0.1 = 3
    expect(d31).toMatchObject({ good: 140, total: 200, attainment: 0.7, status: 'breach' });
    expect(d31!.budget_remaining).toBeCloseTo(-2, 12);
    expect(d31!.burn_rate_1d).toBeCloseTo(5, 12);
    expect(d31!.burn_rate_3d).toBeCloseTo(3, 12);
    // [Oct 30, Nov 1): 150 of 200 = 0.75; remaining 1 − 50 ÷ 20 = −1.5; 1 d: 0; 3 d: 60/300 ÷ 0.1 = 2
    expect(n1).toMatchObject({ end: '2026-11-01T00:00:00.000Z', good: 150, total: 200, attainment: 0.75, burn_rate_1d: 0, status: 'breach' });
    expect(n1!.budget_remaining).toBeCloseTo(-1.5, 12);
    expect(n1!.burn_rate_3d).toBeCloseTo(2, 12);
  });

  it('a calendar-month SLO is evaluated at local midnights over the month so far, from hourly buckets', async () => {
    const events: MemoryEvent[] = [
      // 03:30 UTC on 1 October is 23:30 on 30 September in New York: September's
      { metric: 'ok', ts: '2026-10-01T03:30:00Z', value: 30 }, { metric: 'err', ts: '2026-10-01T03:30:00Z', value: 5 },
      { metric: 'ok', ts: '2026-10-15T12:00:00Z', value: 95 }, { metric: 'err', ts: '2026-10-31T12:00:00Z', value: 5 },
    ];
    const points = await history(slo({ window: 'calendar-month' }), events, '2026-11-01T04:00:00Z', 'America/New_York');
    const at = (end: string) => points.find((p) => p.end === end)!;
    // midnight of 1 November in New York (still EDT, UTC−4): October, 95 of 100, remaining 1 − 5 ÷ 10
    expect(at('2026-11-01T04:00:00.000Z')).toMatchObject({ good: 95, total: 100, attainment: 0.95, budget_remaining: expect.closeTo(0.5, 12), status: 'ok' });
    // midnight of 1 October: all of September, 30 of 35 = 0.857: breach
    expect(at('2026-10-01T04:00:00.000Z')).toMatchObject({ good: 30, total: 35, status: 'breach' });
    // midnight of 2 October: October so far is empty
    expect(at('2026-10-02T04:00:00.000Z')).toMatchObject({ good: 0, total: 0, status: 'no-data' });
    expect(points.at(-1)!.end).toBe('2026-11-01T04:00:00.000Z');
  });

  it('a time-slice SLO counts slices: one each, good when its own share meets the slice target', async () => {
    // Hour slices, slice target 0.9, objective 0.5. Oct 30 12:00: 9 of 10 good (a good slice);
    // 13:00: 1 of 2 (bad); Oct 31 12:00: 10 of 10 (good). Hours without events are no slice.
    const events: MemoryEvent[] = [
      { metric: 'ok', ts: '2026-10-30T12:00:00Z', value: 9 }, { metric: 'err', ts: '2026-10-30T12:00:00Z', value: 1 },
      { metric: 'ok', ts: '2026-10-30T13:00:00Z', value: 1 }, { metric: 'err', ts: '2026-10-30T13:00:00Z', value: 1 },
      { metric: 'ok', ts: '2026-10-31T12:00:00Z', value: 10 },
    ];
    const points = await history(slo({ window: '2d', budgeting: 'timeslices', slice: '1h', slice_target: 0.9, objective: 0.5, min_events: 1 }), events, '2026-11-01T00:00:00Z');
    expect(points).toHaveLength(SLO_HISTORY_DAYS);
    const [d31, n1] = points.slice(-2);
    // [Oct 29, Oct 31): 1 good slice of 2 = 0.5; 1 bad of the 0.5 × 2 = 1 allowed: 0 left; 1 d: ½ ÷ 0.5 = 1
    expect(d31).toMatchObject({ end: '2026-10-31T00:00:00.000Z', good: 1, total: 2, attainment: 0.5 });
    expect(d31!.budget_remaining).toBeCloseTo(0, 12);
    expect(d31!.burn_rate_1d).toBeCloseTo(1, 12);
    // [Oct 30, Nov 1): 2 of 3; allowed 1.5, 1 bad: 1 − 1 ÷ 1.5 = ⅓ left; 1 d: 0; 3 d: ⅓ ÷ 0.5 = ⅔
    expect(n1).toMatchObject({ end: '2026-11-01T00:00:00.000Z', good: 2, total: 3, burn_rate_1d: 0 });
    expect(n1!.attainment).toBeCloseTo(2 / 3, 12);
    expect(n1!.budget_remaining).toBeCloseTo(1 / 3, 12);
    expect(n1!.burn_rate_3d).toBeCloseTo(2 / 3, 12);
  });
});
