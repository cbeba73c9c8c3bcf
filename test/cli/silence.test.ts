import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { copySamplePortal } from '../helpers/portal-copy.ts';
import { startHttpReceiver, type HttpReceiver } from '../helpers/receivers.ts';

// A silence over the OPM docket incident of the bundled sample (2026-10-27 from 14:00 UTC):
// notifications of docket-latency-high are held back while it holds, the alert is still recorded,
// and when it is expired the next look at the group notifies.
describe('hms-ops silence', () => {
  let portal = '';
  let http: HttpReceiver;
  let state = '';
  let env: Record<string, string> = {};
  beforeAll(async () => {
    portal = copySamplePortal();
    state = join(portal, 'alerts');
    http = await startHttpReceiver();
    env = { HMS_OPS_DEFAULT_WEBHOOK_URL: `${http.url}/default`, OPM_PAGER_WEBHOOK_URL: `${http.url}/pager`, OPM_SLACK_WEBHOOK_URL: `${http.url}/slack` };
  });
  afterAll(async () => {
    await http.close();
    rmSync(portal, { recursive: true, force: true });
  });
  const cli = (...args: string[]) => runCli([...args, '--state', state], env);
  const evalAt = (time: string) => runCli(['alert', 'eval', '--portal', portal, '--store', join(portal, 'store.duckdb'), '--state', state, '--at', `2026-10-27T${time}:00Z`, '--json'], env);
  const latencyRequests = () => http.requests.filter((r) => JSON.stringify(r.body).includes('docket-latency-high'));

  it('refuses a matcher it cannot read and a missing end, all problems at once, exit 1', async () => {
    const result = await cli('silence', 'add', '-m', 'alertname docket-latency-high', '--author', 'ana', '--comment', 'drill');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--matcher: expected a matcher such as');
    expect(result.stderr).toContain('--end: expected exactly one of --end and --duration');
  });

  let id = '';
  it('adds a silence and lists it with its status at a time', async () => {
    const added = await cli('silence', 'add', '-m', 'alertname = docket-latency-high', '-m', 'program = opm-docket-api', '--start', '2026-10-27T13:30:00Z', '--duration', '4h', '--author', 'ana-ruiz', '--comment', 'known failover work', '--json');
    expect(added.code).toBe(0);
    const silence = JSON.parse(added.stdout) as { id: string; startsAt: string; endsAt: string; matchers: string[] };
    expect(silence).toMatchObject({ startsAt: '2026-10-27T13:30:00.000Z', endsAt: '2026-10-27T17:30:00.000Z', matchers: ['alertname = docket-latency-high', 'program = opm-docket-api'] });
    expect(silence.id).toMatch(/^s-[0-9a-f]{12}$/);
    id = silence.id;
    const list = await cli('silence', 'list', '--at', '2026-10-27T14:00:00Z');
    expect(list.stdout).toBe(`${id}  active   2026-10-27T13:30:00.000Z → 2026-10-27T17:30:00.000Z  alertname = docket-latency-high, program = opm-docket-api  by ana-ruiz: known failover work\n`);
    // The CLI's clock says 2026-11-23: by then it has ended, and only --all shows it.
    expect((await cli('silence', 'list')).stdout).toBe('no silences\n');
    expect((await cli('silence', 'list', '--all')).stdout).toContain(`${id}  expired`);
  });

  it('holds back the page while the alert fires, and records it', async () => {
    for (const time of ['14:01', '14:03', '14:04']) expect((await evalAt(time)).code).toBe(0);
    expect(latencyRequests()).toEqual([]);
    const audit = readFileSync(join(state, 'audit.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { event: string; rule?: string; by?: { kind: string; id: string }; receiver?: string; to?: string });
    expect(audit.filter((line) => line.rule === 'docket-latency-high' && line.event === 'alert').map((line) => line.to)).toEqual(['pending', 'pending', 'firing', 'firing']);
    expect(audit.filter((line) => line.event === 'suppressed' && line.rule === 'docket-latency-high').map((line) => [line.receiver, line.by])).toEqual([
      ['docket-pager', { kind: 'silence', id }],
      ['ops-default', { kind: 'silence', id }],
    ]);
    expect(audit.some((line) => line.event === 'silence-added')).toBe(true);
  });

  it('notifies at the group\'s next look once the silence is expired', async () => {
    const expired = await runCli(['silence', 'expire', id, '--author', 'ana-ruiz', '--state', state], env, new Date('2026-10-27T14:07:30Z'));
    expect(expired.stdout).toBe(`expired ${id} at 2026-10-27T14:07:30.000Z\n`);
    // The pager's group was last looked at 14:03 (muted), so it is looked at again at 14:08.
    expect((await evalAt('14:07')).code).toBe(0);
    expect(latencyRequests()).toEqual([]);
    expect((await evalAt('14:08')).code).toBe(0);
    expect(latencyRequests().map((r) => r.path).sort()).toEqual(['/pager', '/slack']); // sent at once, in no set order
    const again = await runCli(['silence', 'expire', id, '--author', 'ana-ruiz', '--state', state], env, new Date('2026-10-27T14:09:00Z'));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`silence ${id} already ended at 2026-10-27T14:07:30.000Z`);
  });
});
