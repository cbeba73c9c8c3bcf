import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { expandValues } from '../../../src/core/alerts/expanding-notation.ts';
import { exportPrometheusRules } from '../../../src/core/alerts/prometheus-export.ts';
import { promtoolTests } from '../../../src/core/alerts/promtool-tests.ts';
import { runRuleTests, type RuleTestFile } from '../../../src/core/alerts/rule-tests.ts';
import { thresholdRule } from '../../../src/core/alerts/rules.ts';
import { AlertRuleSchema } from '../../../src/core/schemas/alert-rule.ts';

const SOURCE = { file: 'rules/alerts/api.yaml', sha256: 'x' };
const rule = (spec: Record<string, unknown>) => thresholdRule(AlertRuleSchema.parse({ program: 'api', metric: 'api.latency_ms', ...spec }), SOURCE);
const MAX = rule({ name: 'slow', aggregation: 'max', window: '2m', critical: 500, annotations: { summary: 'max {{ value }} ms from {{ n }} events' } });
const SLA = rule({ name: 'sla', aggregation: 'sla_adherence', sla: 1000, comparison: '<', critical: 0.5 });

const where = { file: 'rules/tests/api.test.yaml', line: 1, column: 1 };

/** Two series of one metric, one event each a minute; rules evaluated every minute. */
function file(): RuleTestFile {
  return {
    file: 'rules/tests/api.test.yaml',
    evaluationInterval: 60,
    rules: [MAX, SLA],
    tests: [{
      name: 'two routes',
      interval: 60,
      series: [
        { program: 'api', metric: 'api.latency_ms', values: expandValues('100 600 _').values, tags: { route: 'a' } },
        { program: 'api', metric: 'api.latency_ms', values: expandValues('200 _ 700').values, tags: { route: 'b' } },
      ],
      checks: [
        { evalTime: 180, alertname: 'slow', expected: [{ labels: { program: 'api', severity: 'critical' }, annotations: { summary: 'max 700 ms from 2 events' } }], where },
        { evalTime: 180, alertname: 'sla', expected: [], where },
      ],
    }],
  };
}

describe('promtoolTests', async () => {
  const tests = file();
  const results = await runRuleTests(tests);
  const exported = exportPrometheusRules(tests.rules);
  const { yaml, leftOut } = promtoolTests(tests, results, exported, '../rules.yml');
  const document = parse(yaml!);

  it('our test passes first: its expectations are what promtool is asked to confirm', () => {
    // At 3m the window [1m, 3m) holds 600 (route a, minute 1) and 700 (route b, minute 2).
    expect(results.map((result) => result.passed)).toEqual([true, true]);
  });

  it('moves every sample off the window edges: g = gcd(1m, 1m, 2m) = 60 s, 2 series → m = 3 → steps of 20 s', () => {
    expect(document.evaluation_interval).toBe('1m');
    expect(document.rule_files).toEqual(['../rules.yml']);
    expect(document.tests[0].interval).toBe('20s');
    // Route a at 0m20s, 1m20s; route b at 0m40s, 2m40s: positions 1, 4 and 2, 8 of the 20 s grid, in one series (tags are not labels).
    expect(document.tests[0].input_series).toEqual([{ series: 'api_latency_ms{program="api"}', values: '_ 100 200 _ 600 _x3 700' }]);
  });

  it('expects the alerts hms-ops fired, with the annotations as Prometheus renders the exported template', () => {
    expect(document.tests[0].alert_rule_test).toEqual([
      { eval_time: '3m', alertname: 'slow', exp_alerts: [{ exp_labels: { program: 'api', severity: 'critical' }, exp_annotations: { summary: 'max 700 ms from 2 events' } }] },
    ]);
  });

  it('leaves out the checks of rules that were not exported, and says so', () => {
    expect(leftOut).toEqual(['rules/tests/api.test.yaml: test "two routes": 1 check of sla left out: rule not exported']);
  });

  it('writes nothing when no check is left', () => {
    const only = { ...tests, tests: [{ ...tests.tests[0]!, checks: [tests.tests[0]!.checks[1]!] }] };
    expect(promtoolTests(only, results.filter((result) => result.check.alertname === 'sla'), exported, '../rules.yml').yaml).toBeNull();
  });

  it('a millisecond grid when g does not split in whole seconds: 3 series in 1 s → 4 parts of 250 ms', async () => {
    const fast = rule({ name: 'fast', aggregation: 'count', window: '1s', critical: 5 });
    const series = ['1', '2', '3'].map((value) => ({ program: 'api', metric: 'api.latency_ms', values: expandValues(value).values }));
    const one: RuleTestFile = { file: 'f', evaluationInterval: 1, rules: [fast], tests: [{ name: 't', interval: 1, series, checks: [{ evalTime: 1, alertname: 'fast', expected: [], where }] }] };
    const out = parse(promtoolTests(one, await runRuleTests(one), exportPrometheusRules([fast]), 'r.yml').yaml!);
    expect(out.tests[0].interval).toBe('250ms');
    expect(out.tests[0].input_series[0].values).toBe('_ 1 2 3');
  });
});
