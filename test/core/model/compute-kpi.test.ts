import { describe, expect, it } from 'vitest';
import { planKpi } from '../../../src/core/model/compute-kpi.ts';
import { createRequestBatch } from '../../../src/core/model/request-batch.ts';
import { KpiSchema } from '../../../src/core/schemas/kpi.ts';
import { memoryReader, type MemoryEvent } from '../../helpers/memory-reader.ts';

const kpi = KpiSchema.parse({ id: 'review-time', kind: 'distribution', label: 'Review time', metric: 'hours', stat: 'p50', unit: 'h' });
const events = (ts: string, value: number, count: number): MemoryEvent[] => Array.from({ length: count }, () => ({ metric: 'hours', ts, value }));

async function compute(all: MemoryEvent[], annotationDates: string[], at: string) {
  const batch = createRequestBatch();
  const finish = planKpi(kpi, { program: 'p', at: new Date(at), minEvents: 30, expectedIntervalSeconds: 3600, annotationDates }, batch);
  batch.answer(await memoryReader(all).aggregateMany(batch.requests));
  return finish(new Map());
}

describe('a KPI before and after an annotation', () => {
  it('compares the median of the 28 days before a rule change with the 28 days after it', async () => {
    const model = await compute([
      // before [2026-02-02, 2026-03-02): 30 reviews of 360 h and 10 of 400 h
      ...events('2026-02-10T12:00:00Z', 360, 30), ...events('2026-02-20T12:00:00Z', 400, 10),
      // after [2026-03-02, 2026-03-30): 40 reviews of 20 h
      ...events('2026-03-10T12:00:00Z', 20, 40),
      // outside both windows: not counted
      ...events('2026-02-01T23:00:00Z', 900, 5), ...events('2026-03-30T06:00:00Z', 900, 5),
    ], ['2026-03-02'], '2026-03-31T00:00:00Z');
    const [around] = model.around_annotations;
    expect(around!.before).toEqual({ start: '2026-02-02T00:00:00.000Z', end: '2026-03-02T00:00:00.000Z', n: 40, exact: true, value: 360 });
    // p50 of 40 values: position 0.5 × 39 = 19.5, between the 20th and 21st values, both 360
    expect(around!.after).toEqual({ start: '2026-03-02T00:00:00.000Z', end: '2026-03-30T00:00:00.000Z', n: 40, exact: true, value: 20 });
    // 20 − 360 = −340 h; −340 ÷ 360 = −0.9444
    expect(around!.change!.absolute).toBe(-340);
    expect(around!.change!.relative).toBeCloseTo(-0.9444, 4);
  });

  it('shortens both windows to the whole days left before at, and skips an annotation on the last day', async () => {
    // 2026-03-25 to at 2026-03-31: 6 days on each side
    const model = await compute(events('2026-03-20T00:00:00Z', 5, 10), ['2026-03-25', '2026-03-31'], '2026-03-31T00:00:00Z');
    expect(model.around_annotations).toHaveLength(1);
    const [around] = model.around_annotations;
    expect([around!.before.start, around!.after.end]).toEqual(['2026-03-19T00:00:00.000Z', '2026-03-31T00:00:00.000Z']);
    // 10 events < min_events 30: no value, no change
    expect([around!.before.n, around!.before.value, around!.change]).toEqual([10, null, null]);
  });
});
