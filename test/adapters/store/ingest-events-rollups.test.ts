import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestEvents } from '../../../src/adapters/store/ingest-events.ts';
import { openStore, type Store } from '../../../src/adapters/store/open-store.ts';
import { rebuildRollups } from '../../../src/adapters/store/rebuild-rollups.ts';
import { tempDir, writeLines } from '../../helpers/temp.ts';
import { storedRollups } from '../../helpers/stored-rollups.ts';

const options = (dir: string) => ({
  programIds: ['cms-eligibility', 'opm-docket'],
  rawHorizon: new Date('2024-07-01T00:00:00Z'),
  rawRetentionSeconds: 30 * 86_400,
  quarantineDir: join(dir, 'quarantine'),
});
const event = (value: number, ts: string, program_id = 'cms-eligibility', metric = 'eligibility.latency_ms') => ({ program_id, metric, value, ts });

/** Every stored bucket, with its sum's exact bits (as text) and its histogram. */
async function buckets(store: Store): Promise<string[]> {
  const rows = await store.rows<Record<string, unknown>>(`
    SELECT program_id, metric, bucket_seconds, bucket_start, count, sum::VARCHAR AS sum, min, max, histogram::VARCHAR AS histogram
    FROM rollups ORDER BY ALL`);
  return rows.map((row) => JSON.stringify(row, (_, value) => (typeof value === 'bigint' ? String(value) : value)));
}

describe('rolling up newly loaded events', () => {
  it('gives the buckets a rebuild from the stored events gives, sums to the bit', async () => {
    const dir = tempDir();
    // Minutes of one event and of several (with equal histogram keys and not), two metrics and
    // programs, a negative value, a zero, and sums whose order of addition changes their last bits.
    const file = writeLines(dir, 'events.ndjson', [
      event(0.1, '2024-08-01T10:00:05Z'), event(0.2, '2024-08-01T10:00:06Z'), event(0.3, '2024-08-01T10:00:07Z'), event(1e16, '2024-08-01T10:00:08Z'),
      event(100, '2024-08-01T10:01:00Z'),
      event(-5, '2024-08-01T10:59:59Z'), event(0, '2024-08-01T10:59:59Z'),
      event(873, '2024-08-01T11:00:00Z'), event(873, '2024-08-01T11:00:30Z'),
      event(42, '2024-08-02T23:59:59.999Z'),
      event(1, '2024-08-01T10:00:00Z', 'cms-eligibility', 'eligibility.ok'), event(1, '2024-08-01T10:00:01Z', 'cms-eligibility', 'eligibility.ok'),
      event(110, '2024-08-01T10:00:00Z', 'opm-docket', 'docket.latency_ms'),
    ]);
    const loaded = await openStore(':memory:');
    await ingestEvents(loaded, file, options(dir));
    const rebuilt = await openStore(':memory:');
    await ingestEvents(rebuilt, file, options(dir));
    await rebuilt.run('DELETE FROM rollups');
    await rebuildRollups(rebuilt, 'events', 'events');
    const expected = await buckets(rebuilt);
    // Minutes: latency's 10:00, 10:01, 10:59, 11:00 and day 2's, ok's and docket's; hours 5; days 4.
    expect(expected).toHaveLength(7 + 5 + 4);
    expect(await buckets(loaded)).toEqual(expected);
    loaded.close();
    rebuilt.close();
  });

  it('counts the events of an earlier load that share a minute with the new ones', async () => {
    const dir = tempDir();
    const store = await openStore(':memory:');
    await ingestEvents(store, writeLines(dir, 'a.ndjson', [event(10, '2024-08-01T10:00:10Z')]), options(dir));
    await ingestEvents(store, writeLines(dir, 'b.ndjson', [event(20, '2024-08-01T10:00:30Z'), event(30, '2024-08-01T10:05:00Z')]), options(dir));
    expect(await storedRollups(store)).toEqual([
      [60, '2024-08-01T10:00:00.000Z', 2, 30],
      [60, '2024-08-01T10:05:00.000Z', 1, 30],
      [3600, '2024-08-01T10:00:00.000Z', 3, 60],
      [86_400, '2024-08-01T00:00:00.000Z', 3, 60],
    ]);
    store.close();
  });
});

describe('the types of an event\'s fields', () => {
  // Each file holds one good event and one bad one: the fast path must see the bad one to send the
  // file through the line-by-line path, which names the line.
  const good = { program_id: 'cms-eligibility', metric: 'eligibility.latency_ms', value: -3, ts: '2024-08-01T10:00:00Z', tags: null, id: null };
  const cases: [string, object, string][] = [
    ['a number as program_id', { program_id: 7 }, 'program_id: expected a string'],
    ['true as metric', { metric: true }, 'metric: expected a metric name such as eligibility.latency_ms'],
    ['a string as value', { value: '12' }, 'value: expected a finite number'],
    ['null as value', { value: null }, 'value: expected a finite number'],
    ['true as value', { value: true }, 'value: expected a finite number'],
    ['a number as ts', { ts: 1722506400 }, 'ts: expected an ISO 8601 time with a zone, such as 2024-08-01T14:07:55Z'],
    ['a list as tags', { tags: ['OH'] }, 'tags: expected an object such as {"state": "OH"}'],
    ['a string as tags', { tags: 'OH' }, 'tags: expected an object such as {"state": "OH"}'],
    ['a number as id', { id: 7 }, 'id: expected a string'],
    ['an object as id', { id: { n: 7 } }, 'id: expected a string'],
  ];
  it.each(cases)('%s is quarantined with its line and reason', async (_, change, reason) => {
    const dir = tempDir();
    const file = writeLines(dir, 'events.ndjson', [good, { ...good, ts: '2024-08-01T10:00:01Z', ...change }]);
    const store = await openStore(':memory:');
    const report = await ingestEvents(store, file, options(dir));
    expect([report.rowsLoaded, report.rowsQuarantined, report.reasons]).toEqual([1, 1, [{ reason, count: 1 }]]);
    store.close();
  });
});

describe('loading the next hour of events', () => {
  it('rebuilds the hour and day it shares with stored events, and matches one load of both files', async () => {
    const dir = tempDir();
    const first = [event(5, '2024-08-01T09:15:00Z'), event(7, '2024-08-01T10:20:00Z'), event(0.1, '2024-08-01T10:20:30Z')];
    const next = [event(0.2, '2024-08-01T10:45:00Z'), event(11, '2024-08-01T11:05:00Z'), event(13, '2024-08-02T00:00:00Z')];
    const inTwo = await openStore(':memory:');
    await ingestEvents(inTwo, writeLines(dir, 'first.ndjson', first), options(dir));
    await ingestEvents(inTwo, writeLines(dir, 'next.ndjson', next), options(dir));
    const inOne = await openStore(':memory:');
    await ingestEvents(inOne, writeLines(dir, 'both.ndjson', [...first, ...next]), options(dir));
    const both = await buckets(inOne);
    expect(await buckets(inTwo)).toEqual(both);
    const hour = both.map((row) => JSON.parse(row)).find((row) => row.bucket_seconds === 3600 && String(row.bucket_start).startsWith('2024-08-01T10'));
    // Sums are added in sorted order: (0.1 + 0.2) + 7.
    expect([hour.count, Number(hour.sum)]).toEqual(['3', (0.1 + 0.2) + 7]);
    inTwo.close();
    inOne.close();
  });
});
