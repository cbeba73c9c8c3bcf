import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bucketBounds,
  bucketKey,
  bucketValue,
  decodeHistogram,
  encodeHistogram,
  histogramOf,
  histogramQuantile,
  mergeHistograms,
  quantileFromKeys,
  quantileOfCounts,
} from '../../src/core/histogram.ts';

// γ = 1.01 ÷ 0.99 = 1.0202020…, ln γ = 0.0200007. A bucket's value is 2γ^i ÷ (γ + 1) = (1 − α) γ^i = 0.99 γ^i,
// because 2 ÷ (γ + 1) = 2 ÷ (2 ÷ 0.99) = 0.99.

describe('bucketKey', () => {
  it.each(Object.entries({
    // ln 873 ÷ ln γ = 6.77194 ÷ 0.0200007 = 338.59 → i = 339 → 50 000 + 339
    '873 ms falls in bucket 339 (the worked example)': { value: 873, key: 50_339 },
    // ln 100 ÷ ln γ = 4.60517 ÷ 0.0200007 = 230.25 → i = 231
    '100 falls in bucket 231': { value: 100, key: 50_231 },
    // ln 1 = 0 → i = 0
    '1 falls in bucket 0, the last one of values ≤ 1': { value: 1, key: 50_000 },
    // ln 0.5 ÷ ln γ = −0.693147 ÷ 0.0200007 = −34.66 → i = −34
    'a value under 1 has a negative index: 0.5 falls in bucket −34': { value: 0.5, key: 49_966 },
    // ln 0.001 ÷ ln γ = −6.90776 ÷ 0.0200007 = −345.38 → i = −345
    '0.001 falls in bucket −345': { value: 0.001, key: 49_655 },
    'zero has its own key 0': { value: 0, key: 0 },
    'a negative value mirrors its magnitude: −873 → −(50 000 + 339)': { value: -873, key: -50_339 },
    '−0.5 mirrors 0.5': { value: -0.5, key: -49_966 },
  }))('%s', (_, { value, key }) => {
    expect(bucketKey(value)).toBe(key);
  });

  it('keys sort in value order across negative values, zero and positive values', () => {
    const values = [-1000, -1, -0.001, 0, 0.001, 1, 1000];
    const keys = values.map(bucketKey);
    expect([...keys].sort((a, b) => a - b)).toEqual(keys);
    expect(new Set(keys).size).toBe(values.length);
  });
});

describe('bucketValue', () => {
  it.each(Object.entries({
    // 0.99 × γ^339 = 0.99 × e^(339 × 0.0200007) = 0.99 × 880.268 = 871.465
    'bucket 339 stands for 871.46 (the worked example)': { key: 50_339, value: 871.465 },
    // 2 × γ^0 ÷ (γ + 1) = 1 − α = 0.99
    'bucket 0 stands for 1 − α = 0.99': { key: 50_000, value: 0.99 },
    // 2 × γ ÷ (γ + 1) = (1 − α) × (1 + α) ÷ (1 − α) = 1 + α = 1.01
    'bucket 1 stands for 1 + α = 1.01': { key: 50_001, value: 1.01 },
    // 0.99 × γ^−34 = 0.99 × e^(−34 × 0.0200007) = 0.99 × 0.506642 = 0.501576
    'bucket −34 stands for 0.5016': { key: 49_966, value: 0.501576 },
    'key 0 stands for zero': { key: 0, value: 0 },
    'a negative key stands for the negative of its mirror: −871.465': { key: -50_339, value: -871.465 },
  }))('%s', (_, { key, value }) => {
    expect(bucketValue(key)).toBeCloseTo(value, 3);
  });

  it('873 is estimated within 1 %: (873 − 871.465) ÷ 873 = 0.18 %', () => {
    const estimate = bucketValue(bucketKey(873));
    expect((873 - estimate) / 873).toBeCloseTo(0.00176, 4);
  });

  it('the bucket of the largest finite double stands for a finite value within 1 % of it', () => {
    // ⌈ln(1.797e308) ÷ ln γ⌉ = ⌈709.7827 ÷ 0.0200007⌉ = 35 488. γ^35 488 = e^709.7837 alone overflows, but
    // 0.99 × γ^35 488 = e^(709.7837 − 0.01005) = e^709.7736 = 1.781e308 is finite and 0.9 % under the maximum.
    const value = bucketValue(bucketKey(Number.MAX_VALUE));
    expect(Number.isFinite(value)).toBe(true);
    expect(Math.abs(value - Number.MAX_VALUE) / Number.MAX_VALUE).toBeLessThanOrEqual(0.01);
  });
});

describe('bucketBounds', () => {
  it.each(Object.entries({
    // (γ^338, γ^339] = (e^6.76022, e^6.78024] = (862.837, 880.268]
    'bucket 339 covers (862.84, 880.27]': { key: 50_339, low: 862.837, high: 880.268 },
    // (γ^−1, γ^0] = (0.99 ÷ 1.01, 1] = (0.980198, 1]
    'bucket 0 covers (0.9802, 1]': { key: 50_000, low: 0.980198, high: 1 },
    // (γ^0, γ^1] = (1, 1.020202]
    'bucket 1 covers (1, 1.0202]': { key: 50_001, low: 1, high: 1.020202 },
    'key 0 covers exactly zero': { key: 0, low: 0, high: 0 },
    'a negative key covers the mirrored range [−880.27, −862.84)': { key: -50_339, low: -880.268, high: -862.837 },
  }))('%s', (_, { key, low, high }) => {
    const [lower, upper] = bucketBounds(key);
    expect(lower).toBeCloseTo(low, 3);
    expect(upper).toBeCloseTo(high, 3);
  });

  it.each([873, 100, 1, 0.5, 0.001, 12_345.678])('%s lies inside the bounds of its own bucket and within 1 % of its value', (value) => {
    const key = bucketKey(value);
    const [low, high] = bucketBounds(key);
    expect(value).toBeGreaterThan(low);
    expect(value).toBeLessThanOrEqual(high);
    expect(Math.abs(bucketValue(key) - value) / value).toBeLessThanOrEqual(0.01 + 1e-12); // exactly 1 % at a bucket edge, plus float rounding
  });
});

describe('histogramOf and mergeHistograms', () => {
  it('counts values per bucket, sorted by key', () => {
    // 873 and 870 share bucket 339 (862.84, 880.27]; 0 → key 0; −1 → −50 000
    expect(histogramOf([873, 0, 870, -1, 0])).toEqual([
      { k: -50_000, n: 1 },
      { k: 0, n: 2 },
      { k: 50_339, n: 2 },
    ]);
  });

  it('adds the counts of equal keys and keeps the others', () => {
    const merged = mergeHistograms([
      [{ k: 50_000, n: 2 }, { k: 50_001, n: 1 }],
      [{ k: 0, n: 1 }, { k: 50_001, n: 3 }],
      [],
    ]);
    // 50 001: 1 + 3 = 4
    expect(merged).toEqual([
      { k: 0, n: 1 },
      { k: 50_000, n: 2 },
      { k: 50_001, n: 4 },
    ]);
  });
});

describe('histogramQuantile', () => {
  const tens = histogramOf([10, 20, 30, 40]);

  it.each(Object.entries({
    // position q × (n − 1) with n = 4
    'q 0 is the smallest value': { q: 0, exact: 10 }, // position 0
    'q 0.25 interpolates 3/4 of the way from 10 to 20': { q: 0.25, exact: 17.5 }, // 0.75 → 10 + 0.75 × 10
    'the median of four values is the mean of the middle two': { q: 0.5, exact: 25 }, // 1.5 → 20 + 0.5 × 10
    'q 0.9 interpolates 7/10 of the way from 30 to 40': { q: 0.9, exact: 37 }, // 2.7 → 30 + 0.7 × 10
    'q 1 is the largest value': { q: 1, exact: 40 }, // position 3
  }))('%s, within 1 %', (_, { q, exact }) => {
    const estimate = histogramQuantile(tens, q)!;
    expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(0.01);
  });

  it('clamps to the maximum when the bucket value overshoots it', () => {
    // 40 → ⌈3.68888 ÷ 0.0200007⌉ = 185; 0.99 × γ^185 = 0.99 × e^3.70012 = 0.99 × 40.4513 = 40.048
    expect(histogramQuantile(tens, 1)).toBeCloseTo(40.048, 3);
    expect(histogramQuantile(tens, 1, 10, 40)).toBe(40);
  });

  it('a single value with its min and max is returned exactly at every q', () => {
    const single = histogramOf([873]);
    for (const q of [0, 0.5, 0.99, 1]) expect(histogramQuantile(single, q, 873, 873)).toBe(873);
  });

  it('zeros are exact: the median of [0, 0, 0, 5] is 0', () => {
    // position 0.5 × 3 = 1.5, between the second and third zero
    expect(histogramQuantile(histogramOf([0, 0, 0, 5]), 0.5)).toBe(0);
  });

  it('an empty histogram has no quantile', () => {
    expect(histogramQuantile([], 0.5)).toBeUndefined();
  });
});

describe('quantileOfCounts', () => {
  it('reads only the first `length` entries of reused, longer arrays', () => {
    // [10, 20, 30, 40] as keys and counts, followed by stale entries of an earlier, longer histogram
    const tens = histogramOf([10, 20, 30, 40]);
    const keys = new Float64Array([...tens.map((b) => b.k), bucketKey(1e6), bucketKey(2e6)]);
    const counts = new Float64Array([1, 1, 1, 1, 500, 500]);
    expect(quantileOfCounts(keys, counts, 4, 0.5, 10, 40)).toBe(histogramQuantile(tens, 0.5, 10, 40));
    expect(quantileOfCounts(keys, counts, 4, 1, 10, 40)).toBe(40);
    expect(quantileOfCounts(keys, counts, 0, 0.5)).toBeUndefined();
  });

});

describe('encodeHistogram and decodeHistogram', () => {
  it.each(Object.entries({
    'two buckets': { buckets: [{ k: 50_336, n: 12 }, { k: 50_340, n: 3 }], text: '50336:12;50340:3' },
    'negative and zero keys': { buckets: [{ k: -50_339, n: 2 }, { k: 0, n: 1 }], text: '-50339:2;0:1' },
    'no buckets': { buckets: [], text: '' },
  }))('round-trips %s', (_, { buckets, text }) => {
    expect(encodeHistogram(buckets)).toBe(text);
    expect(decodeHistogram(text)).toEqual(buckets);
  });

  it('reads pairs with spaces around them', () => {
    expect(decodeHistogram(' 50336:12 ; 50340:3 ')).toEqual([{ k: 50_336, n: 12 }, { k: 50_340, n: 3 }]);
  });

  it.each(Object.entries({
    'a dash instead of a colon': { text: '50336-12', pair: '"50336-12"' },
    'a fractional count': { text: '50336:1.5', pair: '"50336:1.5"' },
    'a key that is not a number': { text: 'a:1', pair: '"a:1"' },
    'a trailing separator': { text: '50336:12;', pair: '""' },
  }))('rejects %s', (_, { text, pair }) => {
    expect(() => decodeHistogram(text)).toThrow(`bad histogram bucket ${pair}: expected key:count`);
  });
});

describe('histogram properties', () => {
  const positive = fc.double({ min: 1e-300, max: 1e300, noNaN: true });
  const withZeros = fc.oneof(fc.constant(0), positive);
  const quantile = fc.double({ min: 0, max: 1, noNaN: true });
  const fixedQuantiles = [0, 0.25, 0.5, 0.9, 0.95, 0.99, 1];

  it.each(Object.entries({
    'positive doubles': { values: positive },
    'positive doubles and zeros': { values: withZeros },
  }))('every quantile of %s is within 1 % of the exact interpolated quantile', (_, { values }) => {
    fc.assert(
      fc.property(fc.array(values, { minLength: 1, maxLength: 200 }), quantile, (xs, randomQ) => {
        const histogram = histogramOf(xs);
        const min = Math.min(...xs);
        const max = Math.max(...xs);
        for (const q of [...fixedQuantiles, randomQ]) {
          const exact = exactQuantile(xs, q);
          const estimate = histogramQuantile(histogram, q, min, max)!;
          expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(0.01 * exact + 1e-9 * Math.max(1, exact));
        }
      }),
    );
  });

  it('merging the histograms of a split equals the histogram of the whole', () => {
    fc.assert(
      fc.property(fc.array(withZeros, { maxLength: 200 }), fc.nat(), (xs, cut) => {
        const at = xs.length === 0 ? 0 : cut % (xs.length + 1);
        expect(mergeHistograms([histogramOf(xs.slice(0, at)), histogramOf(xs.slice(at))])).toEqual(histogramOf(xs));
      }),
    );
  });

  it('quantileFromKeys, given the keys of the order statistics around the position, agrees with histogramQuantile', () => {
    fc.assert(
      fc.property(fc.array(withZeros, { minLength: 1, maxLength: 200 }), quantile, (xs, q) => {
        // What a store does: sort the keys of all values and pick the two ranks around q × (n − 1).
        const keys = xs.map(bucketKey).sort((a, b) => a - b);
        const position = q * (keys.length - 1);
        const lowKey = keys[Math.floor(position)]!;
        const highKey = keys[Math.min(Math.floor(position) + 1, keys.length - 1)]!;
        const min = Math.min(...xs);
        const max = Math.max(...xs);
        expect(quantileFromKeys(lowKey, highKey, q, keys.length, min, max)).toBe(histogramQuantile(histogramOf(xs), q, min, max));
      }),
    );
  });
});

/** The linear-interpolated quantile (DuckDB `quantile_cont`, numpy's default): position q × (n − 1). */
function exactQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const lower = Math.floor(position);
  const fraction = position - lower;
  const low = sorted[lower]!;
  return fraction > 0 ? low + (sorted[lower + 1]! - low) * fraction : low;
}
