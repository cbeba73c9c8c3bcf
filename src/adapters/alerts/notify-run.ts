import { recordNotification } from '../../core/alerts/incidents.ts';
import { afterAttempt, dueEntries, type OutboxEntry } from '../../core/alerts/outbox.ts';
import type { AlertState } from '../../core/schemas/alert-state.ts';
import { appendAudit, writeAlertState } from './alert-state-file.ts';
import { deliver, type Environment } from './deliver.ts';
import type { LoadedNotify } from './load-notify.ts';

/** One outbox entry tried in a run. */
export interface DeliveryRecord {
  entry: OutboxEntry;
  error: string | null;
}

/** The state a run holds and replaces as it goes. */
export interface StateHolder {
  state: AlertState;
}

/**
 * Tries every due outbox entry at once (a receiver that is down, or slow up to the timeout, holds up
 * no other), and records each result the moment it is known: an audit line, then the state file (with
 * "notice sent" on the timeline of the incidents it named). A job killed after a send and before its
 * record sends that entry again on its next run, with the same idempotency key: at most one
 * duplicate, and nothing lost.
 */
export async function deliverDue(dir: string, holder: StateHolder, notify: LoadedNotify, at: Date, clock: () => Date, env?: Environment): Promise<DeliveryRecord[]> {
  const due = dueEntries(holder.state.outbox, at);
  const records: DeliveryRecord[] = [];
  await Promise.all(
    due.map(async (entry) => {
      const result = await deliver(entry, notify, env);
      const settled = afterAttempt(entry, at, result.error, notify.config.delivery, result.permanent);
      records.push({ entry: settled, error: result.error });
      const outcome = settled.status === 'delivered' ? 'delivered' : settled.status === 'abandoned' ? 'abandoned' : 'failed';
      appendAudit(dir, [{ event: `notification-${outcome}`, id: `${entry.id}:attempt-${settled.attempts}`, key: entry.id, at: at.toISOString(), recordedAt: clock().toISOString(), receiver: entry.receiver, integration: entry.integration, attempts: settled.attempts, error: result.error, nextAttemptAt: settled.status === 'pending' ? settled.nextAttemptAt : null, groupKey: entry.notification.groupKey, status: entry.notification.status }]);
      const { state } = holder;
      holder.state = {
        ...state,
        outbox: state.outbox.map((candidate) => (candidate.id === entry.id ? settled : candidate)),
        incidents: settled.status === 'delivered' ? recordNotification(state.incidents, settled, at) : state.incidents,
      };
      writeAlertState(dir, holder.state);
    }),
  );
  return records;
}
