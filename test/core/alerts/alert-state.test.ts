import { describe, expect, it } from 'vitest';
import { advanceRule, fingerprint, type AlertInstance } from '../../../src/core/alerts/alert-state.ts';
import type { AlertCandidate } from '../../../src/core/alerts/evaluate.ts';

const LABELS = { alertname: 'r', program: 'p', severity: 'critical' };
const candidate = (active: boolean): AlertCandidate => ({ severity: 'critical', labels: LABELS, threshold: 1, active, annotations: {} });
/** Minute `m` after 12:00. */
const minute = (m: number) => new Date(Date.UTC(2026, 9, 27, 12, m));
const iso = (m: number) => minute(m).toISOString();

/**
 * Runs one evaluation a minute from 12:00 with the given conditions and returns, per minute, the
 * stored state (or inactive) and the transitions reported.
 */
function timeline(conditions: readonly boolean[], timing: { forSeconds: number; keepFiringForSeconds: number }, start: AlertInstance[] = []) {
  let instances = start;
  return conditions.map((holds, m) => {
    const step = advanceRule(instances, [candidate(holds)], holds ? m : null, minute(m), timing, 'r');
    instances = step.instances;
    return { state: instances[0]?.state ?? 'inactive', changes: step.transitions.map((t) => `${t.from}→${t.to}`), alert: instances[0] };
  });
}

describe('advanceRule: Prometheus alerting-rule semantics', () => {
  it('for 2m: pending while it holds, firing once at − activeAt ≥ 2m', () => {
    const steps = timeline([true, true, true, true], { forSeconds: 120, keepFiringForSeconds: 0 });
    expect(steps.map((s) => s.state)).toEqual(['pending', 'pending', 'firing', 'firing']);
    expect(steps.map((s) => s.changes)).toEqual([['inactive→pending'], [], ['pending→firing'], []]);
    expect(steps[3]!.alert).toMatchObject({ activeAt: iso(0), firedAt: iso(2), value: 3 });
  });

  it('one evaluation without the condition drops a pending alert and resets for', () => {
    const steps = timeline([true, true, false, true, true, true], { forSeconds: 120, keepFiringForSeconds: 0 });
    expect(steps.map((s) => s.state)).toEqual(['pending', 'pending', 'inactive', 'pending', 'pending', 'firing']);
    expect(steps[2]!.changes).toEqual(['pending→inactive']); // never fired: nothing resolved
    expect(steps[5]!.alert).toMatchObject({ activeAt: iso(3), firedAt: iso(5) });
  });

  it('for 0s fires at the first evaluation that holds', () => {
    const steps = timeline([false, true], { forSeconds: 0, keepFiringForSeconds: 0 });
    expect(steps.map((s) => [s.state, s.changes])).toEqual([['inactive', []], ['firing', ['inactive→firing']]]);
  });

  it('keep_firing_for 3m counts from the first evaluation without the condition', () => {
    // Fires at 12:00; false from 12:01: keepFiringSince 12:01; still firing at 12:03 (2 min < 3), resolved at 12:04.
    const steps = timeline([true, false, false, false, false], { forSeconds: 0, keepFiringForSeconds: 180 });
    expect(steps.map((s) => s.state)).toEqual(['firing', 'firing', 'firing', 'firing', 'resolved']);
    expect(steps[1]!.alert!.keepFiringSince).toBe(iso(1));
    expect(steps[4]!.changes).toEqual(['firing→resolved']);
    expect(steps[4]!.alert).toMatchObject({ resolvedAt: iso(4), firedAt: iso(0) });
  });

  it('the condition holding again during keep_firing_for clears keepFiringSince', () => {
    const steps = timeline([true, false, true, false, false, false, false], { forSeconds: 0, keepFiringForSeconds: 180 });
    expect(steps[2]!.alert!.keepFiringSince).toBeNull();
    expect(steps[3]!.alert!.keepFiringSince).toBe(iso(3));
    expect(steps.map((s) => s.state)).toEqual(['firing', 'firing', 'firing', 'firing', 'firing', 'firing', 'resolved']);
  });

  it('a resolved alert is kept 15 minutes, forgotten after, and starts over when it holds again', () => {
    const fired = timeline([true, false, ...Array<boolean>(16).fill(false), true], { forSeconds: 0, keepFiringForSeconds: 0 });
    expect(fired[1]!.state).toBe('resolved'); // resolved at 12:01
    expect(fired[16]!.state).toBe('resolved'); // 12:16: 900 s after, still kept
    expect(fired[17]!.state).toBe('inactive'); // 12:17: 960 s after, forgotten
    expect(fired[17]!.changes).toEqual([]); // forgetting is not news
    expect(fired[18]!.changes).toEqual(['inactive→firing']);
    const again = timeline([true, false, true], { forSeconds: 0, keepFiringForSeconds: 0 });
    expect(again[2]!.changes).toEqual(['resolved→firing']);
    expect(again[2]!.alert).toMatchObject({ activeAt: iso(2), resolvedAt: null });
  });

  it('tracks each label set on its own, and fingerprints ignore label order', () => {
    const warning: AlertCandidate = { severity: 'warning', labels: { ...LABELS, severity: 'warning' }, threshold: 1, active: true, annotations: {} };
    const step = advanceRule([], [warning, candidate(false)], 5, minute(0), { forSeconds: 0, keepFiringForSeconds: 0 }, 'r');
    expect(step.instances.map((i) => [i.labels.severity, i.state])).toEqual([['warning', 'firing']]);
    expect(fingerprint({ b: '2', a: '1' })).toBe(fingerprint({ a: '1', b: '2' }));
    expect(fingerprint({ a: '1', b: '2' })).not.toBe(fingerprint({ a: '1', b: '3' }));
  });
});
