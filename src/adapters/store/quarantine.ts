import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { sqlString } from './sql.ts';
import type { Store } from './open-store.ts';

/**
 * Writes the rejected rows of a staged load (`rawRows` gives each line's original text by line number)
 * to `<dir>/<file path>.quarantine.ndjson` (see quarantinePath), one JSON object a line:
 * `{"file": …, "line": 12, "reason": "value: expected a finite number", "raw": "<the line as read>"}`.
 * Written to a temporary name first and renamed, so a reader never sees half a file.
 */
export async function writeQuarantine(store: Store, file: string, stage: string, dir: string, rawRows: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const target = quarantinePath(dir, file);
  const temporary = `${target}.tmp-${process.pid}`;
  await store.run(`
    COPY (
      SELECT ${sqlString(file)} AS file, s.line, s.reason, r.raw
      FROM ${stage} s LEFT JOIN (${rawRows}) r ON r.line = s.line
      WHERE s.reason IS NOT NULL ORDER BY s.line)
    TO ${sqlString(temporary)} (FORMAT json)`);
  renameSync(temporary, target);
  return target;
}

/**
 * Where a file's rejected rows go: its path relative to the working directory with `/` written as
 * `__`, so files of the same name in different folders keep apart: `data__events__api.ndjson.quarantine.ndjson`.
 */
export function quarantinePath(dir: string, file: string): string {
  const name = relative(process.cwd(), resolve(file)).replaceAll('\\', '/').replace(/^(\.\.\/)+/, '').replaceAll('/', '__');
  return join(dir, `${name}.quarantine.ndjson`);
}

/** Removes a file's quarantine file after a load that rejected nothing, so no stale rejects linger. */
export function clearQuarantine(dir: string, file: string): void {
  rmSync(quarantinePath(dir, file), { force: true });
}
