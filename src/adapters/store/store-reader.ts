import type { DuckDBListVector, DuckDBVector } from '@duckdb/node-api';
import { bucketKey, quantileFromKeys, quantileOfCounts } from '../../core/histogram.ts';
import { combineCoverage, planWindow, type Aggregate, type AggregateRequest, type MetricCoverage, type MetricReader, type Segment } from '../../core/metric-reader.ts';
import { sqlDouble, sqlList, sqlString, sqlTimestamp } from './sql.ts';
import type { Store } from './open-store.ts';

/** A MetricReader over the DuckDB store; reads coverage once, when created. */
export async function createStoreReader(store: Store): Promise<MetricReader & { coverage(program: string, metric: string): MetricCoverage }> {
  const coverage = await readCoverage(store);
  let newest: Map<string, Map<string, Date>> | undefined;
  // Connections not in use; a query takes one (opening another when none is free) and gives it back.
  const idle: Store[] = [];
  const pooled = async (read: (connection: Store) => Promise<void>) => {
    const connection = idle.pop() ?? (await store.connect());
    try {
      await read(connection);
    } finally {
      idle.push(connection);
    }
  };
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
      // they are and their quantiles are taken in TypeScript, with no merge in SQL (a counter's series
      // too, with no histogram read: the merge's GROUP BY was most of the bench's merged reads).
      const direct = (p: Planned) => p.request.metrics.length === 1 && p.request.step !== undefined && p.segments.every((s) => s.seconds === p.request.step);
      const byId = new Map([...events, ...rollups].map((p) => [p.id, p]));
      // The batch's queries run at once, each on a connection of its own: DuckDB answers the others
      // while JavaScript reads one's rows, and a caller that overlaps batches keeps it busy.
      const reads: Promise<void>[] = [];
      const directRows = rollups.filter(direct);
      if (directRows.length > 0) reads.push(pooled((connection) => readBuckets(connection, directRows, byId, results)));
      const merged = rollups.filter((p) => !direct(p));
      for (const [batch, exact] of [[events, true], [merged, false]] as const) {
        for (const part of [batch.filter(needsValues), batch.filter((p) => !needsValues(p))]) {
          if (part.length === 0) continue;
          const quantiles = [...new Set(part.flatMap((p) => p.request.quantiles ?? []))].sort((a, b) => a - b);
          const sql = exact ? eventsSql(part, quantiles) : rollupsSql(part, quantiles);
          reads.push(pooled(async (connection) => {
            for (const row of await connection.rows<AggregateRow>(sql)) {
              const planned = byId.get(Number(row.id))!;
              if (Number(row.n) > 0) results[planned.id]!.push(toAggregate(row, planned.request, quantiles, exact));
            }
          }));
        }
      }
      await Promise.all(reads);
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

/**
 * Reads series buckets (directSql) straight from DuckDB's result vectors, one point per bucket:
 * quantiles from the bucket's own histogram, limit counts as SQL counted them. A histogram's keys
 * and counts are indexed in the lists' flat storage, with no JavaScript array or object per bucket
 * or row: converting the rows to objects was two thirds of the bench's series reads (~0.2 s a program).
 */
async function readBuckets(store: Store, part: readonly Planned[], byId: Map<number, Planned>, results: Aggregate[][]): Promise<void> {
  const result = await store.connection.run(directSql(part));
  let keys = new Float64Array(64);
  let counts = new Float64Array(64);
  for (let chunkIndex = 0; chunkIndex < result.chunkCount; chunkIndex++) {
    const chunk = result.getChunk(chunkIndex);
    const [id, start, n, sum, min, max, histogramTotal] = [0, 1, 2, 3, 4, 5, 6].map((index) => chunk.getColumnVector(index) as DuckDBVector<number | null>);
    const [ks, ns, lc] = [7, 8, 9].map((index) => chunk.getColumnVector(index) as DuckDBListVector);
    const [keyItems, countItems, limitItems] = [ks!.childVector, ns!.childVector, lc!.childVector] as DuckDBVector<number | null>[];
    for (let row = 0; row < chunk.rowCount; row++) {
      const count = n!.getItem(row)!;
      if (!(count > 0)) continue;
      const planned = byId.get(id!.getItem(row)!)!;
      const request = planned.request;
      const covered = histogramTotal!.getItem(row) === count;
      const lo = min!.getItem(row);
      const hi = max!.getItem(row);
      let quantiles: (number | null)[] = [];
      if (request.quantiles?.length) {
        const length = ks!.getEntryLength(row);
        if (length > keys.length) {
          keys = new Float64Array(length * 2);
          counts = new Float64Array(length * 2);
        }
        const keyOffset = ks!.getEntryOffset(row);
        const countOffset = ns!.getEntryOffset(row);
        for (let index = 0; index < length; index++) {
          keys[index] = keyItems!.getItem(keyOffset + index)!;
          counts[index] = countItems!.getItem(countOffset + index)!;
        }
        quantiles = request.quantiles.map((q) => (covered ? (quantileOfCounts(keys, counts, length, q, lo, hi) ?? null) : null));
      }
      const limitOffset = lc!.getEntryOffset(row);
      const limitCount = (index: number) => (covered ? (limitItems!.getItem(limitOffset + index) ?? 0) : null);
      const atMost = request.atMost ?? [];
      results[planned.id]!.push({
        start: new Date(start!.getItem(row)!),
        count,
        sum: sum!.getItem(row)!,
        min: lo,
        max: hi,
        quantiles,
        atMost: atMost.map((_, index) => limitCount(index)),
        atLeast: (request.atLeast ?? []).map((_, index) => limitCount(atMost.length + index)),
        exact: false,
      });
    }
  }
}

/**
 * Reads series buckets as they are stored (for readBuckets: every column DOUBLE or a DOUBLE list,
 * never NULL lists). Only requests with quantiles bring the histogram over, as two lists (keys,
 * counts); limit counts are taken in SQL with the rule countBeyond() uses: a value in the same
 * bucket as the limit counts as meeting it.
 */
function directSql(part: readonly Planned[]): string {
  const keys = (limits: readonly number[] | undefined) => `[${(limits ?? []).map((limit) => bucketKey(limit)).join(', ')}]::INTEGER[]`;
  const segments = part.flatMap(({ id, request, segments: parts }) =>
    parts.map((segment) => `(${id}, ${sqlString(request.program)}, ${sqlString(request.metrics[0]!)}, ${segment.seconds}, ${sqlTimestamp(segment.start)}, ${sqlTimestamp(segment.end)}, ${Boolean(request.quantiles?.length)}, ${keys(request.atMost)}, ${keys(request.atLeast)})`));
  const counted = (op: '<=' | '>=', list: string) =>
    `list_transform(${list}, key -> coalesce(list_sum(list_transform(list_filter(r.histogram, b -> b.k ${op} key), b -> b.n)), 0))`;
  return `
    WITH q(id, program_id, metric, level, sstart, send, quantiles, le, ge) AS (VALUES ${segments.join(', ')})
    SELECT q.id::INTEGER AS id, epoch_ms(r.bucket_start)::DOUBLE AS g, r.count::DOUBLE AS n, r.sum AS s, r.min AS lo, r.max AS hi,
      -- Only quantiles and limit counts need to know whether the histogram holds every event.
      CASE WHEN q.quantiles OR len(q.le) + len(q.ge) > 0 THEN coalesce(list_sum(list_transform(r.histogram, b -> b.n)), 0)::DOUBLE END AS hn,
      CASE WHEN q.quantiles THEN coalesce(list_transform(r.histogram, b -> b.k::DOUBLE), []) ELSE []::DOUBLE[] END AS ks,
      CASE WHEN q.quantiles THEN coalesce(list_transform(r.histogram, b -> b.n::DOUBLE), []) ELSE []::DOUBLE[] END AS ns,
      list_concat(${counted('<=', 'q.le')}, ${counted('>=', 'q.ge')})::DOUBLE[] AS lc
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
