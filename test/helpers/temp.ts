import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** A fresh temporary folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hms-ops-test-'));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes NDJSON lines (objects or raw strings) to a file and returns its path. */
export function writeLines(dir: string, name: string, lines: readonly (object | string)[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n');
  return path;
}
