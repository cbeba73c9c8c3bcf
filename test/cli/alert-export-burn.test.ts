import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { advanceAll, type AlertInstance } from '../../src/core/alerts/alert-state.ts';
import { evaluateRules } from '../../src/core/alerts/evaluate.ts';
import { exportPrometheusRules, prometheusRulesYaml } from '../../src/core/alerts/prometheus-export.ts';
import { burnRules } from '../../src/core/alerts/rules.ts';
import { memoryReader, type MemoryEvent } from '../../src/core/memory-reader.ts';
import { SloSchema } from '../../src/core/schemas/slo.ts';

// The burn-rate alerts of a ratio SLO, exported to Prometheus, checked against Debian's promtool on the
// same events: both must agree on when the page and ticket alerts fire. Four hours of traffic, 10 good
// requests a minute, then from minute 180 also 5 failed ones (a third of the traffic: burn rate 33).
const HAS_PROMTOOL = spawnSync('promtool', ['--version']).status === 0;
const MINUTES = 240;
const slo = SloSchema.parse({ id: 'api-ok', name: 'Answers', program: 'api', objective: 0.99, window: '30d', min_events: 30, sli: { type: 'ratio', good: ['api.ok'], total: ['api.ok', 'api.error'] } });
// promtool compares annotations exactly; this test is about when alerts fire, so the rules carry none.
const rules = burnRules([slo], 30, { file: 'rules/slos.yaml', sha256: 'x' }).map((rule) => ({ ...rule, annotations: {} }));
const errorsAt = (minute: number) => (minute >= 180 ? 5 : 0);
/** Samples sit 30 s into each minute, so no window edge ([t − w, t) for hms-ops, [t − w, t] for Prometheus) falls on one. */
const at = (minute: number) => new Date((minute * 60 + 30) * 1000).toISOString();
const events: MemoryEvent[] = Array.from({ length: MINUTES }, (_, minute) => [
  { metric: 'api.ok', value: 10, ts: at(minute) },
  { metric: 'api.error', value: errorsAt(minute), ts: at(minute) },
]).flat();
const CHECKS = [185, 200, 201, 210, 239];

describe.skipIf(!HAS_PROMTOOL && !process.env.CI)('exported SLO burn-rate alerts agree with promtool', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hms-ops-burn-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fire at the same evaluations in hms-ops and in Prometheus', async () => {
    expect(HAS_PROMTOOL, 'promtool not found on the PATH (apt-get install prometheus)').toBe(true);
    // hms-ops: every minute from 0, state carried, as the job would run.
    let alerts: AlertInstance[] = [];
    const firingAt = new Map<number, string[]>();
    const reader = memoryReader(events, 'api');
    for (let minute = 1; minute < MINUTES; minute++) {
      const evaluations = await evaluateRules(rules, new Date(minute * 60_000), reader, { timeZones: new Map([['api', 'UTC']]) });
      alerts = advanceAll(alerts, evaluations).instances;
      if (CHECKS.includes(minute)) firingAt.set(minute, alerts.filter((alert) => alert.state === 'firing').map((alert) => alert.rule).sort());
    }
    // By hand, objective 0.99 (a burn rate is the failed share ÷ 0.01):
    // - page, 1 h & 5 m over 14.4: the 5 m window burns at (25 / 75) / 0.01 = 33.3 from minute 185; the
    //   1 h window passes 14.4 at minute 201 (105 failed of 705: 14.9; at 200, 100 of 700: 14.3);
    // - ticket, 3 d & 6 h over 1: four hours of data make both windows the whole history; at minute 185,
    //   25 failed of 1875 is 1.33 (it passed 1 at minute 184: 20 of 1860, 1.08).
    expect(Object.fromEntries(firingAt)).toEqual({ 185: ['api-ok:ticket'], 200: ['api-ok:ticket'], 201: ['api-ok:page', 'api-ok:ticket'], 210: ['api-ok:page', 'api-ok:ticket'], 239: ['api-ok:page', 'api-ok:ticket'] });

    const exported = exportPrometheusRules(rules);
    expect(exported.notExported).toEqual([]);
    writeFileSync(join(dir, 'rules.yml'), prometheusRulesYaml(exported));
    // Samples every 30 s with every other one empty put each event 30 s into its minute.
    const values = (value: (minute: number) => number) => Array.from({ length: MINUTES }, (_, minute) => `_ ${value(minute)}`).join(' ');
    const test = {
      rule_files: ['rules.yml'],
      evaluation_interval: '1m',
      tests: [{
        interval: '30s',
        input_series: [
          { series: 'api_ok{program="api"}', values: values(() => 10) },
          { series: 'api_error{program="api"}', values: values(errorsAt) },
        ],
        alert_rule_test: CHECKS.flatMap((minute) => ['api-ok:page', 'api-ok:ticket'].map((name) => ({
          eval_time: `${minute}m`,
          alertname: name,
          exp_alerts: firingAt.get(minute)!.includes(name) ? [{ exp_labels: { program: 'api', severity: name.endsWith(':page') ? 'critical' : 'warning', slo: 'api-ok', urgency: name.split(':')[1] } }] : [],
        }))),
      }],
    };
    writeFileSync(join(dir, 'test.yml'), stringify(test));
    const check = spawnSync('promtool', ['check', 'rules', join(dir, 'rules.yml')], { encoding: 'utf8' });
    expect(`${check.stdout}${check.stderr}`).toContain('SUCCESS: 23 rules found'); // 7 windows × 3 recording rules + 2 alerts
    const run = spawnSync('promtool', ['test', 'rules', 'test.yml'], { cwd: dir, encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });
});
