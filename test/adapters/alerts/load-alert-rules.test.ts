import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAlertRules } from '../../../src/adapters/alerts/load-alert-rules.ts';
import { loadPortal } from '../../../src/adapters/portal/load-portal.ts';
import { formatIssue, InputError } from '../../../src/core/errors.ts';
import { tempDir } from '../../helpers/temp.ts';

function portalWith(rules: Record<string, string>): string {
  const root = join(tempDir(), 'portal');
  mkdirSync(join(root, 'data'), { recursive: true });
  mkdirSync(join(root, 'rules', 'alerts'), { recursive: true });
  writeFileSync(join(root, 'portal.yaml'), 'version: 1\ntitle: T\nagency: A\ncontact: {name: Team, email: team@example.gov}\n');
  writeFileSync(join(root, 'data', 'programs.yaml'), 'version: 1\nprograms:\n  - id: api\n    name: API\n    agency: A\n    contact: {name: Team, email: team@example.gov}\n    kpis:\n      - {id: latency, kind: distribution, label: Latency, metric: api.latency_ms}\n');
  for (const [name, text] of Object.entries(rules)) writeFileSync(join(root, 'rules', 'alerts', name), text);
  return root;
}

describe('loadAlertRules', () => {
  it('reports a name used in two valid files at the second one', () => {
    const rule = (name: string) => `version: 1\nrules:\n  - {name: ${name}, program: api, aggregation: max, metric: api.latency_ms, critical: 1}\n`;
    const root = portalWith({ 'a.yaml': rule('same'), 'b.yaml': rule('same') });
    expect(() => loadAlertRules(loadPortal(root))).toThrow(`${relative(process.cwd(), join(root, 'rules', 'alerts', 'b.yaml'))}:3:12: rules[0].name: duplicate rule name "same" (also in ${relative(process.cwd(), join(root, 'rules', 'alerts', 'a.yaml'))}); names must be unique across rule files`);
  });

  it('loads valid rules with their file and its SHA-256', () => {
    const text = 'version: 1\nrules:\n  - {name: slow, program: api, aggregation: p95, metric: api.latency_ms, critical: 500, for: 2m}\n';
    const rules = loadAlertRules(loadPortal(portalWith({ 'api.yaml': text })));
    expect(rules.map((rule) => [rule.name, rule.forSeconds, rule.source])).toEqual([['slow', 120, { file: 'rules/alerts/api.yaml', sha256: createHash('sha256').update(text).digest('hex') }]]);
  });

  // A file that fails its schema is not checked against the portal (its rules are not known yet);
  // a.yaml's reference problems and b.yaml's schema problems are all reported in one go.
  it('reports every problem of every rule file at once, with file:line:column', () => {
    const root = portalWith({
      'a.yaml': [
        'version: 1',
        'rules:',
        '  - {name: one, program: nowhere, aggregation: p95, metric: api.latency_ms, critical: 1}',
        '  - {name: two, program: api, aggregation: p95, metric: api.latncy_ms, critical: 1}',
        '  - {name: three, program: api, aggregation: max, metric: api.latency_ms, critical: 1, annotations: {summary: "{{ valeu }}", playbook: gone.md}}',
        '',
      ].join('\n'),
      'b.yaml': [
        'version: 1',
        'rules:',
        '  - {name: one, program: api, aggregation: max, metric: api.latency_ms, critical: 1}',
        '  - {name: four, program: api, aggregation: max, metric: api.latency_ms}',
        '  - {name: five, program: api, aggregation: error_ratio, bad: [api.latency_ms], critical: 1, labels: {severity: x}}',
        '  - {name: six, program: api, aggregation: max, metric: api.latency_ms, warning: 5, critical: 2, window: 5 minutes}',
        '',
      ].join('\n'),
    });
    let error: unknown;
    try {
      loadAlertRules(loadPortal(root));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    const file = (name: string) => relative(process.cwd(), join(root, 'rules', 'alerts', name));
    expect((error as InputError).issues.map(formatIssue)).toEqual([
      `${file('a.yaml')}:3:26: rules[0].program: unknown program "nowhere"; expected one of api`,
      `${file('a.yaml')}:4:57: rules[1].metric: unknown metric "api.latncy_ms" for program api; expected one a KPI or SLO of the program reads: api.latency_ms`,
      `${file('a.yaml')}:5:111: rules[2].annotations.summary: unknown template field {{ valeu }}; expected one of value, threshold, comparison, n, window, severity, program, metric, aggregation, alertname, slo, at or labels.NAME`,
      `${file('a.yaml')}:5:136: rules[2].annotations.playbook: no file rules/playbooks/gone.md; expected a Markdown playbook there`,
      `${file('b.yaml')}:4:5: rules[1].warning: expected a warning or a critical threshold (or both)`,
      `${file('b.yaml')}:5:5: rules[2].total: expected the counters of all events, e.g. [docket.ok, docket.error], for aggregation error_ratio`,
      `${file('b.yaml')}:5:113: rules[2].labels.severity: label severity is set by the alert job; expected another name, got "x"`,
      `${file('b.yaml')}:6:106: rules[3].window: expected a duration such as 30s, 5m, 1h, 28d, got "5 minutes"`,
    ]);
  });
});
