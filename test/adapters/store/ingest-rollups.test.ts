import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../../src/adapters/store/ingest-file.ts';
import { openStore, type Store } from '../../../src/adapters/store/open-store.ts';
import { createStoreReader } from '../../../src/adapters/store/store-reader.ts';
import { InputError } from '../../../src/core/errors.ts';
import { tempDir } from '../../helpers/temp.ts';

const options = (dir: string) => ({ programIds: ['opm-docket-api'], rawRetentionSeconds: 30 * 86_400, quarantineDir: join(dir, 'quarantine') });
const HEADER = 'program_id,metric,bucket_start,bucket_seconds,count,sum,min,max,histogram';

async function hours(store: Store, seconds = 3600) {
  const rows = await store.rows<{ bucket_start: Date; count: bigint; sum: number; histogram: { k: number; n: bigint }[] }>(
    `SELECT bucket_start, count, sum, histogram FROM rollups WHERE bucket_seconds = ${seconds} ORDER BY bucket_start`,
  );
  return rows.map((r) => ({ start: r.bucket_start.toISOString(), count: Number(r.count), sum: r.sum, histogram: r.histogram.map((b) => `${b.k}:${Number(b.n)}`).join(';') }));
}

describe('ingesting rollups', () => {
  it('loads a CSV export, quarantines bad rows naming their line, and builds the day bucket from the hours', async () => {
    const dir = tempDir();
    const file = join(dir, 'rollups.csv');
    writeFileSync(file, [
      HEADER,
      'opm-docket-api,docket.latency_ms,2024-08-01T10:00:00Z,3600,3,330,100,120,50233:1;50240:2',
      'opm-docket-api,docket.latency_ms,2024-08-01T11:00:00Z,3600,2,200,100,100,50233:2',
      'opm-docket-api,docket.latency_ms,2024-08-01T12:30:00Z,3600,1,5,5,5,50081:1',
      'opm-docket-api,docket.latency_ms,2024-08-01T13:00:00Z,3600,4,5,5,5,50081:1',
      'nasa,docket.latency_ms,2024-08-01T13:00:00Z,3600,1,5,5,5,50081:1',
      'opm-docket-api,docket.latency_ms,2024-08-01T14:00:00Z,900,1,5,5,5,50081:1',
      'opm-docket-api,docket.latency_ms,2024-08-01T15:00:00Z,3600,1,5,5,5,oops',
    ].join('\r\n'));
    const store = await openStore(':memory:');
    const report = await ingestFile(store, { path: file }, options(dir));
    expect([report.kind, report.rowsRead, report.rowsLoaded, report.rowsQuarantined]).toEqual(['rollups', 7, 2, 5]);
    const quarantined = readFileSync(report.quarantineFile!, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(quarantined.map((row) => `${row.line}: ${row.reason}`)).toEqual([
      '4: bucket_start: expected the start of a 3600-second bucket (aligned to UTC)',
      '5: histogram: bucket counts add up to 1, expected count 4',
      '6: program_id: unknown program "nasa"',
      '7: bucket_seconds: expected 60, 3600 or 86400',
      '8: histogram: expected key:count pairs such as 50339:12;50340:3 (see docs/portal-format.md)',
    ]);
    expect(await hours(store)).toEqual([
      { start: '2024-08-01T10:00:00.000Z', count: 3, sum: 330, histogram: '50233:1;50240:2' },
      { start: '2024-08-01T11:00:00.000Z', count: 2, sum: 200, histogram: '50233:2' },
    ]);
    // The day bucket merges the two hours: 3 + 2 events, 330 + 200, key 50233 seen 1 + 2 times.
    expect(await hours(store, 86_400)).toEqual([{ start: '2024-08-01T00:00:00.000Z', count: 5, sum: 530, histogram: '50233:3;50240:2' }]);
    store.close();
  });

  it('an overlapping export replaces buckets instead of adding to them, and a second load of the same file changes nothing', async () => {
    const dir = tempDir();
    const first = join(dir, 'first.ndjson');
    const overlap = join(dir, 'overlap.ndjson');
    const row = (hour: number, count: number) => JSON.stringify({ program_id: 'opm-docket-api', metric: 'docket.ok', bucket_start: `2024-08-01T${String(hour).padStart(2, '0')}:00:00Z`, bucket_seconds: 3600, count, sum: count, min: 1, max: 1, histogram: `${50_000}:${count}` });
    writeFileSync(first, [row(10, 5), row(11, 6)].join('\n'));
    writeFileSync(overlap, [row(11, 7), row(12, 8)].join('\n'));
    const store = await openStore(':memory:');
    await ingestFile(store, { path: first }, options(dir));
    await ingestFile(store, { path: first }, options(dir));
    await ingestFile(store, { path: overlap }, options(dir));
    // hour 11 is replaced by the newer export's 7, not added: 5 + 7 + 8 = 20 for the day
    expect((await hours(store)).map((h) => h.count)).toEqual([5, 7, 8]);
    expect((await hours(store, 86_400)).map((h) => h.count)).toEqual([20]);
    store.close();
  });

  it('keeps the last row of a bucket that a file holds twice', async () => {
    const dir = tempDir();
    const file = join(dir, 'rollups.csv');
    writeFileSync(file, [
      HEADER,
      'opm-docket-api,docket.ok,2024-08-01T10:00:00Z,3600,3,3,1,1,',
      'opm-docket-api,docket.ok,2024-08-01T11:00:00Z,3600,2,2,1,1,',
      'opm-docket-api,docket.ok,2024-08-01T10:00:00Z,3600,9,9,1,1,',
    ].join('\n'));
    const store = await openStore(':memory:');
    await ingestFile(store, { path: file }, options(dir));
    expect((await hours(store)).map((h) => [h.start, h.count])).toEqual([['2024-08-01T10:00:00.000Z', 9], ['2024-08-01T11:00:00.000Z', 2]]);
    expect((await hours(store, 86_400)).map((h) => h.count)).toEqual([11]);
    store.close();
  });

  it('reads Parquet with a native histogram list', async () => {
    const dir = tempDir();
    const file = join(dir, 'rollups.parquet');
    const scratch = await openStore(':memory:');
    await scratch.run(`COPY (SELECT 'opm-docket-api' AS program_id, 'docket.latency_ms' AS metric, TIMESTAMP '2024-08-01 10:00:00' AS bucket_start,
      3600 AS bucket_seconds, 3::BIGINT AS count, 330.0 AS sum, 100.0 AS min, 120.0 AS max,
      [{'k': 50233, 'n': 1}, {'k': 50240, 'n': 2}]::STRUCT(k INTEGER, n BIGINT)[] AS histogram) TO '${file}' (FORMAT parquet)`);
    scratch.close();
    const store = await openStore(':memory:');
    const report = await ingestFile(store, { path: file }, options(dir));
    expect([report.rowsLoaded, report.rowsQuarantined]).toEqual([1, 0]);
    expect(await hours(store)).toEqual([{ start: '2024-08-01T10:00:00.000Z', count: 3, sum: 330, histogram: '50233:1;50240:2' }]);
    store.close();
  });

  it('a file without the required columns is refused as a whole with the missing names', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'program_id,metric,when,count\nopm-docket-api,docket.ok,2024-08-01T10:00:00Z,3\n');
    const store = await openStore(':memory:');
    const error = await ingestFile(store, { path: file }, options(dir)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues.map((i) => i.message)).toEqual([
      'missing columns bucket_start, bucket_seconds, sum, min, max, histogram; expected program_id, metric, bucket_start, bucket_seconds, count, sum, min, max, histogram',
    ]);
    const [count] = await store.rows<{ n: bigint }>(`SELECT count(*) AS n FROM rollups`);
    expect(Number(count!.n)).toBe(0);
    store.close();
  });
});

describe('rollups without histograms', () => {
  it('give counts and sums but no quantiles or limit counts, instead of counting every event as bad', async () => {
    const dir = tempDir();
    const file = join(dir, 'mixed.csv');
    writeFileSync(file, [
      HEADER,
      'opm-docket-api,docket.latency_ms,2024-08-01T10:00:00Z,3600,2,200,100,100,50233:2',
      'opm-docket-api,docket.latency_ms,2024-08-01T11:00:00Z,3600,3,300,100,100,',
    ].join('\n'));
    const store = await openStore(':memory:');
    await ingestFile(store, { path: file }, options(dir));
    const reader = await createStoreReader(store);
    const request = (start: string, end: string, step?: number) => ({ program: 'opm-docket-api', metrics: ['docket.latency_ms'], start: new Date(start), end: new Date(end), quantiles: [0.5], atMost: [500], ...(step ? { step } : {}) });
    const [both, covered, series] = await reader.aggregateMany([
      request('2024-08-01T10:00:00Z', '2024-08-01T12:00:00Z'),
      request('2024-08-01T10:00:00Z', '2024-08-01T11:00:00Z'),
      request('2024-08-01T10:00:00Z', '2024-08-01T12:00:00Z', 3600),
    ]);
    expect(both!.map((a) => [a.count, a.sum, a.quantiles, a.atMost])).toEqual([[5, 500, [null], [null]]]);
    expect(covered![0]!.atMost).toEqual([2]);
    expect(covered![0]!.quantiles[0]).toBeCloseTo(100, 0);
    expect(series!.map((a) => [a.count, a.atMost])).toEqual([[2, [2]], [3, [null]]]);
    store.close();
  });
});
