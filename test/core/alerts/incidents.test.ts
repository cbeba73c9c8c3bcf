import { describe, expect, it } from 'vitest';
import { planActions } from '../../../src/core/alerts/actions.ts';
import type { AlertInstance, Transition } from '../../../src/core/alerts/alert-state.ts';
import { acknowledge, advanceIncidents, incidentId, recordNotification, resolveByHand, type Incident } from '../../../src/core/alerts/incidents.ts';
import type { OutboxEntry } from '../../../src/core/alerts/outbox.ts';
import { thresholdRule, type Rule } from '../../../src/core/alerts/rules.ts';
import { AlertRuleSchema } from '../../../src/core/schemas/alert-rule.ts';

const T = (time: string) => new Date(`2026-10-27T${time}:00Z`);
const iso = (time: string) => T(time).toISOString();
const labels = { alertname: 'latency', program: 'opm', severity: 'critical' };
const rule = (action?: Record<string, unknown>) =>
  thresholdRule(AlertRuleSchema.parse({ name: 'latency', program: 'opm', aggregation: 'p95', metric: 'm', critical: 500, for: '2m', public: true, annotations: { summary: 'slow', playbook: 'docket.md' }, ...(action ? { action } : {}) }), { file: 'rules/alerts/opm.yaml', sha256: 'f00' });
const rulesOf = (r: Rule) => new Map([[r.name, r]]);
const firing = (firedAt: string): AlertInstance => ({ fingerprint: 'fp', rule: 'latency', labels, annotations: { summary: 'slow' }, state: 'firing', value: 900, activeAt: iso('14:01'), firedAt: iso(firedAt), resolvedAt: null, keepFiringSince: null });
const change = (from: Transition['from'], to: Transition['to'], at: string, severity = 'critical'): Transition => ({ fingerprint: 'fp', rule: 'latency', labels: { ...labels, severity }, from, to, at: iso(at), value: 900 });

describe('incidents', () => {
  const opened = advanceIncidents([], [change('pending', 'firing', '14:03')], [firing('14:03')], rulesOf(rule()), T('14:03'));

  it('a critical alert that fires opens one, with its pending and firing times, playbook and rule version', () => {
    expect(opened.opened).toHaveLength(1);
    expect(opened.incidents[0]).toMatchObject({ id: incidentId('fp', iso('14:03')), status: 'open', startedAt: iso('14:01'), openedAt: iso('14:03'), playbook: 'docket.md', public: true, ruleFile: 'rules/alerts/opm.yaml', ruleSha256: 'f00', title: 'slow' });
    expect(opened.incidents[0]!.id).toMatch(/^INC-20261027-[0-9a-f]{6}$/);
    expect(opened.incidents[0]!.timeline.map((e) => [e.at, e.kind])).toEqual([[iso('14:01'), 'pending'], [iso('14:03'), 'firing']]);
  });

  it('a warning opens none; firing again while open updates the same one; resolving resolves it', () => {
    expect(advanceIncidents([], [change('pending', 'firing', '14:03', 'warning')], [], rulesOf(rule()), T('14:03')).incidents).toEqual([]);
    const again = advanceIncidents(opened.incidents, [change('pending', 'firing', '14:20')], [firing('14:20')], rulesOf(rule()), T('14:20'));
    expect(again.opened).toEqual([]);
    expect(again.incidents).toHaveLength(1);
    expect(again.incidents[0]!.timeline.at(-1)).toMatchObject({ kind: 'firing', text: 'firing again (value 900)' });
    const done = advanceIncidents(again.incidents, [change('firing', 'resolved', '16:31')], [], rulesOf(rule()), T('16:31'));
    expect(done.incidents[0]).toMatchObject({ status: 'resolved', resolvedAt: iso('16:31'), resolvedBy: 'alert' });
    // After it is resolved, a new firing opens a new incident.
    const next = advanceIncidents(done.incidents, [change('pending', 'firing', '18:00')], [firing('18:00')], rulesOf(rule()), T('18:00'));
    expect(next.incidents.map((i) => i.status)).toEqual(['resolved', 'open']);
  });

  it('records notifications, acknowledgements and a resolution by hand on the timeline', () => {
    const entry = { id: 'k', receiver: 'pager', integration: { type: 'alertmanager', index: 0 }, oncall: { schedule: 's', person: 'ana', name: 'Ana Ruiz' }, notification: { at: iso('14:03'), status: 'firing', firing: [{ fingerprint: 'fp' }], resolved: [] } } as unknown as OutboxEntry;
    const [noted] = recordNotification(opened.incidents, entry, T('14:03'));
    expect(noted!.timeline.at(-1)).toEqual({ at: iso('14:03'), kind: 'notification', text: 'firing notice sent to pager (alertmanager), on call: Ana Ruiz' });
    const acked = acknowledge(noted!, 'ana', T('14:06'), 'failing over by hand');
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'ana', acknowledgedAt: iso('14:06') });
    expect(resolveByHand(acked, 'ana', T('15:00'))).toMatchObject({ status: 'resolved', resolvedBy: 'ana' });
  });
});

describe('action guards', () => {
  const withAction = (action: Record<string, unknown>) => {
    const r = rule(action);
    return { r, incidents: advanceIncidents([], [change('pending', 'firing', '14:03')], [firing('14:03')], rulesOf(r), T('14:03')).incidents };
  };
  const plan = (r: Rule, incidents: Incident[], at: string, alerts = [firing('14:03')], rollbacks: Record<string, string> = {}) => planActions(incidents, alerts, rulesOf(r), T(at), rollbacks);

  it('a rollback is a dry run until enabled, once the alert has fired for `after`', () => {
    const { r, incidents } = withAction({ type: 'rollback', url: 'http://127.0.0.1:9/rollback', after: '5m' });
    expect(plan(r, incidents, '14:07').due).toEqual([]); // fired 4 minutes ago
    expect(plan(r, incidents, '14:08').due.map((d) => [d.action.type, d.dryRun])).toEqual([['rollback', true]]);
    expect(plan(r, incidents, '14:08', [{ ...firing('14:03'), state: 'resolved' }]).due).toEqual([]); // no longer firing
  });

  it('at most once per incident, a dry run and a rollback cut short by a stopped job included', () => {
    const { r, incidents } = withAction({ type: 'rollback', url: 'http://127.0.0.1:9/rollback', enabled: true });
    const [incident] = incidents;
    expect(plan(r, incidents, '14:03').due.map((d) => d.dryRun)).toEqual([false]);
    const done = [{ ...incident!, actions: [{ type: 'rollback' as const, state: 'failed' as const, at: iso('14:03'), detail: 'HTTP 500' }] }];
    expect(plan(r, done, '14:04').due).toEqual([]);
    const cut = [{ ...incident!, actions: [{ type: 'rollback' as const, state: 'started' as const, at: iso('14:03'), detail: '' }] }];
    expect(plan(r, cut, '14:04')).toMatchObject({ due: [], unknown: [incident!.id] });
  });

  it('waits out the rule\'s cooldown after another incident\'s rollback, and says so once', () => {
    const { r, incidents } = withAction({ type: 'rollback', url: 'http://127.0.0.1:9/rollback', enabled: true, cooldown: '1h' });
    const blocked = plan(r, incidents, '14:03', [firing('14:03')], { latency: iso('13:30') });
    expect(blocked.due).toEqual([]);
    expect(blocked.notes).toEqual([{ incidentId: incidents[0]!.id, text: 'rollback not run: rule latency last rolled back at 2026-10-27T13:30:00.000Z; its cooldown lasts until 2026-10-27T14:30:00.000Z' }]);
    expect(plan(r, incidents, '14:30', [firing('14:03')], { latency: iso('13:30') }).due).toHaveLength(1);
  });

  it('a ticket is opened once per incident, and tried again until it succeeds', () => {
    const { r, incidents } = withAction({ type: 'ticket', url: 'http://127.0.0.1:9/tickets' });
    expect(plan(r, incidents, '14:03').due.map((d) => d.action.type)).toEqual(['ticket']);
    const failed = [{ ...incidents[0]!, actions: [{ type: 'ticket' as const, state: 'failed' as const, at: iso('14:03'), detail: '' }] }];
    expect(plan(r, failed, '14:04').due).toHaveLength(1);
    const opened = [{ ...incidents[0]!, actions: [{ type: 'ticket' as const, state: 'succeeded' as const, at: iso('14:04'), detail: '' }] }];
    expect(plan(r, opened, '14:05').due).toEqual([]);
  });
});
