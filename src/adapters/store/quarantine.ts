import { mkdirSync, renameSync } from 'node:fs';
import { basename, join } from 'node:path';
import { sqlString } from './sql.ts';
import type { Store } from './open-store.ts';

/**
 * Writes the rejected rows of a staged load to `<dir>/<file name>.quarantine.ndjson`, one JSON object a line:
 * `{"file": …, "line": 12, "reason": "value: expected a finite number", "raw": "<the line as read>"}`.
 * Written to a temporary name first and renamed, so a reader never sees half a file.
 */
export async function writeQuarantine(store: Store, file: string, stage: string, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const target = join(dir, `${basename(file)}.quarantine.ndjson`);
  const temporary = `${target}.tmp-${process.pid}`;
  await store.run(`
    COPY (SELECT ${sqlString(file)} AS file, line, reason, raw FROM ${stage} WHERE reason IS NOT NULL ORDER BY line)
    TO ${sqlString(temporary)} (FORMAT json)`);
  renameSync(temporary, target);
  return target;
}
