import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

// The bundled rules/notify.yaml: opm-docket-primary hands off Mondays 09:00 New York time through
// ana-ruiz, ben-okafor, chen-li from 2026-01-05, with chen-li covering 2026-11-25 17:00 – 11-30 09:00.
describe('hms-ops oncall who', () => {
  it('names who is on call and when their shift ends, in the schedule\'s zone', async () => {
    const result = await runCli(['oncall', 'who', '--schedule', 'opm-docket-primary', '--at', '2026-10-27T14:03:00Z']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('opm-docket-primary: Ana Ruiz (ana-ruiz) is on call at 2026-10-27 10:03 EDT, from 2026-10-26 09:00 EDT until 2026-11-02 09:00 EST\n');
  });

  it('lists the shifts ahead, the one across the fall-back change 169 h long, and the override cut in', async () => {
    const result = await runCli(['oncall', 'who', '--schedule', 'opm-docket-primary', '--at', '2026-10-27T14:03:00Z', '--for', '42d', '--json']);
    const report = JSON.parse(result.stdout) as { schedules: { shifts: { person: string; start: string; end: string; override: boolean }[] }[] };
    const shifts = report.schedules[0]!.shifts.map((s) => [s.person, s.start, s.end, s.override]);
    expect(shifts).toEqual([
      ['ana-ruiz', '2026-10-26T13:00:00.000Z', '2026-11-02T14:00:00.000Z', false], // 169 h
      ['ben-okafor', '2026-11-02T14:00:00.000Z', '2026-11-09T14:00:00.000Z', false],
      ['chen-li', '2026-11-09T14:00:00.000Z', '2026-11-16T14:00:00.000Z', false],
      ['ana-ruiz', '2026-11-16T14:00:00.000Z', '2026-11-23T14:00:00.000Z', false],
      ['ben-okafor', '2026-11-23T14:00:00.000Z', '2026-11-25T22:00:00.000Z', false],
      ['chen-li', '2026-11-25T22:00:00.000Z', '2026-11-30T14:00:00.000Z', true], // Thanksgiving swap
      ['chen-li', '2026-11-30T14:00:00.000Z', '2026-12-07T14:00:00.000Z', false],
      ['ana-ruiz', '2026-12-07T14:00:00.000Z', '2026-12-14T14:00:00.000Z', false],
    ]);
  });

  it('refuses an unknown schedule, naming the ones there are', async () => {
    const result = await runCli(['oncall', 'who', '--schedule', 'nope']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown schedule "nope"; expected one of opm-docket-primary, fema-aid-form');
  });
});
