/**
 * What an attacker can work out from published sums: each published number is a linear equation in
 * the unknown (withheld) counts, and a withheld count, or any sum of them, can be worked out exactly
 * when its vector lies in the span of those equations. Incremental Gaussian elimination over doubles
 * (the coefficients are small integers, or a published ratio).
 */
export class LinearSpan {
  private readonly rows: { pivot: number; values: Float64Array }[] = [];

  private readonly size: number;

  constructor(size: number) {
    this.size = size;
  }

  /** Adds an equation over the unknowns (its right-hand side does not matter for what it determines). */
  add(vector: Float64Array): void {
    const reduced = this.reduce(vector);
    let pivot = -1;
    for (let i = 0; i < this.size; i++) if (Math.abs(reduced[i]!) > 1e-9 && (pivot < 0 || Math.abs(reduced[i]!) > Math.abs(reduced[pivot]!))) pivot = i;
    if (pivot < 0) return;
    const scale = reduced[pivot]!;
    for (let i = 0; i < this.size; i++) reduced[i] = reduced[i]! / scale;
    this.rows.push({ pivot, values: reduced });
  }

  /** Whether the sum with these coefficients is determined by the equations added so far. */
  determines(vector: Float64Array): boolean {
    if (vector.every((value) => value === 0)) return false;
    return this.reduce(vector).every((value) => Math.abs(value) < 1e-7);
  }

  private reduce(vector: Float64Array): Float64Array {
    const out = Float64Array.from(vector);
    for (const { pivot, values } of this.rows) {
      const factor = out[pivot]!;
      if (factor === 0) continue;
      for (let i = 0; i < this.size; i++) out[i] = out[i]! - factor * values[i]!;
    }
    return out;
  }
}
