/**
 * promtool's expanding notation for test series (Prometheus promql/parser, `series_item`), one
 * sample per step, segments separated by whitespace:
 * - `7`: one sample; `_`: one step without a sample;
 * - `a+bxn`, `a-bxn`: n + 1 samples a, a ± b, a ± 2b … (so `1+1x3` is `1 2 3 4`), added up step by
 *   step as promtool does, so `0.1+0.1x2` gives the same floating-point numbers;
 * - `axn`: n + 1 samples of a (`a+0xn`); `_xn`: n steps without a sample (n, not n + 1, as promtool).
 */
export type SeriesValue = number | null;

/** A segment that is not notation: its 1-based column in the values text, and what is wrong. */
export interface NotationError {
  column: number;
  message: string;
}

/** Repetitions allowed in one segment: a typo such as `1x1000000000` must not fill the memory. */
export const MAX_REPEAT = 100_000;

const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
const UNSIGNED = String.raw`(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
const PLAIN = new RegExp(`^${NUMBER}$`);
const EXPANDING = new RegExp(`^(${NUMBER})(?:([+-])(${UNSIGNED}))?x(\\d+)$`);
const BLANKS = /^_x(\d+)$/;

/** The samples of a values text (null: no sample at that step), and every segment that could not be read. */
export function expandValues(text: string): { values: SeriesValue[]; errors: NotationError[] } {
  const values: SeriesValue[] = [];
  const errors: NotationError[] = [];
  for (const match of text.matchAll(/\S+/g)) {
    const segment = match[0];
    const column = match.index + 1;
    const expanded = expandSegment(segment);
    if (typeof expanded === 'string') errors.push({ column, message: expanded });
    else values.push(...expanded);
  }
  if (values.length === 0 && errors.length === 0) errors.push({ column: 1, message: 'expected at least one value, e.g. "1 2 3" or "0+10x5"' });
  return { values, errors };
}

/** One segment's samples, or what is wrong with it. */
function expandSegment(segment: string): SeriesValue[] | string {
  if (segment === '_') return [null];
  if (PLAIN.test(segment)) return [Number(segment)];
  const blanks = BLANKS.exec(segment);
  if (blanks) {
    const times = repeat(blanks[1]!);
    return typeof times === 'string' ? `"${segment}": ${times}` : Array.from({ length: times }, () => null);
  }
  const match = EXPANDING.exec(segment);
  if (!match) return `"${segment}": ${explain(segment)}`;
  const [, start = '', sign, step, count = ''] = match;
  const times = repeat(count);
  if (typeof times === 'string') return `"${segment}": ${times}`;
  const increment = step === undefined ? 0 : sign === '-' ? -Number(step) : Number(step);
  const out: number[] = [];
  // promtool adds the step to the previous value, so its rounding is reproduced.
  for (let i = 0, value = Number(start); i <= times; i++, value += increment) out.push(value);
  return out;
}

function repeat(text: string): number | string {
  const times = Number(text);
  return times <= MAX_REPEAT ? times : `at most ${MAX_REPEAT} repetitions in one segment, got ${text}`;
}

/** A hint for a segment that is not notation. */
function explain(segment: string): string {
  if (segment.startsWith('_')) return 'expected _ (no sample) or _xN (N steps without a sample)';
  if (/x$/.test(segment)) return 'expected a whole number of repetitions after x, e.g. 1x5';
  if (/x\d*\.\d/.test(segment) || /x[+-]/.test(segment)) return 'the number of repetitions after x must be a whole number, e.g. 1x5';
  return 'expected a number, _, axN, a+bxN, a-bxN or _xN';
}
