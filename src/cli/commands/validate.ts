import type { Command } from 'commander';
import { loadSources } from '../../adapters/build/build-model.ts';
import { loadAlertRules } from '../../adapters/alerts/load-alert-rules.ts';
import { loadNotify, type LoadedNotify } from '../../adapters/alerts/load-notify.ts';
import { loadPortal } from '../../adapters/portal/load-portal.ts';
import { resolveSources } from '../../adapters/portal/resolve-sources.ts';
import { openStore } from '../../adapters/store/open-store.ts';
import { InputError, type InputIssue } from '../../core/errors.ts';
import { progressFor, type CliContext } from '../context.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `hms-ops validate`: checks the config files and every row of every source file, and reports all problems. */
export const validateCommand = {
  name: 'validate',
  configure: (command: Command) =>
    command
      .description('check the portal folder: config files and every row of its data files; report every problem')
      .option('--portal <dir>', 'portal folder', '.')
      .option('--config-only', 'check the YAML files only, not the data files'),
  async run(context: CliContext, options: { portal: string; configOnly?: boolean }): Promise<number> {
    const portal = loadPortal(options.portal);
    const files = resolveSources(portal.root, portal.portal.sources);
    const issues: InputIssue[] = [];
    let rules = 0;
    let notify: LoadedNotify | null = null;
    try {
      notify = loadNotify(portal);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      issues.push(...error.issues);
    }
    try {
      rules = loadAlertRules(portal, notify ? new Set(notify.receivers.keys()) : null).length;
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      issues.push(...error.issues);
    }
    portal.portal.sources.forEach((source, index) => {
      if (resolveSources(portal.root, [source]).length === 0) issues.push({ file: 'portal.yaml', line: 0, column: 0, message: `sources[${index}].path: no file matches ${JSON.stringify(source.path)}` });
    });
    if (!options.configOnly && files.length > 0) {
      // Load into a throwaway in-memory store: the same checks as a real load, nothing stored.
      const store = await openStore(':memory:');
      const quarantineDir = mkdtempSync(join(tmpdir(), 'hms-ops-validate-'));
      try {
        const reports = [];
        // One file at a time, so a file refused as a whole (missing columns) does not hide the others' problems.
        for (const file of files) {
          try {
            reports.push(...(await loadSources(store, portal, progressFor(context, true), { files: [file], at: new Date(0), quarantineDir })));
          } catch (error) {
            if (!(error instanceof InputError)) throw error;
            issues.push(...error.issues);
          }
        }
        for (const report of reports) {
          if (!report.quarantineFile) continue;
          for (const line of readFileSync(report.quarantineFile, 'utf8').split('\n')) {
            if (!line.trim()) continue;
            const row = JSON.parse(line) as { line: number; reason: string };
            issues.push({ file: report.file, line: row.line, column: 1, message: row.reason });
          }
        }
      } finally {
        store.close();
        rmSync(quarantineDir, { recursive: true, force: true });
      }
    }
    if (issues.length > 0) throw new InputError(issues);
    context.stdout(`ok: ${portal.programs.length} programs, ${portal.programs.reduce((n, p) => n + p.kpis.length, 0)} KPIs, ${portal.slos.length} SLOs, ${rules} alert rules, ${notify ? `${notify.receivers.size} receivers` : 'no notify.yaml'}, ${files.length} data files\n`);
    return 0;
  },
};
