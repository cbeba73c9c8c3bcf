import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { copySamplePortal, editYaml } from '../helpers/portal-copy.ts';
import { startHttpReceiver, type HttpReceiver, type ReceivedRequest } from '../helpers/receivers.ts';

// Delivery guarantees of the outbox, on the bundled OPM story (the docket API slows at 14:00 UTC on
// 2026-10-27; docket-latency-high's critical alert fires at 14:03 and pages docket-pager).
const REPO = join(import.meta.dirname, '..', '..');
const key = (request: ReceivedRequest) => String(request.headers['idempotency-key']);
const isLatency = (request: ReceivedRequest) => JSON.stringify(request.body).includes('docket-latency-high');

describe('notification delivery', () => {
  let portal = '';
  beforeAll(() => {
    portal = copySamplePortal();
  });
  afterAll(() => rmSync(portal, { recursive: true, force: true }));

  const envFor = (receiver: HttpReceiver) => ({
    HMS_OPS_DEFAULT_WEBHOOK_URL: `${receiver.url}/default`,
    OPM_PAGER_WEBHOOK_URL: `${receiver.url}/pager`,
    OPM_SLACK_WEBHOOK_URL: `${receiver.url}/slack`,
  });
  const evalAt = async (state: string, env: Record<string, string>, at: string) => {
    const result = await runCli(['alert', 'eval', '--portal', portal, '--store', join(portal, 'store.duckdb'), '--state', join(portal, state), '--at', at, '--json'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as { deliveries: { id: string; receiver: string; integration: { type: string }; status: string; attempts: number; error: string | null; next_attempt_at: string | null }[] };
  };
  const audit = (state: string) => readFileSync(join(portal, state, 'audit.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

  it('a receiver that answers 500 for a while gets the notification after it recovers, exactly once, and holds up no other', async () => {
    // The pager endpoint fails the first four tries of each notification.
    const tries = new Map<string, number>();
    const receiver = await startHttpReceiver((request) => {
      if (request.path !== '/pager') return 200;
      tries.set(key(request), (tries.get(key(request)) ?? 0) + 1);
      return tries.get(key(request))! <= 4 ? 500 : 200;
    });
    try {
      const env = envFor(receiver);
      await evalAt('flaky', env, '2026-10-27T14:01:00Z');
      const first = await evalAt('flaky', env, '2026-10-27T14:03:00Z');
      const page = first.deliveries.find((d) => d.integration.type === 'alertmanager' && receiver.requests.some((r) => key(r) === d.id && isLatency(r)))!;
      // Three quick tries in the run (attempts_per_run: 3), all 500: the entry waits for a later run.
      expect(page).toMatchObject({ status: 'pending', attempts: 1, error: 'POST http://127.0.0.1:' + new URL(receiver.url).port + ': HTTP 500' });
      expect(receiver.requests.filter((r) => key(r) === page.id)).toHaveLength(3);
      const wait = (Date.parse(page.next_attempt_at!) - Date.parse('2026-10-27T14:03:00Z')) / 1000;
      expect(wait).toBeGreaterThanOrEqual(15); // 30 s × jitter in [0.5, 1)
      expect(wait).toBeLessThanOrEqual(30);
      // Slack, another integration of the same receiver, was not held up.
      expect(receiver.accepted('/slack').filter(isLatency)).toHaveLength(1);

      const second = await evalAt('flaky', env, '2026-10-27T14:04:00Z');
      expect(second.deliveries.find((d) => d.id === page.id)).toMatchObject({ status: 'delivered', attempts: 2, error: null });
      expect(receiver.requests.filter((r) => key(r) === page.id).map((r) => r.status)).toEqual([500, 500, 500, 500, 200]);
      expect(receiver.accepted('/pager').filter((r) => key(r) === page.id)).toHaveLength(1);
      await evalAt('flaky', env, '2026-10-27T14:05:00Z');
      expect(receiver.accepted('/pager').filter((r) => key(r) === page.id)).toHaveLength(1); // nothing resent once delivered

      const lines = audit('flaky').filter((line) => line.key === page.id);
      expect(lines.map((line) => [line.event, line.attempts ?? null])).toEqual([['notification-queued', null], ['notification-failed', 1], ['notification-delivered', 2]]);
    } finally {
      await receiver.close();
    }
  });

  it('a job killed after a send and before recording it sends that notification once more on restart, and loses none', async () => {
    let child: ReturnType<typeof spawn> | null = null;
    let killed = false;
    const receiver = await startHttpReceiver((request) => {
      // The first page arrives: kill the job before it can hear the answer or record it.
      if (request.path === '/pager' && !killed && child) {
        killed = true;
        child.kill('SIGKILL');
        return null;
      }
      return 200;
    });
    try {
      const env = envFor(receiver);
      await evalAt('crash', env, '2026-10-27T14:01:00Z');
      const args = ['bin/hms-ops.js', 'alert', 'eval', '--portal', portal, '--store', join(portal, 'store.duckdb'), '--state', join(portal, 'crash'), '--at', '2026-10-27T14:03:00Z'];
      const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) => {
        child = spawn(process.execPath, args, { cwd: REPO, env: { ...process.env, ...env }, stdio: 'ignore' });
        child.on('exit', (code, signal) => resolve({ code, signal }));
      });
      expect(exit.signal).toBe('SIGKILL');
      const held = receiver.requests.find((r) => r.path === '/pager' && r.status === 0)!;
      expect(held).toBeDefined();

      // The restarted job (the next cron minute) finds the entry still pending and sends it again, with the same key.
      await evalAt('crash', env, '2026-10-27T14:04:00Z');
      // (Receivers whose secrets the test does not set, such as DOT's, are given up at once: not counted.)
      const queued = audit('crash').filter((line) => line.event === 'notification-queued' && ['docket-pager', 'ops-default'].includes(String(line.receiver)));
      expect(queued.length).toBeGreaterThanOrEqual(2);
      for (const line of queued) {
        const copies = receiver.requests.filter((r) => key(r) === line.key);
        expect(copies.length).toBeGreaterThanOrEqual(1); // none lost
        expect(copies.length).toBeLessThanOrEqual(2); // at most one duplicate
        expect(copies.some((r) => r.status === 200)).toBe(true);
      }
      expect(receiver.requests.filter((r) => key(r) === key(held)).map((r) => r.status)).toEqual([0, 200]);
      const state = JSON.parse(readFileSync(join(portal, 'crash', 'state.json'), 'utf8')) as { outbox: { id: string; status: string }[] };
      expect(state.outbox.filter((entry) => queued.some((line) => line.key === entry.id)).every((entry) => entry.status === 'delivered')).toBe(true);
    } finally {
      await receiver.close();
    }
  }, 60_000);

  it('a receiver that hangs is given up after the delivery timeout and holds up no other', async () => {
    const root = copySamplePortal();
    const receiver = await startHttpReceiver((request) => (request.path === '/pager' ? null : 200));
    try {
      editYaml(join(root, 'rules', 'notify.yaml'), (set) => set(['delivery'], { timeout: '1s', attempts_per_run: 1 }));
      const env = envFor(receiver);
      const run = (at: string) => runCli(['alert', 'eval', '--portal', root, '--store', join(root, 'store.duckdb'), '--state', join(root, 'hang'), '--at', at, '--json'], env);
      await run('2026-10-27T14:01:00Z');
      const result = JSON.parse((await run('2026-10-27T14:03:00Z')).stdout) as { deliveries: { receiver: string; integration: { type: string }; status: string; error: string | null }[] };
      const pager = result.deliveries.filter((d) => d.integration.type === 'alertmanager');
      expect(pager.length).toBeGreaterThan(0);
      expect(pager.every((d) => d.status === 'pending' && /timeout|aborted/i.test(d.error ?? ''))).toBe(true);
      const slack = result.deliveries.filter((d) => d.receiver === 'docket-pager' && d.integration.type === 'slack');
      expect(slack.length).toBeGreaterThanOrEqual(3); // 14:03's three pages, each also sent to Slack
      expect(slack.every((d) => d.status === 'delivered')).toBe(true);
    } finally {
      await receiver.close();
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});
