import { formatDuration } from '../../core/duration.ts';
import { finishReport, type IngestOptions, type IngestReport } from './load-report.ts';
import { rebuildRollups, rollUpNewEvents } from './rebuild-rollups.ts';
import { INSTANT_PATTERN_SQL, METRIC_PATTERN_SQL, readLinesSql, sqlList, sqlString, sqlTimestamp } from './sql.ts';
import type { Store } from './open-store.ts';

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
  // Staging happens outside the transaction: a failed fast-path read must not abort it.
  // Fast path: DuckDB's JSON reader parses each line once. It cannot say which line a problem is
  // on, so any rejected or unparsable line sends the file through the line-by-line path instead.
  // Line numbers (a window over the whole file, which DuckDB runs on one thread: two thirds of the
  // stage's time) are only needed to let the last version of an event with an `id` win, so the
  // file is numbered only when it has ids.
  let lines = false;
  try {
    await store.run(`CREATE OR REPLACE TEMP TABLE event_stage AS ${validateEventsSql(fastFieldsSql(file, false), options)}`);
    const [found] = await store.rows<{ rejected: boolean | null; ids: boolean | null }>(`SELECT bool_or(reason IS NOT NULL) AS rejected, bool_or(id IS NOT NULL) AS ids FROM event_stage`);
    lines = found?.rejected === true;
    if (!lines && found?.ids === true) await store.run(`CREATE OR REPLACE TEMP TABLE event_stage AS ${validateEventsSql(fastFieldsSql(file, true), options)}`);
  } catch {
    lines = true;
  }
  if (lines) {
    await store.run(`CREATE OR REPLACE TEMP TABLE event_lines AS ${readLinesSql(file)}`);
    await store.run(`CREATE OR REPLACE TEMP TABLE event_stage AS ${validateEventsSql(lineFieldsSql(), options)}`);
  }
  // Like the stage, the identified events only read the file: they are made before the transaction,
  // where DuckDB reads them about twice as fast as a temporary table made inside it.
  try {
    const [counts] = await store.rows<{ read: bigint; bad: bigint; ids: bigint; programs: string[] | null; first: Date | null; last: Date | null }>(`
      SELECT count(*) AS read, count(reason) AS bad, count(id) FILTER (WHERE reason IS NULL) AS ids,
        list(DISTINCT program_id) FILTER (WHERE reason IS NULL) AS programs,
        min(ts) FILTER (WHERE reason IS NULL) AS first, max(ts) FILTER (WHERE reason IS NULL) AS last
      FROM event_stage`);
    const programs = counts?.programs ?? [];
    const hasEvents = programs.length > 0 && counts?.first && counts.last;
    if (hasEvents) {
      // The n-th of n identical events gets ordinal n (identical rows are interchangeable, so their order
      // does not matter); of several versions of an event with an id, the last line wins.
      const lastVersion = Number(counts.ids) > 0 ? `QUALIFY id IS NULL OR row_number() OVER (PARTITION BY program_id, metric, id ORDER BY line DESC) = 1` : '';
      // Most files hold no two identical events: when no two have the same hash of their content,
      // every ordinal is 1 and the window that numbers them (a third of this step) is skipped.
      const [distinct] = await store.rows<{ same: boolean }>(`
        SELECT count(*) = count(DISTINCT hash(program_id, metric, ts, value, tags)) AS same FROM event_stage WHERE reason IS NULL AND id IS NULL`);
      const ordinal = distinct?.same ? `'1'` : `row_number() OVER (PARTITION BY program_id, metric, content)`;
      await store.run(`
        CREATE OR REPLACE TEMP TABLE event_good AS
        SELECT program_id, metric, ts, value, tags,
          CASE WHEN id IS NOT NULL THEN 'id:' || id ELSE 'h:' || content || ':' || ${ordinal} END AS event_key
        FROM (
          SELECT *, md5(concat_ws(chr(31), ts::VARCHAR, value::VARCHAR, coalesce(tags, ''))) AS content
          FROM event_stage WHERE reason IS NULL ${lastVersion})`);
    }
    return await store.transaction(async () => {
      if (hasEvents) {
        const scope = `e.program_id IN ${sqlList(programs)}`;
        const [overlap] = await store.rows(`SELECT 1 FROM events e WHERE ${scope} AND e.ts BETWEEN ${sqlTimestamp(counts.first!)} AND ${sqlTimestamp(counts.last!)} LIMIT 1`);
        const [anyIds] = Number(counts.ids) > 0 ? [true] : await store.rows(`SELECT 1 FROM events e WHERE ${scope} AND starts_with(e.event_key, 'id:') LIMIT 1`);
        if (overlap || anyIds) {
          // Buckets to rebuild: where the new events fall and where replaced events fell before an edit.
          await store.run(`
            CREATE OR REPLACE TEMP TABLE event_touched AS
            SELECT program_id, metric, ts FROM event_good
            UNION ALL
            SELECT e.program_id, e.metric, e.ts FROM events e SEMI JOIN event_good g
              ON e.program_id = g.program_id AND e.metric = g.metric AND e.event_key = g.event_key
            WHERE ${scope}`);
          await store.run(`DELETE FROM events e USING event_good g WHERE ${scope} AND e.program_id = g.program_id AND e.metric = g.metric AND e.event_key = g.event_key`);
          await store.run(`INSERT INTO events SELECT program_id, metric, ts, value, tags, event_key FROM event_good`);
          await rebuildRollups(store, 'event_touched', 'events');
        } else {
          // Nothing stored overlaps: the new events are all there is in their buckets.
          await store.run(`INSERT INTO events SELECT program_id, metric, ts, value, tags, event_key FROM event_good`);
          await rollUpNewEvents(store, 'event_good');
        }
      }
      const rawLines = lines ? 'SELECT line, raw FROM event_lines' : '';
      return finishReport(store, file, 'events', Number(counts?.read ?? 0), Number(counts?.bad ?? 0), options, 'event_stage', async () => rawLines);
    });
  } finally {
    await store.run(`DROP TABLE IF EXISTS event_lines; DROP TABLE IF EXISTS event_stage; DROP TABLE IF EXISTS event_good; DROP TABLE IF EXISTS event_touched`);
  }
}

/**
 * Every field of every line, each as JSON, read by DuckDB's JSON reader (one parse per line); `line`
 * is the line's number when `numbered`, else NULL (the reader cannot give it without a window).
 */
function fastFieldsSql(file: string, numbered: boolean): string {
  const json = ['program_id', 'metric', 'value', 'ts', 'tags', 'id'].map((name) => `${name}: 'JSON'`).join(', ');
  return `
    SELECT ${numbered ? 'row_number() OVER ()' : 'NULL::BIGINT'} AS line, 'OBJECT' AS j_type, program_id AS program_json, metric AS metric_json,
      value AS value_json, ts AS ts_json, tags AS tags_json, id AS id_json
    FROM read_json(${sqlString(file)}, format = 'newline_delimited', records = true, columns = {${json}})`;
}

/** The same fields from the staged lines, so that every rejected line keeps its number. */
function lineFieldsSql(): string {
  return `
    SELECT line, j_type, j -> 'program_id' AS program_json, j -> 'metric' AS metric_json, j -> 'value' AS value_json,
      j -> 'ts' AS ts_json, j -> 'tags' AS tags_json, j -> 'id' AS id_json
    FROM (
      SELECT line, CASE WHEN json_valid(raw) THEN raw::JSON END AS j, CASE WHEN json_valid(raw) THEN json_type(raw::JSON) END AS j_type
      FROM event_lines
      WHERE raw IS NOT NULL AND trim(raw) <> '')`;
}

/**
 * The kind of a JSON value from its first character: VARCHAR, NUMBER, OBJECT, ARRAY, BOOLEAN or NULL
 * (NULL, too, for a missing field). DuckDB hands JSON values over minified, so the first character
 * decides; json_type would parse each value again (a third of the stage's time for six fields).
 */
function jsonKindSql(json: string): string {
  // ascii() of the text: the code of its first character (" { [ n t f), far cheaper than left().
  return `(CASE WHEN ${json} IS NULL THEN 'NULL' ELSE CASE ascii(${json}::VARCHAR) WHEN 34 THEN 'VARCHAR' WHEN 123 THEN 'OBJECT' WHEN 91 THEN 'ARRAY' WHEN 110 THEN 'NULL' WHEN 116 THEN 'BOOLEAN' WHEN 102 THEN 'BOOLEAN' ELSE 'NUMBER' END END)`;
}

function validateEventsSql(source: string, options: IngestOptions): string {
  const programs = options.programIds.length > 0 ? sqlList(options.programIds) : `(NULL)`;
  const retention = formatDuration(options.rawRetentionSeconds);
  const text = (json: string) => `json_extract_string(${json}, '$')`;
  return `
    WITH source AS (${source}),
    fields AS (
      SELECT line, j_type,
        ${text('program_json')} AS program_id, ${jsonKindSql('program_json')} AS program_type,
        ${text('metric_json')} AS metric, ${jsonKindSql('metric_json')} AS metric_type,
        TRY_CAST(${text('value_json')} AS DOUBLE) AS value, ${jsonKindSql('value_json')} AS value_type,
        ${text('ts_json')} AS ts_text, ${jsonKindSql('ts_json')} AS ts_type,
        tags_json, ${jsonKindSql('tags_json')} AS tags_type,
        ${text('id_json')} AS id, ${jsonKindSql('id_json')} AS id_type
      FROM source
    ), typed AS (
      -- A time that matches the pattern has a zone, so it converts through epoch microseconds (see utcTimestampSql).
      SELECT *, regexp_full_match(ts_text, ${INSTANT_PATTERN_SQL}) AS ts_ok,
        CASE WHEN ts_ok THEN make_timestamp(epoch_us(TRY_CAST(ts_text AS TIMESTAMPTZ))) END AS ts
      FROM fields
    )
    SELECT line, program_id, metric, value, ts, id,
      CASE WHEN tags_type <> 'OBJECT' THEN NULL
        -- One tag whose value is a plain string is already in the form the sort below gives it.
        WHEN regexp_full_match(tags_json::VARCHAR, '\\{"[^"\\\\]*":"[^"\\\\]*"\\}') THEN tags_json::VARCHAR
        ELSE to_json(map_from_entries(list_sort(map_entries(TRY_CAST(tags_json AS MAP(VARCHAR, VARCHAR))))))::VARCHAR
      END AS tags,
      CASE
        WHEN j_type IS NULL THEN 'invalid JSON: expected one JSON object per line'
        WHEN j_type <> 'OBJECT' THEN 'expected a JSON object, got ' || lower(j_type)
        WHEN program_type IS DISTINCT FROM 'VARCHAR' THEN 'program_id: expected a string'
        WHEN program_id NOT IN ${programs} THEN 'program_id: unknown program "' || left(program_id, 64) || '"'
        WHEN metric_type IS DISTINCT FROM 'VARCHAR' OR NOT regexp_full_match(metric, ${METRIC_PATTERN_SQL}) THEN 'metric: expected a metric name such as eligibility.latency_ms'
        WHEN value_type IS DISTINCT FROM 'NUMBER' OR NOT isfinite(value) THEN 'value: expected a finite number'
        WHEN ts_type IS DISTINCT FROM 'VARCHAR' OR NOT ts_ok OR ts IS NULL THEN 'ts: expected an ISO 8601 time with a zone, such as 2024-08-01T14:07:55Z'
        WHEN tags_type IS NOT NULL AND tags_type NOT IN ('OBJECT', 'NULL') THEN 'tags: expected an object such as {"state": "OH"}'
        WHEN id_type IS NOT NULL AND id_type NOT IN ('VARCHAR', 'NULL') THEN 'id: expected a string'
        WHEN ts < ${sqlTimestamp(options.rawHorizon)} THEN 'ts: older than the raw retention (${retention}); load it as a rollup instead'
      END AS reason
    FROM typed`;
}
