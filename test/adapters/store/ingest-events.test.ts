import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestEvents } from '../../../src/adapters/store/ingest-events.ts';
import { openStore } from '../../../src/adapters/store/open-store.ts';
import { tempDir, writeLines } from '../../helpers/temp.ts';
import { storedRollups } from '../../helpers/stored-rollups.ts';

const options = (dir: string) => ({
  programIds: ['cms-eligibility'],
  rawHorizon: new Date('2024-07-01T00:00:00Z'),
  rawRetentionSeconds: 30 * 86_400,
  quarantineDir: join(dir, 'quarantine'),
});
const event = (value: number, ts: string, extra: object = {}) => ({ program_id: 'cms-eligibility', metric: 'eligibility.latency_ms', value, ts, ...extra });

describe('ingestEvents', () => {
  it('loads valid lines, quarantines bad ones with their line and reason, and rolls up to 1m, 1h and 1d', async () => {
    const dir = tempDir();
    const file = writeLines(dir, 'events.ndjson', [
      event(100, '2024-08-01T14:07:55Z', { tags: { state: 'OH' } }),
      '{not json',
      event(300, '2024-08-01T14:07:59Z'),
      '',
      { ...event(1, '2024-08-01T14:08:00Z'), program_id: 'nasa-rockets' },
      event(Number.NaN, '2024-08-01T14:08:00Z'),
      event(5, '2024-08-01 14:08:00'),
      event(7, '2024-06-01T00:00:00Z'),
      event(200, '2024-08-01T15:00:00-04:00'),
    ]);
    const store = await openStore(':memory:');
    const report = await ingestEvents(store, file, options(dir));
    expect(report.rowsRead).toBe(8);
    expect(report.rowsLoaded).toBe(3);
    expect(report.rowsQuarantined).toBe(5);
    const quarantined = readFileSync(report.quarantineFile!, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(quarantined.map((row) => [row.line, row.reason])).toEqual([
      [2, 'invalid JSON: expected one JSON object per line'],
      [5, 'program_id: unknown program "nasa-rockets"'],
      [6, 'value: expected a finite number'],
      [7, 'ts: expected an ISO 8601 time with a zone, such as 2024-08-01T14:07:55Z'],
      [8, 'ts: older than the raw retention (30d); load it as a rollup instead'],
    ]);
    expect(await storedRollups(store)).toEqual([
      [60, '2024-08-01T14:07:00.000Z', 2, 400],
      [60, '2024-08-01T19:00:00.000Z', 1, 200],
      [3600, '2024-08-01T14:00:00.000Z', 2, 400],
      [3600, '2024-08-01T19:00:00.000Z', 1, 200],
      [86_400, '2024-08-01T00:00:00.000Z', 3, 600],
    ]);
    store.close();
  });

  it('loading the same file twice, or an overlapping export, adds nothing; identical events in one file stay distinct', async () => {
    const dir = tempDir();
    const a = writeLines(dir, 'a.ndjson', [event(1, '2024-08-01T10:00:00Z'), event(1, '2024-08-01T10:00:00Z'), event(2, '2024-08-01T10:00:01Z')]);
    const b = writeLines(dir, 'b.ndjson', [event(1, '2024-08-01T10:00:00Z'), event(2, '2024-08-01T10:00:01Z'), event(3, '2024-08-01T10:00:02Z')]);
    const store = await openStore(':memory:');
    await ingestEvents(store, a, options(dir));
    await ingestEvents(store, a, options(dir));
    await ingestEvents(store, b, options(dir));
    const [row] = await store.rows<{ n: bigint; s: number }>(`SELECT count(*) AS n, sum(value) AS s FROM events`);
    // a: 1, 1, 2; b adds only 3 (its single 1 and its 2 are already there) → 1 + 1 + 2 + 3 = 7 over 4 events
    expect([Number(row!.n), row!.s]).toEqual([4, 7]);
    const [hour] = await store.rows<{ count: bigint; sum: number }>(`SELECT count, sum FROM rollups WHERE bucket_seconds = 3600`);
    expect([Number(hour!.count), hour!.sum]).toEqual([4, 7]);
    store.close();
  });

  it('tags are part of an event\'s identity whatever their order or the type of their values', async () => {
    const dir = tempDir();
    const first = writeLines(dir, 'first.ndjson', [
      event(1, '2024-08-01T10:00:00Z', { tags: { state: 'OH', office: '12' } }),
      event(2, '2024-08-01T10:00:00Z', { tags: { state: 'OH' } }),
      event(3, '2024-08-01T10:00:00Z', { tags: { office: 12 } }),
      event(4, '2024-08-01T10:00:00Z', { tags: { state: 'O"H' } }),
    ]);
    // The same four events as another exporter writes them: keys in another order, a number as text,
    // spaces after the colons; and one event that differs only by a tag value.
    const second = writeLines(dir, 'second.ndjson', [
      '{"program_id": "cms-eligibility", "metric": "eligibility.latency_ms", "value": 1, "ts": "2024-08-01T10:00:00Z", "tags": {"office": "12", "state": "OH"}}',
      '{"program_id": "cms-eligibility", "metric": "eligibility.latency_ms", "value": 2, "ts": "2024-08-01T10:00:00Z", "tags": {"state": "OH"}}',
      '{"program_id": "cms-eligibility", "metric": "eligibility.latency_ms", "value": 3, "ts": "2024-08-01T10:00:00Z", "tags": {"office": "12"}}',
      '{"program_id": "cms-eligibility", "metric": "eligibility.latency_ms", "value": 4, "ts": "2024-08-01T10:00:00Z", "tags": {"state": "O\\"H"}}',
      event(2, '2024-08-01T10:00:00Z', { tags: { state: 'PA' } }),
    ]);
    const store = await openStore(':memory:');
    await ingestEvents(store, first, options(dir));
    await ingestEvents(store, second, options(dir));
    const rows = await store.rows<{ value: number; tags: string }>(`SELECT value, tags FROM events ORDER BY value, tags`);
    // 1 + 2 + 3 + 4 from the first file, and only the PA event (2) from the second: 12 over 5 events.
    expect(rows.map((row) => [row.value, row.tags])).toEqual([
      [1, '{"office":"12","state":"OH"}'],
      [2, '{"state":"OH"}'],
      [2, '{"state":"PA"}'],
      [3, '{"office":"12"}'],
      [4, '{"state":"O\\"H"}'],
    ]);
    store.close();
  });

  it('an event with an id is replaced by a later edit, and its old bucket is rebuilt', async () => {
    const dir = tempDir();
    const first = writeLines(dir, 'first.ndjson', [event(10, '2024-08-01T10:00:00Z', { id: 'case-1' }), event(20, '2024-08-01T10:30:00Z', { id: 'case-2' })]);
    const edit = writeLines(dir, 'edit.ndjson', [event(11, '2024-08-01T11:15:00Z', { id: 'case-1' })]);
    const store = await openStore(':memory:');
    await ingestEvents(store, first, options(dir));
    await ingestEvents(store, edit, options(dir));
    const hours = await store.rows<{ bucket_start: Date; count: bigint; sum: number }>(`SELECT bucket_start, count, sum FROM rollups WHERE bucket_seconds = 3600 ORDER BY bucket_start`);
    expect(hours.map((h) => [h.bucket_start.toISOString(), Number(h.count), h.sum])).toEqual([
      ['2024-08-01T10:00:00.000Z', 1, 20],
      ['2024-08-01T11:00:00.000Z', 1, 11],
    ]);
    store.close();
  });
});

describe('edits within one file', () => {
  it('keep the last line of an id, on the fast path and on the line-by-line path alike', async () => {
    const dir = tempDir();
    const versions = [event(10, '2024-08-01T10:00:00Z', { id: 'case-1' }), event(20, '2024-08-01T10:05:00Z'), event(12, '2024-08-01T10:00:00Z', { id: 'case-1' })];
    for (const lines of [versions, [...versions, '{broken']]) {
      const file = writeLines(dir, `edits-${lines.length}.ndjson`, lines);
      const store = await openStore(':memory:');
      await ingestEvents(store, file, options(dir));
      const [row] = await store.rows<{ n: bigint; s: number }>(`SELECT count(*) AS n, sum(value) AS s FROM events`);
      // case-1 counts once, with its last value 12: 12 + 20 = 32
      expect([Number(row!.n), row!.s]).toEqual([2, 32]);
      store.close();
    }
  });
});

describe('quarantine files', () => {
  it('keep files of the same name in different folders apart, and disappear after a clean load', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    const bad = (folder: string) => writeLines(join(dir, folder), 'events.ndjson', [event(1, '2024-08-01T10:00:00Z'), '{oops']);
    const store = await openStore(':memory:');
    const first = await ingestEvents(store, bad('a'), options(dir));
    const second = await ingestEvents(store, bad('b'), options(dir));
    expect(first.quarantineFile).not.toBe(second.quarantineFile);
    expect(existsSync(first.quarantineFile!) && existsSync(second.quarantineFile!)).toBe(true);
    // The same path, fixed: its old rejects are removed.
    const fixed = writeLines(join(dir, 'a'), 'events.ndjson', [event(1, '2024-08-01T10:00:00Z')]);
    const clean = await ingestEvents(store, fixed, options(dir));
    expect(clean.quarantineFile).toBeUndefined();
    expect(existsSync(first.quarantineFile!)).toBe(false);
    expect(existsSync(second.quarantineFile!)).toBe(true);
    store.close();
  });
});
