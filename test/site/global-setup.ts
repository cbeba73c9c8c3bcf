import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/** SOURCE_DATE_EPOCH of every test build: 1790000000 s = 2026-09-21T14:13:20Z. */
export const TEST_EPOCH = '1790000000';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder holding the test builds: sample/ (dist, model, store) and adversarial/. */
    siteBuilds: string;
  }
}

/**
 * Builds the sample portal's site and the adversarial fixture's site once per test run, each in a
 * child process as `hms-ops build --out` runs it, into a temporary folder the tests read.
 */
export default function setup(project: TestProject) {
  const root = mkdtempSync(join(tmpdir(), 'hms-ops-site-'));
  buildSite('.', join(root, 'sample'));
  buildSite('test/fixtures/portals/adversarial', join(root, 'adversarial'));
  project.provide('siteBuilds', root);
  return () => rmSync(root, { recursive: true, force: true });
}

/**
 * Runs `hms-ops build` on a portal into `<dir>/store.duckdb`, `<dir>/model` and `<dir>/dist`; what it
 * printed is kept in `<dir>/build.log`.
 */
export function buildSite(portal: string, dir: string, env: Record<string, string> = {}): void {
  const printed = execFileSync(process.execPath, ['bin/hms-ops.js', 'build', '--portal', portal, '--store', join(dir, 'store.duckdb'), '--model', join(dir, 'model'), '--out', join(dir, 'dist')], {
    env: { ...process.env, SOURCE_DATE_EPOCH: TEST_EPOCH, CI: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'build.log'), printed);
}
