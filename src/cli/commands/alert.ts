import type { Command } from 'commander';
import { evaluateAt, nextNotifyWake, runEvaluation, runFlush, type EvaluationRun } from '../../adapters/alerts/alert-job.ts';
import { readAlertState } from '../../adapters/alerts/alert-state-file.ts';
import { loadAlertRules } from '../../adapters/alerts/load-alert-rules.ts';
import { loadNotify, type LoadedNotify } from '../../adapters/alerts/load-notify.ts';
import { resolveAt } from '../../adapters/build/build-model.ts';
import { loadPortal } from '../../adapters/portal/load-portal.ts';
import type { AlertInstance, Transition } from '../../core/alerts/alert-state.ts';
import type { Evaluation } from '../../core/alerts/evaluate.ts';
import type { Rule } from '../../core/alerts/rules.ts';
import { formatNumber } from '../../core/alerts/template.ts';
import { formatDuration, parseDuration } from '../../core/duration.ts';
import { formatIssue, HmsOpsError, InputError } from '../../core/errors.ts';
import { progressFor, type CliContext } from '../context.ts';
import { alertStateDir, parseAt, withPortalAndStore } from '../options.ts';
import { openWorkspace, type Workspace } from '../workspace.ts';
import { alertTestSubcommands } from './alert-test.ts';

interface AlertOptions {
  portal: string;
  store: string;
  state?: string;
  at?: string;
  json?: boolean;
}

/** The alert job watches the present: `--at` defaults to now, not to the portal's `at`. */
const AT_OPTION = ['--at <time>', 'evaluation time (ISO time with zone, now or latest; default: now)'] as const;

const withState = (command: Command) =>
  withPortalAndStore(command).option('--state <dir>', 'the alert job\'s folder (state and audit log); default: alerts/ beside the store');

/** The evaluation time: --at (an ISO time or latest), else the clock. The alert job watches the present. */
async function evaluationTime(context: CliContext, workspace: Workspace, at: string | undefined): Promise<Date> {
  const text = parseAt(at) ?? 'now';
  return resolveAt(workspace.store, text, context.now());
}

async function withAlertWorkspace<T>(context: CliContext, options: AlertOptions, work: (workspace: Workspace, rules: Rule[], dir: string, notify: LoadedNotify | null) => Promise<T>): Promise<T> {
  const workspace = await openWorkspace(context, { portal: options.portal, store: options.store }, progressFor(context, true), true);
  try {
    const notify = loadNotify(workspace.portal);
    const rules = loadAlertRules(workspace.portal, notify ? new Set(notify.receivers.keys()) : null);
    return await work(workspace, rules, alertStateDir({ store: workspace.store.path, state: options.state }), notify);
  } finally {
    workspace.store.close();
  }
}

/** `hms-ops alert eval|run|explain|list`: the alert job. */
export const alertCommand = {
  name: 'alert',
  configure: (command: Command) => command.description('the alert job: evaluate alert rules and SLO burn-rate alerts (see docs/alerting.md)'),
  subcommands: [
    {
      name: 'eval',
      configure: (command: Command) =>
        withState(command)
          .description('evaluate every rule once (as a cron job would, every minute), record state changes and print them')
          .option(...AT_OPTION)
          .option('--json', 'print JSON'),
      async run(context: CliContext, options: AlertOptions): Promise<number> {
        return withAlertWorkspace(context, options, async (workspace, rules, dir, notify) => {
          const at = await evaluationTime(context, workspace, options.at);
          const result = await runEvaluation(workspace.store, workspace.portal, rules, dir, at, { clock: context.now, notify, env: context.env });
          context.stdout(options.json ? `${JSON.stringify(runJson(result), null, 2)}\n` : runText(result));
          return 0;
        });
      },
    },
    {
      name: 'run',
      configure: (command: Command) =>
        withState(command)
          .description('evaluate every rule at each tick of --every until stopped (SIGINT or SIGTERM finish the current evaluation first); a failed evaluation is reported and tried again at the next tick')
          .requiredOption('--every <duration>', 'time between evaluations, e.g. 1m')
          .option('--max-runs <n>', 'stop after this many evaluations'),
      async run(context: CliContext, options: AlertOptions & { every: string; maxRuns?: string }): Promise<number> {
        const every = parseDuration(options.every);
        if (every === undefined) throw new InputError([{ file: '--every', line: 0, column: 0, message: `expected a duration such as 30s or 1m, got ${JSON.stringify(options.every)}` }]);
        const maxRuns = options.maxRuns === undefined ? Infinity : Number(options.maxRuns);
        if (!Number.isInteger(maxRuns) && maxRuns !== Infinity) throw new InputError([{ file: '--max-runs', line: 0, column: 0, message: `expected a whole number, got ${JSON.stringify(options.maxRuns)}` }]);
        let stopping = false;
        let failed = false;
        let wake: () => void = () => {};
        const stop = () => {
          stopping = true;
          wake();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        try {
          for (let run = 0; run < maxRuns && !stopping; run++) {
            const started = context.now();
            try {
              await withAlertWorkspace(context, options, async (workspace, rules, dir, notify) => {
                const result = await runEvaluation(workspace.store, workspace.portal, rules, dir, started, { clock: context.now, notify, env: context.env });
                context.stderr(`${started.toISOString()} evaluated ${result.evaluations.length} rules: ${result.transitions.length} change${result.transitions.length === 1 ? '' : 's'}, ${count(result.alerts, 'firing')} firing, ${plural(result.deliveries.filter((d) => d.error === null).length, 'notification')} delivered\n`);
                context.stdout([...result.transitions.map(transitionLine), ...notifyLines(result)].map((line) => `${line}\n`).join(''));
              });
              failed = false;
            } catch (error) {
              // A store held by a build, or a rule file being edited: say so, and try again at the next tick.
              if (!(error instanceof HmsOpsError)) throw error;
              failed = true;
              context.stderr(`${started.toISOString()} evaluation failed, trying again at the next tick: ${error instanceof InputError ? error.issues.map(formatIssue).join('; ') : error.message}\n`);
            }
            if (run + 1 >= maxRuns || stopping) break;
            // The next tick is `every` after this one started, on the whole multiple of --every. In
            // between, the loop wakes for notification looks (group_wait, group_interval, retries).
            const next = Math.ceil((started.getTime() + 1) / (every * 1000)) * every * 1000;
            const sleep = (until: number) =>
              new Promise<void>((resolveWait) => {
                const timer = setTimeout(resolveWait, Math.max(0, until - context.now().getTime()));
                wake = () => {
                  clearTimeout(timer);
                  resolveWait();
                };
              });
            const dir = alertStateDir(options);
            for (;;) {
              const look = safeWake(dir, context.now());
              if (look === null || look.getTime() >= next) break;
              await sleep(look.getTime());
              if (stopping) break;
              await flushBetweenTicks(context, options, dir, look);
            }
            if (!stopping) await sleep(next);
          }
        } finally {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
        }
        return failed ? 1 : 0;
      },
    },
    {
      name: 'explain',
      configure: (command: Command) =>
        withState(command)
          .description('show how a rule is evaluated at a time: its value, thresholds and, for SLO burn-rate alerts, every window and pair')
          .argument('<rule>', 'rule name, e.g. docket-latency-high or opm-latency-500ms:page (an SLO id shows both of its alerts)')
          .option(...AT_OPTION)
          .option('--json', 'print JSON'),
      async run(context: CliContext, name: string, options: AlertOptions): Promise<number> {
        return withAlertWorkspace(context, options, async (workspace, rules, dir) => {
          const chosen = rules.filter((rule) => rule.name === name || (rule.kind === 'burn-rate' && rule.slo.id === name));
          if (chosen.length === 0) throw new InputError([{ file: 'RULE', line: 0, column: 0, message: `unknown rule ${JSON.stringify(name)}; expected one of ${rules.map((rule) => rule.name).join(', ')}` }]);
          const at = await evaluationTime(context, workspace, options.at);
          const evaluations = await evaluateAt(workspace.store, workspace.portal, chosen, at);
          const remembered = readAlertState(dir).alerts;
          if (options.json) context.stdout(`${JSON.stringify({ at: at.toISOString(), rules: evaluations.map(evaluationJson) }, null, 2)}\n`);
          else context.stdout(evaluations.map((evaluation) => explainText(evaluation, remembered)).join('\n'));
          return 0;
        });
      },
    },
    {
      name: 'list',
      configure: (command: Command) =>
        withState(command).description('list every rule (generated ones too) and the alerts the job remembers').option('--json', 'print JSON'),
      async run(context: CliContext, options: AlertOptions): Promise<number> {
        return withAlertWorkspace(context, options, async (_workspace, rules, dir) => {
          const state = readAlertState(dir);
          if (options.json) {
            context.stdout(`${JSON.stringify({ evaluatedAt: state.evaluatedAt, rules: rules.map(ruleJson), alerts: state.alerts }, null, 2)}\n`);
            return 0;
          }
          const lines = rules.map((rule) => {
            const alerts = state.alerts.filter((alert) => alert.rule === rule.name);
            const states = alerts.length > 0 ? alerts.map((alert) => `${alert.labels.severity} ${alert.state}`).join(', ') : 'inactive';
            return `${rule.name}  ${rule.kind === 'threshold' ? describeThreshold(rule) : `burn rate of SLO ${rule.slo.id} (${rule.urgency})`}  [${states}]`;
          });
          context.stdout(`${lines.join('\n')}\n${rules.length} rules; last evaluated ${state.evaluatedAt ?? 'never'}\n`);
          return 0;
        });
      },
    },
    ...alertTestSubcommands,
  ],
};

/** The next notification look due before the next evaluation, or null (also when the state cannot be read: the next evaluation says why). */
function safeWake(dir: string, now: Date): Date | null {
  try {
    return nextNotifyWake(dir, now);
  } catch {
    return null;
  }
}

/** A notification look between two evaluations of `alert run` (the store is not opened). */
async function flushBetweenTicks(context: CliContext, options: AlertOptions, dir: string, at: Date): Promise<void> {
  try {
    const portal = loadPortal(options.portal);
    const notify = loadNotify(portal);
    if (!notify) return;
    const rules = loadAlertRules(portal, new Set(notify.receivers.keys()));
    const result = await runFlush(rules, dir, notify, at, { clock: context.now, env: context.env });
    const lines = notifyLines({ ...result, opened: [], resolved: [], actions: [] });
    if (lines.length > 0) context.stdout(lines.map((line) => `${line}\n`).join(''));
  } catch (error) {
    if (!(error instanceof HmsOpsError)) throw error;
    context.stderr(`${at.toISOString()} notification look failed, trying again at the next evaluation: ${error.message}\n`);
  }
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function count(alerts: readonly AlertInstance[], state: AlertInstance['state']): number {
  return alerts.filter((alert) => alert.state === state).length;
}

function labelText(labels: Readonly<Record<string, string>>): string {
  return `{${Object.entries(labels).filter(([key]) => key !== 'alertname').map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(', ')}}`;
}

function transitionLine(change: Transition): string {
  return `${change.rule}${labelText(change.labels)}: ${change.from} → ${change.to}${change.value === null ? '' : ` (value ${formatNumber(change.value)})`}`;
}

/** Notifications made, alerts held back, deliveries tried. */
function notifyLines(result: Pick<EvaluationRun, 'notifications' | 'suppressions' | 'deliveries' | 'opened' | 'resolved' | 'actions'>): string[] {
  const lines = result.notifications.map((notification) => `notify ${notification.receiver}: ${notification.status} ${notification.groupKey} (${notification.firing.length} firing, ${notification.resolved.length} resolved)`);
  for (const incident of result.opened) lines.push(`incident ${incident.id} opened: ${incident.title}${incident.traceIds.length > 0 ? ` (traces ${incident.traceIds.join(', ')})` : ''}`);
  for (const incident of result.resolved) lines.push(`incident ${incident.id} resolved`);
  for (const action of result.actions) lines.push(`incident ${action.incident}: ${action.record.type} ${action.record.state}: ${action.record.detail}`);
  for (const suppression of result.suppressions) lines.push(`held back ${suppression.rule}${labelText(suppression.labels)} for ${suppression.receiver}: ${suppression.mute.kind} ${suppression.mute.id}`);
  for (const { entry, error } of result.deliveries) {
    const what = `${entry.receiver} ${entry.integration.type}#${entry.integration.index} (${entry.id.slice(0, 12)}, attempt ${entry.attempts})`;
    lines.push(error === null ? `delivered ${what}` : `${entry.status === 'abandoned' ? 'gave up' : 'failed'} ${what}: ${error}${entry.status === 'pending' ? `; next try at ${entry.nextAttemptAt}` : ''}`);
  }
  return lines;
}

function runText(result: EvaluationRun): string {
  const head = `evaluated ${result.evaluations.length} rules at ${result.at.toISOString()}${result.repeated ? ' (already evaluated at this time: state unchanged)' : ''}`;
  const changes = [...result.transitions.map(transitionLine), ...notifyLines(result)];
  const active = result.alerts.filter((alert) => alert.state !== 'resolved').map((alert) => `  ${alert.state.padEnd(7)} ${alert.rule}${labelText(alert.labels)} since ${alert.state === 'firing' ? alert.firedAt : alert.activeAt}${alert.annotations.summary ? `: ${alert.annotations.summary}` : ''}`);
  return `${[head, ...changes, `${count(result.alerts, 'firing')} firing, ${count(result.alerts, 'pending')} pending`, ...active].join('\n')}\n`;
}

function runJson(result: EvaluationRun) {
  return { at: result.at.toISOString(), repeated: result.repeated, transitions: result.transitions, alerts: result.alerts, notifications: result.notifications, suppressions: result.suppressions, incidents_opened: result.opened.map((incident) => incident.id), incidents_resolved: result.resolved.map((incident) => incident.id), actions: result.actions, deliveries: result.deliveries.map(({ entry, error }) => ({ id: entry.id, receiver: entry.receiver, integration: entry.integration, status: entry.status, attempts: entry.attempts, error, next_attempt_at: entry.status === 'pending' ? entry.nextAttemptAt : null })), rules: result.evaluations.map(evaluationJson) };
}

function ruleJson(rule: Rule) {
  const common = { name: rule.name, kind: rule.kind, program: rule.program, for: formatDuration(rule.forSeconds), source: rule.source };
  return rule.kind === 'threshold' ? { ...common, spec: { ...rule.spec, window: formatDuration(rule.spec.window), for: formatDuration(rule.spec.for), keep_firing_for: formatDuration(rule.spec.keep_firing_for) } } : { ...common, slo: rule.slo.id, urgency: rule.urgency, severity: rule.severity, min_events: rule.minEvents };
}

function evaluationJson(evaluation: Evaluation) {
  return {
    rule: evaluation.rule.name,
    kind: evaluation.rule.kind,
    at: evaluation.at.toISOString(),
    value: evaluation.value,
    n: evaluation.n,
    exact: evaluation.exact,
    no_data: evaluation.noData,
    window: evaluation.window,
    alerts: evaluation.alerts.map((alert) => ({ severity: alert.severity, threshold: alert.threshold, active: alert.active, labels: alert.labels, annotations: alert.annotations })),
    ...(evaluation.burn ? {
      period_seconds: evaluation.burn.periodSeconds,
      windows: evaluation.burn.windows.map((w) => ({ window: w.window, good: w.good, total: w.total, burn_rate: w.burnRate })),
      pairs: evaluation.burn.pairs.map((p) => ({ long: p.long, short: p.short, threshold: p.threshold, long_rate: p.longRate, short_rate: p.shortRate, long_total: p.longTotal, enough_traffic: p.enoughTraffic, fired: p.fired })),
    } : {}),
  };
}

function describeThreshold(rule: Extract<Rule, { kind: 'threshold' }>): string {
  const spec = rule.spec;
  const what = spec.aggregation === 'error_ratio' ? `error_ratio of ${spec.bad!.join(' + ')} over ${spec.total!.join(' + ')}` : spec.aggregation === 'sla_adherence' ? `share of ${spec.metric} ${spec.sla_op === 'le' ? '≤' : '≥'} ${spec.sla}` : `${spec.aggregation} of ${spec.metric}`;
  const limits = (['warning', 'critical'] as const).filter((s) => spec[s] !== undefined).map((s) => `${s} ${spec.comparison} ${spec[s]}`).join(', ');
  return `${what} over ${formatDuration(spec.window)}: ${limits}; for ${formatDuration(spec.for)}${spec.keep_firing_for ? `, keep firing ${formatDuration(spec.keep_firing_for)}` : ''}`;
}

const number = (value: number | null) => (value === null ? '—' : formatNumber(value));

function explainText(evaluation: Evaluation, remembered: readonly AlertInstance[]): string {
  const rule = evaluation.rule;
  const lines = [`${rule.name} at ${evaluation.at.toISOString()} (${rule.kind === 'threshold' ? rule.source.file : `generated from ${rule.source.file}`})`];
  if (rule.kind === 'threshold') {
    lines.push(`  ${describeThreshold(rule)}`);
    lines.push(`  value ${number(evaluation.value)} from ${evaluation.n} events${evaluation.exact ? ' (raw events, exact)' : ' (rollups)'}${evaluation.noData ? `: no data, ${evaluation.noData}` : ''}`);
  } else {
    const slo = rule.slo;
    lines.push(`  SLO ${slo.id}: objective ${slo.objective}, window ${typeof slo.window === 'number' ? formatDuration(slo.window) : slo.window} (${formatDuration(evaluation.burn!.periodSeconds)}), ${slo.budgeting === 'timeslices' ? `time slices of ${formatDuration(slo.slice)}` : 'events'}; at least ${rule.minEvents} in a long window`);
    lines.push(`  ${'window'.padEnd(7)} ${'good'.padStart(10)} ${'total'.padStart(10)} ${'burn rate'.padStart(10)}`);
    for (const w of evaluation.burn!.windows) lines.push(`  ${w.window.padEnd(7)} ${String(w.good).padStart(10)} ${String(w.total).padStart(10)} ${number(w.burnRate).padStart(10)}`);
    lines.push(`  ${'pair'.padEnd(9)} ${'threshold'.padStart(9)} ${'long'.padStart(9)} ${'short'.padStart(9)}  result`);
    for (const p of evaluation.burn!.pairs) {
      const result = p.fired ? 'FIRED: both over the threshold' : !p.enoughTraffic ? `not fired: ${p.longTotal} events in ${p.long}, fewer than ${rule.minEvents}` : 'not fired';
      lines.push(`  ${`${p.long} & ${p.short}`.padEnd(9)} ${number(p.threshold).padStart(9)} ${number(p.longRate).padStart(9)} ${number(p.shortRate).padStart(9)}  ${result}`);
    }
  }
  for (const alert of evaluation.alerts) {
    const stored = remembered.find((instance) => instance.rule === rule.name && instance.labels.severity === alert.severity);
    lines.push(`  ${alert.severity}: ${alert.active ? 'condition holds' : 'condition does not hold'}; remembered state ${stored ? `${stored.state} (active since ${stored.activeAt})` : 'inactive'}`);
  }
  return `${lines.join('\n')}\n`;
}
