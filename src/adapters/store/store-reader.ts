import { bucketKey, histogramQuantile, quantileFromKeys } from '../../core/histogram.ts';
import { combineCoverage, planWindow, type Aggregate, type AggregateRequest, type MetricCoverage, type MetricReader, type Segment } from '../../core/metric-reader.ts';
import { sqlDouble, sqlList, sqlString, sqlTimestamp } from './sql.ts';
import type { Store } from './open-store.ts';

/** A MetricReader over the DuckDB store; reads coverage once, when created. */
export async function createStoreReader(store: Store): Promise<MetricReader & { coverage(program: string, metric: string): MetricCoverage }> {
  const coverage = await readCoverage(store);
  let newest: Map<string, Map<string, Date>> | undefined;
  const coverageOf = (program: string, metric: string): MetricCoverage => coverage.get(`${program}\u0000${metric}`) ?? { rawSince: null, levels: [] };

  return {
    coverage: coverageOf,
    async aggregateMany(requests) {
      const results: Aggregate[][] = requests.map(() => []);
      const events: Planned[] = [];
      const rollups: Planned[] = [];
      requests.forEach((request, id) => {
        const plan = planWindow(combineCoverage(request.metrics.map((metric) => coverageOf(request.program, metric))), request.start, request.end, request.step ?? (request.calendar ? 86_400 : undefined));
        if (plan.source === 'events') events.push({ id, request, segments: [] });
        else if (plan.source === 'rollups' && plan.segments.length > 0) rollups.push({ id, request, segments: plan.segments });
      });
      // Requests that need histograms and those that need only totals are read apart, so totals skip the merge.
      const needsValues = (p: Planned) => Boolean(p.request.quantiles?.length || p.request.atMost?.length || p.request.atLeast?.length);
      // A series of one metric read at its own step is one bucket per group: its rows come back as
      // they are and their quantiles are taken in TypeScript, with no merge in SQL.
      const direct = (p: Planned) => needsValues(p) && p.request.metrics.length === 1 && p.request.step !== undefined && p.segments.every((s) => s.seconds === p.request.step);
      const byId = new Map([...events, ...rollups].map((p) => [p.id, p]));
      const directRows = rollups.filter(direct);
      if (directRows.length > 0) {
        for (const row of await store.rows<DirectRow>(directSql(directRows))) {
          const planned = byId.get(Number(row.id))!;
          if (Number(row.n) > 0) results[planned.id]!.push(fromBucket(row, planned.request));
        }
      }
      const merged = rollups.filter((p) => !direct(p));
      for (const [batch, exact] of [[events, true], [merged, false]] as const) {
        for (const part of [batch.filter(needsValues), batch.filter((p) => !needsValues(p))]) {
          if (part.length === 0) continue;
          const quantiles = [...new Set(part.flatMap((p) => p.request.quantiles ?? []))].sort((a, b) => a - b);
          const sql = exact ? eventsSql(part, quantiles) : rollupsSql(part, quantiles);
          for (const row of await store.rows<AggregateRow>(sql)) {
            const planned = byId.get(Number(row.id))!;
            if (Number(row.n) > 0) results[planned.id]!.push(toAggregate(row, planned.request, quantiles, exact));
          }
        }
      }
      for (const list of results) list.sort((a, b) => a.start.getTime() - b.start.getTime());
      return results;
    },
    async newestByMetric(program) {
      newest ??= await readNewest(store);
      return newest.get(program) ?? new Map();
    },
  };
}

/**
 * The newest point of every metric of every program, read once: raw events, where a metric has
 * them, say exactly when; otherwise the end of the newest non-empty bucket at the metric's finest level.
 */
async function readNewest(store: Store): Promise<Map<string, Map<string, Date>>> {
  const rows = await store.rows<{ program_id: string; metric: string; newest: Date }>(`
    WITH raw AS (SELECT program_id, metric, max(ts) AS newest FROM events GROUP BY ALL),
    levels AS (
      SELECT program_id, metric, bucket_seconds, max(bucket_start + to_seconds(bucket_seconds)) AS level_end
      FROM rollups WHERE count > 0 GROUP BY ALL),
    rolled AS (SELECT program_id, metric, min(level_end) AS newest FROM levels GROUP BY ALL)
    SELECT program_id, metric, coalesce(raw.newest, rolled.newest) AS newest FROM rolled FULL JOIN raw USING (program_id, metric)`);
  const byProgram = new Map<string, Map<string, Date>>();
  for (const row of rows) {
    const metrics = byProgram.get(row.program_id) ?? new Map<string, Date>();
    metrics.set(row.metric, row.newest);
    byProgram.set(row.program_id, metrics);
  }
  return byProgram;
}

interface Planned {
  id: number;
  request: AggregateRequest;
  segments: Segment[];
}

interface DirectRow {
  id: bigint | number;
  g: Date;
  n: bigint | number;
  s: number;
  lo: number | null;
  hi: number | null;
  /** How many events the bucket's histogram holds. */
  hn: bigint | number | null;
  /** The bucket's histogram as two plain lists (keys, counts), only for requests with quantiles: much cheaper to bring into JS than a list of structs. */
  ks: number[] | null;
  ns: number[] | null;
  /** Counts at or under each atMost limit, then at or over each atLeast limit, counted in SQL. */
  lc: (bigint | number | null)[] | null;
}

interface AggregateRow {
  id: bigint | number;
  g: Date;
  n: bigint | number;
  s: number | null;
  lo: number | null;
  hi: number | null;
  hn?: bigint | number | null;
  q: (number | null)[] | null;
  lc: (bigint | number | null)[] | null;
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

function toAggregate(row: AggregateRow, request: AggregateRequest, quantiles: readonly number[], exact: boolean): Aggregate {
  const count = Number(row.n);
  const histogramTotal = Number(row.hn ?? 0);
  // Over rollups, quantiles and limit counts stand only when the histograms hold every event.
  const covered = exact || histogramTotal === count;
  const values = (request.quantiles ?? []).map((q) => {
    const index = quantiles.indexOf(q);
    if (exact) return row.q?.[index] ?? null;
    if (!covered) return null;
    const low = row.q?.[index * 2];
    const high = row.q?.[index * 2 + 1];
    if (low === null || low === undefined || histogramTotal === 0) return null;
    return quantileFromKeys(low, high ?? low, q, histogramTotal, row.lo, row.hi);
  });
  const limitCount = (index: number) => (covered ? Number(row.lc?.[index] ?? 0) : null);
  const atMost = request.atMost ?? [];
  return {
    start: row.g,
    count,
    sum: row.s ?? 0,
    min: row.lo,
    max: row.hi,
    quantiles: values,
    atMost: atMost.map((_, index) => limitCount(index)),
    atLeast: (request.atLeast ?? []).map((_, index) => limitCount(atMost.length + index)),
    exact,
  };
}

/** One rollup bucket as a series point: quantiles from its own histogram, limit counts as SQL counted them. */
function fromBucket(row: DirectRow, request: AggregateRequest): Aggregate {
  const counts = row.ns ?? [];
  const buckets = (row.ks ?? []).map((k, index) => ({ k, n: counts[index]! }));
  const covered = Number(row.hn ?? 0) === Number(row.n);
  const atMost = request.atMost ?? [];
  const limitCount = (index: number) => (covered ? Number(row.lc?.[index] ?? 0) : null);
  return {
    start: row.g,
    count: Number(row.n),
    sum: row.s,
    min: row.lo,
    max: row.hi,
    quantiles: (request.quantiles ?? []).map((q) => (covered ? (histogramQuantile(buckets, q, row.lo, row.hi) ?? null) : null)),
    atMost: atMost.map((_, index) => limitCount(index)),
    atLeast: (request.atLeast ?? []).map((_, index) => limitCount(atMost.length + index)),
    exact: false,
  };
}

/**
 * Reads series buckets as they are stored. Only requests with quantiles bring the histogram into
 * JavaScript (converting list values is most of a read's cost); limit counts are taken in SQL with
 * the rule countBeyond() uses: a value in the same bucket as the limit counts as meeting it.
 */
function directSql(part: readonly Planned[]): string {
  const keys = (limits: readonly number[] | undefined) => `[${(limits ?? []).map((limit) => bucketKey(limit)).join(', ')}]::INTEGER[]`;
  const segments = part.flatMap(({ id, request, segments: parts }) =>
    parts.map((segment) => `(${id}, ${sqlString(request.program)}, ${sqlString(request.metrics[0]!)}, ${segment.seconds}, ${sqlTimestamp(segment.start)}, ${sqlTimestamp(segment.end)}, ${Boolean(request.quantiles?.length)}, ${keys(request.atMost)}, ${keys(request.atLeast)})`));
  const counted = (op: '<=' | '>=', list: string) =>
    `list_transform(${list}, key -> coalesce(list_sum(list_transform(list_filter(r.histogram, b -> b.k ${op} key), b -> b.n)), 0))`;
  return `
    WITH q(id, program_id, metric, level, sstart, send, quantiles, le, ge) AS (VALUES ${segments.join(', ')})
    SELECT q.id, r.bucket_start AS g, r.count AS n, r.sum AS s, r.min AS lo, r.max AS hi,
      coalesce(list_sum(list_transform(r.histogram, b -> b.n)), 0) AS hn,
      CASE WHEN q.quantiles THEN list_transform(r.histogram, b -> b.k) END AS ks,
      CASE WHEN q.quantiles THEN list_transform(r.histogram, b -> b.n::DOUBLE) END AS ns,
      CASE WHEN len(q.le) + len(q.ge) > 0 THEN list_concat(${counted('<=', 'q.le')}, ${counted('>=', 'q.ge')}) END AS lc
    FROM rollups r JOIN q ON r.program_id = q.program_id AND r.metric = q.metric AND r.bucket_seconds = q.level
      AND r.bucket_start >= q.sstart AND r.bucket_start < q.send
    WHERE r.program_id IN ${programFilter(part)}`;
}

/** `(id, op, limit, key)` rows: a request's atMost limits first, then its atLeast limits. */
function limitRows(part: readonly Planned[]): string[] {
  return part.flatMap(({ id, request }) => [
    ...(request.atMost ?? []).map((limit, index) => `(${id}, ${index}, 'le', ${sqlDouble(limit)}, ${bucketKey(limit)})`),
    ...(request.atLeast ?? []).map((limit, index) => `(${id}, ${(request.atMost?.length ?? 0) + index}, 'ge', ${sqlDouble(limit)}, ${bucketKey(limit)})`),
  ]);
}

function programFilter(part: readonly Planned[]): string {
  return sqlList([...new Set(part.map((p) => p.request.program))]);
}

/** A row's group: the request's start for a window, else its step's bucket or its UTC week (ISO, from Monday) or month. */
function groupSql(column: string): string {
  return `CASE WHEN q.cal = 'week' THEN date_trunc('week', ${column})::TIMESTAMP WHEN q.cal = 'month' THEN date_trunc('month', ${column})::TIMESTAMP
    WHEN q.step IS NULL THEN q.rstart ELSE time_bucket(to_seconds(q.step), ${column}) END`;
}

/** The calendar column of a request's VALUES row. */
function calendarSql(request: AggregateRequest): string {
  return request.calendar ? sqlString(request.calendar) : 'NULL::VARCHAR';
}

function eventsSql(part: readonly Planned[], quantiles: readonly number[]): string {
  const requests = part.flatMap(({ id, request }) =>
    request.metrics.map((metric) => `(${id}, ${sqlString(request.program)}, ${sqlString(metric)}, ${sqlTimestamp(request.start)}, ${sqlTimestamp(request.end)}, ${request.step ?? 'NULL'}::INTEGER, ${calendarSql(request)})`));
  const limits = limitRows(part);
  const quantileSql = quantiles.length ? `quantile_cont(value, [${quantiles.map(sqlDouble).join(', ')}])` : 'NULL';
  return `
    WITH q(id, program_id, metric, rstart, rend, step, cal) AS (VALUES ${requests.join(', ')}),
    sel AS MATERIALIZED (
      SELECT q.id, ${groupSql('e.ts')} AS g, e.value
      FROM events e JOIN q ON e.program_id = q.program_id AND e.metric = q.metric AND e.ts >= q.rstart AND e.ts < q.rend
      WHERE e.program_id IN ${programFilter(part)}),
    agg AS (SELECT id, g, count(*) AS n, list_sum(list_sort(list(value))) AS s, min(value) AS lo, max(value) AS hi, ${quantileSql} AS q FROM sel GROUP BY id, g)
    ${limits.length === 0 ? 'SELECT *, NULL AS lc FROM agg' : `,
    lim(id, idx, op, v, k) AS (VALUES ${limits.join(', ')}),
    counted AS (
      SELECT id, g, list_transform(list_sort(list([idx, c])), x -> x[2]) AS lc FROM (
        SELECT sel.id, sel.g, lim.idx, count_if(CASE WHEN lim.op = 'le' THEN sel.value <= lim.v ELSE sel.value >= lim.v END) AS c
        FROM sel JOIN lim ON sel.id = lim.id GROUP BY ALL)
      GROUP BY id, g)
    SELECT agg.*, counted.lc FROM agg LEFT JOIN counted USING (id, g)`}`;
}

function rollupsSql(part: readonly Planned[], quantiles: readonly number[]): string {
  const segments = part.flatMap(({ id, request, segments: parts }) =>
    request.metrics.flatMap((metric) => parts.map((segment) =>
      `(${id}, ${sqlString(request.program)}, ${sqlString(metric)}, ${segment.seconds}, ${sqlTimestamp(segment.start)}, ${sqlTimestamp(segment.end)}, ${request.step ?? 'NULL'}::INTEGER, ${calendarSql(request)}, ${sqlTimestamp(request.start)})`)));
  const selected = `
    q(id, program_id, metric, level, sstart, send, step, cal, rstart) AS (VALUES ${segments.join(', ')}),
    r AS MATERIALIZED (
      SELECT q.id, ${groupSql('r.bucket_start')} AS g, r.count, r.sum, r.min, r.max, r.histogram
      FROM rollups r JOIN q ON r.program_id = q.program_id AND r.metric = q.metric AND r.bucket_seconds = q.level
        AND r.bucket_start >= q.sstart AND r.bucket_start < q.send
      WHERE r.program_id IN ${programFilter(part)}),
    t AS (SELECT id, g, sum(count) AS n, list_sum(list_sort(list(sum))) AS s, min(min) AS lo, max(max) AS hi FROM r GROUP BY id, g)`;
  const needsHistogram = part.some((p) => p.request.quantiles?.length || p.request.atMost?.length || p.request.atLeast?.length);
  if (!needsHistogram) return `WITH ${selected} SELECT *, NULL AS hn, NULL AS q, NULL AS lc FROM t`;

  // Order statistic j (0-based) lies in the first bucket whose running count exceeds j.
  // DOUBLE, not DECIMAL: a literal like 0.95 is DECIMAL in DuckDB and would drag every comparison into DECIMAL(38).
  const rank = (q: number, plus: number) => `floor(${sqlDouble(q)} * (hn - 1))::BIGINT + ${plus}`;
  const quantileKeys = quantiles.flatMap((q) => [`min(k) FILTER (WHERE cum > ${rank(q, 0)})`, `min(k) FILTER (WHERE cum > least(${rank(q, 1)}, hn - 1))`]);
  const limits = limitRows(part);
  return `
    WITH ${selected},
    h AS (SELECT id, g, b.k AS k, sum(b.n)::BIGINT AS n FROM (SELECT id, g, unnest(histogram) AS b FROM r) GROUP BY id, g, k),
    c AS (SELECT id, g, k, n, (sum(n) OVER (PARTITION BY id, g ORDER BY k ROWS UNBOUNDED PRECEDING))::BIGINT AS cum, (sum(n) OVER (PARTITION BY id, g))::BIGINT AS hn FROM h),
    hq AS (SELECT id, g, any_value(hn) AS hn, ${quantileKeys.length ? `[${quantileKeys.join(', ')}]` : 'NULL'} AS q FROM c GROUP BY id, g)
    ${limits.length === 0 ? 'SELECT t.*, hq.hn, hq.q, NULL AS lc FROM t LEFT JOIN hq USING (id, g)' : `,
    lim(id, idx, op, v, k) AS (VALUES ${limits.join(', ')}),
    counted AS (
      SELECT id, g, list_transform(list_sort(list([idx, cnt])), x -> x[2]) AS lc FROM (
        -- A value in the same bucket as the limit counts as meeting it (error bounded by the bucket width, 2 %).
        SELECT c.id, c.g, lim.idx, coalesce(sum(c.n) FILTER (WHERE (lim.op = 'le' AND c.k <= lim.k) OR (lim.op = 'ge' AND c.k >= lim.k)), 0) AS cnt
        FROM c JOIN lim ON c.id = lim.id GROUP BY ALL)
      GROUP BY id, g)
    SELECT t.*, hq.hn, hq.q, counted.lc FROM t LEFT JOIN hq USING (id, g) LEFT JOIN counted USING (id, g)`}`;
}
