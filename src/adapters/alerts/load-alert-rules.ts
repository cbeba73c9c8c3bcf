import { createHash } from 'node:crypto';
import { existsSync, globSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { burnRules, thresholdRule, type Rule, type RuleSource, type ThresholdRule } from '../../core/alerts/rules.ts';
import { templateProblems } from '../../core/alerts/template.ts';
import { parseYaml, type LocatedYaml, type PathKey } from '../../core/config/parse-yaml.ts';
import { InputError, sortIssues, type InputIssue } from '../../core/errors.ts';
import { AlertRulesFileSchema, type AlertRule, type AlertRulesFile } from '../../core/schemas/alert-rule.ts';
import { suppressionThreshold } from '../../core/model/compute-program.ts';
import { kpiMetrics } from '../../core/schemas/kpi.ts';
import { SlosFileSchema, sloMetrics } from '../../core/schemas/slo.ts';
import { PORTAL_FILES, type LoadedPortal } from '../portal/load-portal.ts';

/** Where a portal's alert rules and playbooks live, relative to the portal folder. */
export const ALERT_RULES_GLOB = 'rules/alerts/*.yaml';
export const PLAYBOOKS_DIR = 'rules/playbooks';

/**
 * Reads and checks every `rules/alerts/*.yaml` of the portal, and adds the burn-rate alerts generated
 * from `rules/slos.yaml`. Throws an InputError listing every problem of every file: schema errors,
 * rule names used twice, programs and metrics the portal does not declare (a metric is declared when
 * a KPI or SLO of the program reads it), template fields that do not exist, playbooks that are missing,
 * `notify` receivers that rules/notify.yaml does not define (`receivers`; null when it has none).
 */
export function loadAlertRules(portal: LoadedPortal, receivers: ReadonlySet<string> | null = null): Rule[] {
  const issues: InputIssue[] = [];
  const rules: Rule[] = [];
  const shown = (path: string) => relative(process.cwd(), path) || path;
  const programs = new Map(portal.programs.map((program) => [program.id, program]));
  const metricsOf = (programId: string) => {
    const program = programs.get(programId);
    const slos = portal.slos.filter((slo) => slo.program === programId);
    return new Set([...(program?.kpis.flatMap(kpiMetrics) ?? []), ...slos.flatMap(sloMetrics)]);
  };
  const names = new Map<string, string>();
  for (const file of globSync(ALERT_RULES_GLOB, { cwd: portal.root }).sort()) {
    const path = join(portal.root, file);
    const read = readRuleFile(path, shown(path), file, issues);
    if (!read) continue;
    const { doc, source } = read;
    doc.value.rules.forEach((spec, index) => {
      const report = reporter(doc, index, issues);
      checkName(spec, doc.file, names, report);
      if (!programs.has(spec.program)) {
        report(['program'], `unknown program "${spec.program}"; expected one of ${[...programs.keys()].join(', ')}`);
      } else {
        const known = metricsOf(spec.program);
        const fields = spec.aggregation === 'error_ratio' ? (['bad', 'total'] as const) : (['metric'] as const);
        for (const field of fields) {
          const values = field === 'metric' ? [spec.metric!] : spec[field]!;
          values.forEach((metric, position) => {
            if (!known.has(metric)) report(field === 'metric' ? [field] : [field, position], `unknown metric "${metric}" for program ${spec.program}; expected one a KPI or SLO of the program reads: ${[...known].sort().join(', ')}`);
          });
        }
        if (spec.public && !programs.get(spec.program)!.public) report(['public'], `rule is public but program "${spec.program}" is not`);
        const counted = publishedCountProblem(portal, programs.get(spec.program)!, spec);
        if (counted) report(counted.path, counted.message);
      }
      checkTemplates(spec, report);
      if (spec.annotations.playbook && !existsSync(join(portal.root, PLAYBOOKS_DIR, spec.annotations.playbook))) {
        report(['annotations', 'playbook'], `no file ${PLAYBOOKS_DIR}/${spec.annotations.playbook}; expected a Markdown playbook there`);
      }
      spec.notify?.forEach((receiver, position) => {
        if (!receivers?.has(receiver)) report(['notify', position], receiverProblem(receiver, receivers));
      });
      if (spec.action?.type === 'rollback' && (spec.warning !== undefined && spec.critical === undefined)) report(['action'], 'a rollback runs for a critical alert; expected a critical threshold');
      rules.push(thresholdRule(spec, source));
    });
  }
  const slosPath = join(portal.root, PORTAL_FILES.slos);
  const slosText = existsSync(slosPath) ? readFileSync(slosPath, 'utf8') : '';
  const slosDoc = portal.slos.some((slo) => slo.alerts.notify) ? parseYaml(shown(slosPath), slosText, SlosFileSchema) : null;
  portal.slos.forEach((slo, index) => {
    slo.alerts.notify?.forEach((receiver, position) => {
      if (receivers?.has(receiver)) return;
      const where = slosDoc?.ok ? slosDoc.doc.locate(['slos', index, 'alerts', 'notify', position]) : { file: shown(slosPath), line: 0, column: 0 };
      issues.push({ ...where, message: `slos[${index}].alerts.notify.${position}: ${receiverProblem(receiver, receivers)}` });
    });
  });
  if (issues.length > 0) throw new InputError(sortIssues(issues));
  const slosSource = { file: PORTAL_FILES.slos, sha256: createHash('sha256').update(slosText).digest('hex') };
  return [...rules, ...burnRules(portal.slos, portal.portal.min_events, slosSource)];
}

/**
 * Reads rule files by path, on their own, without a portal (what `hms-ops alert test` runs): the
 * schema, rule names unique across the files, template fields. Whether programs and metrics exist is
 * the portal's question (loadAlertRules). Each rule's source file is its path as given. Throws an
 * InputError listing every problem of every file.
 */
export function loadRuleFiles(paths: readonly string[]): ThresholdRule[] {
  const issues: InputIssue[] = [];
  const rules: ThresholdRule[] = [];
  const names = new Map<string, string>();
  for (const path of paths) {
    if (!existsSync(path)) {
      issues.push({ file: path, line: 0, column: 0, message: 'rule file not found' });
      continue;
    }
    const read = readRuleFile(path, path, path, issues);
    if (!read) continue;
    read.doc.value.rules.forEach((spec, index) => {
      const report = reporter(read.doc, index, issues);
      checkName(spec, read.doc.file, names, report);
      checkTemplates(spec, report);
      rules.push(thresholdRule(spec, read.source));
    });
  }
  if (issues.length > 0) throw new InputError(sortIssues(issues));
  return rules;
}

type Report = (path: PathKey[], message: string) => void;

/** What is wrong with a `notify` receiver that rules/notify.yaml (its receivers; null when absent) does not define. */
function receiverProblem(receiver: string, receivers: ReadonlySet<string> | null): string {
  return receivers ? `unknown receiver "${receiver}"; expected one of rules/notify.yaml: ${[...receivers].join(', ')}` : `receiver "${receiver}" needs rules/notify.yaml, and the portal has none`;
}

/** A rule file parsed and validated, with its source (file name and SHA-256); undefined when it has problems (added to issues). */
function readRuleFile(path: string, shown: string, file: string, issues: InputIssue[]): { doc: LocatedYaml<AlertRulesFile>; source: RuleSource } | undefined {
  const text = readFileSync(path, 'utf8');
  const result = parseYaml(shown, text, AlertRulesFileSchema);
  if (!result.ok) {
    issues.push(...result.issues);
    return undefined;
  }
  return { doc: result.doc, source: { file, sha256: createHash('sha256').update(text).digest('hex') } };
}

/** Reports a problem of rule `index` at its node, as `rules[3].window: …`. */
function reporter(doc: LocatedYaml<AlertRulesFile>, index: number, issues: InputIssue[]): Report {
  return (path, message) => issues.push({ ...doc.locate(['rules', index, ...path]), message: `rules[${index}].${path.join('.')}: ${message}` });
}

/** Aggregations whose value is a count of the window's events or readings, or that count over the window's length. */
const COUNTING = new Set(['count', 'sum', 'rate', 'event_rate']);

/**
 * A public rule's incident title (its summary) and timeline ("alert fired (value …)") are published.
 * When a published KPI under small-cell suppression reads the rule's metrics, they must not carry a
 * small count of the KPI's events: the window's event count (`{{ n }}` in the summary) or a counting
 * aggregation's value must be above the threshold, which `min_events` guarantees when it is above it;
 * and an error ratio or adherence share shown with its `{{ n }}` gives its bad or good count away
 * (value × n), which no minimum prevents.
 */
function publishedCountProblem(portal: LoadedPortal, program: LoadedPortal['programs'][number], spec: AlertRule): { path: PathKey[]; message: string } | null {
  if (!spec.public || !program.public) return null;
  const metrics = spec.aggregation === 'error_ratio' ? [...(spec.bad ?? []), ...(spec.total ?? [])] : [spec.metric!];
  const kpi = program.kpis
    .filter((k) => k.public && kpiMetrics(k).some((metric) => metrics.includes(metric)))
    .map((k) => ({ id: k.id, threshold: suppressionThreshold(portal, program, k) }))
    .sort((a, b) => b.threshold - a.threshold)[0];
  if (!kpi || kpi.threshold === 0) return null;
  const showsN = /\{\{\s*n\s*\}\}/.test(spec.annotations.summary ?? '');
  const withheld = `KPI "${kpi.id}" withholds counts from 1 to ${kpi.threshold} (small-cell rule)`;
  if (showsN && (spec.aggregation === 'error_ratio' || spec.aggregation === 'sla_adherence')) {
    return { path: ['annotations', 'summary'], message: `public rule's summary shows {{ n }} beside its ${spec.aggregation}, whose product is a count of ${metrics.join(', ')} the site would publish, and ${withheld}; expected a summary without {{ n }}, or public: false` };
  }
  if ((showsN || COUNTING.has(spec.aggregation)) && spec.min_events <= kpi.threshold) {
    const what = showsN ? 'its event count ({{ n }} in the summary)' : `its ${spec.aggregation} (the incident's value)`;
    return { path: ['min_events'], message: `public rule publishes ${what} over ${metrics.join(', ')}, and ${withheld}; expected min_events of at least ${kpi.threshold + 1}, got ${spec.min_events}, or public: false` };
  }
  return null;
}

function checkName(spec: AlertRule, file: string, names: Map<string, string>, report: Report): void {
  const seen = names.get(spec.name);
  if (seen) report(['name'], `duplicate rule name "${spec.name}" (also in ${seen}); names must be unique across rule files`);
  names.set(spec.name, file);
}

function checkTemplates(spec: AlertRule, report: Report): void {
  for (const key of ['summary', 'description'] as const) {
    const template = spec.annotations[key];
    if (template) for (const problem of templateProblems(template)) report(['annotations', key], problem);
  }
}
