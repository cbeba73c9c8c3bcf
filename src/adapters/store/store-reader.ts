import { bucketKey, quantileFromKeys } from '../../core/histogram.ts';
import { combineCoverage, planWindow, type Aggregate, type AggregateRequest, type MetricCoverage, type MetricReader } from '../../core/metric-reader.ts';
import { rollupEndSql } from './prune.ts';
import { sqlList, sqlString, sqlTimestamp } from './sql.ts';
import type { Store } from './open-store.ts';

/** A MetricReader over the DuckDB store; reads coverage once, when created. */
export async function createStoreReader(store: Store): Promise<MetricReader & { coverage(program: string, metric: string): MetricCoverage }> {
  const coverage = await readCoverage(store);
  const coverageOf = (program: string, metric: string): MetricCoverage => coverage.get(`${program}\u0000${metric}`) ?? { rawSince: null, levels: [] };

  return {
    coverage: coverageOf,
    async aggregate(request) {
      const plan = planWindow(combineCoverage(request.metrics.map((metric) => coverageOf(request.program, metric))), request.start, request.end, request.step);
      if (plan.source === 'none') return [];
      const rows = await store.rows<AggregateRow>(plan.source === 'events' ? eventsSql(request) : rollupsSql(request, plan.seconds));
      return rows.filter((row) => Number(row.n) > 0).map((row) => toAggregate(row, request, plan.source === 'events'));
    },
    async newest(program, metrics) {
      const [row] = await store.rows<{ newest: Date | null }>(`
        SELECT greatest(
          (SELECT max(ts) FROM events WHERE program_id = ${sqlString(program)} AND metric IN ${sqlList(metrics)}),
          (${rollupEndSql(`program_id = ${sqlString(program)} AND metric IN ${sqlList(metrics)}`)})
        ) AS newest`);
      return row?.newest ?? null;
    },
  };
}

interface AggregateRow {
  g: Date;
  n: bigint | number;
  s: number | null;
  lo: number | null;
  hi: number | null;
  hn?: bigint | number | null;
  q: (number | null)[] | null;
  le: (bigint | number | null)[] | null;
  ge: (bigint | number | null)[] | null;
}

/**
 * Raw events cover a metric back to the end of its newest rollup bucket that lies wholly before its
 * first raw event: such buckets hold data the raw events do not have (imported, or rolled up from
 * events since pruned). With no such bucket, the raw events are all the data there is.
 */
async function readCoverage(store: Store): Promise<Map<string, MetricCoverage>> {
  const rows = await store.rows<{ program_id: string; metric: string; has_raw: boolean; older_end: Date | null; levels: number[] | null }>(`
    WITH raw AS (SELECT program_id, metric, min(ts) AS first_ts FROM events GROUP BY ALL),
         levels AS (SELECT program_id, metric, list(DISTINCT bucket_seconds ORDER BY bucket_seconds) AS levels FROM rollups GROUP BY ALL),
         older AS (
           SELECT r.program_id, r.metric, max(r.bucket_start + to_seconds(r.bucket_seconds)) AS older_end
           FROM rollups r JOIN raw USING (program_id, metric)
           WHERE r.bucket_start + to_seconds(r.bucket_seconds) <= raw.first_ts
           GROUP BY ALL),
         metrics AS (SELECT program_id, metric FROM raw UNION SELECT program_id, metric FROM levels)
    SELECT m.program_id, m.metric, raw.metric IS NOT NULL AS has_raw, older.older_end, levels.levels
    FROM metrics m
    LEFT JOIN raw USING (program_id, metric)
    LEFT JOIN older USING (program_id, metric)
    LEFT JOIN levels USING (program_id, metric)`);
  const sinceForever = new Date(-8.64e15);
  return new Map(rows.map((row) => [
    `${row.program_id}\u0000${row.metric}`,
    { rawSince: row.has_raw ? (row.older_end ?? sinceForever) : null, levels: row.levels ?? [] },
  ]));
}

function toAggregate(row: AggregateRow, request: AggregateRequest, exact: boolean): Aggregate {
  const count = Number(row.n);
  const histogramTotal = row.hn === undefined ? count : Number(row.hn ?? 0);
  const quantiles = (request.quantiles ?? []).map((q, index) => {
    if (exact) return row.q?.[index] ?? null;
    const low = row.q?.[index * 2];
    const high = row.q?.[index * 2 + 1];
    if (low === null || low === undefined || histogramTotal === 0) return null;
    return quantileFromKeys(low, high ?? low, q, histogramTotal, row.lo, row.hi);
  });
  return {
    start: row.g,
    count,
    sum: row.s ?? 0,
    min: row.lo,
    max: row.hi,
    quantiles,
    atMost: (request.atMost ?? []).map((_, index) => Number(row.le?.[index] ?? 0)),
    atLeast: (request.atLeast ?? []).map((_, index) => Number(row.ge?.[index] ?? 0)),
    exact,
  };
}

function groupSql(request: AggregateRequest, column: string): string {
  return request.step ? `time_bucket(INTERVAL ${request.step} SECOND, ${column})` : sqlTimestamp(request.start);
}

function eventsSql(request: AggregateRequest): string {
  const quantiles = request.quantiles?.length ? `quantile_cont(value, [${request.quantiles.join(', ')}])` : 'NULL';
  const le = request.atMost?.length ? `[${request.atMost.map((limit) => `count_if(value <= ${limit})`).join(', ')}]` : 'NULL';
  const ge = request.atLeast?.length ? `[${request.atLeast.map((limit) => `count_if(value >= ${limit})`).join(', ')}]` : 'NULL';
  return `
    SELECT ${groupSql(request, 'ts')} AS g, count(*) AS n, sum(value ORDER BY value) AS s, min(value) AS lo, max(value) AS hi,
      ${quantiles} AS q, ${le} AS le, ${ge} AS ge
    FROM events
    WHERE program_id = ${sqlString(request.program)} AND metric IN ${sqlList(request.metrics)}
      AND ts >= ${sqlTimestamp(request.start)} AND ts < ${sqlTimestamp(request.end)}
    GROUP BY ALL ORDER BY g`;
}

function rollupsSql(request: AggregateRequest, seconds: number): string {
  const selected = `
    SELECT ${groupSql(request, 'bucket_start')} AS g, count, sum, min, max, histogram FROM rollups
    WHERE program_id = ${sqlString(request.program)} AND metric IN ${sqlList(request.metrics)} AND bucket_seconds = ${seconds}
      AND bucket_start >= ${sqlTimestamp(request.start)} AND bucket_start + INTERVAL ${seconds} SECOND <= ${sqlTimestamp(request.end)}`;
  const totals = `SELECT g, sum(count) AS n, sum(sum ORDER BY sum) AS s, min(min) AS lo, max(max) AS hi FROM r GROUP BY g`;
  const needsHistogram = Boolean(request.quantiles?.length || request.atMost?.length || request.atLeast?.length);
  if (!needsHistogram) return `WITH r AS (${selected}) SELECT g, n, s, lo, hi, NULL AS q, NULL AS le, NULL AS ge FROM (${totals}) ORDER BY g`;

  // Order statistic j (0-based) lies in the first bucket whose running count exceeds j.
  const rank = (q: number, plus: number) => `floor(${q} * (hn - 1)) + ${plus}`;
  const quantileKeys = (request.quantiles ?? []).flatMap((q) => [
    `min(k) FILTER (WHERE cum > ${rank(q, 0)})`,
    `min(k) FILTER (WHERE cum > least(${rank(q, 1)}, hn - 1))`,
  ]);
  // A value in the same bucket as the limit counts as meeting it (error bounded by the bucket width, 2 %).
  const le = (request.atMost ?? []).map((limit) => `coalesce(sum(n) FILTER (WHERE k <= ${bucketKey(limit)}), 0)`);
  const ge = (request.atLeast ?? []).map((limit) => `coalesce(sum(n) FILTER (WHERE k >= ${bucketKey(limit)}), 0)`);
  const list = (items: string[]) => (items.length ? `[${items.join(', ')}]` : 'NULL');
  return `
    WITH r AS (${selected}),
    t AS (${totals}),
    h AS (SELECT g, b.k AS k, sum(b.n) AS n FROM (SELECT g, unnest(histogram) AS b FROM r) GROUP BY g, k),
    c AS (SELECT g, k, n, sum(n) OVER (PARTITION BY g ORDER BY k ROWS UNBOUNDED PRECEDING) AS cum, sum(n) OVER (PARTITION BY g) AS hn FROM h),
    hq AS (SELECT g, any_value(hn) AS hn, ${list(quantileKeys)} AS q, ${list(le)} AS le, ${list(ge)} AS ge FROM c GROUP BY g)
    SELECT t.g, t.n, t.s, t.lo, t.hi, hq.hn, hq.q, hq.le, hq.ge FROM t LEFT JOIN hq USING (g) ORDER BY t.g`;
}
