import { describe, expect, it } from 'vitest';
import { isInteractive } from '../../src/cli/context.ts';

describe('isInteractive', () => {
  it.each([
    ['a terminal 120 columns wide, outside CI', { isTTY: true, columns: 120 }, {}, true],
    ['a terminal under CI', { isTTY: true, columns: 120 }, { CI: 'true' }, false],
    ['a pseudo-terminal that reports no width', { isTTY: true, columns: 0 }, {}, false],
    ['a pipe', { isTTY: false }, {}, false],
  ])('%s', (_, stream, env, expected) => {
    expect(isInteractive(stream, env)).toBe(expected);
  });
});
