import { formatDuration } from '../../core/duration.ts';
import { clearQuarantine, writeQuarantine } from './quarantine.ts';
import { rebuildRollups } from './rebuild-rollups.ts';
import { INSTANT_PATTERN_SQL, METRIC_PATTERN_SQL, readLinesSql, sqlList, sqlString, sqlTimestamp, utcTimestampSql } from './sql.ts';
import type { Store } from './open-store.ts';

export interface IngestOptions {
  /** Program ids that exist in the portal; events of other programs are quarantined. */
  programIds: readonly string[];
  /** Events before this instant are older than raw retention and are quarantined. */
  rawHorizon: Date;
  /** Raw retention, for the quarantine reason. */
  rawRetentionSeconds: number;
  /** Folder that receives quarantine files. */
  quarantineDir: string;
  /** The file's SHA-256, recorded in `loads` so an unchanged file can be skipped next time. */
  sha256?: string;
}

/** What loading one file did. */
export interface IngestReport {
  file: string;
  kind: 'events' | 'rollups';
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  /** The quarantine file, when any row was quarantined. */
  quarantineFile?: string;
  /** Reasons with their counts, most frequent first. */
  reasons: { reason: string; count: number }[];
}

/**
 * Loads an NDJSON file of raw metric events (gzip when the name ends in .gz).
 *
 * Identity (what makes loading idempotent): an event with an `id` is (program_id, metric, id), and a
 * later line or later load with the same identity replaces it (an edit). An event without `id` is
 * identified by its content (program_id, metric, ts, value, tags) and its ordinal among identical
 * events in the same file: loading a file twice, or an export that overlaps an earlier one, adds
 * nothing, while n identical events in one file stay n events.
 */
export async function ingestEvents(store: Store, file: string, options: IngestOptions): Promise<IngestReport> {
  return store.transaction(async () => {
    await store.run(`CREATE OR REPLACE TEMP TABLE event_lines AS ${readLinesSql(file)}`);
    await store.run(`CREATE OR REPLACE TEMP TABLE event_stage AS ${parseEventsSql(options)}`);
    const [counts] = await store.rows<{ read: bigint; bad: bigint }>(`SELECT count(*) AS read, count(reason) AS bad FROM event_stage`);
    await store.run(`
      CREATE OR REPLACE TEMP TABLE event_good AS
      SELECT program_id, metric, ts, value, tags,
        CASE WHEN id IS NOT NULL THEN 'id:' || id
             ELSE 'h:' || md5(concat_ws(chr(31), ts::VARCHAR, value::VARCHAR, coalesce(tags, ''))) || ':' ||
                  row_number() OVER (PARTITION BY program_id, metric, ts, value, tags, id IS NULL ORDER BY line)
        END AS event_key
      FROM event_stage
      WHERE reason IS NULL
      QUALIFY id IS NULL OR row_number() OVER (PARTITION BY program_id, metric, id ORDER BY line DESC) = 1`);
    // Buckets to rebuild: where the new events fall and where replaced events fell before an edit.
    await store.run(`
      CREATE OR REPLACE TEMP TABLE event_touched AS
      SELECT program_id, metric, ts FROM event_good
      UNION ALL
      SELECT e.program_id, e.metric, e.ts FROM events e SEMI JOIN event_good g
        ON e.program_id = g.program_id AND e.metric = g.metric AND e.event_key = g.event_key`);
    await store.run(`DELETE FROM events e USING event_good g WHERE e.program_id = g.program_id AND e.metric = g.metric AND e.event_key = g.event_key`);
    await store.run(`INSERT INTO events SELECT program_id, metric, ts, value, tags, event_key FROM event_good`);
    await rebuildRollups(store, 'event_touched', 'events');
    const report = await finishReport(store, file, 'events', Number(counts?.read ?? 0), Number(counts?.bad ?? 0), options, 'event_stage', async () => 'SELECT line, raw FROM event_lines');
    await store.run(`DROP TABLE event_lines; DROP TABLE event_stage; DROP TABLE event_good; DROP TABLE event_touched`);
    return report;
  });
}

/** Records a load in the `loads` table, writes the quarantine file and counts reasons. */
export async function finishReport(store: Store, file: string, kind: 'events' | 'rollups', read: number, bad: number, options: IngestOptions, stage: string, rawRows: () => Promise<string>): Promise<IngestReport> {
  const reasons = await store.rows<{ reason: string; count: bigint }>(
    `SELECT reason, count(*) AS count FROM ${stage} WHERE reason IS NOT NULL GROUP BY reason ORDER BY count DESC, reason LIMIT 20`,
  );
  const quarantineFile = bad > 0 ? await writeQuarantine(store, file, stage, options.quarantineDir, await rawRows()) : undefined;
  if (bad === 0) clearQuarantine(options.quarantineDir, file);
  const sha256 = options.sha256 ? sqlString(options.sha256) : 'NULL';
  await store.run(`INSERT INTO loads VALUES (make_timestamp(epoch_us(now())), ${sqlString(file)}, '${kind}', ${read}, ${read - bad}, ${bad}, ${sha256})`);
  return {
    file,
    kind,
    rowsRead: read,
    rowsLoaded: read - bad,
    rowsQuarantined: bad,
    ...(quarantineFile ? { quarantineFile } : {}),
    reasons: reasons.map((row) => ({ reason: row.reason, count: Number(row.count) })),
  };
}

function parseEventsSql(options: IngestOptions): string {
  const programs = options.programIds.length > 0 ? sqlList(options.programIds) : `(NULL)`;
  const retention = formatDuration(options.rawRetentionSeconds);
  return `
    WITH parsed AS (
      SELECT line, raw, CASE WHEN json_valid(raw) THEN raw::JSON END AS j
      FROM event_lines
      WHERE raw IS NOT NULL AND trim(raw) <> ''
    ), fields AS (
      SELECT line, raw, j, json_type(j) AS j_type,
        j ->> 'program_id' AS program_id, json_type(j -> 'program_id') AS program_type,
        j ->> 'metric' AS metric, json_type(j -> 'metric') AS metric_type,
        TRY_CAST(j ->> 'value' AS DOUBLE) AS value, json_type(j -> 'value') AS value_type,
        j ->> 'ts' AS ts_text, json_type(j -> 'ts') AS ts_type,
        ${utcTimestampSql("j ->> 'ts'")} AS ts,
        j -> 'tags' AS tags_json, json_type(j -> 'tags') AS tags_type,
        j ->> 'id' AS id, json_type(j -> 'id') AS id_type
      FROM parsed
    )
    SELECT line, program_id, metric, value, ts, id,
      CASE WHEN tags_type = 'OBJECT'
        THEN to_json(map_from_entries(list_sort(map_entries(TRY_CAST(tags_json AS MAP(VARCHAR, VARCHAR))))))::VARCHAR
      END AS tags,
      CASE
        WHEN j IS NULL THEN 'invalid JSON: expected one JSON object per line'
        WHEN j_type <> 'OBJECT' THEN 'expected a JSON object, got ' || lower(j_type)
        WHEN program_type IS DISTINCT FROM 'VARCHAR' THEN 'program_id: expected a string'
        WHEN program_id NOT IN ${programs} THEN 'program_id: unknown program "' || left(program_id, 64) || '"'
        WHEN metric_type IS DISTINCT FROM 'VARCHAR' OR NOT regexp_full_match(metric, ${METRIC_PATTERN_SQL}) THEN 'metric: expected a metric name such as eligibility.latency_ms'
        WHEN value_type IS NULL OR value_type NOT IN ('UBIGINT', 'BIGINT', 'DOUBLE') OR NOT isfinite(value) THEN 'value: expected a finite number'
        WHEN ts_type IS DISTINCT FROM 'VARCHAR' OR NOT regexp_full_match(ts_text, ${INSTANT_PATTERN_SQL}) OR ts IS NULL THEN 'ts: expected an ISO 8601 time with a zone, such as 2024-08-01T14:07:55Z'
        WHEN tags_type IS NOT NULL AND tags_type NOT IN ('OBJECT', 'NULL') THEN 'tags: expected an object such as {"state": "OH"}'
        WHEN id_type IS NOT NULL AND id_type NOT IN ('VARCHAR', 'NULL') THEN 'id: expected a string'
        WHEN ts < ${sqlTimestamp(options.rawHorizon)} THEN 'ts: older than the raw retention (${retention}); load it as a rollup instead'
      END AS reason
    FROM fields`;
}
