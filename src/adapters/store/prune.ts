import { sqlTimestamp } from './sql.ts';
import type { Store } from './open-store.ts';

const PRUNED_BEFORE = 'events_pruned_before';

/**
 * The instant before which raw events have been pruned, or null. Events older than this cannot be
 * loaded any more: their buckets were already rolled up without them.
 */
export async function prunedBefore(store: Store): Promise<Date | null> {
  const [row] = await store.rows<{ value: string }>(`SELECT value FROM meta WHERE key = '${PRUNED_BEFORE}'`);
  return row ? new Date(row.value) : null;
}

/**
 * Deletes raw events older than `retentionSeconds` before `at`, from the start of that UTC day so
 * that every kept day is whole. Rollups are never touched. Returns the number of events deleted.
 */
export async function pruneEvents(store: Store, at: Date, retentionSeconds: number): Promise<number> {
  const day = 86_400_000;
  const horizon = new Date(Math.floor((at.getTime() - retentionSeconds * 1000) / day) * day);
  const previous = await prunedBefore(store);
  if (previous && previous.getTime() >= horizon.getTime()) return 0;
  return store.transaction(async () => {
    const [row] = await store.rows<{ n: bigint }>(`SELECT count(*) AS n FROM events WHERE ts < ${sqlTimestamp(horizon)}`);
    await store.run(`DELETE FROM events WHERE ts < ${sqlTimestamp(horizon)}`);
    await store.run(`INSERT OR REPLACE INTO meta VALUES ('${PRUNED_BEFORE}', '${horizon.toISOString()}')`);
    return Number(row?.n ?? 0);
  });
}

/**
 * Where the store's data ends (exclusive): just after the newest raw event, or, for metrics with no
 * raw events (imported rollups), the end of the newest bucket at the metric's finest level (a day
 * bucket built from hours, or a minute bucket built from events, would overstate it).
 */
export async function dataEnd(store: Store): Promise<Date | null> {
  const [row] = await store.rows<{ end: Date | null }>(`
    SELECT greatest((SELECT max(ts) + INTERVAL 1 MILLISECOND FROM events), (${ROLLUP_END_SQL})) AS end`);
  return row?.end ?? null;
}

/** The end of the newest non-empty bucket, per metric without raw events at its finest level, for rows matching `where`. */
function rollupEndSql(where = 'true'): string {
  return `SELECT max(finest_end) FROM (
    SELECT program_id, metric, min(level_end) AS finest_end FROM (
      SELECT program_id, metric, bucket_seconds, max(bucket_start + to_seconds(bucket_seconds)) AS level_end
      FROM rollups r WHERE count > 0 AND ${where}
        AND NOT EXISTS (SELECT 1 FROM events e WHERE e.program_id = r.program_id AND e.metric = r.metric)
      GROUP BY ALL)
    GROUP BY ALL)`;
}

const ROLLUP_END_SQL = rollupEndSql();
