import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../../src/adapters/store/ingest-file.ts';
import { openStore } from '../../../src/adapters/store/open-store.ts';
import { dataEnd, pruneEvents, prunedBefore } from '../../../src/adapters/store/prune.ts';
import { tempDir, writeLines } from '../../helpers/temp.ts';

const event = (value: number, ts: string) => ({ program_id: 'api', metric: 'm', value, ts });

describe('pruning raw events', () => {
  it('deletes whole UTC days older than the retention, keeps every rollup, and refuses events from before the cut', async () => {
    const dir = tempDir();
    const options = { programIds: ['api'], rawRetentionSeconds: 2 * 86_400, quarantineDir: join(dir, 'q') };
    const file = writeLines(dir, 'events.ndjson', [event(1, '2024-08-01T10:00:00Z'), event(2, '2024-08-02T23:59:59Z'), event(4, '2024-08-03T00:00:00Z'), event(8, '2024-08-04T12:00:00Z')]);
    const store = await openStore(':memory:');
    await ingestFile(store, { path: file }, options);
    const rollupsBefore = await store.rows(`SELECT * FROM rollups ORDER BY ALL`);

    // at 2024-08-05T06:00Z minus 2 days = 2024-08-03T06:00Z, cut back to the start of that day: 2024-08-03T00:00Z
    const deleted = await pruneEvents(store, new Date('2024-08-05T06:00:00Z'), 2 * 86_400);
    expect(deleted).toBe(2);
    expect((await store.rows<{ value: number }>(`SELECT value FROM events ORDER BY ts`)).map((r) => r.value)).toEqual([4, 8]);
    expect(await store.rows(`SELECT * FROM rollups ORDER BY ALL`)).toEqual(rollupsBefore);
    expect((await prunedBefore(store))?.toISOString()).toBe('2024-08-03T00:00:00.000Z');
    // pruning again at the same instant does nothing
    expect(await pruneEvents(store, new Date('2024-08-05T06:00:00Z'), 2 * 86_400)).toBe(0);

    const late = writeLines(dir, 'late.ndjson', [event(16, '2024-08-02T12:00:00Z'), event(32, '2024-08-03T12:00:00Z')]);
    const report = await ingestFile(store, { path: late }, options);
    expect(report.reasons).toEqual([{ reason: 'ts: older than the raw retention (2d); load it as a rollup instead', count: 1 }]);
    expect(report.rowsLoaded).toBe(1);
    // the newest data point is the 2024-08-04T12:00Z event; data ends just after it
    expect((await dataEnd(store))?.toISOString()).toBe('2024-08-04T12:00:00.001Z');
    store.close();
  });
});
