import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { copySamplePortal, editYaml } from '../helpers/portal-copy.ts';
import { startHttpReceiver, startSmtpReceiver, TLS_DIR, type HttpReceiver, type ReceivedRequest, type SmtpReceiver } from '../helpers/receivers.ts';

// The bundled sample's stories, notified through rules/notify.yaml to real receivers on loopback:
// - OPM, 2026-10-27 14:00–16:30 UTC: a failed failover slows the docket API to ~4 s; the critical
//   docket-latency-high alert pages the on-call engineer (Alertmanager webhook and Slack), the warning
//   goes to the default webhook;
// - OSERS, Monday 2026-10-26: fewer than 80 % of calls are answered within 60 s, and the rule's own
//   `notify: [osers-legal-siren]` emails the legal team over SMTP with STARTTLS and a password.

interface AmPayload {
  version: string;
  groupKey: string;
  status: string;
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  truncatedAlerts: number;
  alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string>; startsAt: string; endsAt: string; generatorURL: string; fingerprint: string; value?: number }[];
}
interface SlackPayload {
  channel: string;
  text: string;
  attachments: { color: string; title: string; text: string; footer: string }[];
}

const body = <T>(request: ReceivedRequest) => request.body as T;
/** Requests about one rule: its alertname is in the payload (a label, or the text of a Slack message). */
const forAlert = (name: string) => (request: ReceivedRequest) => JSON.stringify(request.body).includes(name);

describe('alert notifications from the bundled sample portal', () => {
  let portal = '';
  let http: HttpReceiver;
  let smtp: SmtpReceiver;
  let env: Record<string, string> = {};

  beforeAll(async () => {
    portal = copySamplePortal();
    http = await startHttpReceiver();
    smtp = await startSmtpReceiver({ 'hms-ops': 'siren-secret' });
    editYaml(join(portal, 'rules', 'notify.yaml'), (set) => {
      // The OSERS legal team's SMTP server is the loopback one, trusted through the test CA.
      set(['receivers', 3, 'email', 'host'], '127.0.0.1');
      set(['receivers', 3, 'email', 'port'], smtp.port);
      set(['receivers', 3, 'email', 'ca_file'], 'tls/localhost-cert.pem');
    });
    rmSync(join(portal, 'tls'), { recursive: true, force: true });
    const { cpSync } = await import('node:fs');
    cpSync(TLS_DIR, join(portal, 'tls'), { recursive: true });
    env = {
      HMS_OPS_DEFAULT_WEBHOOK_URL: `${http.url}/default`,
      OPM_PAGER_WEBHOOK_URL: `${http.url}/pager`,
      OPM_SLACK_WEBHOOK_URL: `${http.url}/slack`,
      DOT_SLACK_WEBHOOK_URL: `${http.url}/dot-slack`,
      DOT_WEBHOOK_URL: `${http.url}/dot`,
      OSERS_SMTP_PASSWORD: 'siren-secret',
    };
  });
  afterAll(async () => {
    await http.close();
    await smtp.close();
    rmSync(portal, { recursive: true, force: true });
  });

  const evalAt = async (state: string, at: string) => {
    const result = await runCli(['alert', 'eval', '--portal', portal, '--store', join(portal, 'store.duckdb'), '--state', join(portal, state), '--at', at, '--json'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as { notifications: { receiver: string; groupKey: string; status: string }[]; deliveries: { receiver: string; status: string; error: string | null }[] };
  };

  it('pages the on-call engineer once when the docket API slows, and sends the warning to the default webhook', async () => {
    for (const time of ['13:59', '14:01', '14:02']) await evalAt('opm', `2026-10-27T${time}:00Z`);
    expect(http.requests.filter(forAlert('docket-latency-high'))).toEqual([]); // pending: nobody told yet
    const fired = await evalAt('opm', '2026-10-27T14:03:00Z');
    expect(fired.deliveries.every((delivery) => delivery.error === null)).toBe(true);

    // Alertmanager's webhook payload, version 4, field by field.
    const pages = http.accepted('/pager').filter(forAlert('docket-latency-high'));
    expect(pages).toHaveLength(1);
    const page = body<AmPayload>(pages[0]!);
    expect(page).toMatchObject({
      version: '4',
      status: 'firing',
      receiver: 'docket-pager',
      groupKey: 'root.0:{alertname="docket-latency-high",program="opm-docket-api"}',
      groupLabels: { alertname: 'docket-latency-high', program: 'opm-docket-api' },
      commonLabels: { alertname: 'docket-latency-high', program: 'opm-docket-api', severity: 'critical', team: 'docket' },
      externalURL: 'https://performance.example.gov/',
      truncatedAlerts: 0,
    });
    expect(page.alerts).toHaveLength(1);
    const [alert] = page.alerts;
    expect(alert).toMatchObject({ status: 'firing', startsAt: '2026-10-27T14:03:00.000Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: 'https://performance.example.gov/' });
    expect(alert!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(alert!.annotations.summary).toMatch(/^Docket API p95 latency is \d{4}(\.\d)? ms over 1m \(limit 500 ms\)$/);
    expect(alert!.annotations.playbook).toBe('docket-latency.md');
    expect(Object.keys(alert!)).not.toContain('value'); // Alertmanager's fields only
    expect(pages[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f]{32}$/);
    expect(pages[0]!.headers['content-type']).toBe('application/json');

    // Slack: the on-call engineer of the week (Monday 2026-10-26 09:00 New York is 42 weeks after
    // the 2026-01-05 start: 42 mod 3 = 0, the first member, ana-ruiz) is mentioned.
    const slack = http.accepted('/slack').filter(forAlert('docket-latency-high'));
    expect(slack).toHaveLength(1);
    const message = body<SlackPayload>(slack[0]!);
    expect(message.channel).toBe('#docket-ops');
    expect(message.text).toBe('<@ana.ruiz> [FIRING:1] docket-latency-high opm-docket-api');
    expect(message.attachments[0]!.color).toBe('danger');
    expect(message.attachments[0]!.text).toContain('On call (opm-docket-primary): Ana Ruiz');
    expect(message.attachments[0]!.text).toContain('playbook: rules/playbooks/docket-latency.md');
    expect(http.requests.filter((r) => r.path === '/default').filter(forAlert('docket-latency-high'))).toEqual([]); // group_wait 30 s not over

    // The warning's group (root route, group_wait 30 s) is looked at on the next run.
    await evalAt('opm', '2026-10-27T14:04:00Z');
    const warnings = http.accepted('/default').filter(forAlert('docket-latency-high'));
    expect(warnings).toHaveLength(1);
    const warning = body<AmPayload & { idempotencyKey: string; at: string; oncall: unknown }>(warnings[0]!);
    expect(warning).toMatchObject({ version: 'hms-ops/1', status: 'firing', receiver: 'ops-default', at: '2026-10-27T14:04:00.000Z', oncall: null, idempotencyKey: warnings[0]!.headers['idempotency-key'] });
    expect(warning.alerts.map((a) => [a.labels.severity, a.status, a.endsAt])).toEqual([['warning', 'firing', null]]);
    expect(warning.alerts[0]!.value).toBeGreaterThan(300);
  });

  it('does not notify again while the alert keeps firing (deduplication until repeat_interval)', async () => {
    const before = http.requests.filter(forAlert('docket-latency-high')).length;
    for (const time of ['14:05', '14:10', '15:00', '16:29']) await evalAt('opm', `2026-10-27T${time}:00Z`);
    expect(http.requests.filter(forAlert('docket-latency-high')).length).toBe(before);
  });

  it('sends resolved notices at the group\'s next look after the incident is over', async () => {
    const isResolved = (request: ReceivedRequest) => body<AmPayload>(request).status === 'resolved';
    await evalAt('opm', '2026-10-27T16:31:00Z');
    // The pager's group was last looked at 16:29; its next look is group_interval (5 m) later, at 16:34.
    expect(http.requests.filter(forAlert('docket-latency-high')).filter(isResolved)).toEqual([]);
    await evalAt('opm', '2026-10-27T16:35:00Z');
    const resolved = http.accepted('/pager').filter(forAlert('docket-latency-high')).map((request) => body<AmPayload>(request)).filter((payload) => payload.status === 'resolved');
    expect(resolved).toHaveLength(1);
    expect(resolved[0]!.alerts.map((a) => [a.status, a.startsAt, a.endsAt])).toEqual([['resolved', '2026-10-27T14:03:00.000Z', '2026-10-27T16:31:00.000Z']]);
    const slack = http.accepted('/slack').filter(forAlert('docket-latency-high')).map((request) => body<SlackPayload>(request));
    expect(slack.map((m) => m.attachments[0]!.color)).toEqual(['danger', 'good']);
  });

  it('audits every queued and delivered notification with the notify file\'s hash', () => {
    const audit = readFileSync(join(portal, 'opm', 'audit.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const queued = audit.filter((line) => line.event === 'notification-queued' && String(line.groupKey).includes('docket-latency-high'));
    const delivered = audit.filter((line) => line.event === 'notification-delivered' && String(line.groupKey).includes('docket-latency-high'));
    // pager (Alertmanager + Slack) firing and resolved, default webhook firing and resolved.
    expect(queued.map((line) => [line.receiver, (line.integration as { type: string }).type, line.status])).toEqual([
      ['docket-pager', 'alertmanager', 'firing'],
      ['docket-pager', 'slack', 'firing'],
      ['ops-default', 'webhook', 'firing'],
      ['docket-pager', 'alertmanager', 'resolved'],
      ['docket-pager', 'slack', 'resolved'],
      ['ops-default', 'webhook', 'resolved'],
    ]);
    expect(delivered.map((line) => line.key).sort()).toEqual(queued.map((line) => line.key).sort());
    expect(queued.every((line) => typeof line.notifySha256 === 'string' && (line.notifySha256 as string).length === 64)).toBe(true);
  });

  it('emails the compliance siren to the legal team over STARTTLS with the numbers and the policy version', async () => {
    for (const time of ['15:10', '15:20', '15:30']) await evalAt('osers', `2026-10-26T${time}:00Z`);
    expect(smtp.messages).toHaveLength(0); // pending for 10 minutes
    const fired = await evalAt('osers', '2026-10-26T15:40:00Z');
    expect(fired.deliveries.filter((d) => d.receiver === 'osers-legal-siren').map((d) => [d.status, d.error])).toEqual([['delivered', null]]);
    expect(smtp.messages).toHaveLength(1);
    const [siren] = smtp.messages;
    expect(siren!.secure).toBe(true); // upgraded with STARTTLS before the message
    expect(siren!.user).toBe('hms-ops');
    expect(siren!.to).toEqual(['legal-compliance@osers.example.gov']);
    expect(siren!.mail.from?.text).toBe('compliance-siren@osers.example.gov');
    // Both severities hold (the share is under 0.8), one group: one email listing both alerts.
    expect(siren!.mail.subject).toBe('Compliance siren: [FIRING:2] wait-sla-breached osers-benefit-calls');
    const text = siren!.mail.text ?? '';
    expect(text).toMatch(/Compliance siren: 0\.6\d+ of calls answered within 60 s over 1h \(legal floor 0\.8\)/);
    expect(text).toContain('Policy in force: IDEA Part B call-answer rule, version 2026-07.');
    expect(text).toContain('playbook: rules/playbooks/wait-sla.md');
    expect(siren!.mail.messageId).toMatch(/^<[0-9a-f]{32}@hms-ops>$/);
    // The rule's own notify list replaces the routing tree: the default webhook heard nothing of it.
    expect(http.requests.filter(forAlert('wait-sla-breached'))).toEqual([]);
  });
});
