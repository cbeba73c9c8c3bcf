import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { startHttpReceiver } from '../helpers/receivers.ts';
import { tempDir } from '../helpers/temp.ts';

/** A portal with one program and one rule that fires when the program sends no request for a minute. */
function quietPortal(dir: string): string {
  const root = join(dir, 'portal');
  mkdirSync(join(root, 'data'), { recursive: true });
  mkdirSync(join(root, 'rules', 'alerts'), { recursive: true });
  writeFileSync(join(root, 'portal.yaml'), 'version: 1\ntitle: T\nagency: A\ncontact: {name: Team, email: team@example.gov}\n');
  writeFileSync(join(root, 'data', 'programs.yaml'), [
    'version: 1', 'programs:', '  - id: api', '    name: API', '    agency: A', '    contact: {name: Team, email: team@example.gov}',
    '    kpis:', '      - {id: requests, kind: counter, label: Requests, metric: api.requests}', '',
  ].join('\n'));
  writeFileSync(join(root, 'rules', 'alerts', 'api.yaml'), [
    'version: 1', 'rules:', '  - name: api-silent', '    program: api', '    aggregation: count', '    metric: api.requests',
    '    window: 1m', '    comparison: "<"', '    critical: 1', '    min_events: 0', '',
  ].join('\n'));
  return root;
}

describe('hms-ops alert run', () => {
  it('evaluates at every tick until SIGTERM, then finishes the evaluation and exits 0', async () => {
    const dir = tempDir();
    const portal = quietPortal(dir);
    const store = join(dir, 'store.duckdb');
    const child = spawn(process.execPath, ['bin/hms-ops.js', 'alert', 'run', '--every', '1s', '--portal', portal, '--store', store], { env: { ...process.env, CI: 'true' } });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
    const twoEvaluations = new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if ((stderr.match(/evaluated 1 rules/g) ?? []).length >= 2) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await Promise.race([twoEvaluations, exited]);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z evaluated 1 rules: \d+ changes?, 1 firing, \d+ notifications? delivered$/);
    // The first evaluation fires at once (for 0s, no request in the minute); later ones change nothing.
    expect(lines[0]).toContain('1 change, 1 firing');
    // A critical alert that fires opens an incident.
    expect(stdout).toMatch(/^api-silent\{program="api", severity="critical"\}: inactive → firing \(value 0\)\nincident INC-\d{8}-[0-9a-f]{6} opened: api-silent\n$/);
    const state = JSON.parse(readFileSync(join(dir, 'alerts', 'state.json'), 'utf8')) as { evaluatedAt: string; alerts: { state: string }[] };
    expect(state.alerts.map((alert) => alert.state)).toEqual(['firing']);
    const last = lines[lines.length - 1]!.slice(0, 24);
    expect(state.evaluatedAt).toBe(last);
    expect(existsSync(join(dir, 'alerts', 'audit.ndjson'))).toBe(true);
  }, 60_000);

  it('reports a failed evaluation, tries again at the next tick, and exits 1 when the last one failed', async () => {
    const dir = tempDir();
    const portal = quietPortal(dir);
    writeFileSync(join(portal, 'rules', 'alerts', 'api.yaml'), 'version: 1\nrules:\n  - name: api-silent\n    program: nowhere\n    aggregation: count\n    metric: api.requests\n    critical: 1\n');
    const result = await runCli(['alert', 'run', '--every', '1s', '--max-runs', '2', '--portal', portal, '--store', join(dir, 'store.duckdb')]);
    expect(result.code).toBe(1);
    const failure = 'evaluation failed, trying again at the next tick: ' + relative(process.cwd(), join(portal, 'rules', 'alerts', 'api.yaml')) + ':4:14: rules[0].program: unknown program "nowhere"; expected one of api';
    expect(result.stderr).toBe(`2026-11-23T12:00:00.000Z ${failure}\n`.repeat(2));
  }, 30_000);

  it('wakes between evaluations for a group\'s group_wait, so the notice goes out on time, not at the next tick', async () => {
    const dir = tempDir();
    const portal = quietPortal(dir);
    const receiver = await startHttpReceiver();
    writeFileSync(join(portal, 'rules', 'notify.yaml'), ['version: 1', 'receivers:', `  - {name: ops, webhook: {url: "${receiver.url}/hook"}}`, 'route: {receiver: ops, group_wait: 2s}', ''].join('\n'));
    // Ticks fall on whole multiples of --every (12:00, 13:00, …): a first evaluation started less than
    // group_wait before one would meet the next tick before its notice. Start well clear of one.
    const HOUR = 3_600_000;
    if (HOUR - (Date.now() % HOUR) < 60_000) await new Promise((resolve) => setTimeout(resolve, HOUR - (Date.now() % HOUR) + 1000));
    const child = spawn(process.execPath, ['bin/hms-ops.js', 'alert', 'run', '--every', '1h', '--portal', portal, '--store', join(dir, 'store.duckdb')], { env: { ...process.env, CI: 'true' } });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 25_000;
      while (receiver.requests.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(receiver.requests).toHaveLength(1);
      // The one evaluation fired the alert; the notice came group_wait (2 s) after it, long before the next tick.
      const evaluated = Date.parse(stderr.slice(0, 24));
      const body = receiver.requests[0]!.body as { at: string; status: string };
      expect(body.status).toBe('firing');
      const sentAt = Date.parse(body.at);
      expect(sentAt - evaluated).toBe(2000);
      expect((stderr.match(/evaluated 1 rules/g) ?? []).length).toBe(1);
      expect(stdout).toContain('notify ops: firing root:{alertname="api-silent",program="api"} (1 firing, 0 resolved)');
      expect(stdout).toMatch(/delivered ops webhook#0/);
    } finally {
      child.kill('SIGKILL');
      await receiver.close();
    }
  }, 120_000);
});
