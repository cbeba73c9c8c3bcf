import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { expandValues } from '../../core/alerts/expanding-notation.ts';
import { MAX_EVALUATIONS, type RuleTestCase, type RuleTestFile } from '../../core/alerts/rule-tests.ts';
import { parseYaml, type LocatedYaml, type PathKey } from '../../core/config/parse-yaml.ts';
import { formatPath } from '../../core/config/zod-messages.ts';
import { formatDuration } from '../../core/duration.ts';
import { InputError, sortIssues, type InputIssue, type SourcePosition } from '../../core/errors.ts';
import { AlertTestFileSchema, type AlertTestFile } from '../../core/schemas/alert-test.ts';
import { loadRuleFiles } from './load-alert-rules.ts';

/** Where a portal's rule tests live, relative to the portal folder. */
export const ALERT_TESTS_GLOB = 'rules/tests/*.yaml';

/**
 * Reads rule test files: the schema, every input series in expanding notation (a bad segment is
 * reported at its own column), the rule files (relative to the test file, read with loadRuleFiles),
 * alert names that no rule file defines, and eval times too far off. Throws an InputError listing
 * every problem of every file.
 */
export function loadAlertTests(paths: readonly string[]): RuleTestFile[] {
  const issues: InputIssue[] = [];
  const files: RuleTestFile[] = [];
  for (const path of paths) {
    const shown = relative(process.cwd(), path) || path;
    if (!existsSync(path)) {
      issues.push({ file: shown, line: 0, column: 0, message: 'test file not found' });
      continue;
    }
    const text = readFileSync(path, 'utf8');
    const result = parseYaml(shown, text, AlertTestFileSchema);
    if (!result.ok) {
      issues.push(...result.issues);
      continue;
    }
    const file = readTestFile(result.doc, text, dirname(path), issues);
    if (file) files.push(file);
  }
  if (issues.length > 0) throw new InputError(sortIssues(issues));
  return files;
}

function readTestFile(doc: LocatedYaml<AlertTestFile>, text: string, dir: string, issues: InputIssue[]): RuleTestFile | undefined {
  const report = (path: PathKey[], message: string, at: SourcePosition = doc.locate(path)) => issues.push({ ...at, message: `${formatPath(path)}: ${message}` });
  const before = issues.length;
  const value = doc.value;
  const rulePaths = value.rule_files.map((file) => relative(process.cwd(), resolve(dir, file)) || file);
  rulePaths.forEach((path, index) => {
    if (!existsSync(path)) report(['rule_files', index], `no rule file ${value.rule_files[index]} (${path})`);
  });
  let rules: ReturnType<typeof loadRuleFiles> = [];
  if (issues.length === before) {
    try {
      rules = loadRuleFiles(rulePaths);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      issues.push(...error.issues);
    }
  }
  const names = new Set(rules.map((rule) => rule.name));
  const every = value.evaluation_interval;
  const tests = value.tests.map((test, t): RuleTestCase => {
    const interval = test.interval ?? every;
    const series = test.input_series.map((input, s) => {
      const path = ['tests', t, 'input_series', s, 'values'];
      const { values, errors } = expandValues(input.values);
      for (const error of errors) report(path, error.message, positionInScalar(text, doc.locate(path), input.values, error.column));
      return { program: input.program, metric: input.metric, values, ...(input.tags ? { tags: input.tags } : {}) };
    });
    const checks = test.alert_rule_test.map((check, c) => {
      if (rules.length > 0 && !names.has(check.alertname)) report(['tests', t, 'alert_rule_test', c, 'alertname'], `unknown rule "${check.alertname}"; the rule files define ${[...names].join(', ')}`);
      if (check.eval_time / every > MAX_EVALUATIONS) report(['tests', t, 'alert_rule_test', c, 'eval_time'], `${formatDuration(check.eval_time)} is ${Math.floor(check.eval_time / every)} evaluations at evaluation_interval ${formatDuration(every)}; expected at most ${MAX_EVALUATIONS}`);
      return {
        evalTime: check.eval_time,
        alertname: check.alertname,
        expected: check.exp_alerts.map((alert) => ({ labels: alert.exp_labels, annotations: alert.exp_annotations })),
        where: doc.locate(['tests', t, 'alert_rule_test', c]),
      };
    });
    return { name: test.name, interval, series, checks };
  });
  return issues.length === before ? { file: doc.file, evaluationInterval: every, rules, tests } : undefined;
}

/**
 * The position of column `column` of a scalar's value: exact when the scalar is written on one line
 * as its value (plain or quoted, without escapes), else the scalar's own position.
 */
function positionInScalar(text: string, at: SourcePosition, value: string, column: number): SourcePosition {
  const line = text.split('\n')[at.line - 1] ?? '';
  const start = at.column - 1;
  const quoted = line[start] === '"' || line[start] === "'" ? 1 : 0;
  if (line.slice(start + quoted, start + quoted + value.length) !== value) return at;
  return { ...at, column: at.column + quoted + column - 1 };
}
