import { describe, expect, it } from 'vitest';
import { DateSchema, InstantSchema } from '../../../src/core/schemas/common.ts';

describe('dates and instants', () => {
  it.each([
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-13-45', false],
    ['2026-04-31', false],
    ['26-04-01', false],
  ])('the date %s is valid: %s', (text, valid) => {
    expect(DateSchema.safeParse(text).success).toBe(valid);
  });

  it.each([
    ['2026-11-01T00:00:00Z', true],
    ['2026-11-01T00:00:00.250+05:30', true],
    ['2026-11-01T00:00Z', true],
    ['2026-13-01T00:00:00Z', false],
    ['2026-11-01T24:00:00Z', false],
    ['2026-11-01T12:60:00Z', false],
    ['2026-11-01T12:00:00', false],
  ])('the instant %s is valid: %s', (text, valid) => {
    expect(InstantSchema.safeParse(text).success).toBe(valid);
  });

  it('names a date that does not exist with its own message, once', () => {
    expect(DateSchema.safeParse('2026-02-30').error?.issues.map((issue) => issue.message)).toEqual(['expected a date that exists, as YYYY-MM-DD']);
  });
});
