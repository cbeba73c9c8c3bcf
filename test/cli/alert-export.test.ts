import { spawnSync } from 'node:child_process';
import { globSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadAlertTests } from '../../src/adapters/alerts/load-alert-tests.ts';
import { runRuleTests } from '../../src/core/alerts/rule-tests.ts';
import { runCli } from '../helpers/cli.ts';
import { copySamplePortal } from '../helpers/portal-copy.ts';

// The export is checked against the real thing: Debian's promtool (package prometheus, 2.42), which
// .ci/run installs. Under CI a missing promtool fails these tests; elsewhere they are skipped, saying so.
const HAS_PROMTOOL = spawnSync('promtool', ['--version']).status === 0;
if (!HAS_PROMTOOL && !process.env.CI) console.warn('test/cli/alert-export.test.ts: skipped, promtool is not installed (apt-get install prometheus)');

/** promtool's exit code and output. */
function promtool(...args: string[]): { code: number | null; output: string } {
  const run = spawnSync('promtool', args, { encoding: 'utf8' });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

interface PromtoolCheck {
  eval_time: string;
  alertname: string;
  exp_alerts: { exp_labels: Record<string, string> }[];
}
interface SourceCheck {
  eval_time: string;
  alertname: string;
  exp_alerts?: { exp_labels?: Record<string, string> }[];
}
/** Per test and check: the label sets expected to fire, as text. */
const firing = (tests: { name: string; alert_rule_test: (PromtoolCheck | SourceCheck)[] }[]) =>
  tests.flatMap((test) => test.alert_rule_test.map((check) => `${test.name} | ${check.alertname} at ${check.eval_time}: ${(check.exp_alerts ?? []).map((alert) => JSON.stringify(Object.entries(alert.exp_labels ?? {}).sort())).sort().join(' ')}`));

describe.skipIf(!HAS_PROMTOOL && !process.env.CI)('hms-ops alert export --format prometheus, checked by promtool', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hms-ops-export-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('promtool is installed (apt-get install prometheus; .ci/run installs it)', () => {
    expect(HAS_PROMTOOL, 'promtool not found on the PATH').toBe(true);
  });

  describe('the sample portal', () => {
    const out = () => join(dir, 'sample');

    it('exports its rules and tests; promtool accepts the rules and passes the tests', async () => {
      const result = await runCli(['alert', 'export', '--format', 'prometheus', '--out', join(out(), 'rules.yml'), '--tests-out', join(out(), 'tests')]);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('not exported: hotline-sla-adherence (rules/alerts/dot-permit-hotline.yaml): sla_adherence');
      expect(result.stderr).toContain('rules.yml: 7 rules exported (4 of them SLO burn-rate alerts');
      const check = promtool('check', 'rules', join(out(), 'rules.yml'));
      // 3 threshold rules × 2 recording rules + 5 alerts; 2 ratio SLOs × (7 windows × 3 recording rules + 2 alerts).
      expect(check.output).toContain('SUCCESS: 57 rules found');
      expect(check.code).toBe(0);
      const tests = globSync(join(out(), 'tests', '*.yaml')).sort();
      expect(tests.map((path) => basename(path))).toEqual(['fema-aid-form.test.yaml', 'opm-docket-api.test.yaml']);
      const run = promtool('test', 'rules', ...tests);
      expect(run.output).not.toContain('FAILED');
      expect(run.code).toBe(0);
    });

    it('and hms-ops alert test passes the same cases, with the same alerts firing at the same times', async () => {
      const result = await runCli(['alert', 'test', 'rules/tests/fema-aid-form.test.yaml', 'rules/tests/opm-docket-api.test.yaml']);
      expect(result.code).toBe(0);
      for (const name of ['fema-aid-form.test.yaml', 'opm-docket-api.test.yaml']) {
        const ours = parse(readFileSync(join('rules/tests', name), 'utf8')) as { tests: { name: string; alert_rule_test: SourceCheck[] }[] };
        const theirs = parse(readFileSync(join(out(), 'tests', name), 'utf8')) as { tests: { name: string; alert_rule_test: PromtoolCheck[] }[] };
        expect(firing(theirs.tests)).toEqual(firing(ours.tests));
      }
    });

    it('needs the samples off the window edges: at their steps, promtool fires a minute early', () => {
      // "350x5" at 1m steps: Prometheus's closed window [0 − 1m, 0] already holds the event at 0, so
      // the alert is pending at 0m and fires at 2m, where hms-ops (window [−1m, 0) empty) fires at 3m.
      const path = join(out(), 'tests', 'opm-docket-api.test.yaml');
      const document = parse(readFileSync(path, 'utf8'));
      const test = document.tests.find((t: { name: string }) => t.name === 'a p95 between 300 and 500 ms fires the warning only');
      test.interval = '1m';
      test.input_series = [{ series: 'docket_latency_ms{program="opm-docket-api"}', values: '350x5' }];
      document.tests = [test];
      const unshifted = join(out(), 'tests', 'unshifted.test.yaml');
      writeFileSync(unshifted, stringify(document));
      const run = promtool('test', 'rules', unshifted);
      expect(run.code).toBe(1);
      expect(run.output).toMatch(/alertname: docket-latency-high, time: 2m,\s+exp:\[\],\s+got:\[\s+0:\s+Labels:\{alertname="docket-latency-high", program="opm-docket-api", severity="warning", team="docket"\}/);
    });
  });

  describe('every aggregation, checked at every evaluation', () => {
    let portal = '';
    const out = () => join(dir, 'every');

    beforeAll(async () => {
      portal = copySamplePortal('hms-ops-export-portal-');
      writeFileSync(join(portal, 'rules/alerts/every-aggregation.yaml'), EVERY_AGGREGATION_RULES);
      // Checks at every minute from 0 to 24, expecting nothing; then the alerts hms-ops fires become the expectations.
      const names = [...EVERY_AGGREGATION_RULES.matchAll(/name: ([a-z0-9-]+)/g)].map((match) => match[1]!);
      const draft = { ...EVERY_AGGREGATION_TEST, tests: [{ ...EVERY_AGGREGATION_TEST.tests[0], alert_rule_test: names.flatMap((alertname) => Array.from({ length: 25 }, (_, m) => ({ eval_time: `${m}m`, alertname, exp_alerts: [] }))) }] };
      const path = join(portal, 'rules/tests/every-aggregation.test.yaml');
      writeFileSync(path, stringify(draft));
      const results = await runRuleTests(loadAlertTests([path])[0]!);
      draft.tests[0]!.alert_rule_test.forEach((check, index) => {
        (check as { exp_alerts: unknown[] }).exp_alerts = results[index]!.got.map(({ labels: { alertname: _, ...labels }, annotations }) => ({ exp_labels: labels, exp_annotations: annotations }));
      });
      writeFileSync(path, stringify(draft));
    });
    afterAll(() => rmSync(portal, { recursive: true, force: true }));

    it('each rule fires at some evaluations and not at others', async () => {
      const document = parse(readFileSync(join(portal, 'rules/tests/every-aggregation.test.yaml'), 'utf8')) as { tests: { alert_rule_test: PromtoolCheck[] }[] };
      const checks = document.tests[0]!.alert_rule_test;
      for (const name of new Set(checks.map((check) => check.alertname))) {
        const counts = checks.filter((check) => check.alertname === name).map((check) => check.exp_alerts.length);
        expect([name, counts.some((n) => n > 0), counts.some((n) => n === 0)]).toEqual([name, true, true]);
      }
      expect((await runCli(['alert', 'test', join(portal, 'rules/tests/every-aggregation.test.yaml')])).code).toBe(0);
    });

    it('promtool fires the same alerts, with the same annotations, at each of the 25 evaluations of each of the 15 rules', async () => {
      const result = await runCli(['alert', 'export', '--format', 'prometheus', '--portal', portal, '--out', join(out(), 'rules.yml'), '--tests-out', join(out(), 'tests')]);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('rules.yml: 22 rules exported (4 of them SLO burn-rate alerts'); // 18 threshold rules and the sample's two ratio SLOs' page and ticket alerts
      expect(promtool('check', 'rules', join(out(), 'rules.yml')).code).toBe(0);
      const run = promtool('test', 'rules', join(out(), 'tests', 'every-aggregation.test.yaml'));
      expect(run.output).not.toContain('FAILED');
      expect(run.code).toBe(0);
    });
  });
});

/** One rule per aggregation on the sample's docket metrics, with every comparison, for, keep_firing_for, min_events 0 and every template field. */
const EVERY_AGGREGATION_RULES = `version: 1
rules:
  - {name: x-count, program: opm-docket-api, aggregation: count, metric: docket.latency_ms, window: 2m, warning: 1, critical: 2}
  - {name: x-sum, program: opm-docket-api, aggregation: sum, metric: docket.latency_ms, window: 2m, comparison: ">=", critical: 1000}
  - {name: x-rate, program: opm-docket-api, aggregation: rate, metric: docket.latency_ms, window: 5m, warning: 3}
  - {name: x-event-rate, program: opm-docket-api, aggregation: event_rate, metric: docket.latency_ms, window: 1m, comparison: "<", critical: 0.01, min_events: 0}
  - {name: x-mean, program: opm-docket-api, aggregation: mean, metric: docket.latency_ms, window: 2m, warning: 400, for: 1m}
  - {name: x-min, program: opm-docket-api, aggregation: min, metric: docket.latency_ms, window: 2m, comparison: "<=", critical: 60, keep_firing_for: 2m}
  - {name: x-max, program: opm-docket-api, aggregation: max, metric: docket.latency_ms, window: 1m, critical: 850}
  - {name: x-p50, program: opm-docket-api, aggregation: p50, metric: docket.latency_ms, window: 5m, warning: 250}
  - {name: x-p90, program: opm-docket-api, aggregation: p90, metric: docket.latency_ms, window: 5m, critical: 700}
  - {name: x-p99, program: opm-docket-api, aggregation: p99, metric: docket.latency_ms, window: 5m, comparison: "<", warning: 100, min_events: 3}
  - {name: x-errors, program: opm-docket-api, aggregation: error_ratio, bad: [docket.error], total: [docket.ok, docket.error], window: 2m, comparison: ">=", critical: 0.5, min_events: 4}
  - name: x-silence
    program: opm-docket-api
    aggregation: count
    metric: docket.latency_ms
    window: 2m
    comparison: "<"
    critical: 1
    min_events: 0
    labels: {team: docket}
    annotations:
      summary: "{{ alertname }}: {{ aggregation }} of {{ metric }} ({{ program }}) is {{ value }} from {{ n }} over {{ window }}, {{ comparison }} {{ threshold }} ({{ severity }}, {{ labels.team }})"
      description: "at {{ at }}"
  - name: x-mean-text
    program: opm-docket-api
    aggregation: mean
    metric: docket.latency_ms
    window: 5m
    warning: 1
    annotations: {summary: "mean {{ value }} ms of {{ n }} at {{ at }}"}
  - name: x-errors-text
    program: opm-docket-api
    aggregation: error_ratio
    bad: [docket.error]
    total: [docket.ok, docket.error]
    window: 5m
    warning: 0.1
    annotations: {summary: "{{ value }} of {{ n }} failed"}
  - name: x-p90-text
    program: opm-docket-api
    aggregation: p90
    metric: docket.latency_ms
    window: 5m
    warning: 100
    annotations: {summary: "p90 {{ value }} of {{ n }}"}
`;

/** One event a minute: latencies with gaps, 1–2 requests a minute, errors from minute 4. */
const EVERY_AGGREGATION_TEST = {
  version: 1,
  rule_files: ['../alerts/every-aggregation.yaml'],
  evaluation_interval: '1m',
  tests: [{
    name: 'every aggregation',
    interval: '1m',
    input_series: [
      { program: 'opm-docket-api', metric: 'docket.latency_ms', values: '100 200 300 _x3 900 800 700 _x3 50 60 70 _x5' },
      { program: 'opm-docket-api', metric: 'docket.ok', values: '1x5 2x9 _x5' },
      { program: 'opm-docket-api', metric: 'docket.error', values: '_x4 1x4 3x3' },
    ],
  }],
};
