import { describe, expect, it } from 'vitest';
import { remembered } from '../../src/core/remember.ts';

describe('remembered', () => {
  it('makes an answer once per key and gives it back after that', () => {
    const cache = new Map<string, number>();
    let made = 0;
    const square = (n: number) => remembered(cache, String(n), () => { made++; return n * n; });
    expect([square(3), square(3), square(4), square(3)]).toEqual([9, 9, 16, 9]);
    expect(made).toBe(2);
  });

  it('starts again empty when full, and still answers right', () => {
    const cache = new Map<number, number>();
    for (let i = 0; i < 200_000; i++) remembered(cache, i, () => i + 1);
    expect(cache.size).toBe(200_000);
    // The 200 001st key finds the cache full: it is emptied, then holds only the new answer.
    expect(remembered(cache, -1, () => 0)).toBe(0);
    expect(cache.size).toBe(1);
    expect(remembered(cache, 5, () => 6)).toBe(6);
  });
});
