import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** Seeded random draws for the sample generator; the same seed always gives the same sequence. */
export interface Random {
  /** A float in [0, 1). */
  uniform(): number;
  /** An integer in [from, to]. */
  int(from: number, to: number): number;
  /** A standard normal draw. */
  normal(): number;
  /** A lognormal draw with the given median and log-space standard deviation. */
  lognormal(median: number, sigma: number): number;
  /** A Poisson draw: how many events happen when `mean` are expected. */
  poisson(mean: number): number;
  /** `true` with probability `p`. */
  chance(p: number): boolean;
  /** An index drawn with the given relative weights. */
  weighted(weights: readonly number[]): number;
  /** `length` lowercase hex digits, e.g. for a trace id. */
  hex(length: number): string;
}

/**
 * `count` independent streams from one seed. Stream i is the seed's generator jumped i + 1 times
 * (2^64 steps each), so adding draws to one program's story leaves the others' data unchanged.
 */
export function createRandoms(seed: number, count: number): Random[] {
  const generator = xoroshiro128plus(seed);
  return Array.from({ length: count }, () => {
    generator.jump();
    return createRandom(generator.clone());
  });
}

function createRandom(generator: RandomGenerator): Random {
  const uniform = () => uniformFloat64(generator);
  const normal = () => {
    // Box–Muller; 1 − u keeps the logarithm's argument in (0, 1].
    const u = 1 - uniform();
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return {
    uniform,
    int: (from, to) => uniformInt(generator, from, to),
    normal,
    lognormal: (median, sigma) => median * Math.exp(sigma * normal()),
    poisson(mean) {
      if (mean <= 0) return 0;
      // Knuth's product of uniforms for small means; above 30 the normal approximation is within 1 %.
      if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
      const limit = Math.exp(-mean);
      let count = 0;
      for (let product = uniform(); product > limit; product *= uniform()) count++;
      return count;
    },
    chance: (p) => uniform() < p,
    weighted(weights) {
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      let left = uniform() * total;
      for (let index = 0; index < weights.length; index++) {
        left -= weights[index]!;
        if (left < 0) return index;
      }
      return weights.length - 1;
    },
    hex: (length) => Array.from({ length }, () => uniformInt(generator, 0, 15).toString(16)).join(''),
  };
}
