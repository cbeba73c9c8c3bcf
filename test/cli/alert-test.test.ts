import { globSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const RULES = `version: 1
rules:
  - name: api-slow
    program: api
    aggregation: max
    metric: api.latency_ms
    window: 1m
    critical: 500
    annotations:
      summary: "max {{ value }} ms"
`;

describe('hms-ops alert test', () => {
  let dir = '';
  /** Writes a file into the temporary folder; returns its path. */
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  /** Output with the temporary folder written <dir>. */
  const shown = (text: string) => text.replaceAll(relative(process.cwd(), dir), '<dir>');

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hms-ops-alert-test-'));
    write('rules.yaml', RULES);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes the sample portal\'s tests, one line per file', async () => {
    const files = globSync('rules/tests/*.yaml').sort();
    expect(files.length).toBeGreaterThanOrEqual(4);
    const result = await runCli(['alert', 'test', ...files]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ok    rules/tests/opm-docket-api.test.yaml: 4 tests, 10 checks\n');
    expect(result.stdout).toMatch(/^(ok {4}rules\/tests\/[a-z-]+\.test\.yaml: .*\n){4,}\d+ passed, 0 failed\n$/);
  });

  it('reports every problem of every file as file:line:column, values at the bad segment, and exits 1', async () => {
    const schema = write('schema.test.yaml', `version: 1
rule_files: [rules.yaml]
tests:
  - name: schema
    interval: 1 minute
    input_series: []
    alert_rule_test:
      - eval_time: 1m
        alertname: api-slow
        exp_alert: []
`);
    const values = write('values.test.yaml', `version: 1
rule_files: [rules.yaml]
tests:
  - name: values
    input_series:
      - program: api
        metric: api.latency_ms
        values: "1 2 x3 4+x2"
      - program: api
        metric: api.latency_ms
        values: '_x 5'
    alert_rule_test:
      - eval_time: 1m
        alertname: api-slwo
`);
    const missing = write('missing.test.yaml', `version: 1
rule_files: [rules.yaml, no-such-rules.yaml]
tests:
  - name: missing
    alert_rule_test:
      - eval_time: 1m
        alertname: api-slow
`);
    const result = await runCli(['alert', 'test', schema, values, missing]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(shown(result.stderr)).toMatchInlineSnapshot(`
      "error: 7 problems found
      <dir>/missing.test.yaml:2:26: rule_files[1]: no rule file no-such-rules.yaml (<dir>/no-such-rules.yaml)
      <dir>/schema.test.yaml:5:15: tests[0].interval: expected a duration such as 30s, 5m, 1h, 28d, got "1 minute"
      <dir>/schema.test.yaml:10:9: tests[0].alert_rule_test[0].exp_alert: unknown key "exp_alert"; expected one of the documented keys (see docs/portal-format.md)
      <dir>/values.test.yaml:8:22: tests[0].input_series[0].values: "x3": expected a number, _, axN, a+bxN, a-bxN or _xN
      <dir>/values.test.yaml:8:25: tests[0].input_series[0].values: "4+x2": expected a number, _, axN, a+bxN, a-bxN or _xN
      <dir>/values.test.yaml:11:18: tests[0].input_series[1].values: "_x": expected _ (no sample) or _xN (N steps without a sample)
      <dir>/values.test.yaml:14:20: tests[0].alert_rule_test[0].alertname: unknown rule "api-slwo"; the rule files define api-slow
      "
    `);
  });

  it('a failing expectation exits 1 with the diff and the line of the check', async () => {
    const failing = write('failing.test.yaml', `version: 1
rule_files: [rules.yaml]
tests:
  - name: slow then fast
    input_series:
      - program: api
        metric: api.latency_ms
        values: "600 100"
    alert_rule_test:
      - eval_time: 1m
        alertname: api-slow
        exp_alerts:
          - exp_labels: {program: api, severity: critical}
            exp_annotations: {summary: max 600 ms}
      - eval_time: 2m
        alertname: api-slow
        exp_alerts:
          - exp_labels: {program: api, severity: critical}
            exp_annotations: {summary: max 600 ms}
`);
    const result = await runCli(['alert', 'test', failing]);
    expect(result.code).toBe(1);
    expect(shown(result.stdout)).toMatchInlineSnapshot(`
      "FAIL  <dir>/failing.test.yaml: 1 of 2 checks failed
      <dir>/failing.test.yaml:15:9: test "slow then fast": api-slow at 2m: expected 1 firing alert, got 0 firing alerts (- expected, + got)
        - {alertname="api-slow", program="api", severity="critical"}
        -     summary: "max 600 ms"
      1 passed, 1 failed
      "
    `);
  });
});
