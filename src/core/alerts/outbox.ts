import type { Delivery } from '../schemas/notify.ts';
import { fnv1a64 } from './alert-state.ts';
import type { Notification } from './notify-groups.ts';

/** The kinds of integration a receiver can have. */
export type IntegrationType = 'webhook' | 'alertmanager' | 'slack' | 'email';

/** Who is on call when a notification is made, as a receiver with `oncall:` addresses them. */
export interface OnCallContact {
  schedule: string;
  person: string;
  name: string;
  email?: string | undefined;
  slack?: string | undefined;
}

/**
 * One delivery to one integration of one receiver. Entries are written to the state file before any
 * attempt, so a job that dies loses none; each attempt's result is written right after it, so a job
 * killed between a send and its record sends that one entry again (at most one duplicate), with the
 * same idempotency key, which the receiver can use to drop it.
 */
export interface OutboxEntry {
  /** The idempotency key: sent as the `Idempotency-Key` header and an email's Message-ID. */
  id: string;
  notification: Notification;
  receiver: string;
  integration: { type: IntegrationType; index: number };
  oncall: OnCallContact | null;
  status: 'pending' | 'delivered' | 'abandoned';
  attempts: number;
  /** The first time it may be tried (again). */
  nextAttemptAt: string;
  lastAttemptAt: string | null;
  lastError: string | null;
  deliveredAt: string | null;
}

/** Integrations of a receiver as its configuration lists them. */
export interface ReceiverIntegrations {
  name: string;
  oncall?: string | undefined;
  webhook?: readonly unknown[] | undefined;
  alertmanager?: readonly unknown[] | undefined;
  slack?: readonly unknown[] | undefined;
  email?: readonly unknown[] | undefined;
}

/** One outbox entry per integration of the notification's receiver. */
export function outboxEntries(notification: Notification, receiver: ReceiverIntegrations, oncall: OnCallContact | null): OutboxEntry[] {
  const entries: OutboxEntry[] = [];
  for (const type of ['webhook', 'alertmanager', 'slack', 'email'] as const) {
    (receiver[type] ?? []).forEach((_, index) => {
      entries.push({
        id: idempotencyKey(notification, type, index),
        notification,
        receiver: receiver.name,
        integration: { type, index },
        oncall,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: notification.at,
        lastAttemptAt: null,
        lastError: null,
        deliveredAt: null,
      });
    });
  }
  return entries;
}

/** 32 hex digits, the same every time for the same group, instant and integration. */
export function idempotencyKey(notification: Notification, type: IntegrationType, index: number): string {
  const text = `${notification.id}|${notification.receiver}|${type}#${index}`;
  return `${fnv1a64(text)}${fnv1a64(`${text}|2`)}`;
}

/**
 * The wait before attempt `attempts + 1` when `attempts` have failed: initial × 2^(attempts − 1),
 * at most max_backoff, times a jitter factor in [0.5, 1) (the "equal jitter" of AWS's backoff note).
 * The jitter is drawn from the entry's id and attempt number, not from a random generator, so a run
 * at a given `--at` is reproducible while entries that failed together spread out.
 */
export function backoffSeconds(entry: Pick<OutboxEntry, 'id'>, attempts: number, delivery: Pick<Delivery, 'initial_backoff' | 'max_backoff'>): number {
  const base = Math.min(delivery.max_backoff, delivery.initial_backoff * 2 ** Math.max(0, attempts - 1));
  const unit = Number.parseInt(fnv1a64(`${entry.id}#${attempts}`).slice(0, 8), 16) / 2 ** 32;
  return Math.round(base * (0.5 + unit / 2));
}

/** Entries to try at `at`: pending ones whose time has come, oldest first. */
export function dueEntries(outbox: readonly OutboxEntry[], at: Date): OutboxEntry[] {
  return outbox.filter((entry) => entry.status === 'pending' && Date.parse(entry.nextAttemptAt) <= at.getTime()).sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt) || a.id.localeCompare(b.id));
}

/**
 * The entry after an attempt at `at`: delivered, or failed and waiting; abandoned after
 * give_up_after, or at once when the failure is `permanent` (another attempt would not help).
 */
export function afterAttempt(entry: OutboxEntry, at: Date, error: string | null, delivery: Pick<Delivery, 'initial_backoff' | 'max_backoff' | 'give_up_after'>, permanent = false): OutboxEntry {
  const now = at.toISOString();
  const attempts = entry.attempts + 1;
  if (error === null) return { ...entry, status: 'delivered', attempts, lastAttemptAt: now, lastError: null, deliveredAt: now };
  const age = (at.getTime() - Date.parse(entry.notification.at)) / 1000;
  if (permanent || age >= delivery.give_up_after) return { ...entry, status: 'abandoned', attempts, lastAttemptAt: now, lastError: error };
  const next = new Date(at.getTime() + backoffSeconds(entry, attempts, delivery) * 1000).toISOString();
  return { ...entry, attempts, lastAttemptAt: now, lastError: error, nextAttemptAt: next };
}

/** How long delivered and abandoned entries stay in the state file (the audit log keeps them for good). */
export const OUTBOX_RETENTION_SECONDS = 24 * 3600;

/** Drops settled entries older than the retention. */
export function pruneOutbox(outbox: readonly OutboxEntry[], at: Date): OutboxEntry[] {
  return outbox.filter((entry) => entry.status === 'pending' || at.getTime() - Date.parse(entry.lastAttemptAt ?? entry.notification.at) < OUTBOX_RETENTION_SECONDS * 1000);
}
