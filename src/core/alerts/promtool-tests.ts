import { stringify } from 'yaml';
import { formatDuration } from '../duration.ts';
import { renderGoParts } from './go-template.ts';
import { seriesName, type PrometheusExport } from './prometheus-export.ts';
import type { CheckResult, RuleTestCase, RuleTestFile } from './rule-tests.ts';

/**
 * hms-ops rule tests as promtool test files, for the rules of exportPrometheusRules.
 *
 * Window edges: hms-ops windows are half-open, [at − w, at); Prometheus 2.42's range selectors are
 * closed, [at − w, at] (3.x: (at − w, at]). An event at an edge would count in one and not the
 * other, so the export moves every sample off the edges: with g the greatest common divisor of the
 * series interval, the evaluation interval and the rules' windows (every edge is a multiple of g),
 * the k-th series of a metric (k = 1, 2 …) is written k × g ÷ m later than its step, m the smallest
 * divisor of g (in ms) above the number of series. Then an event at t lies in [at − w, at) exactly
 * when its sample at t + δ (0 < δ < g) lies in [at − w, at], whatever the edge convention, and series
 * of one metric never share a timestamp, as two samples of one Prometheus series cannot.
 *
 * The expected alerts are what hms-ops computed (the export runs only tests that pass), with
 * annotations rendered as Prometheus renders the exported templates (go-template.ts): promtool then
 * checks that Prometheus fires the same alerts at the same times, with values equal to 4 digits.
 */
export interface PromtoolTests {
  /** The promtool test file; null when none of its checks is on an exported rule. */
  yaml: string | null;
  /** What was left out, in words. */
  leftOut: string[];
}

/** One rule test file as a promtool test file reading `rulesFile` (the exported rules, relative to the test file). */
export function promtoolTests(file: RuleTestFile, results: readonly CheckResult[], exported: PrometheusExport, rulesFile: string): PromtoolTests {
  const byName = new Map(exported.exported.map((entry) => [entry.rule.name, entry]));
  const leftOut: string[] = [];
  // A check is exported when its rule is, as the test file states it (not another version of it).
  const sameRule = (name: string) => {
    const mine = file.rules.find((rule) => rule.name === name);
    const theirs = byName.get(name);
    return mine !== undefined && theirs !== undefined && JSON.stringify(mine.spec) === JSON.stringify(theirs.rule.spec);
  };
  const windows = file.rules.filter((rule) => byName.has(rule.name)).map((rule) => rule.spec.window);
  const tests = file.tests.flatMap((test) => {
    const checks = results.filter((result) => result.test === test);
    const kept = checks.filter((result) => sameRule(result.check.alertname));
    for (const name of new Set(checks.filter((r) => !kept.includes(r)).map((r) => r.check.alertname))) {
      const left = checks.filter((r) => r.check.alertname === name).length;
      leftOut.push(`${file.file}: test "${test.name}": ${left} check${left === 1 ? '' : 's'} of ${name} left out: ${byName.has(name) ? 'the rule differs from the exported one' : 'rule not exported'}`);
    }
    if (kept.length === 0) return [];
    const { interval, series } = placeSeries(test, gcd([test.interval, file.evaluationInterval, ...windows]) * 1000);
    return [{
      name: test.name,
      interval,
      input_series: series,
      alert_rule_test: kept.map((result) => ({
        eval_time: formatDuration(result.check.evalTime),
        alertname: result.check.alertname,
        exp_alerts: result.got.map((alert) => {
          const { alertname: _, ...labels } = alert.labels;
          const annotations = byName.get(result.check.alertname)!.alerts.find((a) => a.severity === alert.labels.severity)!.annotations;
          return {
            exp_labels: labels,
            exp_annotations: Object.fromEntries(Object.entries(annotations).map(([key, parts]) => [key, renderGoParts(parts, { value: alert.value, n: alert.n, at: alert.heldAt })])),
          };
        }),
      })),
    }];
  });
  if (tests.length === 0) return { yaml: null, leftOut };
  const header = `# promtool test file exported by hms-ops from ${file.file} (docs/alert-tests.md): samples sit off the window edges, and the expected annotations are as Prometheus renders them.\n`;
  return { yaml: header + stringify({ rule_files: [rulesFile], evaluation_interval: formatDuration(file.evaluationInterval), tests }, { lineWidth: 0 }), leftOut };
}

/**
 * The series of a test as promtool series, one per program and metric: the k-th series of a metric
 * (k = 1, 2 …) at its event times plus k steps of gridMs ÷ m, m the smallest divisor of gridMs above
 * the number of series, so every sample is strictly between two multiples of gridMs.
 */
function placeSeries(test: RuleTestCase, gridMs: number): { interval: string; series: { series: string; values: string }[] } {
  const byMetric = new Map<string, RuleTestCase['series'][number][]>();
  for (const entry of test.series) {
    const key = `${entry.program}\u0000${entry.metric}`;
    byMetric.set(key, [...(byMetric.get(key) ?? []), entry]);
  }
  const most = Math.max(1, ...[...byMetric.values()].map((list) => list.length));
  let parts = most + 1;
  while (gridMs % parts !== 0) parts++;
  const stepMs = gridMs / parts;
  // The interval is a multiple of gridMs, so each event time is a whole number of steps.
  const stepsPerValue = (test.interval * 1000) / stepMs;
  return {
    interval: stepMs % 1000 === 0 ? formatDuration(stepMs / 1000) : `${stepMs}ms`,
    series: [...byMetric.values()].map((list) => {
      const samples = new Map<number, number>();
      list.forEach((entry, k) => entry.values.forEach((value, i) => {
        if (value !== null) samples.set(i * stepsPerValue + k + 1, value);
      }));
      return { series: `${seriesName(list[0]!.metric)}{program="${list[0]!.program}"}`, values: expandingText(samples) };
    }),
  };
}

/** Samples by position as expanding notation: `_x3 480 _ 500`. */
function expandingText(samples: ReadonlyMap<number, number>): string {
  const positions = [...samples.keys()].sort((a, b) => a - b);
  const out: string[] = [];
  let next = 0;
  for (const position of positions) {
    const gap = position - next;
    if (gap > 0) out.push(gap === 1 ? '_' : `_x${gap}`);
    out.push(String(samples.get(position)));
    next = position + 1;
  }
  return out.join(' ');
}

function gcd(values: readonly number[]): number {
  return values.reduce((a, b) => {
    let [x, y] = [a, b];
    while (y) [x, y] = [y, x % y];
    return x;
  });
}
