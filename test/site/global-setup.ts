import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { runCli } from '../helpers/cli.ts';

/** SOURCE_DATE_EPOCH of every test build: 1790000000 s = 2026-09-21T14:13:20Z. */
export const TEST_EPOCH = '1790000000';

/** The alert job's folder of the sample build, beside its store: `opm-alerts/`, not the default `alerts/`, so the build needs `--alerts`. */
export const SAMPLE_ALERTS = 'opm-alerts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder holding the test builds: sample/ (dist, model, store, opm-alerts) and adversarial/. */
    siteBuilds: string;
  }
}

/**
 * Builds the sample portal's site and the adversarial fixture's site once per test run, each in a
 * child process as `hms-ops build --out` runs it, into a temporary folder the tests read. The sample
 * is built with the alert job's state after the OPM story (runOpmStory), so that its site and open
 * data publish incidents (test/site/incidents.test.ts).
 */
export default async function setup(project: TestProject) {
  const root = mkdtempSync(join(tmpdir(), 'hms-ops-site-'));
  const sample = join(root, 'sample');
  await runOpmStory(sample);
  buildSite('.', sample, {}, join(sample, SAMPLE_ALERTS));
  buildSite('test/fixtures/portals/adversarial', join(root, 'adversarial'));
  project.provide('siteBuilds', root);
  return () => rmSync(root, { recursive: true, force: true });
}

/**
 * Runs `hms-ops build` on a portal into `<dir>/store.duckdb`, `<dir>/model` and `<dir>/dist` (with
 * `--alerts` when given); what it printed is kept in `<dir>/build.log`.
 */
export function buildSite(portal: string, dir: string, env: Record<string, string> = {}, alerts?: string): void {
  const printed = execFileSync(process.execPath, ['bin/hms-ops.js', 'build', '--portal', portal, '--store', join(dir, 'store.duckdb'), '--model', join(dir, 'model'), '--out', join(dir, 'dist'), ...(alerts ? ['--alerts', alerts] : [])], {
    env: { ...process.env, SOURCE_DATE_EPOCH: TEST_EPOCH, CI: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'build.log'), printed);
}

/**
 * The bundled sample's OPM story, as the alert job lives it, into `<dir>/opm-alerts` with the store
 * `<dir>/store.duckdb` (which the first evaluation loads, as a build would): the docket API slows at
 * 14:00 UTC on 2026-10-27; `alert eval` at 14:01 (pending), 14:03 (the critical docket-latency-high
 * fires and opens a public incident, docket-errors-high a private one, the SLOs' page alerts public
 * ones; the rollback is a dry run) and 16:31 (docket-latency-high resolves). At 14:10 someone
 * acknowledges the latency incident with a note, by name: what the site must never show.
 * Evaluations run as child processes, as cron runs them; the acknowledgement in-process, with the
 * clock at 14:10 (`incident ack` records the wall-clock time).
 */
async function runOpmStory(dir: string): Promise<void> {
  const state = join(dir, SAMPLE_ALERTS);
  const evaluate = (time: string) => execFileSync(process.execPath, ['bin/hms-ops.js', 'alert', 'eval', '--store', join(dir, 'store.duckdb'), '--state', state, '--at', `2026-10-27T${time}:00Z`], {
    env: { ...process.env, CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  mkdirSync(dir, { recursive: true });
  evaluate('14:01');
  evaluate('14:03');
  const list = await runCli(['incident', 'list', '--state', state, '--json']);
  const latency = (JSON.parse(list.stdout) as { id: string; rule: string }[]).find((incident) => incident.rule === 'docket-latency-high');
  if (!latency) throw new Error(`the OPM story opened no docket-latency-high incident: ${list.stdout}${list.stderr}`);
  const ack = await runCli(['incident', 'ack', latency.id, '--state', state, '--author', 'Ana Ruiz', '--note', 'Ben Okafor is failing the database over'], {}, new Date('2026-10-27T14:10:00Z'));
  if (ack.code !== 0) throw new Error(`incident ack failed: ${ack.stderr}`);
  evaluate('16:31');
}
