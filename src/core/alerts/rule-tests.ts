import { formatDuration } from '../duration.ts';
import type { SourcePosition } from '../errors.ts';
import { memoryReader, type MemoryEvent } from '../memory-reader.ts';
import { advanceAll, fingerprint, type AlertInstance } from './alert-state.ts';
import { evaluateRules } from './evaluate.ts';
import type { SeriesValue } from './expanding-notation.ts';
import { sortLabels, type ThresholdRule } from './rules.ts';

/** A rule test file, read and expanded: what `hms-ops alert test` runs. Times are seconds from 1970-01-01T00:00:00Z. */
export interface RuleTestFile {
  file: string;
  evaluationInterval: number;
  rules: readonly ThresholdRule[];
  tests: readonly RuleTestCase[];
}

export interface RuleTestCase {
  name: string;
  /** Seconds between two values of a series. */
  interval: number;
  series: readonly { program: string; metric: string; values: readonly SeriesValue[]; tags?: Readonly<Record<string, string>> }[];
  checks: readonly RuleTestCheck[];
}

/** One `alert_rule_test` entry. */
export interface RuleTestCheck {
  evalTime: number;
  alertname: string;
  /** Labels without alertname (it is added), and annotations. */
  expected: readonly AlertSample[];
  /** Where the entry is written, for the report. */
  where: SourcePosition;
}

export interface AlertSample {
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
}

/** A firing alert, with what its annotations were last rendered from. */
export interface FiringAlert extends AlertSample {
  /** The value at the last evaluation its condition held, and the events behind it. */
  value: number | null;
  n: number;
  /** That evaluation's time. */
  heldAt: Date;
}

export interface CheckResult {
  test: RuleTestCase;
  check: RuleTestCheck;
  /** Labels with alertname, as compared. */
  expected: AlertSample[];
  got: FiringAlert[];
  passed: boolean;
}

/** Evaluations one test may ask for (eval_time ÷ evaluation_interval), so a typo such as 10y is an error, not an hour of work. */
export const MAX_EVALUATIONS = 100_000;

/**
 * Runs every test of a file as promtool's `test rules` does: the rules are evaluated at every
 * evaluation_interval from 0 up to the test's last eval_time, with the alert states carried from one
 * evaluation to the next (so `for` and `keep_firing_for` count), and each check compares the alerts
 * firing at the last evaluation at or before its eval_time with the expected ones: pending alerts do
 * not count, labels and annotations must be equal. Results are in the file's order.
 */
export async function runRuleTests(file: RuleTestFile): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const test of file.tests) results.push(...(await runTestCase(file, test)));
  return results;
}

/** The report of a failed check: where it is written, then expected (−) and got (+), alert by alert. */
export function checkFailureText(result: CheckResult): string {
  const { check, test } = result;
  const where = `${check.where.file}:${check.where.line}:${check.where.column}`;
  const head = `${where}: test "${test.name}": ${check.alertname} at ${formatDuration(check.evalTime)}: expected ${plural(result.expected.length)}, got ${plural(result.got.length)} (- expected, + got)`;
  const expected = [...result.expected];
  const got = [...result.got];
  const keys = [...new Set([...expected, ...got].map((alert) => labelsText(alert.labels)))].sort();
  const lines = [head];
  for (const key of keys) {
    const mine = expected.filter((alert) => labelsText(alert.labels) === key);
    const theirs = got.filter((alert) => labelsText(alert.labels) === key);
    const pairs = Math.min(mine.length, theirs.length);
    for (let i = 0; i < pairs; i++) lines.push(...pairLines(key, mine[i]!.annotations, theirs[i]!.annotations));
    for (const alert of mine.slice(pairs)) lines.push(`  - ${key}`, ...annotationLines('-', alert.annotations));
    for (const alert of theirs.slice(pairs)) lines.push(`  + ${key}`, ...annotationLines('+', alert.annotations));
  }
  return `${lines.join('\n')}\n`;
}

/** Labels as promtool prints them: `{alertname="a", severity="critical"}`. */
function labelsText(labels: Readonly<Record<string, string>>): string {
  return `{${Object.entries(sortLabels(labels)).map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(', ')}}`;
}

async function runTestCase(file: RuleTestFile, test: RuleTestCase): Promise<CheckResult[]> {
  const events: MemoryEvent[] = test.series.flatMap((series) =>
    series.values.flatMap((value, index) => (value === null ? [] : [{ program: series.program, metric: series.metric, value, ts: instant(index * test.interval).toISOString(), ...(series.tags ? { tags: series.tags } : {}) }])),
  );
  const reader = memoryReader(events);
  const every = file.evaluationInterval;
  const last = Math.max(...test.checks.map((check) => check.evalTime));
  const results = new Map<RuleTestCheck, CheckResult>();
  const held = new Map<string, { value: number | null; n: number; at: Date }>();
  let alerts: AlertInstance[] = [];
  for (let step = 0; step * every <= last; step++) {
    const at = instant(step * every);
    const evaluations = await evaluateRules(file.rules, at, reader, { timeZones: new Map() });
    alerts = advanceAll(alerts, evaluations).instances;
    for (const evaluation of evaluations) {
      for (const candidate of evaluation.alerts) if (candidate.active) held.set(fingerprint(candidate.labels), { value: evaluation.value, n: evaluation.n, at });
    }
    // As promtool: a check at eval_time is answered by the evaluation at or just before it.
    for (const check of test.checks.filter((c) => c.evalTime >= step * every && c.evalTime < (step + 1) * every)) {
      const got = alerts.filter((alert) => alert.rule === check.alertname && alert.state === 'firing').map((alert): FiringAlert => {
        const lastHeld = held.get(alert.fingerprint)!;
        return { labels: alert.labels, annotations: alert.annotations, value: lastHeld.value, n: lastHeld.n, heldAt: lastHeld.at };
      });
      const expected = check.expected.map((alert) => ({ labels: sortLabels({ ...alert.labels, alertname: check.alertname }), annotations: alert.annotations }));
      results.set(check, { test, check, expected, got, passed: sameAlerts(expected, got) });
    }
  }
  return test.checks.map((check) => results.get(check)!);
}

function instant(seconds: number): Date {
  return new Date(seconds * 1000);
}

/** Equal as multisets of (labels, annotations), as promtool compares them after sorting. */
function sameAlerts(expected: readonly AlertSample[], got: readonly AlertSample[]): boolean {
  const keys = (alerts: readonly AlertSample[]) => alerts.map((alert) => JSON.stringify([Object.entries(sortLabels(alert.labels)), Object.entries(sortLabels(alert.annotations))])).sort();
  return JSON.stringify(keys(expected)) === JSON.stringify(keys(got));
}

function plural(count: number): string {
  return `${count} firing alert${count === 1 ? '' : 's'}`;
}

/** An alert expected and got with the same labels: the labels once, then each annotation, − and + where they differ. */
function pairLines(key: string, mine: Readonly<Record<string, string>>, theirs: Readonly<Record<string, string>>): string[] {
  const lines = [`    ${key}`];
  for (const name of [...new Set([...Object.keys(mine), ...Object.keys(theirs)])].sort()) {
    if (mine[name] === theirs[name]) lines.push(`        ${name}: ${JSON.stringify(mine[name])}`);
    else lines.push(`  -     ${name}: ${mine[name] === undefined ? '(none)' : JSON.stringify(mine[name])}`, `  +     ${name}: ${theirs[name] === undefined ? '(none)' : JSON.stringify(theirs[name])}`);
  }
  return lines;
}

function annotationLines(sign: '-' | '+', annotations: Readonly<Record<string, string>>): string[] {
  return Object.keys(annotations).sort().map((name) => `  ${sign}     ${name}: ${JSON.stringify(annotations[name])}`);
}
