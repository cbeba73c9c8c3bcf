import { describe, expect, it } from 'vitest';
import { DOCUMENT_HOURLY_DAYS, joinHourly, splitHourly } from '../../../src/core/model/hourly-split.ts';
import type { ProgramModel, SeriesPoint } from '../../../src/core/schemas/model.ts';
import { smallProgram } from '../../fixtures/model/small-model.ts';

const point = (start: string): SeriesPoint => ({ start, n: 40, sufficient: true, suppressed: null, exact: true, value: 1, stats: { count: 40 } });

/** The small program (at 2026-11-01T00:00Z) with hourly points 8 days, exactly 7 days and 1 hour before `at`. */
function program(): ProgramModel {
  const model = smallProgram();
  model.kpis[0]!.hourly = ['2026-10-24T00:00:00.000Z', '2026-10-24T23:00:00.000Z', '2026-10-25T00:00:00.000Z', '2026-10-31T23:00:00.000Z'].map(point);
  return model;
}

describe('splitHourly', () => {
  it('keeps the hourly points of the last 7 days in the document, from exactly 7 days before at', () => {
    expect(DOCUMENT_HOURLY_DAYS).toBe(7);
    const { document } = splitHourly(program());
    expect(document.kpis[0]!.hourly.map((p) => p.start)).toEqual(['2026-10-25T00:00:00.000Z', '2026-10-31T23:00:00.000Z']);
    expect(document.kpis[1]!.hourly).toEqual([]);
    expect(document.kpis[0]!.daily).toEqual(program().kpis[0]!.daily);
  });

  it('puts every KPI\'s whole hourly series in the hourly document, and changes nothing it was given', () => {
    const given = program();
    const { hourly } = splitHourly(given);
    expect(hourly).toEqual({ model_version: given.model_version, program_id: 'benefits', at: '2026-11-01T00:00:00.000Z', kpis: [{ id: 'wait', hourly: program().kpis[0]!.hourly }, { id: 'errors', hourly: [] }] });
    expect(given).toEqual(program());
  });
});

describe('joinHourly', () => {
  it('gives back the program as computed', () => {
    const { document, hourly } = splitHourly(program());
    expect(joinHourly(document, hourly)).toEqual(program());
  });

  it('refuses an hourly document of another program, another at, or without a KPI, saying which', () => {
    const { document, hourly } = splitHourly(program());
    expect(() => joinHourly(document, { ...hourly, program_id: 'other', at: '2026-10-31T00:00:00.000Z', kpis: hourly.kpis.slice(1) }))
      .toThrow('program_id is "other", expected "benefits"; at is 2026-10-31T00:00:00.000Z, expected 2026-11-01T00:00:00.000Z; no hourly series for KPI wait');
  });
});
