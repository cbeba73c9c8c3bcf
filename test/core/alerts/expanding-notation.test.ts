import { describe, expect, it } from 'vitest';
import { expandValues, MAX_REPEAT } from '../../../src/core/alerts/expanding-notation.ts';

describe('expandValues: promtool expanding notation', () => {
  it.each(Object.entries({
    'plain numbers, one sample each': ['1 2 3', [1, 2, 3]],
    'signed and decimal numbers, and exponents': ['-1.5 +2 .5 1e3 2.5E-1', [-1.5, 2, 0.5, 1000, 0.25]],
    '_ is a step without a sample': ['1 _ 3', [1, null, 3]],
    'a+bxn is n + 1 samples a, a + b … a + nb': ['1+1x3', [1, 2, 3, 4]],
    'a-bxn counts down': ['10-2x2', [10, 8, 6]],
    'a negative start with a step: −1.5, −1, −0.5': ['-1.5+0.5x2', [-1.5, -1, -0.5]],
    'axn is a+0xn: n + 1 copies': ['5x2', [5, 5, 5]],
    'x0 is the value once': ['7x0', [7]],
    '_xn is n steps without a sample (n, not n + 1)': ['_x3 1', [null, null, null, 1]],
    '_x0 is nothing': ['_x0 1', [1]],
    'segments are separated by any whitespace': ['  1\t2\n 3 ', [1, 2, 3]],
    'segments follow each other: 4 + 2 + 1 + 3 + 3 = 13 steps': ['1+1x3 _x2 5 1-1x2 2x2', [1, 2, 3, 4, null, null, 5, 1, 0, -1, 2, 2, 2]],
  }))('%s', (_, [text, values]) => {
    expect(expandValues(text as string)).toEqual({ values, errors: [] });
  });

  it('adds the step to the previous value, as promtool does: 0.1 + 0.1 + 0.1 is 0.30000000000000004', () => {
    expect(expandValues('0.1+0.1x2').values).toEqual([0.1, 0.2, 0.1 + 0.1 + 0.1]);
    expect(expandValues('0.1+0.1x2').values[2]).not.toBe(0.3);
  });

  it('reports every bad segment at its column, and keeps the good ones', () => {
    //                      1234567890123456789
    const result = expandValues('1 abc 2 1+x3 _y 3x');
    expect(result.values).toEqual([1, 2]);
    expect(result.errors).toEqual([
      { column: 3, message: '"abc": expected a number, _, axN, a+bxN, a-bxN or _xN' },
      { column: 9, message: '"1+x3": expected a number, _, axN, a+bxN, a-bxN or _xN' },
      { column: 14, message: '"_y": expected _ (no sample) or _xN (N steps without a sample)' },
      { column: 17, message: '"3x": expected a whole number of repetitions after x, e.g. 1x5' },
    ]);
  });

  it.each(Object.entries({
    'a fractional repetition count': ['1x2.5', '"1x2.5": the number of repetitions after x must be a whole number, e.g. 1x5'],
    'a signed repetition count': ['1x-2', '"1x-2": the number of repetitions after x must be a whole number, e.g. 1x5'],
    'a signed step (promtool writes a-bxn)': ['1+-2x3', '"1+-2x3": expected a number, _, axN, a+bxN, a-bxN or _xN'],
    'more repetitions than allowed': [`1x${MAX_REPEAT + 1}`, `"1x${MAX_REPEAT + 1}": at most ${MAX_REPEAT} repetitions in one segment, got ${MAX_REPEAT + 1}`],
    'too many blank steps': [`_x${MAX_REPEAT + 1}`, `"_x${MAX_REPEAT + 1}": at most ${MAX_REPEAT} repetitions in one segment, got ${MAX_REPEAT + 1}`],
  }))('rejects %s', (_, [text, message]) => {
    expect(expandValues(`0 ${text}`).errors).toEqual([{ column: 3, message }]);
  });

  it('an empty text is an error at column 1', () => {
    expect(expandValues('  ')).toEqual({ values: [], errors: [{ column: 1, message: 'expected at least one value, e.g. "1 2 3" or "0+10x5"' }] });
  });
});
