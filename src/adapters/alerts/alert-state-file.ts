import { appendFileSync, existsSync, fsyncSync, mkdirSync, openSync, closeSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';
import { HmsOpsError } from '../../core/errors.ts';
import { AnyAlertStateSchema, EMPTY_STATE, type AlertState } from '../../core/schemas/alert-state.ts';
import type { Store } from '../store/open-store.ts';

export { EMPTY_STATE, type AlertState };

/**
 * The alert job's state (core/schemas/alert-state.ts): the alerts it remembers, its notification groups
 * and outbox, silences, and when it last evaluated. One JSON file, replaced whole (written to a
 * temporary file, synced, then renamed over the old one), so a job killed at any moment leaves the old
 * state or the new one, never half of one. Whoever changes it holds the folder's lock (withStateLock).
 */
/** The alert job's folder: `alerts/` beside the store file (for an in-memory store, `.hms-ops/alerts`). */
export function alertDir(store: Pick<Store, 'path'>): string {
  return store.path === ':memory:' ? join('.hms-ops', 'alerts') : join(dirname(store.path), 'alerts');
}

export function statePath(dir: string): string {
  return join(dir, 'state.json');
}

export function auditPath(dir: string): string {
  return join(dir, 'audit.ndjson');
}

/** Reads the state file; a missing file is the empty state, a damaged one an error that names it. */
export function readAlertState(dir: string): AlertState {
  const path = statePath(dir);
  if (!existsSync(path)) return EMPTY_STATE;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new HmsOpsError(`${path}: the alert state is not valid JSON; move it away to start from no alerts`, { cause });
  }
  const result = AnyAlertStateSchema.safeParse(data);
  if (!result.success) throw new HmsOpsError(`${path}: the alert state does not match its schema (${result.error.issues[0]?.message ?? 'invalid'} at ${result.error.issues[0]?.path.join('.') ?? ''}); move it away to start from no alerts`);
  return result.data;
}

/** Replaces the state file atomically. */
export function writeAlertState(dir: string, state: AlertState): void {
  const path = statePath(dir);
  mkdirSync(dir, { recursive: true });
  const temporary = `${path}.tmp-${process.pid}`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, `${JSON.stringify(state, null, 1)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/** One line of the audit log. */
export interface AuditEntry {
  /** `alert` (a state change); later also notifications, silences and actions. */
  event: string;
  /** The evaluation time the entry belongs to. */
  at: string;
  /** The wall-clock time it was written. */
  recordedAt: string;
  [key: string]: unknown;
}

/**
 * Appends entries to the audit log (NDJSON, one entry a line) in one write, and syncs it. The log is
 * only ever appended to. It is written before the state file: a job killed between the two writes
 * the same entries again on its next run (each carries an `id` to tell them apart), and loses none.
 */
export function appendAudit(dir: string, entries: readonly AuditEntry[]): void {
  if (entries.length === 0) return;
  mkdirSync(dir, { recursive: true });
  const path = auditPath(dir);
  appendFileSync(path, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''), { flush: true });
}

/**
 * Runs `work` holding the alert folder's lock (proper-lockfile: a `state.lock` directory, refreshed
 * while held, taken over when stale), so the job, `silence add` and `incident ack` never write the
 * state over each other. A lock left by a killed job goes stale after 10 s; another holder is waited for up to about 25 s.
 */
export async function withStateLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  mkdirSync(dir, { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, { lockfilePath: join(dir, 'state.lock'), stale: 10_000, update: 3_000, retries: { retries: 30, minTimeout: 100, maxTimeout: 1000 } });
  } catch (cause) {
    throw new HmsOpsError(`${dir}: another alert job or command holds the state lock (${join(dir, 'state.lock')}); try again when it is done`, { cause });
  }
  try {
    return await work();
  } finally {
    await release();
  }
}
