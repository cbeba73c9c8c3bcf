import { describe, expect, it } from 'vitest';
import { expandValues } from '../../../src/core/alerts/expanding-notation.ts';
import { checkFailureText, runRuleTests, type RuleTestCheck, type RuleTestFile } from '../../../src/core/alerts/rule-tests.ts';
import { thresholdRule } from '../../../src/core/alerts/rules.ts';
import { AlertRuleSchema } from '../../../src/core/schemas/alert-rule.ts';

// max over 1m > 500 (critical), for 2m, keep_firing_for 2m: one event a minute, so at T the window
// [T − 1m, T) holds the event of minute T − 1 only.
const RULE = thresholdRule(AlertRuleSchema.parse({
  name: 'slow', program: 'p', aggregation: 'max', metric: 'api.latency_ms', window: '1m', critical: 500, for: '2m', keep_firing_for: '2m',
  labels: { team: 'api' }, annotations: { summary: 'max {{ value }} ms from {{ n }} events at {{ at }}' },
}), { file: 'rules/alerts/slow.yaml', sha256: 'x' });

const where = (line: number) => ({ file: 'rules/tests/slow.test.yaml', line, column: 9 });
const firing = (summary: string) => [{ labels: { program: 'p', severity: 'critical', team: 'api' }, annotations: { summary } }];

/** A file with one test over `values` (one event a minute) and the given checks. */
function file(values: string, checks: RuleTestCheck[]): RuleTestFile {
  return { file: 'rules/tests/slow.test.yaml', evaluationInterval: 60, rules: [RULE], tests: [{ name: 'slow minutes', interval: 60, series: [{ program: 'p', metric: 'api.latency_ms', values: expandValues(values).values }], checks }] };
}

describe('runRuleTests', () => {
  // Events: minute 0 100 ms, minutes 1–3 900 ms, minutes 4–9 100 ms.
  const values = '100 900x2 100x5';

  it('passes when the firing alerts are the expected ones: pending ones do not count, for and keep_firing_for do', async () => {
    const results = await runRuleTests(file(values, [
      // 2m: the 900 of minute 1 makes it pending (active since 2m).
      { evalTime: 120, alertname: 'slow', expected: [], where: where(10) },
      // 4m: 4m − 2m = for: firing, annotations of that evaluation.
      { evalTime: 240, alertname: 'slow', expected: firing('max 900 ms from 1 events at 1970-01-01T00:04:00.000Z'), where: where(12) },
      // 5m: the condition stops (minute 4 is 100 ms); keep_firing_for keeps it, with the last annotations, until 5m + 2m.
      { evalTime: 390, alertname: 'slow', expected: firing('max 900 ms from 1 events at 1970-01-01T00:04:00.000Z'), where: where(16) },
      { evalTime: 420, alertname: 'slow', expected: [], where: where(20) },
    ]));
    expect(results.map((result) => result.passed)).toEqual([true, true, true, true]);
    // 6m30s is answered by the evaluation at 6m, as promtool does.
    expect(results[2]!.got).toEqual([{ ...firing('max 900 ms from 1 events at 1970-01-01T00:04:00.000Z')[0], labels: { alertname: 'slow', program: 'p', severity: 'critical', team: 'api' }, value: 900, n: 1, heldAt: new Date('1970-01-01T00:04:00Z') }]);
  });

  it('fails on a pending alert expected as firing, and on an annotation that differs, with a diff of both', async () => {
    const results = await runRuleTests(file(values, [
      { evalTime: 180, alertname: 'slow', expected: firing('max 900 ms from 1 events at 1970-01-01T00:03:00.000Z'), where: where(10) },
      { evalTime: 240, alertname: 'slow', expected: firing('max 901 ms from 1 events at 1970-01-01T00:04:00.000Z'), where: where(14) },
    ]));
    expect(results.map((result) => result.passed)).toEqual([false, false]);
    expect(checkFailureText(results[0]!)).toMatchInlineSnapshot(`
      "rules/tests/slow.test.yaml:10:9: test "slow minutes": slow at 3m: expected 1 firing alert, got 0 firing alerts (- expected, + got)
        - {alertname="slow", program="p", severity="critical", team="api"}
        -     summary: "max 900 ms from 1 events at 1970-01-01T00:03:00.000Z"
      "
    `);
    expect(checkFailureText(results[1]!)).toMatchInlineSnapshot(`
      "rules/tests/slow.test.yaml:14:9: test "slow minutes": slow at 4m: expected 1 firing alert, got 1 firing alert (- expected, + got)
          {alertname="slow", program="p", severity="critical", team="api"}
        -     summary: "max 901 ms from 1 events at 1970-01-01T00:04:00.000Z"
        +     summary: "max 900 ms from 1 events at 1970-01-01T00:04:00.000Z"
      "
    `);
  });

  it('labels must match exactly: a missing label is an alert expected and another one got', async () => {
    const [result] = await runRuleTests(file(values, [
      { evalTime: 240, alertname: 'slow', expected: [{ labels: { severity: 'critical' }, annotations: { summary: 'max 900 ms from 1 events at 1970-01-01T00:04:00.000Z' } }], where: where(10) },
    ]));
    expect(result!.passed).toBe(false);
    expect(checkFailureText(result!).split('\n').filter((line) => /^ {2}[-+] \{/.test(line))).toEqual([
      '  + {alertname="slow", program="p", severity="critical", team="api"}',
      '  - {alertname="slow", severity="critical"}',
    ]);
  });

  it('steps without a sample leave the window empty: no data is no alert, and it resets for', async () => {
    // 900, gap, 900, 900: the gap at minute 1 empties the window at 2m, so pending starts again at 3m.
    const results = await runRuleTests(file('900 _ 900x3', [
      { evalTime: 180, alertname: 'slow', expected: [], where: where(10) },
      { evalTime: 300, alertname: 'slow', expected: firing('max 900 ms from 1 events at 1970-01-01T00:05:00.000Z'), where: where(11) },
    ]));
    expect(results.map((result) => result.passed)).toEqual([true, true]);
  });
});
