/**
 * A mergeable log-bucket histogram with bounded relative error (the DDSketch idea:
 * Masson, Rim and Lee, "DDSketch: a fast and fully-mergeable quantile sketch with
 * relative-error guarantees", VLDB 2019).
 *
 * A positive value v falls in bucket i = ceil(log_γ v), which covers (γ^(i-1), γ^i].
 * The bucket's representative value 2γ^i / (γ + 1) is within α of every value in the bucket,
 * where γ = (1 + α) / (1 − α). With α = 0.01 (γ ≈ 1.0202), every estimate is within 1 %.
 *
 * Buckets are stored as integer keys that sort in value order, so that merging is a
 * `GROUP BY key, SUM(count)` and a quantile is a cumulative sum over sorted keys:
 *   key = KEY_OFFSET + i      for v > 0
 *   key = 0                    for v = 0
 *   key = −(KEY_OFFSET + i)    for v < 0, where i is the bucket of |v|
 * |i| stays under 40 000 for every finite double, so KEY_OFFSET = 50 000 keeps the three ranges apart.
 *
 * Worked example: 873 ms → ln 873 / ln γ = 6.77194 / 0.0200007 = 338.59 → i = 339 → key 50339.
 * The bucket covers (γ^338, γ^339] = (862.84, 880.27] ms and stands for 2 × γ^339 / (γ + 1) = 871.46 ms
 * (0.17 % under 873).
 */
export const RELATIVE_ACCURACY = 0.01;
export const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
export const KEY_OFFSET = 50_000;
const LOG_GAMMA = Math.log(GAMMA);

/** One bucket: its key and how many values fell in it. */
export interface HistogramBucket {
  k: number;
  n: number;
}

/** The bucket key of a value. */
export function bucketKey(value: number): number {
  if (value === 0) return 0;
  const index = Math.ceil(Math.log(Math.abs(value)) / LOG_GAMMA);
  return value > 0 ? KEY_OFFSET + index : -(KEY_OFFSET + index);
}

/** The value a bucket stands for: within RELATIVE_ACCURACY of every value in it. */
export function bucketValue(key: number): number {
  if (key === 0) return 0;
  const index = Math.abs(key) - KEY_OFFSET;
  // 2γ^i ÷ (γ + 1) = γ^i × (1 − α), taken through logarithms so the largest doubles do not overflow.
  const value = Math.exp(index * LOG_GAMMA + Math.log(1 - RELATIVE_ACCURACY));
  return key > 0 ? value : -value;
}

/** The bounds (lower exclusive, upper inclusive, by magnitude) of the values in a bucket. */
export function bucketBounds(key: number): [number, number] {
  if (key === 0) return [0, 0];
  const index = Math.abs(key) - KEY_OFFSET;
  const low = GAMMA ** (index - 1);
  const high = GAMMA ** index;
  return key > 0 ? [low, high] : [-high, -low];
}

/** Builds a histogram from values, buckets sorted by key. */
export function histogramOf(values: Iterable<number>): HistogramBucket[] {
  const counts = new Map<number, number>();
  for (const value of values) {
    const key = bucketKey(value);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return sortBuckets(counts);
}

/** Merges histograms by adding the counts of equal keys. */
export function mergeHistograms(histograms: Iterable<readonly HistogramBucket[]>): HistogramBucket[] {
  const counts = new Map<number, number>();
  for (const histogram of histograms) for (const { k, n } of histogram) counts.set(k, (counts.get(k) ?? 0) + n);
  return sortBuckets(counts);
}

/**
 * The q-quantile of a histogram, interpolated like DuckDB's `quantile_cont` (and numpy's default):
 * position q × (n − 1) between the order statistics around it. Each order statistic is estimated by
 * its bucket's value, clamped to [min, max] when given, so the result is within RELATIVE_ACCURACY of
 * the exact interpolated quantile. Undefined for an empty histogram.
 */
export function histogramQuantile(buckets: readonly HistogramBucket[], q: number, min?: number | null, max?: number | null): number | undefined {
  return quantileOfCounts(buckets.map((bucket) => bucket.k), buckets.map((bucket) => bucket.n), buckets.length, q, min, max);
}

/**
 * histogramQuantile over a histogram held as two parallel lists, the first `length` entries of
 * `keys` (sorted) and `counts`: the form a store hands over without making an object per bucket.
 */
export function quantileOfCounts(keys: ArrayLike<number>, counts: ArrayLike<number>, length: number, q: number, min?: number | null, max?: number | null): number | undefined {
  let total = 0;
  for (let index = 0; index < length; index++) total += counts[index]!;
  if (total === 0) return undefined;
  const position = q * (total - 1);
  const lower = Math.floor(position);
  const fraction = position - lower;
  const low = orderStatistic(keys, counts, length, lower);
  const high = fraction > 0 ? orderStatistic(keys, counts, length, lower + 1) : low;
  const estimate = low + (high - low) * fraction;
  return clamp(estimate, min ?? -Infinity, max ?? Infinity);
}

/** Text form used in CSV and NDJSON rollup files: `key:count` pairs joined by `;`, e.g. `50336:12;50340:3`. */
export function encodeHistogram(buckets: readonly HistogramBucket[]): string {
  return buckets.map(({ k, n }) => `${k}:${n}`).join(';');
}

/** Reads the text form back; throws on malformed text. */
export function decodeHistogram(text: string): HistogramBucket[] {
  if (text.trim() === '') return [];
  return text.split(';').map((pair) => {
    const match = /^(-?\d+):(\d+)$/.exec(pair.trim());
    if (!match) throw new Error(`bad histogram bucket ${JSON.stringify(pair)}: expected key:count`);
    return { k: Number(match[1]), n: Number(match[2]) };
  });
}

function orderStatistic(keys: ArrayLike<number>, counts: ArrayLike<number>, length: number, rank: number): number {
  let seen = 0;
  for (let index = 0; index < length; index++) {
    seen += counts[index]!;
    if (rank < seen) return bucketValue(keys[index]!);
  }
  return bucketValue(keys[length - 1]!);
}

function sortBuckets(counts: Map<number, number>): HistogramBucket[] {
  return [...counts].map(([k, n]) => ({ k, n })).sort((a, b) => a.k - b.k);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/**
 * Finishes a quantile from the buckets of the two order statistics around position q × (total − 1),
 * as found by a store that merged histograms (the same estimate as histogramQuantile).
 */
export function quantileFromKeys(lowKey: number, highKey: number, q: number, total: number, min?: number | null, max?: number | null): number {
  const position = q * (total - 1);
  const fraction = position - Math.floor(position);
  const low = bucketValue(lowKey);
  const high = bucketValue(highKey);
  return clamp(low + (high - low) * fraction, min ?? -Infinity, max ?? Infinity);
}

/**
 * How many values of a histogram are at most (`le`) or at least (`ge`) a limit. A value in the same
 * bucket as the limit counts as meeting it: the error is bounded by the bucket's width (2 %).
 * The DuckDB store applies the same rule in SQL.
 */
export function countBeyond(buckets: readonly HistogramBucket[], op: 'le' | 'ge', limit: number): number {
  const key = bucketKey(limit);
  let count = 0;
  for (const bucket of buckets) if (op === 'le' ? bucket.k <= key : bucket.k >= key) count += bucket.n;
  return count;
}
