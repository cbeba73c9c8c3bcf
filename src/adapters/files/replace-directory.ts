import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** A sibling of `target` to build the new version in: on the same file system, so it can be renamed into place. */
export function stagingFor(target: string): string {
  const staging = `${resolve(target)}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(dirname(staging), { recursive: true });
  return staging;
}

/**
 * Puts a fully written folder in place of `target` by two renames, so a reader (or a web server)
 * sees the old folder or the new one, never a mix; the old one is then removed. A staging folder on
 * another file system is copied instead of renamed.
 */
export function replaceDirectory(staging: string, target: string): void {
  mkdirSync(dirname(resolve(target)), { recursive: true });
  const old = `${resolve(target)}.old-${process.pid}`;
  rmSync(old, { recursive: true, force: true });
  if (existsSync(target)) renameSync(target, old);
  try {
    renameSync(staging, target);
  } catch {
    cpSync(staging, target, { recursive: true });
  }
  rmSync(old, { recursive: true, force: true });
}
