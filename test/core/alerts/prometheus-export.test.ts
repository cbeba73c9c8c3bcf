import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exportPrometheusRules, prometheusRulesYaml, seriesName, type PrometheusRule } from '../../../src/core/alerts/prometheus-export.ts';
import { burnRules, thresholdRule } from '../../../src/core/alerts/rules.ts';
import { AlertRuleSchema } from '../../../src/core/schemas/alert-rule.ts';
import { SloSchema } from '../../../src/core/schemas/slo.ts';

const SOURCE = { file: 'rules/alerts/api.yaml', sha256: 'x' };
const rule = (spec: Record<string, unknown>) => thresholdRule(AlertRuleSchema.parse({ name: 'api-rule', program: 'api', metric: 'api.latency_ms', critical: 1, ...spec }), SOURCE);
const S = 'api_latency_ms{program="api"}';
/** The recording rules and alerts of one rule. */
const exported = (spec: Record<string, unknown>): PrometheusRule[] => exportPrometheusRules([rule(spec)]).groups[0]!.rules;
const byRecord = (rules: PrometheusRule[], what: string) => rules.find((r) => r.record === `hms_ops:api_rule:${what}`)!.expr;

describe('series', () => {
  it('a metric name with characters Prometheus does not allow becomes underscores', () => {
    expect(seriesName('docket.latency_ms')).toBe('docket_latency_ms');
    expect(seriesName('a-b.c:d')).toBe('a_b_c:d');
  });
});

describe('the value of each aggregation, in PromQL', () => {
  it.each(Object.entries({
    // Events in [at − 5m, at]: one sample each.
    count: `count_over_time(${S}[5m])`,
    sum: `sum_over_time(${S}[5m])`,
    // Σ values ÷ the window's 300 s, not rate(), which extrapolates a counter's increase.
    rate: `sum_over_time(${S}[5m]) / 300`,
    event_rate: `count_over_time(${S}[5m]) / 300`,
    // Σ ÷ n, as hms-ops computes a mean.
    mean: `sum_over_time(${S}[5m]) / count_over_time(${S}[5m])`,
    min: `min_over_time(${S}[5m])`,
    max: `max_over_time(${S}[5m])`,
    p50: `quantile_over_time(0.5, ${S}[5m])`,
    p90: `quantile_over_time(0.9, ${S}[5m])`,
    p95: `quantile_over_time(0.95, ${S}[5m])`,
    p99: `quantile_over_time(0.99, ${S}[5m])`,
  }))('%s', (aggregation, expr) => {
    const rules = exported({ aggregation });
    expect(byRecord(rules, 'value')).toBe(expr);
    expect(byRecord(rules, 'events')).toBe(`count_over_time(${S}[5m])`);
  });

  it('error_ratio: Σ bad ÷ Σ total, each metric summed on its own and 0 when it has no samples', () => {
    const rules = exported({ aggregation: 'error_ratio', metric: undefined, bad: ['api.error'], total: ['api.ok', 'api.error'], min_events: 20 });
    const total = '(sum_over_time(api_ok{program="api"}[5m]) or 0 * absent_over_time(api_ok{program="api"}[5m])) + (sum_over_time(api_error{program="api"}[5m]) or 0 * absent_over_time(api_error{program="api"}[5m]))';
    expect(byRecord(rules, 'events')).toBe(total);
    expect(byRecord(rules, 'value')).toBe('(sum_over_time(api_error{program="api"}[5m]) or 0 * hms_ops:api_rule:events) / hms_ops:api_rule:events');
    // n is Σ total for a ratio: at least min_events of it.
    expect(rules.find((r) => r.alert)!.expr).toBe('hms_ops:api_rule:value > 1 and hms_ops:api_rule:events >= 20');
  });

  it('error_ratio with min_events 0 still needs a total above 0 (hms-ops has no ratio of nothing)', () => {
    const rules = exported({ aggregation: 'error_ratio', metric: undefined, bad: ['api.error'], total: ['api.ok'], min_events: 0 });
    expect(byRecord(rules, 'events')).toBe('sum_over_time(api_ok{program="api"}[5m])');
    expect(rules.find((r) => r.alert)!.expr).toBe('hms_ops:api_rule:value > 1 and hms_ops:api_rule:events > 0');
  });

  it('min_events 0: an empty window is 0 for count, sum, rate and event_rate, through absent_over_time', () => {
    const zero = `0 * absent_over_time(${S}[1m])`;
    expect(byRecord(exported({ aggregation: 'count', window: '1m', min_events: 0, comparison: '<' }), 'value')).toBe(`count_over_time(${S}[1m]) or ${zero}`);
    expect(byRecord(exported({ aggregation: 'event_rate', window: '1m', min_events: 0, comparison: '<' }), 'value')).toBe(`(count_over_time(${S}[1m]) or ${zero}) / 60`);
    expect(byRecord(exported({ aggregation: 'sum', window: '1m', min_events: 0, comparison: '<' }), 'events')).toBe(`count_over_time(${S}[1m]) or ${zero}`);
    // A mean of nothing has no value in either.
    expect(byRecord(exported({ aggregation: 'mean', window: '1m', min_events: 0 }), 'value')).toBe(`sum_over_time(${S}[1m]) / count_over_time(${S}[1m])`);
  });
});

describe('alerts', () => {
  it('one alert per severity with its threshold, for, keep_firing_for, labels, and the low-traffic guard', () => {
    const rules = exported({ aggregation: 'p95', window: '1m', comparison: '>=', warning: 300, critical: 500, for: '2m', keep_firing_for: '10m', min_events: 5, labels: { team: 'api' } });
    expect(rules.filter((r) => r.alert)).toEqual([
      { alert: 'api-rule', expr: 'hms_ops:api_rule:value >= 300 and hms_ops:api_rule:events >= 5', for: '2m', keep_firing_for: '10m', labels: { program: 'api', severity: 'warning', team: 'api' } },
      { alert: 'api-rule', expr: 'hms_ops:api_rule:value >= 500 and hms_ops:api_rule:events >= 5', for: '2m', keep_firing_for: '10m', labels: { program: 'api', severity: 'critical', team: 'api' } },
    ]);
  });

  it('min_events 1 needs no guard: a range without samples has no value', () => {
    expect(exported({ aggregation: 'max' }).find((r) => r.alert)).toEqual({ alert: 'api-rule', expr: 'hms_ops:api_rule:value > 1', labels: { program: 'api', severity: 'critical' } });
  });

  it('annotations become Go templates; texts other than summary and description stay as they are', () => {
    const [alert] = exported({ aggregation: 'max', annotations: { summary: 'max {{ value }} (limit {{ threshold }})', playbook: 'api.md' } }).filter((r) => r.alert);
    expect(alert!.annotations!.playbook).toBe('api.md');
    expect(alert!.annotations!.summary).toMatch(/^\{\{ define "hms_ops_number" \}\}.*\{\{ end \}\}max \{\{ template "hms_ops_number" \$value \}\} \(limit 1\)$/);
  });
});

describe('what is not exported', () => {
  it('sla_adherence, burn-rate alerts PromQL cannot compute exactly, and metrics that would share a series; the file says so', () => {
    const latency = SloSchema.parse({ id: 'api-latency', name: 'Fast answers', program: 'api', objective: 0.99, window: '30d', sli: { type: 'threshold', metric: 'api.latency_ms', threshold: 500 } });
    const monthly = SloSchema.parse({ id: 'api-monthly', name: 'Answers', program: 'api', objective: 0.99, window: 'calendar-month', sli: { type: 'ratio', good: ['api.ok'], total: ['api.ok', 'api.error'] } });
    const result = exportPrometheusRules([
      rule({ name: 'sla', aggregation: 'sla_adherence', sla: 60, comparison: '<' }),
      rule({ name: 'dots', aggregation: 'max', metric: 'a.b' }),
      rule({ name: 'underscores', aggregation: 'max', metric: 'a_b' }),
      rule({ name: 'fine', aggregation: 'max' }),
      ...burnRules([latency, monthly], 10, { file: 'rules/slos.yaml', sha256: 'y' }),
    ]);
    expect(result.exported.map((entry) => entry.rule.name)).toEqual(['fine']);
    expect(result.notExported.map((entry) => [entry.rule, entry.reason.split(':')[0]])).toEqual([
      ['sla', 'sla_adherence'],
      ['dots', 'metrics a.b and a_b of program api would both be the series a_b'],
      ['underscores', 'metrics a.b and a_b of program api would both be the series a_b'],
      ['api-latency:page', 'burn-rate alerts of a threshold SLI (share of events under a limit) are not exported'],
      ['api-latency:ticket', 'burn-rate alerts of a threshold SLI (share of events under a limit) are not exported'],
      ['api-monthly:page', 'burn-rate alerts of a calendar-month SLO are not exported'],
      ['api-monthly:ticket', 'burn-rate alerts of a calendar-month SLO are not exported'],
    ]);
    const text = prometheusRulesYaml(result);
    expect(text).toContain('#   api-latency:page, api-latency:ticket (rules/slos.yaml): burn-rate alerts of a threshold SLI');
    expect(text).toContain('#   sla (rules/alerts/api.yaml): sla_adherence: PromQL cannot count the samples of a range that meet a limit');
    // The rest is the rules file, one group per rule file.
    expect(parse(text)).toEqual({ groups: [{ name: 'rules/alerts/api.yaml', rules: result.groups[0]!.rules }] });
  });

  it('the burn-rate alerts of a ratio SLO (events, rolling window): per window Σ good, Σ total and the burn rate, and the pairs', () => {
    const slo = SloSchema.parse({ id: 'api-ok', name: 'Answers', program: 'api', objective: 0.99, window: '30d', sli: { type: 'ratio', good: ['api.ok'], total: ['api.ok', 'api.error'] } });
    const [page, ticket] = burnRules([slo], 50, { file: 'rules/slos.yaml', sha256: 'y' }).map((r) => ({ ...r, annotations: {} }));
    const { groups, notExported } = exportPrometheusRules([page!, ticket!]);
    expect(notExported).toEqual([]);
    const rules = groups[0]!.rules;
    const total = '(sum_over_time(api_ok{program="api"}[1h]) or 0 * absent_over_time(api_ok{program="api"}[1h])) + (sum_over_time(api_error{program="api"}[1h]) or 0 * absent_over_time(api_error{program="api"}[1h]))';
    expect(rules.find((r) => r.record === 'hms_ops:api_ok:total_1h')!.expr).toBe(total);
    expect(rules.find((r) => r.record === 'hms_ops:api_ok:good_1h')!.expr).toBe('sum_over_time(api_ok{program="api"}[1h]) or 0 * hms_ops:api_ok:total_1h');
    // 1 − 0.99 in doubles is 0.010000000000000009: written so, PromQL divides by the same number hms-ops does.
    expect(rules.find((r) => r.record === 'hms_ops:api_ok:burn_1h')!.expr).toBe('(hms_ops:api_ok:total_1h - hms_ops:api_ok:good_1h) / hms_ops:api_ok:total_1h / 0.010000000000000009');
    // 30 d: 2 % × 720 h ÷ 1 h = 14.4; 5 % × 720 h ÷ 6 h = 6; 10 % × 720 ÷ 24 = 3; 10 % × 720 ÷ 72 = 1.
    expect(rules.filter((r) => r.alert).map((r) => [r.alert, r.expr, r.labels])).toEqual([
      ['api-ok:page', '(hms_ops:api_ok:burn_1h > 14.4 and hms_ops:api_ok:burn_5m > 14.4 and hms_ops:api_ok:total_1h >= 50) or (hms_ops:api_ok:burn_6h > 6 and hms_ops:api_ok:burn_30m > 6 and hms_ops:api_ok:total_6h >= 50)', { program: 'api', severity: 'critical', slo: 'api-ok', urgency: 'page' }],
      ['api-ok:ticket', '(hms_ops:api_ok:burn_1d > 3 and hms_ops:api_ok:burn_2h > 3 and hms_ops:api_ok:total_1d >= 50) or (hms_ops:api_ok:burn_3d > 1 and hms_ops:api_ok:burn_6h > 1 and hms_ops:api_ok:total_3d >= 50)', { program: 'api', severity: 'warning', slo: 'api-ok', urgency: 'ticket' }],
    ]);
    // The 6 h window serves both alerts: its three recording rules are written once.
    expect(rules.filter((r) => r.record?.endsWith('_6h')).map((r) => r.record)).toEqual(['hms_ops:api_ok:total_6h', 'hms_ops:api_ok:good_6h', 'hms_ops:api_ok:burn_6h']);
    expect(rules.filter((r) => r.record).length).toBe(7 * 3);
  });
});
