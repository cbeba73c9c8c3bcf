import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingestEvents } from '../../../src/adapters/store/ingest-events.ts';
import { openStore, type Store } from '../../../src/adapters/store/open-store.ts';
import { createStoreReader } from '../../../src/adapters/store/store-reader.ts';
import { GAMMA, RELATIVE_ACCURACY } from '../../../src/core/histogram.ts';
import { aggregateOne } from '../../../src/core/metric-reader.ts';
import { memoryReader } from '../../helpers/memory-reader.ts';
import { tempDir, writeLines } from '../../helpers/temp.ts';

const PROGRAM = 'opm-docket-api';
const options = (dir: string) => ({ programIds: [PROGRAM], rawHorizon: new Date(0), rawRetentionSeconds: 30 * 86_400, quarantineDir: join(dir, 'q') });
const START = Date.parse('2024-08-01T00:00:00Z');
const window = { start: new Date(START), end: new Date(START + 6 * 3_600_000) };
const QUANTILES = [0, 0.5, 0.9, 0.95, 0.99, 1];

/** Events at random offsets inside the 6-hour window, with positive values spanning six orders of magnitude. */
const eventsArbitrary = fc.array(
  fc.record({ offset: fc.integer({ min: 0, max: 6 * 3_600_000 - 1 }), value: fc.double({ min: 0.01, max: 10_000, noNaN: true }) }),
  { minLength: 1, maxLength: 300 },
);

async function load(dir: string, name: string, events: { offset: number; value: number }[]): Promise<Store> {
  const file = writeLines(dir, name, events.map(({ offset, value }) => ({ program_id: PROGRAM, metric: 'm', value, ts: new Date(START + offset).toISOString() })));
  const store = await openStore(':memory:');
  await ingestEvents(store, file, options(dir));
  return store;
}

function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

describe('the store reader', () => {
  it('over raw events gives exact quantiles, and over merged rollups the same within 1 %', async () => {
    const dir = tempDir();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(eventsArbitrary, fc.double({ min: 0.01, max: 10_000, noNaN: true }), async (events, limit) => {
        const store = await load(dir, `run-${run++}.ndjson`, events);
        const values = events.map((e) => e.value);
        const request = { program: PROGRAM, metrics: ['m'], ...window, quantiles: QUANTILES, atMost: [limit] };
        const [raw] = await aggregateOne(await createStoreReader(store), request);
        // Drop the raw events: the same window must now come from the hourly rollups.
        await store.run('DELETE FROM events');
        const [rolled] = await aggregateOne(await createStoreReader(store), request);
        store.close();

        expect(raw!.exact).toBe(true);
        expect(rolled!.exact).toBe(false);
        for (const aggregate of [raw!, rolled!]) {
          expect(aggregate.count).toBe(values.length);
          expect(aggregate.sum).toBeCloseTo(values.reduce((a, b) => a + b, 0), 6);
          expect(aggregate.min).toBe(Math.min(...values));
          expect(aggregate.max).toBe(Math.max(...values));
        }
        QUANTILES.forEach((q, index) => {
          const exact = exactQuantile(values, q);
          expect(raw!.quantiles[index]).toBeCloseTo(exact, 9);
          expect(Math.abs(rolled!.quantiles[index]! - exact)).toBeLessThanOrEqual(RELATIVE_ACCURACY * exact + 1e-9);
        });
        expect(raw!.atMost[0]).toBe(values.filter((v) => v <= limit).length);
        // Over rollups a value in the limit's bucket counts as meeting it: bounded by the counts at limit ÷ γ and limit × γ.
        expect(rolled!.atMost[0]).toBeGreaterThanOrEqual(values.filter((v) => v <= limit / GAMMA).length);
        expect(rolled!.atMost[0]).toBeLessThanOrEqual(values.filter((v) => v <= limit * GAMMA).length);
      }),
      { numRuns: 25 },
    );
  });

  it('compares values with a limit exactly, even one a DECIMAL literal would round (found by the property test)', async () => {
    // 0.010000000000000009 written as a SQL literal is a DECIMAL whose DOUBLE is one ulp off the number.
    const dir = tempDir();
    const limit = 0.010000000000000009;
    const store = await load(dir, 'limit.ndjson', [{ offset: 0, value: limit }, { offset: 0, value: 0.01 }]);
    const [raw] = await aggregateOne(await createStoreReader(store), { program: PROGRAM, metrics: ['m'], ...window, atMost: [limit], atLeast: [limit] });
    store.close();
    expect(raw!.atMost).toEqual([2]);
    expect(raw!.atLeast).toEqual([1]);
  });

  it('loading the same events twice, or any overlapping part of them again, changes nothing', async () => {
    const dir = tempDir();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(eventsArbitrary, fc.integer({ min: 0, max: 300 }), async (events, cut) => {
        const store = await load(dir, `twice-${run}.ndjson`, events);
        const snapshot = async () => store.rows(`SELECT program_id, metric, bucket_seconds, bucket_start, count, sum, min, max, histogram::VARCHAR AS h FROM rollups ORDER BY ALL`);
        const before = await snapshot();
        const again = writeLines(dir, `again-${run}.ndjson`, events.map(({ offset, value }) => ({ program_id: PROGRAM, metric: 'm', value, ts: new Date(START + offset).toISOString() })));
        const part = writeLines(dir, `part-${run++}.ndjson`, events.slice(0, cut).map(({ offset, value }) => ({ program_id: PROGRAM, metric: 'm', value, ts: new Date(START + offset).toISOString() })));
        await ingestEvents(store, again, options(dir));
        await ingestEvents(store, part, options(dir));
        expect(await snapshot()).toEqual(before);
        const [count] = await store.rows<{ n: bigint }>('SELECT count(*) AS n FROM events');
        expect(Number(count!.n)).toBe(events.length);
        store.close();
      }),
      { numRuns: 15 },
    );
  });

  it('an hourly series read bucket by bucket equals each hour read as its own window', async () => {
    const dir = tempDir();
    await fc.assert(
      fc.asyncProperty(eventsArbitrary, fc.double({ min: 0.01, max: 10_000, noNaN: true }), async (events, limit) => {
        const store = await load(dir, 'series.ndjson', events);
        await store.run('DELETE FROM events');
        const reader = await createStoreReader(store);
        const base = { program: PROGRAM, metrics: ['m'], quantiles: QUANTILES, atMost: [limit], atLeast: [limit] };
        const series = await aggregateOne(reader, { ...base, ...window, step: 3600 });
        const hours = await reader.aggregateMany(series.map((point) => ({ ...base, start: point.start, end: new Date(point.start.getTime() + 3_600_000) })));
        // Without quantiles the histogram stays in SQL: the limit counts must not change.
        const limitsOnly = await aggregateOne(reader, { program: PROGRAM, metrics: ['m'], atMost: [limit], atLeast: [limit], ...window, step: 3600 });
        store.close();
        expect(series.length).toBeGreaterThan(0);
        expect(limitsOnly.map((point) => [point.start, point.count, point.atMost, point.atLeast])).toEqual(series.map((point) => [point.start, point.count, point.atMost, point.atLeast]));
        series.forEach((point, index) => {
          const hour = hours[index]![0]!;
          expect([point.count, point.min, point.max, point.atMost, point.atLeast]).toEqual([hour.count, hour.min, hour.max, hour.atMost, hour.atLeast]);
          expect(point.sum).toBeCloseTo(hour.sum, 9);
          point.quantiles.forEach((value, q) => expect(value).toBeCloseTo(hour.quantiles[q]!, 9));
        });
      }),
      { numRuns: 15 },
    );
  });

  it('batches asked at once, whose queries share connections, get the answers each gets alone', async () => {
    const dir = tempDir();
    const events = Array.from({ length: 200 }, (_, i) => ({ offset: (i * 7_919_000) % (6 * 3_600_000), value: 1 + ((i * 37) % 500) }));
    const store = await load(dir, 'batches.ndjson', events);
    const reader = await createStoreReader(store);
    const base = { program: PROGRAM, metrics: ['m'], quantiles: [0.5, 0.99], atMost: [250] };
    // Raw events, rollups read bucket by bucket, and merged rollups (the events deleted): every kind of query.
    const batches = [[{ ...base, ...window }], [{ ...base, ...window, step: 3600 }, { ...base, ...window, step: 7200 }], [{ program: PROGRAM, metrics: ['m'], ...window, step: 1800 }]];
    const alone = [];
    for (const batch of batches) alone.push(await reader.aggregateMany(batch));
    const together = await Promise.all(batches.map((batch) => reader.aggregateMany(batch)));
    await store.run('DELETE FROM events');
    const rollupReader = await createStoreReader(store);
    const rollupsAlone = [];
    for (const batch of batches) rollupsAlone.push(await rollupReader.aggregateMany(batch));
    const rollupsTogether = await Promise.all(batches.map((batch) => rollupReader.aggregateMany(batch)));
    store.close();
    expect(together).toEqual(alone);
    expect(rollupsTogether).toEqual(rollupsAlone);
    // 200 events over 6 hours: the window holds all of them, the 2-hour series three groups.
    expect(alone[0]![0]![0]!.count).toBe(200);
    expect(alone[1]![1]!.map((point) => point.count).reduce((a, b) => a + b, 0)).toBe(200);
    expect(rollupsAlone[1]![1]!.length).toBe(3);
  });

  it('weekly and monthly groups start on UTC Mondays and on the 1st, from raw events and from rollups alike', async () => {
    const dir = tempDir();
    // 2024-07-31 (Wednesday) to 2024-09-03 (Tuesday): weeks from Monday Jul 29, months Jul, Aug, Sep.
    const days = [-1, 0, 3, 4, 5, 11, 12, 30, 31, 33];
    const events = days.flatMap((day, i) => [{ offset: day * 86_400_000 + 3_600_000, value: 10 + i }, { offset: day * 86_400_000 + 7_200_000, value: 100 + i }]);
    const store = await load(dir, 'calendar.ndjson', events);
    const span = { start: new Date(START - 2 * 86_400_000), end: new Date(START + 40 * 86_400_000) };
    const base = { program: PROGRAM, metrics: ['m'], ...span, quantiles: [0.5], atMost: [50] };
    const expected = (calendar: 'week' | 'month') => memoryReader(events.map(({ offset, value }) => ({ program: PROGRAM, metric: 'm', value, ts: new Date(START + offset).toISOString() })))
      .aggregateMany([{ ...base, calendar }]).then(([rows]) => rows!.map((row) => [row.start.toISOString(), row.count, row.atMost[0]]));
    const read = async (calendar: 'week' | 'month') => (await aggregateOne(await createStoreReader(store), { ...base, calendar })).map((row) => [row.start.toISOString(), row.count, row.atMost[0]]);
    const weeks = await expected('week');
    expect(weeks.map(([start]) => start)).toEqual(['2024-07-29T00:00:00.000Z', '2024-08-05T00:00:00.000Z', '2024-08-12T00:00:00.000Z', '2024-08-26T00:00:00.000Z', '2024-09-02T00:00:00.000Z']);
    expect((await expected('month')).map(([start, count]) => [start, count])).toEqual([['2024-07-01T00:00:00.000Z', 2], ['2024-08-01T00:00:00.000Z', 14], ['2024-09-01T00:00:00.000Z', 4]]);
    expect(await read('week')).toEqual(weeks);
    expect(await read('month')).toEqual(await expected('month'));
    // From the daily rollups (raw events dropped): the same groups, counts and limit counts.
    await store.run('DELETE FROM events');
    expect(await read('week')).toEqual(weeks);
    expect(await read('month')).toEqual(await expected('month'));
    store.close();
  });

  it('windows are half-open: an event exactly at the end belongs to the next window; an empty window is no data', async () => {
    const dir = tempDir();
    const store = await load(dir, 'edges.ndjson', [
      { offset: 0, value: 1 },
      { offset: 3_600_000 - 1, value: 2 },
      { offset: 3_600_000, value: 4 },
    ]);
    const reader = await createStoreReader(store);
    const first = await aggregateOne(reader, { program: PROGRAM, metrics: ['m'], start: new Date(START), end: new Date(START + 3_600_000) });
    const second = await aggregateOne(reader, { program: PROGRAM, metrics: ['m'], start: new Date(START + 3_600_000), end: new Date(START + 7_200_000) });
    const empty = await aggregateOne(reader, { program: PROGRAM, metrics: ['m'], start: new Date(START + 7_200_000), end: new Date(START + 10_800_000) });
    expect(first.map((a) => [a.count, a.sum])).toEqual([[2, 3]]);
    expect(second.map((a) => [a.count, a.sum])).toEqual([[1, 4]]);
    expect(empty).toEqual([]);
    store.close();
  });

  it('groups by step and leaves empty groups out, so gaps stay gaps', async () => {
    const dir = tempDir();
    const hour = 3_600_000;
    const store = await load(dir, 'gaps.ndjson', [
      { offset: 10, value: 1 },
      { offset: 2 * hour + 10, value: 3 },
      { offset: 2 * hour + 20, value: 5 },
    ]);
    const reader = await createStoreReader(store);
    const rows = await aggregateOne(reader, { program: PROGRAM, metrics: ['m'], ...window, step: 3600 });
    expect(rows.map((r) => [r.start.toISOString(), r.count, r.sum])).toEqual([
      ['2024-08-01T00:00:00.000Z', 1, 1],
      ['2024-08-01T02:00:00.000Z', 2, 8],
    ]);
    store.close();
  });
});
