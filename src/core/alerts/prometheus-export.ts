import { stringify } from 'yaml';
import { formatDuration } from '../duration.ts';
import { alertRuleMetrics } from '../schemas/alert-rule.ts';
import { annotationParts, goTemplate, type AnnotationPart } from './go-template.ts';
import { BURN_WINDOWS, burnThreshold, type BurnWindow } from '../burn-rate.ts';
import { alertLabels, type BurnRule, type Rule, type Severity, type ThresholdRule } from './rules.ts';

/**
 * hms-ops threshold rules as Prometheus alerting rules (docs/alert-tests.md has the mapping table).
 * Events map to series so: each event of metric M of program P is one sample, at the event's time,
 * of the series `M'{program="P"}`, M' being M with every character Prometheus does not allow in a
 * metric name replaced by `_` (`docket.latency_ms` → `docket_latency_ms`). Event tags are not labels:
 * a rule pools all events of a program's metric, and PromQL cannot pool a quantile across series.
 */

/** One rule of a Prometheus rules file, keys as Prometheus names them. */
export interface PrometheusRule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface PrometheusGroup {
  name: string;
  rules: PrometheusRule[];
}

/** A rule that was exported: its alert per severity, with each annotation as parts (what promtool tests expect is rendered from them). */
export interface ExportedRule {
  rule: ThresholdRule;
  alerts: { severity: Severity; annotations: Record<string, AnnotationPart[]> }[];
}

/** A rule that was not exported, and why. */
export interface NotExported {
  rule: string;
  file: string;
  reason: string;
}

export interface PrometheusExport {
  /** One group per rule file. */
  groups: PrometheusGroup[];
  exported: ExportedRule[];
  /** SLO burn-rate alerts exported (ratio SLIs with event budgets and rolling windows); `alert test` does not cover them. */
  exportedBurn: BurnRule[];
  notExported: NotExported[];
}

const QUANTILES: Record<string, string> = { p50: '0.5', p90: '0.9', p95: '0.95', p99: '0.99' };

const NOT_EXACT_SLA = 'sla_adherence: PromQL cannot count the samples of a range that meet a limit; a subquery such as count_over_time((x <= bool 60)[1h:1m]) counts evaluation steps, not events, so it is not exact';
const NOT_EXPORTED_BURN_THRESHOLD = 'burn-rate alerts of a threshold SLI (share of events under a limit) are not exported: PromQL cannot count the samples of a range that meet a limit (as sla_adherence)';
const NOT_EXPORTED_BURN_CALENDAR = 'burn-rate alerts of a calendar-month SLO are not exported: its thresholds change with the month\'s length, which a rules file cannot follow';
const NOT_EXPORTED_BURN_SLICES = 'burn-rate alerts of a time-slice SLO are not exported: PromQL has no form of good slices over slices';

/**
 * Every threshold rule PromQL can compute exactly, as a recording rule for its value
 * (`hms_ops:<rule>:value`), one for the events behind it (`hms_ops:<rule>:events`, the low-traffic
 * guard and `{{ n }}`), and one alert per severity; the others are listed with the reason.
 */
export function exportPrometheusRules(rules: readonly Rule[]): PrometheusExport {
  const thresholdRules = rules.filter((rule): rule is ThresholdRule => rule.kind === 'threshold');
  const clashes = seriesClashes(thresholdRules);
  const groups = new Map<string, PrometheusRule[]>();
  const exported: ExportedRule[] = [];
  const notExported: NotExported[] = [];
  const exportedBurn: BurnRule[] = [];
  for (const rule of rules) {
    if (rule.kind === 'burn-rate') {
      const why = burnReason(rule);
      if (why) notExported.push({ rule: rule.name, file: rule.source.file, reason: why });
      else {
        // The page and ticket alerts of an SLO share the 6 h window: each recording rule is written once.
        const group = groups.get(rule.source.file) ?? [];
        const recorded = new Set(group.map((existing) => existing.record));
        groups.set(rule.source.file, [...group, ...translateBurn(rule).filter((translated) => translated.record === undefined || !recorded.has(translated.record))]);
        exportedBurn.push(rule);
      }
      continue;
    }
    const reason = rule.spec.aggregation === 'sla_adherence' ? NOT_EXACT_SLA : clashes.get(rule.name);
    if (reason) {
      notExported.push({ rule: rule.name, file: rule.source.file, reason });
      continue;
    }
    const { rules: translated, alerts } = translate(rule);
    groups.set(rule.source.file, [...(groups.get(rule.source.file) ?? []), ...translated]);
    exported.push({ rule, alerts });
  }
  return { groups: [...groups].map(([name, groupRules]) => ({ name, rules: groupRules })), exported, exportedBurn, notExported };
}

/** The rules file: a header saying where it comes from and what was left out, then the groups. */
export function prometheusRulesYaml(result: PrometheusExport): string {
  const header = [
    '# Prometheus rules exported by hms-ops (hms-ops alert export --format prometheus); see docs/alert-tests.md.',
    '# Each event of metric M of program P is one sample of the series M{program="P"}, with every character',
    '# of M other than letters, digits, _ and : written _ (docket.latency_ms is docket_latency_ms).',
    ...(result.notExported.length > 0 ? ['# Not exported:', ...notExportedLines(result.notExported).map((line) => `#   ${line}`)] : []),
  ];
  return `${header.join('\n')}\n${stringify({ groups: result.groups }, { lineWidth: 0 })}`;
}

/** The rules left out, those with the same file and reason on one line. */
export function notExportedLines(notExported: readonly NotExported[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const entry of notExported) {
    const key = `${entry.file}\u0000${entry.reason}`;
    byReason.set(key, [...(byReason.get(key) ?? []), entry.rule]);
  }
  return [...byReason].map(([key, names]) => {
    const [file, reason] = key.split('\u0000') as [string, string];
    return `${names.join(', ')} (${file}): ${reason}`;
  });
}

/** The Prometheus metric name of an hms-ops metric: `docket.latency_ms` → `docket_latency_ms`. */
export function seriesName(metric: string): string {
  return metric.replace(/[^a-zA-Z0-9_:]/g, '_');
}

/** The series of one program's metric: `docket_latency_ms{program="opm-docket-api"}`. */
function seriesSelector(program: string, metric: string): string {
  return `${seriesName(metric)}{program="${program}"}`;
}

/** The name of one of a rule's recording rules: `hms_ops:docket_latency_high:value`. */
function recordName(rule: ThresholdRule, what: 'value' | 'events'): string {
  return `hms_ops:${rule.name.replaceAll('-', '_')}:${what}`;
}

function translate(rule: ThresholdRule): { rules: PrometheusRule[]; alerts: ExportedRule['alerts'] } {
  const spec = rule.spec;
  const events = recordName(rule, 'events');
  const value = recordName(rule, 'value');
  // The low-traffic guard: fewer events than min_events is no data. A ratio also needs total > 0.
  const guard = spec.aggregation === 'error_ratio' ? ` and ${events} ${spec.min_events > 0 ? `>= ${spec.min_events}` : '> 0'}` : spec.min_events > 1 ? ` and ${events} >= ${spec.min_events}` : '';
  const severities = (['warning', 'critical'] as const).filter((severity) => spec[severity] !== undefined);
  const alerts = severities.map((severity) => {
    const labels = alertLabels(rule, severity);
    const constants = { threshold: spec[severity]!, comparison: spec.comparison, window: formatDuration(spec.window), severity, program: rule.program, metric: spec.metric ?? spec.bad!.join(' + '), aggregation: spec.aggregation, alertname: rule.name };
    const annotations = Object.fromEntries(Object.entries(rule.annotations).flatMap(([key, text]): [string, AnnotationPart[]][] => {
      if (typeof text !== 'string') return [];
      return [[key, key === 'summary' || key === 'description' ? annotationParts(text, constants, labels) : [{ text }]]];
    }));
    return { severity, labels, annotations };
  });
  const alertRules = alerts.map(({ severity, labels, annotations }): PrometheusRule => {
    const { alertname: _, ...own } = labels;
    return {
      alert: rule.name,
      expr: `${value} ${spec.comparison} ${spec[severity]}${guard}`,
      ...(spec.for > 0 ? { for: formatDuration(spec.for) } : {}),
      ...(spec.keep_firing_for > 0 ? { keep_firing_for: formatDuration(spec.keep_firing_for) } : {}),
      labels: own,
      ...(Object.keys(annotations).length > 0 ? { annotations: Object.fromEntries(Object.entries(annotations).map(([key, parts]) => [key, goTemplate(parts, events)])) } : {}),
    };
  });
  return {
    rules: [{ record: events, expr: eventsExpression(rule) }, { record: value, expr: valueExpression(rule) }, ...alertRules],
    alerts: alerts.map(({ severity, annotations }) => ({ severity, annotations })),
  };
}

/** What the rule's events series holds: the events in the window, or for error_ratio Σ total (the value's denominator). */
function eventsExpression(rule: ThresholdRule): string {
  const spec = rule.spec;
  const range = `[${formatDuration(spec.window)}]`;
  if (spec.aggregation === 'error_ratio') return sumOver(rule.program, spec.total!, range);
  return orZero(rule, `count_over_time(${seriesSelector(rule.program, spec.metric!)}${range})`);
}

function valueExpression(rule: ThresholdRule): string {
  const spec = rule.spec;
  const range = `[${formatDuration(spec.window)}]`;
  // A window without failures has no bad samples: its ratio is 0, not absent.
  if (spec.aggregation === 'error_ratio') return `(${sumOver(rule.program, spec.bad!, range)} or 0 * ${recordName(rule, 'events')}) / ${recordName(rule, 'events')}`;
  const selector = `${seriesSelector(rule.program, spec.metric!)}${range}`;
  const seconds = spec.window;
  switch (spec.aggregation) {
    case 'count':
      return orZero(rule, `count_over_time(${selector})`);
    case 'sum':
      return orZero(rule, `sum_over_time(${selector})`);
    case 'rate':
      return `${orZero(rule, `sum_over_time(${selector})`, true)} / ${seconds}`;
    case 'event_rate':
      return `${orZero(rule, `count_over_time(${selector})`, true)} / ${seconds}`;
    // Σ ÷ n as hms-ops computes it; avg_over_time keeps a running mean, which rounds differently.
    case 'mean':
      return `sum_over_time(${selector}) / count_over_time(${selector})`;
    case 'min':
      return `min_over_time(${selector})`;
    case 'max':
      return `max_over_time(${selector})`;
    default:
      // quantile_over_time interpolates linearly between the two nearest ranks, as hms-ops does.
      return `quantile_over_time(${QUANTILES[spec.aggregation]}, ${selector})`;
  }
}

/**
 * Σ of several metrics' values over a range, as one series of the program. Each metric is summed on
 * its own (a range function drops the metric name, so one selector of several names would give equal
 * label sets, which PromQL refuses), a metric without samples counting 0.
 */
function sumOver(program: string, metrics: readonly string[], range: string): string {
  const names = [...new Set(metrics)];
  if (names.length === 1) return `sum_over_time(${seriesSelector(program, names[0]!)}${range})`;
  return names.map((metric) => `(sum_over_time(${seriesSelector(program, metric)}${range}) or 0 * absent_over_time(${seriesSelector(program, metric)}${range}))`).join(' + ');
}

/** With min_events 0, an empty window counts as 0 for count, sum, rate and event_rate: absent_over_time gives the program's series its 0. */
function orZero(rule: ThresholdRule, expression: string, parenthesise = false): string {
  if (rule.spec.min_events > 0 || !['count', 'sum', 'rate', 'event_rate'].includes(rule.spec.aggregation)) return expression;
  const selector = `${seriesSelector(rule.program, rule.spec.metric!)}[${formatDuration(rule.spec.window)}]`;
  const text = `${expression} or 0 * absent_over_time(${selector})`;
  return parenthesise ? `(${text})` : text;
}

/** Rules whose metrics share a series name with another metric of the program (`a.b` and `a_b`), with the reason. */
function seriesClashes(rules: readonly ThresholdRule[]): Map<string, string> {
  const byProgram = new Map<string, Map<string, Set<string>>>();
  for (const rule of rules) {
    const names = byProgram.get(rule.program) ?? new Map<string, Set<string>>();
    byProgram.set(rule.program, names);
    for (const metric of alertRuleMetrics(rule.spec)) names.set(seriesName(metric), (names.get(seriesName(metric)) ?? new Set()).add(metric));
  }
  const clashes = new Map<string, string>();
  for (const rule of rules) {
    for (const metric of alertRuleMetrics(rule.spec)) {
      const same = byProgram.get(rule.program)!.get(seriesName(metric))!;
      if (same.size > 1) clashes.set(rule.name, `metrics ${[...same].sort().join(' and ')} of program ${rule.program} would both be the series ${seriesName(metric)}`);
    }
  }
  return clashes;
}

/** Why a burn-rate alert cannot be exported, or null when it can (a ratio SLI, events, a rolling window). */
function burnReason(rule: BurnRule): string | null {
  if (rule.slo.sli.type !== 'ratio') return NOT_EXPORTED_BURN_THRESHOLD;
  if (rule.slo.budgeting === 'timeslices') return NOT_EXPORTED_BURN_SLICES;
  if (typeof rule.slo.window !== 'number') return NOT_EXPORTED_BURN_CALENDAR;
  return null;
}

/** The name of a burn-rate alert's recording rule: `hms_ops:opm_availability:burn_1h`. */
function burnRecord(rule: BurnRule, what: 'good' | 'total' | 'burn', window: BurnWindow): string {
  return `hms_ops:${rule.slo.id.replaceAll('-', '_')}:${what}_${window}`;
}

/**
 * An SLO's burn-rate alert of a ratio SLI as Prometheus rules, as core/alerts/evaluate.ts computes it:
 * per window w of its pairs, Σ good and Σ total over [w] and the burn rate (total − good) ÷ total ÷
 * (1 − objective); the alert holds when, for a pair, both burn rates exceed the pair's threshold and
 * the long window has at least min_events events. `and` keeps the left side's value, so $value is the
 * long window's burn rate of the first pair that holds, as hms-ops reports it. Annotations name both
 * pairs' windows and thresholds (a template cannot tell which pair held).
 */
function translateBurn(rule: BurnRule): PrometheusRule[] {
  const { slo } = rule;
  const sli = slo.sli as Extract<typeof slo.sli, { type: 'ratio' }>;
  const period = slo.window as number;
  const windows = [...new Set(rule.pairs.flatMap((pair) => [pair.long, pair.short]))].sort((a, b) => BURN_WINDOWS[b] - BURN_WINDOWS[a]);
  const allowed = String(1 - slo.objective);
  const records = windows.flatMap((window): PrometheusRule[] => {
    const range = `[${window}]`;
    const total = burnRecord(rule, 'total', window);
    const good = burnRecord(rule, 'good', window);
    return [
      { record: total, expr: sumOver(slo.program, sli.total, range) },
      // A window without good events has a good count of 0, not none.
      { record: good, expr: `${sumOver(slo.program, sli.good, range)} or 0 * ${total}` },
      { record: burnRecord(rule, 'burn', window), expr: `(${total} - ${good}) / ${total} / ${allowed}` },
    ];
  });
  const condition = rule.pairs
    .map((pair) => {
      const threshold = String(burnThreshold(pair, period));
      return `(${burnRecord(rule, 'burn', pair.long)} > ${threshold} and ${burnRecord(rule, 'burn', pair.short)} > ${threshold} and ${burnRecord(rule, 'total', pair.long)} >= ${rule.minEvents})`;
    })
    .join(' or ');
  const labels = alertLabels(rule, rule.severity);
  const { alertname: _, ...own } = labels;
  const pairsText = rule.pairs.map((pair) => `${pair.long} & ${pair.short}`).join(' or ');
  const thresholds = rule.pairs.map((pair) => Number(burnThreshold(pair, period).toPrecision(4))).join(' or ');
  const constants = { window: pairsText, threshold: thresholds, comparison: '>', severity: rule.severity, program: rule.program, slo: slo.id, alertname: rule.name };
  const annotations = Object.fromEntries(Object.entries(rule.annotations).flatMap(([key, text]): [string, string][] => (typeof text === 'string' ? [[key, key === 'summary' || key === 'description' ? goTemplate(annotationParts(text, constants, labels), burnRecord(rule, 'total', windows[0]!)) : text]] : [])));
  return [...records, { alert: rule.name, expr: condition, labels: own, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) }];
}
