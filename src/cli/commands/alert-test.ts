import { globSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { Command } from 'commander';
import { loadAlertRules } from '../../adapters/alerts/load-alert-rules.ts';
import { ALERT_TESTS_GLOB, loadAlertTests } from '../../adapters/alerts/load-alert-tests.ts';
import { loadNotify } from '../../adapters/alerts/load-notify.ts';
import { loadPortal } from '../../adapters/portal/load-portal.ts';
import { exportPrometheusRules, notExportedLines, prometheusRulesYaml } from '../../core/alerts/prometheus-export.ts';
import { promtoolTests } from '../../core/alerts/promtool-tests.ts';
import { checkFailureText, runRuleTests } from '../../core/alerts/rule-tests.ts';
import { InputError } from '../../core/errors.ts';
import type { CliContext } from '../context.ts';

interface ExportOptions {
  format: string;
  portal: string;
  out?: string;
  testsOut?: string;
}

/** `hms-ops alert test` (rule unit tests, as promtool test rules) and `hms-ops alert export` (Prometheus rules and promtool tests); see docs/alert-tests.md. */
export const alertTestSubcommands = [
  {
    name: 'test',
    configure: (command: Command) =>
      command
        .description('run rule unit tests: input series in promtool\'s expanding notation, and the alerts expected to fire when (see docs/alert-tests.md)')
        .argument('<files...>', 'rule test files, e.g. rules/tests/*.yaml'),
    async run(context: CliContext, files: string[]): Promise<number> {
      let passed = 0;
      let failed = 0;
      for (const file of loadAlertTests(files)) {
        const results = await runRuleTests(file);
        const failures = results.filter((result) => !result.passed);
        passed += results.length - failures.length;
        failed += failures.length;
        context.stdout(failures.length === 0
          ? `ok    ${file.file}: ${count(file.tests.length, 'test')}, ${count(results.length, 'check')}\n`
          : `FAIL  ${file.file}: ${failures.length} of ${count(results.length, 'check')} failed\n${failures.map(checkFailureText).join('')}`);
      }
      context.stdout(`${passed} passed, ${failed} failed\n`);
      return failed > 0 ? 1 : 0;
    },
  },
  {
    name: 'export',
    configure: (command: Command) =>
      command
        .description('write the threshold rules as a Prometheus rules file, and with --tests-out the rule tests as promtool test files; rules PromQL cannot compute exactly are listed, not exported')
        .requiredOption('--format <format>', 'output format: prometheus')
        .option('--portal <dir>', 'portal folder', '.')
        .option('--out <file>', 'the rules file to write (default: stdout)')
        .option('--tests-out <dir>', `write the portal's rule tests (${ALERT_TESTS_GLOB}) as promtool test files reading --out into this folder`),
    async run(context: CliContext, options: ExportOptions): Promise<number> {
      if (options.format !== 'prometheus') throw new InputError([{ file: '--format', line: 0, column: 0, message: `expected prometheus, got ${JSON.stringify(options.format)}` }]);
      if (options.testsOut !== undefined && options.out === undefined) throw new InputError([{ file: '--tests-out', line: 0, column: 0, message: 'needs --out: the promtool tests read the exported rules file' }]);
      const portal = loadPortal(options.portal);
      const notify = loadNotify(portal);
      const exported = exportPrometheusRules(loadAlertRules(portal, notify ? new Set(notify.receivers.keys()) : null));
      const yaml = prometheusRulesYaml(exported);
      for (const line of notExportedLines(exported.notExported)) context.stderr(`not exported: ${line}\n`);
      if (options.out === undefined) {
        context.stdout(yaml);
        return 0;
      }
      write(options.out, yaml);
      context.stderr(`${options.out}: ${count(exported.exported.length + exported.exportedBurn.length, 'rule')} exported (${exported.exportedBurn.length} of them SLO burn-rate alerts, checked against promtool by test/cli/alert-export-burn.test.ts)\n`);
      if (options.testsOut === undefined) return 0;
      let failed = false;
      const paths = globSync(ALERT_TESTS_GLOB, { cwd: portal.root }).sort().map((file) => join(portal.root, file));
      for (const file of loadAlertTests(paths)) {
        const results = await runRuleTests(file);
        const failures = results.filter((result) => !result.passed);
        if (failures.length > 0) {
          // Its expectations are what promtool would be asked to confirm: a failing test has none to give.
          failed = true;
          context.stderr(`not exported: ${file.file} fails:\n${failures.map(checkFailureText).join('')}`);
          continue;
        }
        const target = join(options.testsOut, basename(file.file));
        const tests = promtoolTests(file, results, exported, relative(options.testsOut, options.out));
        for (const line of tests.leftOut) context.stderr(`not exported: ${line}\n`);
        if (tests.yaml === null) continue;
        write(target, tests.yaml);
        context.stderr(`${target}: promtool tests of ${file.file}\n`);
      }
      return failed ? 1 : 0;
    },
  },
];

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
