import type { AlertState } from '../schemas/alert-state.ts';
import type { NotifyFile, Receiver } from '../schemas/notify.ts';
import type { AlertInstance } from './alert-state.ts';
import { activeMaintenance } from './maintenance.ts';
import { flushGroups, type GroupState, type Mute, type Notification, type Suppression } from './notify-groups.ts';
import { onCallAt } from './oncall.ts';
import { outboxEntries, pruneOutbox, type OnCallContact, type OutboxEntry } from './outbox.ts';
import { matchRoutes, type Route } from './routing.ts';
import type { Rule } from './rules.ts';
import { silenceFor, type Silence } from './silences.ts';

/** What planning notifications needs of `rules/notify.yaml`. */
export interface NotifyPlanConfig {
  config: NotifyFile;
  route: Route;
  receivers: ReadonlyMap<string, Receiver>;
}

export interface NotifyPlan {
  groups: GroupState[];
  notifications: Notification[];
  suppressions: Suppression[];
  /** The new outbox entries. */
  entries: OutboxEntry[];
  /** The whole outbox after this evaluation: old pending entries, new ones, recent settled ones. */
  outbox: OutboxEntry[];
}

/**
 * The routes of an alert: a rule with its own `notify` list sends to exactly those receivers (grouped
 * as the root route groups); every other alert goes down the routing tree.
 */
export function routesFor(alert: AlertInstance, rules: ReadonlyMap<string, Rule>, tree: Route): Route[] {
  const receivers = rules.get(alert.rule)?.notify;
  if (!receivers || receivers.length === 0) return matchRoutes(tree, alert.labels);
  return receivers.map((receiver) => ({ ...tree, id: `rule:${alert.rule}:${receiver}`, receiver, routes: [] }));
}

/** The silence, else the maintenance window, that holds an alert back at `at`. */
export function muteOf(alert: AlertInstance, silences: readonly Silence[], config: NotifyFile, at: Date): Mute | null {
  const silence = silenceFor(silences, alert.labels, at);
  if (silence) return { kind: 'silence', id: silence.id };
  const [window] = activeMaintenance(config.maintenance, alert.labels, at);
  return window ? { kind: 'maintenance', id: window.name } : null;
}

/** The on-call person a receiver addresses at `at`, or null (no schedule, or no one on call). */
export function onCallContact(receiver: Receiver, config: NotifyFile, at: Date): OnCallContact | null {
  if (!receiver.oncall) return null;
  const schedule = config.schedules[receiver.oncall];
  const shift = schedule ? onCallAt(schedule, at) : null;
  if (!shift) return null;
  const person = config.people[shift.person];
  return { schedule: receiver.oncall, person: shift.person, name: person?.name ?? shift.person, email: person?.email, slack: person?.slack };
}

/** One evaluation's notifications: groups looked at, notifications made, outbox entries queued. */
export function planNotifications(state: AlertState, alerts: readonly AlertInstance[], silences: readonly Silence[], rules: readonly Rule[], notify: NotifyPlanConfig, at: Date): NotifyPlan {
  const byName = new Map(rules.map((rule) => [rule.name, rule]));
  const { groups, notifications, suppressions } = flushGroups(state.groups, alerts, at, {
    routesFor: (alert) => routesFor(alert, byName, notify.route),
    muteOf: (alert, when) => muteOf(alert, silences, notify.config, when),
    sendResolved: (receiver) => notify.receivers.get(receiver)?.send_resolved ?? true,
  });
  const entries = notifications.flatMap((notification) => {
    const receiver = notify.receivers.get(notification.receiver);
    return receiver ? outboxEntries(notification, receiver, onCallContact(receiver, notify.config, at)) : [];
  });
  const known = new Set(state.outbox.map((entry) => entry.id));
  const fresh = entries.filter((entry) => !known.has(entry.id));
  return { groups, notifications, suppressions, entries: fresh, outbox: pruneOutbox([...state.outbox, ...fresh], at) };
}
