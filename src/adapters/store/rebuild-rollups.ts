import { bucketKeySql, RESOLUTIONS } from './schema.ts';
import { sqlList, sqlTimestamp } from './sql.ts';
import type { Store } from './open-store.ts';

/**
 * Recomputes the rollup buckets that contain the instants in `touchedTable` (columns program_id,
 * metric, ts): from raw events at the finest level when `from` is 'events', then each coarser level
 * from the one below it. Rebuilding replaces whole buckets, so it is idempotent.
 * `sources` may name staging tables that hold every raw event (`events`), or every bucket of the
 * loaded level (`finer`), of the touched buckets: they then stand in for the big tables.
 * `from` may also be a bucket length already loaded (e.g. 3600 after importing hourly rollups):
 * then only the coarser levels are rebuilt.
 * Sums are taken in a fixed order (values sorted before they are added) so that rebuilding a bucket
 * gives the same bits whatever order DuckDB's parallel scan read the rows in; sorting the small
 * per-bucket lists is far cheaper than DuckDB's ordered aggregates (`sum(x ORDER BY x)`). Every scan of the big tables
 * is limited to the touched programs and time range, so a load costs what it touches.
 */
export async function rebuildRollups(store: Store, touchedTable: string, from: 'events' | number, sources: { events?: string; finer?: string } = {}): Promise<void> {
  const [range] = await store.rows<{ programs: string[] | null; first: Date | null; last: Date | null }>(
    `SELECT list(DISTINCT program_id) AS programs, min(ts) AS first, max(ts) AS last FROM ${touchedTable}`,
  );
  if (!range?.programs?.length || !range.first || !range.last) return;
  const levels = RESOLUTIONS.filter((seconds) => (from === 'events' ? true : seconds > from));
  let finer: number | 'events' = from;
  for (const seconds of levels) {
    // Buckets of this level that hold a touched instant start at most one bucket before the first one.
    const scope = {
      programs: sqlList(range.programs),
      first: sqlTimestamp(new Date(Math.floor(range.first.getTime() / (seconds * 1000)) * seconds * 1000)),
      end: sqlTimestamp(new Date(Math.floor(range.last.getTime() / (seconds * 1000)) * seconds * 1000 + seconds * 1000)),
    };
    await store.run(`
      CREATE OR REPLACE TEMP TABLE rollup_touched AS
      SELECT DISTINCT program_id, metric, time_bucket(INTERVAL ${seconds} SECOND, ts) AS bucket_start FROM ${touchedTable}`);
    await store.run(`
      DELETE FROM rollups r USING rollup_touched t
      WHERE r.program_id IN ${scope.programs} AND r.bucket_seconds = ${seconds} AND r.bucket_start >= ${scope.first} AND r.bucket_start < ${scope.end}
        AND r.program_id = t.program_id AND r.metric = t.metric AND r.bucket_start = t.bucket_start`);
    const sql = finer === 'events'
      ? fromEventsSql(seconds, scope, sources.events ?? 'events')
      : fromRollupsSql(finer, seconds, scope, finer === from ? sources.finer : undefined);
    await store.run(`INSERT INTO rollups ${sql}`);
    finer = seconds;
  }
  await store.run(`DROP TABLE IF EXISTS rollup_touched`);
}

interface Scope {
  programs: string;
  first: string;
  end: string;
}

function fromEventsSql(seconds: number, scope: Scope, eventsTable: string): string {
  // A staging table holds only events of touched buckets, so it needs no join with them.
  const source = eventsTable === 'events'
    ? `events e JOIN rollup_touched t
        ON e.program_id = t.program_id AND e.metric = t.metric AND time_bucket(INTERVAL ${seconds} SECOND, e.ts) = t.bucket_start
      WHERE e.program_id IN ${scope.programs} AND e.ts >= ${scope.first} AND e.ts < ${scope.end}`
    : `${eventsTable} e`;
  return `
    SELECT program_id, metric, ${seconds}, bucket_start, sum(n), list_sum(list_sort(list(s))), min(lo), max(hi), list_sort(list({'k': k, 'n': n}))
    FROM (
      SELECT e.program_id, e.metric, time_bucket(INTERVAL ${seconds} SECOND, e.ts) AS bucket_start, ${bucketKeySql('e.value')} AS k,
        count(*) AS n, list_sum(list_sort(list(e.value))) AS s, min(e.value) AS lo, max(e.value) AS hi
      FROM ${source}
      GROUP BY ALL
    )
    GROUP BY program_id, metric, bucket_start`;
}

function fromRollupsSql(finer: number, seconds: number, scope: Scope, finerTable?: string): string {
  const parts = finerTable
    ? `SELECT program_id, metric, time_bucket(INTERVAL ${seconds} SECOND, bucket_start) AS bucket_start, count, sum, min, max, histogram
      FROM ${finerTable} WHERE bucket_seconds = ${finer}`
    : `SELECT r.program_id, r.metric, t.bucket_start, r.count, r.sum, r.min, r.max, r.histogram
      FROM rollups r JOIN rollup_touched t
        ON r.program_id = t.program_id AND r.metric = t.metric AND time_bucket(INTERVAL ${seconds} SECOND, r.bucket_start) = t.bucket_start
      WHERE r.program_id IN ${scope.programs} AND r.bucket_seconds = ${finer} AND r.bucket_start >= ${scope.first} AND r.bucket_start < ${scope.end}`;
  return `
    WITH parts AS (${parts}), totals AS (
      SELECT program_id, metric, bucket_start, sum(count) AS n, list_sum(list_sort(list(sum))) AS s, min(min) AS lo, max(max) AS hi FROM parts GROUP BY ALL
    ), buckets AS (
      SELECT program_id, metric, bucket_start, b.k AS k, sum(b.n) AS n
      FROM (SELECT program_id, metric, bucket_start, unnest(histogram) AS b FROM parts)
      GROUP BY ALL
    ), merged AS (
      SELECT program_id, metric, bucket_start, list_sort(list({'k': k, 'n': n::BIGINT})) AS histogram FROM buckets GROUP BY ALL
    )
    SELECT t.program_id, t.metric, ${seconds}, t.bucket_start, t.n, t.s, t.lo, t.hi, coalesce(m.histogram, [])
    FROM totals t LEFT JOIN merged m USING (program_id, metric, bucket_start)`;
}
