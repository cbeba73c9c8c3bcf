import { describe, expect, it } from 'vitest';
import type { AlertInstance } from '../../../src/core/alerts/alert-state.ts';
import { fingerprint } from '../../../src/core/alerts/alert-state.ts';
import { flushGroups, type GroupState, type Mute, type Notification, type Suppression } from '../../../src/core/alerts/notify-groups.ts';
import { buildRouteTree, matchRoutes } from '../../../src/core/alerts/routing.ts';
import { RootRouteSchema } from '../../../src/core/schemas/notify.ts';

// Hand-built timelines of one route (group_wait 30 s, group_interval 5 m, repeat_interval 4 h, the
// Alertmanager defaults), evaluated once a minute as the cron job does.
const tree = buildRouteTree(RootRouteSchema.parse({ receiver: 'pager' }));
const T = (time: string) => new Date(`2026-10-27T${time}:00Z`);

function alert(name: string, state: AlertInstance['state'], firedAt: string | null, resolvedAt: string | null = null): AlertInstance {
  const labels = { alertname: 'latency', program: 'opm', severity: 'critical', instance: name };
  return { fingerprint: fingerprint(labels), rule: 'latency', labels, annotations: { summary: name }, state, value: 1, activeAt: firedAt ? T(firedAt).toISOString() : T('00:00').toISOString(), firedAt: firedAt ? T(firedAt).toISOString() : null, resolvedAt: resolvedAt ? T(resolvedAt).toISOString() : null, keepFiringSince: null };
}

/** Runs the groups minute by minute; `alertsAt` says which alerts exist at each minute. */
function timeline(from: string, to: string, alertsAt: (at: Date) => AlertInstance[], muteOf: (alert: AlertInstance, at: Date) => Mute | null = () => null) {
  let groups: GroupState[] = [];
  const sent: Notification[] = [];
  const held: (Suppression & { at: string })[] = [];
  for (let at = T(from); at <= T(to); at = new Date(at.getTime() + 60_000)) {
    const step = flushGroups(groups, alertsAt(at), at, { routesFor: (a) => matchRoutes(tree, a.labels), muteOf, sendResolved: () => true });
    groups = step.groups;
    sent.push(...step.notifications);
    held.push(...step.suppressions.map((s) => ({ ...s, at: at.toISOString() })));
  }
  return { sent, held, groups };
}
const summary = (notifications: Notification[]) => notifications.map((n) => `${n.at.slice(11, 16)} ${n.status} firing=[${n.firing.map((a) => a.labels.instance).join(',')}] resolved=[${n.resolved.map((a) => a.labels.instance).join(',')}]`);
const before = (at: Date, time: string) => at.getTime() < T(time).getTime();

describe('notification groups (Alertmanager dispatch and dedup)', () => {
  it('waits group_wait, then tells once per repeat_interval while the alert keeps firing', () => {
    const { sent } = timeline('10:00', '18:10', () => [alert('a', 'firing', '10:00')]);
    // First look 10:00:30 → the 10:01 run; looks every 5 m after; 4 h after 10:01 is the 14:01 look, then 18:01.
    expect(summary(sent)).toEqual(['10:01 firing firing=[a] resolved=[]', '14:01 firing firing=[a] resolved=[]', '18:01 firing firing=[a] resolved=[]']);
  });

  it('adds a new alert of the group at the next look (group_interval), listing both', () => {
    const { sent } = timeline('10:00', '10:20', (at) => [alert('a', 'firing', '10:00'), ...(before(at, '10:03') ? [] : [alert('b', 'firing', '10:03')])]);
    expect(summary(sent)).toEqual(['10:01 firing firing=[a] resolved=[]', '10:06 firing firing=[a,b] resolved=[]']);
  });

  it('sends the resolved notice at the next look after the alert clears, then forgets the group', () => {
    const { sent, groups } = timeline('10:00', '10:30', (at) => [before(at, '10:08') ? alert('a', 'firing', '10:00') : alert('a', 'resolved', '10:00', '10:08')]);
    expect(summary(sent)).toEqual(['10:01 firing firing=[a] resolved=[]', '10:11 resolved firing=[] resolved=[a]']);
    expect(sent[1]!.resolved[0]).toMatchObject({ status: 'resolved', startsAt: '2026-10-27T10:00:00.000Z', endsAt: '2026-10-27T10:08:00.000Z' });
    expect(groups).toEqual([]);
  });

  it('an alert that fires and clears inside group_wait is never notified', () => {
    const { sent } = timeline('10:00', '10:20', (at) => (before(at, '10:01') ? [alert('a', 'firing', '10:00')] : [alert('a', 'resolved', '10:00', '10:01')]));
    expect(sent).toEqual([]);
  });

  it('holds back a silenced alert, audits the silence once, and still sends its resolved notice', () => {
    // Told at 10:01; silenced from 10:03; clears at 10:20 while silenced.
    const silence: Mute = { kind: 'silence', id: 's-1' };
    const { sent, held } = timeline(
      '10:00',
      '10:40',
      (at) => [before(at, '10:20') ? alert('a', 'firing', '10:00') : alert('a', 'resolved', '10:00', '10:20')],
      (_, at) => (before(at, '10:03') ? null : silence),
    );
    expect(summary(sent)).toEqual(['10:01 firing firing=[a] resolved=[]', '10:21 resolved firing=[] resolved=[a]']);
    expect(held.map((s) => [s.at.slice(11, 16), s.mute.id])).toEqual([['10:06', 's-1']]);
  });

  it('an alert silenced for its whole life is recorded as held back and never notified, not even resolved', () => {
    const { sent, held } = timeline('10:00', '10:40', (at) => [before(at, '10:20') ? alert('a', 'firing', '10:00') : alert('a', 'resolved', '10:00', '10:20')], () => ({ kind: 'maintenance', id: 'patching' }));
    expect(sent).toEqual([]);
    expect(held.map((s) => [s.at.slice(11, 16), s.mute.kind, s.mute.id])).toEqual([['10:01', 'maintenance', 'patching']]);
  });

  it('notifies an alert that keeps firing past the end of its silence, at the first look after', () => {
    const { sent } = timeline('10:00', '10:30', () => [alert('a', 'firing', '10:00')], (_, at) => (before(at, '10:12') ? { kind: 'silence', id: 's-2' } : null));
    expect(summary(sent)).toEqual(['10:16 firing firing=[a] resolved=[]']);
  });

  it('gives every group its own key, and the same key and id for the same group and instant', () => {
    const run = () => flushGroups([], [alert('a', 'firing', '10:00')], T('10:01'), { routesFor: (a) => matchRoutes(tree, a.labels), muteOf: () => null, sendResolved: () => true });
    expect(run().notifications[0]).toMatchObject({ groupKey: 'root:{alertname="latency",program="opm"}', id: 'root:{alertname="latency",program="opm"}@2026-10-27T10:01:00.000Z' });
    expect(run()).toEqual(run());
  });
});
