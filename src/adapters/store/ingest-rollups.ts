import { InputError } from '../../core/errors.ts';
import { finishReport, type IngestOptions, type IngestReport } from './ingest-events.ts';
import { rebuildRollups } from './rebuild-rollups.ts';
import { RESOLUTIONS } from './schema.ts';
import { METRIC_PATTERN_SQL, readLinesSql, sqlList, sqlString } from './sql.ts';
import type { Store } from './open-store.ts';

export type RollupFormat = 'csv' | 'parquet' | 'ndjson';

/** Columns every rollup file has. `histogram` may be empty for counters. */
export const ROLLUP_COLUMNS = ['program_id', 'metric', 'bucket_start', 'bucket_seconds', 'count', 'sum', 'min', 'max', 'histogram'] as const;

/**
 * Loads a file of rolled-up buckets as an upstream system exports them.
 * Identity: (program_id, metric, bucket_seconds, bucket_start). Loading a bucket again replaces it,
 * so loading the same file twice, or an export that overlaps an earlier one, never doubles a count.
 * Within one file, the last row for a bucket wins. Coarser levels (1 h, 1 d) are rebuilt from the loaded one.
 */
export async function ingestRollups(store: Store, file: string, format: RollupFormat, options: IngestOptions): Promise<IngestReport> {
  return store.transaction(async () => {
    const input = await inputSql(store, file, format);
    await store.run(`CREATE OR REPLACE TEMP TABLE rollup_input AS ${input.sql}`);
    await store.run(`CREATE OR REPLACE TEMP TABLE rollup_stage AS ${validateSql(options.programIds, input.histogramIsList)}`);
    const [counts] = await store.rows<{ read: bigint; bad: bigint }>(`SELECT count(*) AS read, count(reason) AS bad FROM rollup_stage`);
    await store.run(`
      CREATE OR REPLACE TEMP TABLE rollup_good AS
      SELECT program_id, metric, bucket_seconds, bucket_start, count, sum, min, max, histogram
      FROM rollup_stage WHERE reason IS NULL
      QUALIFY row_number() OVER (PARTITION BY program_id, metric, bucket_seconds, bucket_start ORDER BY line DESC) = 1`);
    await store.run(`
      DELETE FROM rollups r USING rollup_good g
      WHERE r.program_id = g.program_id AND r.metric = g.metric AND r.bucket_seconds = g.bucket_seconds AND r.bucket_start = g.bucket_start`);
    await store.run(`INSERT INTO rollups SELECT * FROM rollup_good`);
    for (const seconds of RESOLUTIONS.slice(0, -1)) {
      await store.run(`CREATE OR REPLACE TEMP TABLE rollup_level AS SELECT program_id, metric, bucket_start AS ts FROM rollup_good WHERE bucket_seconds = ${seconds}`);
      const [level] = await store.rows<{ n: bigint }>(`SELECT count(*) AS n FROM rollup_level`);
      if (Number(level?.n ?? 0) > 0) await rebuildRollups(store, 'rollup_level', seconds);
    }
    const report = await finishReport(store, file, 'rollups', Number(counts?.read ?? 0), Number(counts?.bad ?? 0), options, 'rollup_stage');
    await store.run(`DROP TABLE rollup_input; DROP TABLE rollup_stage; DROP TABLE rollup_good; DROP TABLE IF EXISTS rollup_level`);
    return report;
  });
}

/** Reads the file into columns named as ROLLUP_COLUMNS, plus `line` and `raw` (the row as text, for quarantine). */
async function inputSql(store: Store, file: string, format: RollupFormat): Promise<{ sql: string; histogramIsList: boolean }> {
  const columnsSql = ROLLUP_COLUMNS.join(', ');
  if (format === 'ndjson') {
    const sql = `
      SELECT line, raw, ${ROLLUP_COLUMNS.filter((c) => c !== 'histogram').map((c) => `j ->> '${c}' AS ${c}`).join(', ')},
        CASE WHEN json_type(j -> 'histogram') = 'ARRAY' THEN (j -> 'histogram')::VARCHAR ELSE j ->> 'histogram' END AS histogram,
        j IS NULL AS bad_json
      FROM (SELECT line, raw, CASE WHEN json_valid(raw) AND json_type(raw::JSON) = 'OBJECT' THEN raw::JSON END AS j
            FROM (${readLinesSql(file)}) WHERE raw IS NOT NULL AND trim(raw) <> '')`;
    return { sql, histogramIsList: false };
  }
  const reader = format === 'csv'
    ? `read_csv(${sqlString(file)}, header = true, all_varchar = true)`
    : `read_parquet(${sqlString(file)})`;
  const described = await store.rows<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM ${reader}`);
  const present = new Set(described.map((row) => row.column_name));
  const missing = ROLLUP_COLUMNS.filter((name) => !present.has(name));
  if (missing.length > 0) {
    throw new InputError([{ file, line: 1, column: 1, message: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; expected ${ROLLUP_COLUMNS.join(', ')}` }]);
  }
  // CSV line numbers count the header; parquet rows are numbered from 1.
  const offset = format === 'csv' ? 1 : 0;
  const histogramType = described.find((row) => row.column_name === 'histogram')?.column_type ?? '';
  const sql = `
    SELECT line + ${offset} AS line, raw, ${columnsSql}, false AS bad_json
    FROM (SELECT row_number() OVER () AS line, to_json(src)::VARCHAR AS raw, ${columnsSql} FROM ${reader} AS src)`;
  return { sql, histogramIsList: /^STRUCT\(.*\)\[\]$/.test(histogramType) };
}

function validateSql(programIds: readonly string[], histogramIsList: boolean): string {
  const programs = programIds.length > 0 ? sqlList(programIds) : '(NULL)';
  return `
    WITH typed AS (
      SELECT line, raw, bad_json,
        program_id::VARCHAR AS program_id, metric::VARCHAR AS metric,
        TRY_CAST(TRY_CAST(bucket_start AS TIMESTAMPTZ) AS TIMESTAMP) AS bucket_start, bucket_start IS NULL AS no_start,
        TRY_CAST(bucket_seconds AS INTEGER) AS bucket_seconds,
        TRY_CAST(count AS BIGINT) AS count, TRY_CAST(sum AS DOUBLE) AS sum,
        TRY_CAST(min AS DOUBLE) AS min, TRY_CAST(max AS DOUBLE) AS max,
        min IS NOT NULL AND TRY_CAST(min AS DOUBLE) IS NULL AS bad_min,
        max IS NOT NULL AND TRY_CAST(max AS DOUBLE) IS NULL AS bad_max,
        ${histogramIsList ? `TRY_CAST(histogram AS STRUCT(k INTEGER, n BIGINT)[])` : histogramTextSql('histogram')} AS histogram
      FROM rollup_input
    )
    SELECT line, raw, program_id, metric, bucket_seconds, bucket_start, count, sum, min, max, histogram,
      CASE
        WHEN bad_json THEN 'invalid JSON: expected one JSON object per line'
        WHEN program_id IS NULL THEN 'program_id: expected a program id'
        WHEN program_id NOT IN ${programs} THEN 'program_id: unknown program "' || left(program_id, 64) || '"'
        WHEN metric IS NULL OR NOT regexp_full_match(metric, ${METRIC_PATTERN_SQL}) THEN 'metric: expected a metric name such as eligibility.latency_ms'
        WHEN bucket_start IS NULL THEN 'bucket_start: expected an ISO 8601 UTC time such as 2024-08-01T14:00:00Z'
        WHEN bucket_seconds IS NULL OR bucket_seconds NOT IN (60, 3600, 86400) THEN 'bucket_seconds: expected 60, 3600 or 86400'
        WHEN epoch(bucket_start)::BIGINT % bucket_seconds <> 0 THEN 'bucket_start: expected the start of a ' || bucket_seconds || '-second bucket (aligned to UTC)'
        WHEN count IS NULL OR count < 0 THEN 'count: expected a whole number ≥ 0'
        WHEN sum IS NULL OR NOT isfinite(sum) THEN 'sum: expected a finite number'
        WHEN bad_min OR bad_max OR (count > 0 AND (min IS NULL OR max IS NULL OR min > max)) THEN 'min, max: expected numbers with min ≤ max'
        WHEN histogram IS NULL THEN 'histogram: expected key:count pairs such as 50339:12;50340:3 (see docs/portal-format.md)'
        WHEN len(histogram) > 0 AND list_sum(list_transform(histogram, b -> b.n)) <> count THEN 'histogram: bucket counts add up to ' || list_sum(list_transform(histogram, b -> b.n)) || ', expected count ' || count
      END AS reason
    FROM typed`;
}

/** Parses the text form `k:n;k:n` (or a JSON array of {k, n}) into STRUCT(k, n)[] sorted by key; NULL when malformed. */
function histogramTextSql(column: string): string {
  const text = `trim(coalesce(${column}::VARCHAR, ''))`;
  return `(CASE
    WHEN ${text} = '' THEN []::STRUCT(k INTEGER, n BIGINT)[]
    WHEN starts_with(${text}, '[') THEN list_sort(TRY_CAST(TRY_CAST(${text} AS JSON) AS STRUCT(k INTEGER, n BIGINT)[]))
    WHEN list_bool_and(list_transform(string_split(${text}, ';'), p -> regexp_full_match(trim(p), '-?\\d+:\\d+')))
      THEN list_sort(list_transform(string_split(${text}, ';'), p -> {'k': CAST(split_part(trim(p), ':', 1) AS INTEGER), 'n': CAST(split_part(trim(p), ':', 2) AS BIGINT)}))
  END)`;
}
