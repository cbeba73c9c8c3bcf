/** Quotes a string as a SQL literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A UTC TIMESTAMP literal for an instant. */
/**
 * A number as a DOUBLE literal. A plain literal such as 0.010000000000000009 is a DECIMAL in DuckDB,
 * and its conversion to DOUBLE is not correctly rounded (here it gives a different double than the
 * number itself), so comparisons with stored values would be off by one ulp; text cast to DOUBLE is
 * parsed exactly.
 */
export function sqlDouble(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return `'${String(value)}'::DOUBLE`;
}

export function sqlTimestamp(date: Date): string {
  return `TIMESTAMP '${date.toISOString().replace('T', ' ').replace('Z', '')}'`;
}

/** A SQL list of string literals, e.g. `('a', 'b')`. */
export function sqlList(values: readonly string[]): string {
  return `(${values.map(sqlString).join(', ')})`;
}

/** The regular expression a metric name must match, as SQL text. */
export const METRIC_PATTERN_SQL = sqlString('^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$');

/** The regular expression an ISO 8601 time with zone must match, as SQL text. */
export const INSTANT_PATTERN_SQL = sqlString('^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})$');

/** Reads a text file as one VARCHAR column `raw` with its 1-based line number; gzip is detected from the name. */
export function readLinesSql(file: string): string {
  // 0x1F (unit separator) cannot appear unescaped in valid JSON, so each line stays one column.
  return `SELECT row_number() OVER () AS line, raw FROM read_csv(${sqlString(file)}, columns = {'raw': 'VARCHAR'}, delim = '\x1f', quote = '', escape = '', header = false, auto_detect = false, max_line_size = 16777216)`;
}

/**
 * A TIMESTAMP (UTC) from text: a time with a zone or offset is converted through epoch microseconds,
 * and a time without one is read as UTC. This never depends on the process's time zone, which
 * DuckDB would otherwise apply when casting between TIMESTAMPTZ and TIMESTAMP.
 */
export function utcTimestampSql(text: string): string {
  return `(CASE WHEN regexp_matches(${text}, '\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?\\s*(Z|[+-]\\d{2}(:?\\d{2})?)$')
    THEN make_timestamp(epoch_us(TRY_CAST(${text} AS TIMESTAMPTZ)))
    ELSE TRY_CAST(${text} AS TIMESTAMP) END)`;
}
