import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAlertRules } from '../../../src/adapters/alerts/load-alert-rules.ts';
import { loadNotify } from '../../../src/adapters/alerts/load-notify.ts';
import { loadPortal } from '../../../src/adapters/portal/load-portal.ts';
import { formatIssue, InputError } from '../../../src/core/errors.ts';
import { tempDir } from '../../helpers/temp.ts';

function portalWith(notify: string | null, rules = ''): string {
  const root = join(tempDir(), 'portal');
  mkdirSync(join(root, 'data'), { recursive: true });
  mkdirSync(join(root, 'rules', 'alerts'), { recursive: true });
  writeFileSync(join(root, 'portal.yaml'), 'version: 1\ntitle: T\nagency: A\ncontact: {name: Team, email: team@example.gov}\n');
  writeFileSync(join(root, 'data', 'programs.yaml'), 'version: 1\nprograms:\n  - id: api\n    name: API\n    agency: A\n    contact: {name: Team, email: team@example.gov}\n    kpis:\n      - {id: latency, kind: distribution, label: Latency, metric: api.latency_ms}\n');
  if (notify !== null) writeFileSync(join(root, 'rules', 'notify.yaml'), notify);
  if (rules) writeFileSync(join(root, 'rules', 'alerts', 'api.yaml'), rules);
  return root;
}

const problems = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error.issues.map(formatIssue);
    throw error;
  }
  return [];
};

describe('loadNotify', () => {
  it('is null without rules/notify.yaml (the job then notifies no one)', () => {
    expect(loadNotify(loadPortal(portalWith(null)))).toBeNull();
  });

  it('reads a valid file: the routing tree, receivers and the file\'s hash', () => {
    const notify = loadNotify(loadPortal(portalWith('version: 1\nreceivers:\n  - {name: ops, webhook: {url: "https://hooks.example.gov/ops"}}\nroute: {receiver: ops}\n')))!;
    expect(notify.route).toMatchObject({ id: 'root', receiver: 'ops', groupBy: ['alertname', 'program'], groupWaitSeconds: 30, groupIntervalSeconds: 300, repeatIntervalSeconds: 14400 });
    expect([...notify.receivers.keys()]).toEqual(['ops']);
    expect(notify.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(notify.config.delivery).toEqual({ timeout: 10, attempts_per_run: 3, initial_backoff: 30, max_backoff: 3600, give_up_after: 259200 });
  });

  it('reports every schema problem with its position: bad matchers, secrets in URLs, missing passwords, a receiver with no integration', () => {
    const root = portalWith([
      'version: 1',
      'receivers:',
      '  - {name: ops, webhook: {url: "https://user:secret@hooks.example.gov/x"}}',
      '  - {name: mail, email: {from: a@example.gov, host: smtp.example.gov, username: u}}',
      '  - {name: empty}',
      'route:',
      '  receiver: ops',
      '  group_wait: soon',
      '  routes:',
      '    - {matchers: ["severity critical"], receiver: ops}',
      '',
    ].join('\n'));
    const file = relative(process.cwd(), join(root, 'rules', 'notify.yaml'));
    expect(problems(() => loadNotify(loadPortal(root)))).toEqual([
      `${file}:3:32: receivers[0].webhook.url: a URL in notify.yaml may not carry a user or password; name an environment variable with url_env instead, got "https://user:secret@hooks.example.gov/x"`,
      `${file}:4:25: receivers[1].email.password_env: expected username and password_env together (or neither)`,
      `${file}:5:5: receivers[2].webhook: expected at least one of webhook, alertmanager, slack, email`,
      `${file}:8:15: route.group_wait: expected a duration such as 0s, 30s, 5m, 1h, got "soon"`,
      `${file}:10:19: route.routes[0].matchers[0]: expected a matcher such as 'severity = critical' or 'program =~ "opm-.*"' (a label name, one of = != =~ !~, a value); got "severity critical"`,
    ]);
  });

  it('reports references that do not exist: receivers, schedules, people, programs, files, and an email with no one to write to', () => {
    const root = portalWith([
      'version: 1',
      'people:',
      '  ana: {name: Ana}',
      'schedules:',
      '  week: {time_zone: America/New_York, rotation: weekly, handoff: monday 09:00, start: 2026-01-05, members: [ana, bob]}',
      'receivers:',
      '  - {name: ops, webhook: {url_env: OPS_URL}}',
      '  - {name: ops, slack: {url_env: SLACK_URL}}',
      '  - {name: pager, oncall: night, webhook: {url_env: PAGER_URL}}',
      '  - {name: mail, email: {from: a@example.gov, host: smtp.example.gov, ca_file: ca.pem}}',
      '  - {name: oncall-mail, oncall: week, email: {from: a@example.gov, host: smtp.example.gov}}',
      'route:',
      '  receiver: ops',
      '  routes:',
      '    - {matchers: ["program = api"], receiver: nobody}',
      'maintenance:',
      '  - {name: patching, program: nowhere, time_zone: UTC, every: sunday, from: "02:00", to: "04:00"}',
      '',
    ].join('\n'));
    const file = relative(process.cwd(), join(root, 'rules', 'notify.yaml'));
    expect(problems(() => loadNotify(loadPortal(root)))).toEqual([
      `${file}:5:9: schedules.week: unknown person "bob"; expected one of people: ana`,
      `${file}:8:12: receivers[1].name: receiver "ops" is defined twice; expected unique names`,
      `${file}:9:27: receivers[2].oncall: unknown schedule "night"; expected one of: week`,
      `${file}:10:25: receivers[3].email[0].to: expected at least one address in to, or oncall on the receiver`,
      `${file}:10:25: receivers[3].email[0].ca_file: no file ca.pem in the portal folder`,
      `${file}:11:33: receivers[4].oncall: ana of schedule week has no email, but receiver oncall-mail emails the on-call person`,
      `${file}:15:47: route.routes[0].receiver: unknown receiver "nobody"; expected one of: ops, pager, mail, oncall-mail`,
      `${file}:17:5: maintenance[0]: unknown program "nowhere"; expected one of: api`,
    ]);
  });

  it('a rule that names a receiver notify.yaml does not define is an error at the rule\'s position', () => {
    const root = portalWith('version: 1\nreceivers:\n  - {name: ops, webhook: {url_env: OPS_URL}}\nroute: {receiver: ops}\n', 'version: 1\nrules:\n  - {name: slow, program: api, aggregation: p95, metric: api.latency_ms, critical: 1, notify: [legal]}\n');
    const portal = loadPortal(root);
    const notify = loadNotify(portal)!;
    expect(problems(() => loadAlertRules(portal, new Set(notify.receivers.keys())))).toEqual([
      `${relative(process.cwd(), join(root, 'rules', 'alerts', 'api.yaml'))}:3:96: rules[0].notify.0: unknown receiver "legal"; expected one of rules/notify.yaml: ops`,
    ]);
  });
});
