import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { copySamplePortal, editYaml } from '../helpers/portal-copy.ts';
import { startHttpReceiver, type HttpReceiver } from '../helpers/receivers.ts';

// Incidents and actions on the bundled sample's stories, end to end:
// - OPM 2026-10-27: docket-latency-high fires at 14:03 → incident with the slow requests' trace ids,
//   the playbook, the page on its timeline, a dry-run rollback; resolved when the alert clears.
// - CMS 2026-02-16: reviews take ~15 days before the payroll-data rule; the cms-reviews-48h ticket
//   alert opens a human review task in the ticket system (a webhook), once per incident.

interface IncidentJson {
  id: string;
  rule: string;
  status: string;
  severity: string;
  traceIds: string[];
  playbook: string | null;
  public: boolean;
  actions: { type: string; state: string; detail: string }[];
  timeline: { at: string; kind: string; text: string; by?: string }[];
}

describe('incidents and actions from the bundled sample portal', () => {
  let portal = '';
  let http: HttpReceiver;
  let env: Record<string, string> = {};
  beforeAll(async () => {
    portal = copySamplePortal();
    http = await startHttpReceiver();
    env = { HMS_OPS_DEFAULT_WEBHOOK_URL: `${http.url}/default`, OPM_PAGER_WEBHOOK_URL: `${http.url}/pager`, OPM_SLACK_WEBHOOK_URL: `${http.url}/slack`, CMS_REVIEW_TICKET_URL: `${http.url}/tickets`, OPM_CICD_ROLLBACK_URL: `${http.url}/cicd` };
  });
  afterAll(async () => {
    await http.close();
    rmSync(portal, { recursive: true, force: true });
  });
  const store = () => join(portal, 'store.duckdb');
  const evalAt = async (state: string, at: string, root = portal) => {
    const result = await runCli(['alert', 'eval', '--portal', root, '--store', store(), '--state', join(portal, state), '--at', at], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return result.stdout;
  };
  const incidents = async (state: string) => JSON.parse((await runCli(['incident', 'list', '--all', '--json', '--state', join(portal, state)])).stdout) as IncidentJson[];

  it('opens an incident when the docket alert fires: trace ids, playbook, the page and a dry-run rollback on its timeline', async () => {
    for (const time of ['14:01', '14:03']) await evalAt('opm', `2026-10-27T${time}:00Z`);
    const incident = (await incidents('opm')).find((i) => i.rule === 'docket-latency-high')!;
    expect(incident).toMatchObject({ status: 'open', severity: 'critical', playbook: 'docket-latency.md', public: true });
    // The sample's load balancer keeps trace ids of a few slow requests (tag trace_id).
    expect(incident.traceIds.length).toBeGreaterThanOrEqual(1);
    expect(incident.traceIds.every((id) => /^[0-9a-f]{32}$/.test(id))).toBe(true);
    expect(incident.actions).toEqual([{ type: 'rollback', state: 'dry-run', at: '2026-10-27T14:03:00.000Z', detail: "would POST $OPM_CICD_ROLLBACK_URL (dry run: set enabled: true on the rule's action to roll back for real)" }]);
    expect(http.requests.filter((r) => r.path === '/cicd')).toEqual([]); // a dry run calls nothing
    expect(incident.timeline.map((e) => `${e.at.slice(11, 16)} ${e.kind} ${e.text}`)).toEqual([
      '14:01 pending condition started holding (pending)',
      expect.stringMatching(/^14:03 firing alert fired \(value \d+\)$/),
      "14:03 action rollback dry-run: would POST $OPM_CICD_ROLLBACK_URL (dry run: set enabled: true on the rule's action to roll back for real)",
      expect.stringMatching(/^14:03 notification firing notice sent to docket-pager \((alertmanager|slack)\), on call: Ana Ruiz$/),
      expect.stringMatching(/^14:03 notification firing notice sent to docket-pager \((alertmanager|slack)\), on call: Ana Ruiz$/),
    ]);
    // The incident of the SLO page alert has no action: nothing is rehearsed for it.
    expect((await incidents('opm')).filter((i) => i.rule !== 'docket-latency-high').every((i) => i.actions.length === 0)).toBe(true);
  });

  it('shows the incident with its playbook, takes an acknowledgement, and resolves it when the alert clears', async () => {
    const { id } = (await incidents('opm')).find((i) => i.rule === 'docket-latency-high')!;
    const shown = await runCli(['incident', 'show', id, '--portal', portal, '--state', join(portal, 'opm')]);
    expect(shown.stdout).toContain(`${id}: Docket API p95 latency is`);
    expect(shown.stdout).toContain('Playbook (rules/playbooks/docket-latency.md):');
    expect(shown.stdout).toContain('# Docket API slow or failing');
    const ack = await runCli(['incident', 'ack', id, '--author', 'ana-ruiz', '--note', 'finishing the failover by hand', '--state', join(portal, 'opm')], {}, new Date('2026-10-27T14:06:00Z'));
    expect(ack.code).toBe(0);
    for (const time of ['14:10', '16:31', '16:35']) await evalAt('opm', `2026-10-27T${time}:00Z`);
    const incident = (await incidents('opm')).find((i) => i.id === id)!;
    expect(incident.status).toBe('resolved');
    expect(incident.timeline.slice(5).map((e) => `${e.at.slice(11, 16)} ${e.kind} ${e.text}${e.by ? ` (${e.by})` : ''}`)).toEqual([
      '14:06 acknowledged acknowledged: finishing the failover by hand (ana-ruiz)',
      '16:31 resolved alert resolved: the condition no longer holds',
      // The pager's group was last looked at 14:10, so 16:31 is past its next look: the notice goes at once.
      expect.stringMatching(/^16:31 notification resolved notice sent to docket-pager \((alertmanager|slack)\), on call: Ana Ruiz$/),
      expect.stringMatching(/^16:31 notification resolved notice sent to docket-pager \((alertmanager|slack)\), on call: Ana Ruiz$/),
    ]);
    const again = await runCli(['incident', 'resolve', id, '--author', 'ana-ruiz', '--state', join(portal, 'opm')]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`incident ${id} is already resolved (at 2026-10-27T16:31:00.000Z by alert)`);
    const audit = readFileSync(join(portal, 'opm', 'audit.ndjson'), 'utf8');
    expect(audit).toContain(`"event":"incident-opened","id":"${id}:opened"`);
    expect(audit).toContain(`"event":"incident-acknowledged"`);
    expect(audit).toContain(`"event":"action-dry-run"`);
  });

  it('opens a human review task for the CMS SLO once per incident, and tries again while the ticket system is down', async () => {
    let down = true;
    const tickets = await startHttpReceiver(() => (down ? 503 : 201));
    const ticketEnv = { ...env, CMS_REVIEW_TICKET_URL: `${tickets.url}/tickets` };
    try {
      const at = (time: string) => runCli(['alert', 'eval', '--portal', portal, '--store', store(), '--state', join(portal, 'cms'), '--at', `2026-02-16T${time}:00Z`], ticketEnv);
      expect((await at('15:00')).code).toBe(0);
      const incident = (await incidents('cms')).find((i) => i.rule === 'cms-reviews-48h:ticket')!;
      expect(incident).toMatchObject({ status: 'open', severity: 'warning' });
      expect(incident.actions.map((a) => [a.type, a.state])).toEqual([['ticket', 'failed']]);
      expect((await at('15:01')).code).toBe(0); // still down: tried again, not written again
      expect((await incidents('cms')).find((i) => i.id === incident.id)!.actions.map((a) => a.state)).toEqual(['failed']);
      down = false;
      expect((await at('15:02')).code).toBe(0);
      expect((await at('15:03')).code).toBe(0);
      const accepted = tickets.requests.filter((r) => r.status === 201);
      expect(accepted).toHaveLength(1); // once per incident
      expect(tickets.requests.map((r) => r.status)).toEqual([503, 503, 201]); // one try a run
      const body = accepted[0]!.body as { type: string; idempotencyKey: string; incident: { id: string; program: string; rule: string } };
      expect(body).toMatchObject({ type: 'hms-ops.ticket', idempotencyKey: `${incident.id}:ticket`, incident: { id: incident.id, program: 'cms-eligibility', rule: 'cms-reviews-48h:ticket' } });
      expect(accepted[0]!.headers['idempotency-key']).toBe(`${incident.id}:ticket`);
      expect((await incidents('cms')).find((i) => i.id === incident.id)!.actions.map((a) => [a.state, a.detail])).toEqual([['succeeded', expect.stringMatching(/^POST http:\/\/127\.0\.0\.1:\d+: HTTP 201/)]]);
    } finally {
      await tickets.close();
    }
  });

  it('an enabled rollback runs its command once per incident, with the incident in its environment', async () => {
    const root = copySamplePortal();
    try {
      const log = join(root, 'rollbacks.log');
      writeFileSync(join(root, 'rollback.sh'), `#!/bin/sh\necho "$HMS_OPS_INCIDENT_ID $HMS_OPS_RULE dry=$HMS_OPS_DRY_RUN $1" >> ${JSON.stringify(log)}\necho rolled back to $1\n`);
      chmodSync(join(root, 'rollback.sh'), 0o755);
      editYaml(join(root, 'rules', 'alerts', 'opm-docket-api.yaml'), (set) => set(['rules', 0, 'action'], { type: 'rollback', command: ['./rollback.sh', 'docket-2026.10.3'], enabled: true, cooldown: '1h' }));
      for (const time of ['14:01', '14:03', '14:04', '14:05']) await evalAt('opm-real', `2026-10-27T${time}:00Z`, root);
      const lines = readFileSync(log, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(1);
      const incident = (await incidents('opm-real')).find((i) => i.rule === 'docket-latency-high')!;
      expect(lines[0]).toBe(`${incident.id} docket-latency-high dry=0 docket-2026.10.3`);
      expect(incident.actions).toEqual([{ type: 'rollback', state: 'succeeded', at: '2026-10-27T14:03:00.000Z', detail: 'run ./rollback.sh docket-2026.10.3: exit 0: rolled back to docket-2026.10.3' }]);
      expect(incident.timeline.filter((e) => e.kind === 'action').map((e) => e.text)).toEqual(['rollback started: run ./rollback.sh docket-2026.10.3', 'rollback succeeded: run ./rollback.sh docket-2026.10.3: exit 0: rolled back to docket-2026.10.3']);
      const state = JSON.parse(readFileSync(join(portal, 'opm-real', 'state.json'), 'utf8')) as { rollbacks: Record<string, string> };
      expect(state.rollbacks).toEqual({ 'docket-latency-high': '2026-10-27T14:03:00.000Z' });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
