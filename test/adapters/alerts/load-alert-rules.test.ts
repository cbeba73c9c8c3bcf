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

/** A public program whose cases KPI (a counter) and errors ratio are under the portal's small-cell threshold of 10. */
function countedPortal(rules: string): string {
  const root = join(tempDir(), 'portal');
  mkdirSync(join(root, 'data'), { recursive: true });
  mkdirSync(join(root, 'rules', 'alerts'), { recursive: true });
  writeFileSync(join(root, 'portal.yaml'), 'version: 1\ntitle: T\nagency: A\ncontact: {name: Team, email: team@example.gov}\nsuppress_below: 10\n');
  writeFileSync(join(root, 'data', 'programs.yaml'), [
    'version: 1',
    'programs:',
    '  - id: desk',
    '    name: Desk',
    '    agency: A',
    '    public: true',
    '    contact: {name: Team, email: team@example.gov}',
    '    kpis:',
    '      - {id: cases, kind: counter, label: Cases, metric: desk.cases, stat: sum, public: true}',
    '      - {id: errors, kind: ratio, label: Errors, numerator: [desk.error], denominator: [desk.cases], public: true}',
    '      - {id: wait, kind: distribution, label: Wait, metric: desk.wait_s, public: true}',
    '',
  ].join('\n'));
  writeFileSync(join(root, 'rules', 'alerts', 'desk.yaml'), rules);
  return root;
}

describe('public rules over a suppressed KPI\u2019s metrics', () => {
  const problems = (rules: string[]) => {
    try {
      loadAlertRules(loadPortal(countedPortal(['version: 1', 'rules:', ...rules, ''].join('\n'))));
      return [];
    } catch (error) {
      return (error as InputError).issues.map((issue) => `${issue.line}:${issue.column}: ${issue.message}`);
    }
  };

  it('must not publish a small count in the incident title or value: min_events above the threshold', () => {
    expect(problems([
      '  - {name: few-cases, program: desk, aggregation: count, metric: desk.cases, comparison: "<", critical: 3, public: true}',
      '  - {name: shown-n, program: desk, aggregation: max, metric: desk.cases, critical: 50, min_events: 10, public: true, annotations: {summary: "max {{ value }} from {{ n }} readings"}}',
    ])).toEqual([
      '3:5: rules[0].min_events: public rule publishes its count (the incident\u2019s value) over desk.cases, and KPI "cases" withholds counts from 1 to 10 (small-cell rule); expected min_events of at least 11, got 1, or public: false'.replace('\u2019', "'"),
      '4:100: rules[1].min_events: public rule publishes its event count ({{ n }} in the summary) over desk.cases, and KPI "cases" withholds counts from 1 to 10 (small-cell rule); expected min_events of at least 11, got 10, or public: false',
    ]);
  });

  it('must not show {{ n }} beside an error ratio, whose product is the bad count', () => {
    expect(problems([
      '  - {name: failing, program: desk, aggregation: error_ratio, bad: [desk.error], total: [desk.cases], critical: 0.1, min_events: 50, public: true, annotations: {summary: "{{ value }} of {{ n }} failed"}}',
    ])).toEqual([
      '3:170: rules[0].annotations.summary: public rule\'s summary shows {{ n }} beside its error_ratio, whose product is a count of desk.error, desk.cases the site would publish, and KPI "cases" withholds counts from 1 to 10 (small-cell rule); expected a summary without {{ n }}, or public: false',
    ]);
  });

  it('accepts the same rules when they are not public, have enough events, or count what no suppressed KPI counts', () => {
    expect(problems([
      '  - {name: few-cases, program: desk, aggregation: count, metric: desk.cases, comparison: "<", critical: 3}',
      '  - {name: many-cases, program: desk, aggregation: count, metric: desk.cases, critical: 300, min_events: 11, public: true}',
      '  - {name: failing, program: desk, aggregation: error_ratio, bad: [desk.error], total: [desk.cases], critical: 0.1, min_events: 50, public: true, annotations: {summary: "{{ value }} failed"}}',
      '  - {name: slow, program: desk, aggregation: p95, metric: desk.wait_s, critical: 60, public: true, annotations: {summary: "p95 {{ value }} s from {{ n }} waits"}}',
    ])).toEqual([]);
  });
});

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
