import { describe, expect, it } from 'vitest';
import { programMaintenance } from '../../../src/core/model/program-maintenance.ts';
import { MaintenanceWindowSchema } from '../../../src/core/schemas/oncall.ts';
import { ProgramModelSchema } from '../../../src/core/schemas/model.ts';

const window = (fields: Record<string, unknown>) => MaintenanceWindowSchema.parse({ name: 'patching', time_zone: 'America/New_York', ...fields });
// The bundled sample's model time: Sunday 2026-11-01T00:00Z, a few hours before New York falls back
// (02:00 EDT → 01:00 EST at 06:00Z that morning).
const AT = new Date('2026-11-01T00:00:00Z');

describe('programMaintenance', () => {
  const sundays = window({ name: 'docket-sunday-patching', program: 'opm-docket-api', every: 'sunday', from: '02:00', to: '04:00', comment: 'Weekly OS patching' });

  it('lists the occurrences of [at − 90 days, at + 14 days), across the fall-back change, oldest first', () => {
    const [docket] = programMaintenance([sundays], 'opm-docket-api', AT);
    // at − 90 d = 2026-08-03T00:00Z (a Monday): the first Sunday after it is 9 August; at + 14 d =
    // 2026-11-15T00:00Z: the last is 8 November. Sundays 9 Aug … 8 Nov: 14 of them.
    expect(docket!.occurrences).toHaveLength(14);
    expect(docket!.occurrences[0]).toEqual({ start: '2026-08-09T06:00:00.000Z', end: '2026-08-09T08:00:00.000Z' }); // 02:00–04:00 EDT (UTC−4)
    expect(docket!.occurrences.slice(-3)).toEqual([
      { start: '2026-10-25T06:00:00.000Z', end: '2026-10-25T08:00:00.000Z' }, // EDT
      // 1 November: 02:00 happens once, in EST (UTC−5), after the clocks went back at 06:00Z: 07:00Z–09:00Z, still 2 h
      { start: '2026-11-01T07:00:00.000Z', end: '2026-11-01T09:00:00.000Z' },
      { start: '2026-11-08T07:00:00.000Z', end: '2026-11-08T09:00:00.000Z' }, // EST
    ]);
    expect(docket).toMatchObject({ name: 'docket-sunday-patching', comment: 'Weekly OS patching' });
  });

  it('keeps an occurrence that began before the reach and still overlaps it, with its own bounds', () => {
    // A one-off window from 2026-08-02 18:00 to 2026-08-03 02:00 New York (EDT: 22:00Z on the 2nd to 06:00Z on the 3rd) reaches past at − 90 d = 2026-08-03T00:00Z.
    const edge = window({ name: 'edge', start: '2026-08-02T18:00', end: '2026-08-03T02:00' });
    expect(programMaintenance([edge], 'any', AT)).toEqual([{ name: 'edge', comment: null, occurrences: [{ start: '2026-08-02T22:00:00.000Z', end: '2026-08-03T06:00:00.000Z' }] }]);
    const before = window({ name: 'before', start: '2026-08-02T10:00', end: '2026-08-02T20:00' }); // ends 2026-08-03T00:00Z: [start, end) misses the reach
    expect(programMaintenance([before], 'any', AT)).toEqual([]);
  });

  it.each([
    ['a window of another program is left out', { program: 'cms-eligibility' }, 0],
    ['a window naming the program among others is kept', { programs: ['cms-eligibility', 'opm-docket-api'] }, 1],
    ['a window naming no program covers every program', {}, 1],
    ['a window with public: false is left out', { public: false }, 0],
    ['matchers narrow the alerts muted, not the program: still shown', { matchers: { team: 'docket' } }, 1],
  ])('%s', (_, fields, count) => {
    expect(programMaintenance([window({ every: 'day', from: '22:00', to: '23:00', ...fields })], 'opm-docket-api', AT)).toHaveLength(count);
  });

  it('leaves out a window with no occurrence in the reach (a one-off long past)', () => {
    expect(programMaintenance([window({ start: '2026-01-10T20:00', end: '2026-01-10T22:00' })], 'opm-docket-api', AT)).toEqual([]);
  });

  it('is what the program document\u2019s schema describes', () => {
    expect(ProgramModelSchema.shape.maintenance.parse(programMaintenance([sundays], 'opm-docket-api', AT))).toHaveLength(1);
  });
});
