import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/core/duration.ts';

describe('parseDuration', () => {
  it.each([
    ['30s', 30],
    ['5m', 300], // 5 × 60
    ['1h', 3600],
    ['28d', 2_419_200], // 28 × 86 400
    ['30d', 2_592_000], // 30 × 86 400
    ['1w', 604_800], // 7 × 86 400
    ['1y', 31_536_000], // 365 × 86 400
    [' 5m ', 300],
  ])('reads "%s" as %i s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(Object.entries({
    'a zero duration, "0m"': { text: '0m' },
    'a fraction, "1.5h"': { text: '1.5h' },
    'a missing unit, "30"': { text: '30' },
    'an unknown unit, "3mo"': { text: '3mo' },
    'a negative number, "-5m"': { text: '-5m' },
    'words, "5 minutes"': { text: '5 minutes' },
    'an upper-case unit, "1H"': { text: '1H' },
    'an empty text': { text: '' },
  }))('rejects %s', (_, { text }) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [2_419_200, '28d'], // 2 419 200 ÷ 86 400 = 28
    [604_800, '7d'], // weeks are written in days
    [86_400, '1d'],
    [90_000, '25h'], // 90 000 ÷ 3600 = 25, not a whole number of days
    [3600, '1h'],
    [5400, '90m'], // 5400 ÷ 60 = 90, not a whole number of hours
    [60, '1m'],
    [90, '90s'],
    [1, '1s'],
  ])('writes %i s as "%s"', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it.each(['30s', '5m', '1h', '28d'])('"%s" round-trips', (text) => {
    expect(formatDuration(parseDuration(text)!)).toBe(text);
  });
});
