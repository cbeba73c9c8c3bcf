import { describe, expect, it } from 'vitest';
import type { AlertInstance } from '../../../src/core/alerts/alert-state.ts';
import { muteOf, onCallContact, routesFor } from '../../../src/core/alerts/notify-plan.ts';
import { buildRouteTree } from '../../../src/core/alerts/routing.ts';
import type { Rule } from '../../../src/core/alerts/rules.ts';
import type { Silence } from '../../../src/core/alerts/silences.ts';
import { NotifyFileSchema } from '../../../src/core/schemas/notify.ts';

const config = NotifyFileSchema.parse({
  version: 1,
  people: { ana: { name: 'Ana Ruiz', email: 'ana@example.gov', slack: '@ana' }, ben: { name: 'Ben Okafor', email: 'ben@example.gov' } },
  schedules: { docket: { time_zone: 'America/New_York', rotation: 'weekly', handoff: 'monday 09:00', start: '2026-01-05', members: ['ana', 'ben'] } },
  receivers: [{ name: 'default', webhook: { url: 'http://127.0.0.1:9/hook' } }, { name: 'pager', oncall: 'docket', webhook: { url: 'http://127.0.0.1:9/pager' } }, { name: 'legal', email: { to: ['legal@example.gov'], from: 'siren@example.gov', host: 'smtp.example.gov' } }],
  route: { receiver: 'default', routes: [{ matchers: ['severity = critical'], receiver: 'pager' }] },
  maintenance: [{ name: 'sunday-patching', program: 'opm', time_zone: 'America/New_York', every: 'sunday', from: '02:00', to: '04:00' }],
});
const labels = { alertname: 'latency', program: 'opm', severity: 'critical' };
const alert = { labels, rule: 'latency' } as unknown as AlertInstance;
const silence: Silence = { id: 's-1', matchers: ['alertname = latency'], startsAt: '2026-03-08T07:30:00.000Z', endsAt: '2026-03-08T09:00:00.000Z', createdBy: 'ana', comment: 'drill', createdAt: '2026-03-01T00:00:00.000Z' };
const mute = (at: string, silences: Silence[] = []) => muteOf(alert, silences, config, new Date(at));

describe('what holds an alert back', () => {
  it('the Sunday 02:00–04:00 New York window across the spring-forward change: 03:00–04:00 EDT, 07:00–08:00 UTC', () => {
    expect(mute('2026-03-08T06:59:59Z')).toBeNull(); // 01:59:59 EST: before the window
    expect(mute('2026-03-08T07:00:00Z')).toEqual({ kind: 'maintenance', id: 'sunday-patching' }); // 03:00 EDT (02:00 does not exist)
    expect(mute('2026-03-08T07:59:59Z')).toEqual({ kind: 'maintenance', id: 'sunday-patching' });
    expect(mute('2026-03-08T08:00:00Z')).toBeNull(); // 04:00 EDT
  });

  it('across the fall-back change: 02:00 EST (07:00 UTC) to 04:00 EST (09:00 UTC); the repeated 01:xx hour is outside', () => {
    expect(mute('2026-11-01T05:30:00Z')).toBeNull(); // 01:30 EDT
    expect(mute('2026-11-01T06:30:00Z')).toBeNull(); // 01:30 EST, the second one
    expect(mute('2026-11-01T07:00:00Z')).toEqual({ kind: 'maintenance', id: 'sunday-patching' });
    expect(mute('2026-11-01T08:59:59Z')).toEqual({ kind: 'maintenance', id: 'sunday-patching' });
    expect(mute('2026-11-01T09:00:00Z')).toBeNull();
  });

  it('a window for one program leaves the others alone; a silence is named before a window', () => {
    expect(muteOf({ ...alert, labels: { ...labels, program: 'dot' } }, [], config, new Date('2026-11-01T07:30:00Z'))).toBeNull();
    expect(mute('2026-03-08T07:45:00Z', [silence])).toEqual({ kind: 'silence', id: 's-1' });
    expect(mute('2026-03-08T08:30:00Z', [silence])).toEqual({ kind: 'silence', id: 's-1' });
    expect(mute('2026-03-08T09:00:00Z', [silence])).toBeNull(); // the silence's end is excluded
  });
});

describe('where an alert goes', () => {
  const tree = buildRouteTree(config.route);
  it('down the routing tree, unless its rule names receivers of its own', () => {
    const rules = new Map([['latency', { name: 'latency', notify: [] } as unknown as Rule], ['siren', { name: 'siren', notify: ['legal'] } as unknown as Rule]]);
    expect(routesFor(alert, rules, tree).map((route) => route.receiver)).toEqual(['pager']);
    const routes = routesFor({ ...alert, rule: 'siren' }, rules, tree);
    expect(routes.map((route) => [route.id, route.receiver, route.groupWaitSeconds, route.repeatIntervalSeconds])).toEqual([['rule:siren:legal', 'legal', 30, 4 * 3600]]);
  });

  it('addresses the on-call person of the receiver\'s schedule at the time of the notification', () => {
    const pager = config.receivers[1]!;
    // Weekly from Monday 2026-01-05 09:00 New York: week 42 (from 2026-10-26) is ana's (42 mod 2 = 0), week 43 ben's.
    expect(onCallContact(pager, config, new Date('2026-10-27T14:03:00Z'))).toEqual({ schedule: 'docket', person: 'ana', name: 'Ana Ruiz', email: 'ana@example.gov', slack: '@ana' });
    expect(onCallContact(pager, config, new Date('2026-11-02T13:59:59Z'))?.person).toBe('ana'); // 08:59:59 EST
    expect(onCallContact(pager, config, new Date('2026-11-02T14:00:00Z'))?.person).toBe('ben'); // 09:00 EST
    expect(onCallContact(config.receivers[0]!, config, new Date('2026-10-27T14:03:00Z'))).toBeNull();
  });
});
