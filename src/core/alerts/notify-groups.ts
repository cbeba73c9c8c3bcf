import type { AlertInstance } from './alert-state.ts';
import { sortLabels } from './rules.ts';
import { groupLabels, type Route } from './routing.ts';

/** An alert as a notification carries it: what it was at the moment the notification was made. */
export interface AlertSnapshot {
  fingerprint: string;
  rule: string;
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  value: number | null;
  /** When it fired (Prometheus sends FiredAt as startsAt). */
  startsAt: string;
  /** When it resolved; null while firing. */
  endsAt: string | null;
}

/** Why an alert is not notified right now. */
export interface Mute {
  kind: 'silence' | 'maintenance';
  /** The silence's id or the maintenance window's name. */
  id: string;
}

/** What the job remembers of one aggregation group (a route and the values of its group_by labels). */
export interface GroupState {
  key: string;
  route: string;
  receiver: string;
  labels: Record<string, string>;
  /** When the group is next looked at (its group_wait, then every group_interval). */
  nextFlushAt: string;
  /** The last notification: when, and which alerts it said were firing. */
  lastNotifiedAt: string | null;
  lastFiring: string[];
  /** Alerts the receiver was told are firing and has not yet been told have cleared, as last told. */
  told: Record<string, AlertSnapshot>;
  /** Firing alerts held back by a silence or maintenance window at the last look (so a mute is audited once). */
  muted: Record<string, Mute>;
}

/** A notification to send: one group's alerts for one receiver at one instant. */
export interface Notification {
  /** Stable for the group and instant: the outbox's idempotency key is made from it. */
  id: string;
  groupKey: string;
  route: string;
  receiver: string;
  at: string;
  status: 'firing' | 'resolved';
  groupLabels: Record<string, string>;
  firing: AlertSnapshot[];
  resolved: AlertSnapshot[];
}

/** A firing alert that a silence or maintenance window started holding back at this look. */
export interface Suppression {
  groupKey: string;
  receiver: string;
  fingerprint: string;
  rule: string;
  labels: Record<string, string>;
  mute: Mute;
}

export interface GroupOptions {
  /** The routes an alert ends at (the routing tree, or a rule's own `notify` list). */
  routesFor(alert: AlertInstance): readonly Route[];
  /** The silence or maintenance window that holds the alert back at `at`, or null. */
  muteOf(alert: AlertInstance, at: Date): Mute | null;
  /** Whether the receiver wants resolved notices (Alertmanager's send_resolved). */
  sendResolved(receiver: string): boolean;
}

/** `{alertname="x", program="y"}` as Alertmanager writes a group's labels. */
export function labelsText(labels: Readonly<Record<string, string>>): string {
  return `{${Object.entries(sortLabels(labels))
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(',')}}`;
}

export function snapshot(alert: AlertInstance): AlertSnapshot {
  return {
    fingerprint: alert.fingerprint,
    rule: alert.rule,
    status: alert.state === 'resolved' ? 'resolved' : 'firing',
    labels: alert.labels,
    annotations: alert.annotations,
    value: alert.value,
    startsAt: alert.firedAt ?? alert.activeAt,
    endsAt: alert.state === 'resolved' ? alert.resolvedAt : null,
  };
}

const seconds = (from: string, to: Date) => (to.getTime() - Date.parse(from)) / 1000;
const later = (at: Date, secondsFromNow: number) => new Date(at.getTime() + secondsFromNow * 1000).toISOString();

/**
 * One look at every aggregation group, as Alertmanager's dispatcher and notification pipeline:
 * - firing and resolved alerts are put in a group per route they match and value of its group_by labels;
 * - a new group is first looked at group_wait after its first alert fired (at once if that is past),
 *   then every group_interval;
 * - at a look, alerts held back by a silence or maintenance window are left out, and a notification is
 *   made when an alert fires that the last one did not list, when an alert the receiver was told of has
 *   cleared (a resolved notice: sent even when the alert was silenced while firing, since the receiver
 *   was told it fired), or when repeat_interval has passed since the last one and alerts still fire;
 *   otherwise nothing is sent (deduplication: one notice per repeat interval, not one per evaluation);
 * - a resolved alert the receiver never heard of (silenced throughout) is recorded, not notified;
 * - a group is forgotten when it holds no alert and owes no resolved notice.
 * The job looks at groups only when it runs, so a flush falls on the first run at or after its time.
 */
export function flushGroups(previous: readonly GroupState[], alerts: readonly AlertInstance[], at: Date, options: GroupOptions): { groups: GroupState[]; notifications: Notification[]; suppressions: Suppression[] } {
  const now = at.toISOString();
  const members = new Map<string, { route: Route; labels: Record<string, string>; alerts: AlertInstance[] }>();
  for (const alert of alerts) {
    if (alert.state === 'pending') continue;
    for (const route of options.routesFor(alert)) {
      const labels = groupLabels(route, alert.labels);
      const key = `${route.id}:${labelsText(labels)}`;
      const entry = members.get(key) ?? { route, labels, alerts: [] };
      entry.alerts.push(alert);
      members.set(key, entry);
    }
  }
  const byKey = new Map(previous.map((group) => [group.key, group]));
  const groups: GroupState[] = [];
  const notifications: Notification[] = [];
  const suppressions: Suppression[] = [];
  for (const key of [...new Set([...byKey.keys(), ...members.keys()])].sort()) {
    const member = members.get(key);
    let group = byKey.get(key);
    const current = member?.alerts ?? [];
    const firingNow = current.filter((alert) => alert.state === 'firing');
    if (!group) {
      if (!member || firingNow.length === 0) continue;
      const firstFired = firingNow.map((alert) => alert.firedAt ?? alert.activeAt).sort()[0]!;
      group = { key, route: member.route.id, receiver: member.route.receiver, labels: member.labels, nextFlushAt: later(new Date(firstFired), member.route.groupWaitSeconds), lastNotifiedAt: null, lastFiring: [], told: {}, muted: {} };
    } else {
      group = { ...group, told: { ...group.told }, muted: { ...group.muted } };
    }
    const route = member?.route;
    if (Date.parse(group.nextFlushAt) > at.getTime()) {
      groups.push(group);
      continue;
    }
    // A look at the group.
    const muted: Record<string, Mute> = {};
    const firing: AlertSnapshot[] = [];
    for (const alert of firingNow) {
      const mute = options.muteOf(alert, at);
      if (mute) {
        muted[alert.fingerprint] = mute;
        if (!group.muted[alert.fingerprint]) suppressions.push({ groupKey: key, receiver: group.receiver, fingerprint: alert.fingerprint, rule: alert.rule, labels: alert.labels, mute });
      } else {
        firing.push(snapshot(alert));
      }
    }
    const present = new Map(current.map((alert) => [alert.fingerprint, alert]));
    // Told of, and now cleared: resolved in the state, or forgotten since (its last snapshot stands in).
    const resolved: AlertSnapshot[] = Object.values(group.told)
      .filter((told) => present.get(told.fingerprint)?.state !== 'firing')
      .map((told) => {
        const alert = present.get(told.fingerprint);
        return alert ? snapshot(alert) : { ...told, status: 'resolved' as const, endsAt: told.endsAt ?? now };
      });
    const wantsResolved = options.sendResolved(group.receiver);
    const last = new Set(group.lastFiring);
    const newFiring = firing.some((alert) => !last.has(alert.fingerprint));
    const repeatDue = firing.length > 0 && group.lastNotifiedAt !== null && route !== undefined && seconds(group.lastNotifiedAt, at) >= route.repeatIntervalSeconds;
    const resolvedDue = resolved.length > 0 && wantsResolved;
    const notify = newFiring || repeatDue || resolvedDue;
    if (notify) {
      notifications.push({
        id: `${key}@${now}`,
        groupKey: key,
        route: group.route,
        receiver: group.receiver,
        at: now,
        status: firing.length > 0 ? 'firing' : 'resolved',
        groupLabels: group.labels,
        firing,
        resolved: wantsResolved ? resolved : [],
      });
      group.lastNotifiedAt = now;
      group.lastFiring = firing.map((alert) => alert.fingerprint).sort();
    }
    // Whether or not a notice went out, the cleared alerts are settled: the receiver is owed nothing more.
    for (const alert of resolved) delete group.told[alert.fingerprint];
    if (notify) for (const alert of firing) group.told[alert.fingerprint] = alert;
    group.muted = muted;
    group.nextFlushAt = later(at, route?.groupIntervalSeconds ?? 0);
    // Nothing firing and no resolved notice owed: the group is done.
    if (firingNow.length === 0 && Object.keys(group.told).length === 0) continue;
    groups.push(group);
  }
  return { groups, notifications, suppressions };
}
