import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { copySamplePortal, editYaml } from '../helpers/portal-copy.ts';
import { startSmtpReceiver, TLS_DIR, type SmtpReceiver } from '../helpers/receivers.ts';

// FEMA's story: during a hurricane the aid form's p95 goes over 2 s; aid-form-slow (p95 over 5 m,
// critical over 2000 ms, for 5 m) opens an incident with its playbook and emails whoever is on call
// on the fema-aid-form schedule (daily, 08:00 Chicago). The sample's own hurricane (September) is
// in hourly rollups, too coarse for a 5-minute window, so this test sends a surge of raw events on
// 2026-10-30, as the form's instrumentation would.
describe('the FEMA surge pages the on-call person by email', () => {
  let portal = '';
  let smtp: SmtpReceiver;
  beforeAll(async () => {
    portal = copySamplePortal();
    smtp = await startSmtpReceiver({ 'hms-ops': 'fema-secret' });
    cpSync(TLS_DIR, join(portal, 'tls'), { recursive: true });
    editYaml(join(portal, 'rules', 'notify.yaml'), (set) => {
      set(['receivers', 2, 'email', 'host'], '127.0.0.1');
      set(['receivers', 2, 'email', 'port'], smtp.port);
      set(['receivers', 2, 'email', 'ca_file'], 'tls/localhost-cert.pem');
    });
    // 14:00–14:20 UTC: 30 submissions a minute taking 2.5–3.4 s.
    const lines: string[] = [];
    for (let minute = 0; minute < 20; minute++) {
      for (let i = 0; i < 30; i++) {
        const ts = new Date(Date.UTC(2026, 9, 30, 14, minute, i * 2)).toISOString();
        lines.push(JSON.stringify({ program_id: 'fema-aid-form', metric: 'aidform.latency_ms', value: 2500 + ((i * 37) % 900), ts, tags: i === 0 ? { trace_id: `${String(minute).padStart(2, '0')}${'f'.repeat(30)}` } : {} }));
      }
    }
    writeFileSync(join(portal, 'surge.ndjson'), `${lines.join('\n')}\n`);
    const ingest = await runCli(['ingest', join(portal, 'surge.ndjson'), '--portal', portal, '--store', join(portal, 'store.duckdb'), '--at', '2026-11-01T00:00:00Z']);
    expect(ingest.stderr).toContain('surge.ndjson: 600 rows');
    expect(ingest.code).toBe(0);
  });
  afterAll(async () => {
    await smtp.close();
    rmSync(portal, { recursive: true, force: true });
  });

  it('fires after 5 minutes over 2 s, opens an incident with the playbook, and emails Eli Park, on call that day', async () => {
    const env = { FEMA_SMTP_PASSWORD: 'fema-secret' };
    // The SLO burn-rate alerts of fema-latency-2s fire too (for: 0s) and mail the same person; these are the rule's.
    const slowMail = () => smtp.messages.filter((message) => message.mail.subject?.includes('aid-form-slow'));
    const evalAt = async (time: string) => {
      const result = await runCli(['alert', 'eval', '--portal', portal, '--store', join(portal, 'store.duckdb'), '--state', join(portal, 'alerts'), '--at', `2026-10-30T${time}:00Z`], env);
      expect(result.code).toBe(0);
      return result.stdout;
    };
    // The 5-minute window first holds 20+ slow submissions at 14:05: pending; 5 minutes later it fires.
    expect(await evalAt('14:05')).toContain('aid-form-slow{program="fema-aid-form", severity="critical", team="aid-form"}: inactive → pending');
    await evalAt('14:07');
    expect(slowMail()).toHaveLength(0);
    const fired = await evalAt('14:10');
    expect(fired).toContain('aid-form-slow{program="fema-aid-form", severity="critical", team="aid-form"}: pending → firing');
    // Warning and critical share the group (alertname, program): group_wait 30 s → the next run.
    expect(slowMail()).toHaveLength(0);
    await evalAt('14:11');
    expect(slowMail()).toHaveLength(1);
    const [mail] = slowMail();
    // 2026-10-30 09:11 Chicago is shift 151 from 2026-06-01 (151 mod 2 = 1): eli-park.
    expect(mail!.to).toEqual(['eli.park@fema.example.gov']);
    expect(mail!.secure).toBe(true);
    expect(mail!.mail.subject).toBe('[FIRING:2] aid-form-slow fema-aid-form');
    expect(mail!.mail.text).toContain('On call (fema-aid-form): Eli Park');
    expect(mail!.mail.text).toMatch(/Aid form p95 is \d{4}(\.\d)? ms over 5m \(limit 2000 ms\) from \d+ submissions/);
    expect(mail!.mail.text).toContain('playbook: rules/playbooks/aid-form-surge.md');

    const list = JSON.parse((await runCli(['incident', 'list', '--json', '--state', join(portal, 'alerts')])).stdout) as { id: string; rule: string; playbook: string; traceIds: string[]; timeline: { kind: string; text: string }[] }[];
    const incident = list.find((i) => i.rule === 'aid-form-slow')!;
    expect(incident.playbook).toBe('aid-form-surge.md');
    // The slowest traced submissions first: each minute's first submission (2500 ms) carries a trace id.
    expect(incident.traceIds.length).toBeGreaterThanOrEqual(1);
    expect(incident.traceIds.every((id) => id.endsWith('f'.repeat(30)))).toBe(true);
    expect(incident.timeline.filter((e) => e.kind === 'notification').map((e) => e.text)).toEqual(['firing notice sent to fema-oncall (email), on call: Eli Park']);
    const shown = await runCli(['incident', 'show', incident.id, '--portal', portal, '--state', join(portal, 'alerts')]);
    expect(shown.stdout).toContain('Playbook (rules/playbooks/aid-form-surge.md):');
  });
});
