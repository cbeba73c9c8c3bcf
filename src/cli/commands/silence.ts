import type { Command } from 'commander';
import { appendAudit, readAlertState, withStateLock, writeAlertState } from '../../adapters/alerts/alert-state-file.ts';
import { parseMatchers, pruneSilences, silenceId, silenceStatus, type Silence } from '../../core/alerts/silences.ts';
import { formatDuration, parseDuration } from '../../core/duration.ts';
import { InputError, type InputIssue } from '../../core/errors.ts';
import type { CliContext } from '../context.ts';
import { alertStateDir, parseInstantOrNow, withAlertStateDir } from '../options.ts';

interface StateOptions {
  store: string;
  state?: string;
  json?: boolean;
  at?: string;
}

function silenceLine(silence: Silence, at: Date): string {
  return `${silence.id}  ${silenceStatus(silence, at).padEnd(7)}  ${silence.startsAt} → ${silence.endsAt}  ${silence.matchers.join(', ')}  by ${silence.createdBy}: ${silence.comment}`;
}

/** `hms-ops silence add|list|expire`: hold back notifications of matching alerts for a while. */
export const silenceCommand = {
  name: 'silence',
  configure: (command: Command) => command.description('silences: hold back the notifications of matching alerts for a while; the alerts are still recorded (see docs/alerting.md)'),
  subcommands: [
    {
      name: 'add',
      configure: (command: Command) =>
        withAlertStateDir(command)
          .description('add a silence, e.g. silence add -m "program = opm-docket-api" -m "severity = warning" --duration 2h --author ana --comment "failover drill"')
          .requiredOption('-m, --matcher <matcher...>', 'label matchers, all of which must hold (=, !=, =~, !~)')
          .option('--start <time>', 'when it starts (ISO time with zone; default now)')
          .option('--end <time>', 'when it ends (ISO time with zone)')
          .option('--duration <duration>', 'how long it lasts from its start, e.g. 2h (instead of --end)')
          .requiredOption('--author <name>', 'who adds it')
          .requiredOption('--comment <text>', 'why')
          .option('--json', 'print JSON'),
      async run(context: CliContext, options: StateOptions & { matcher: string[]; start?: string; end?: string; duration?: string; author: string; comment: string }): Promise<number> {
        const issues: InputIssue[] = [];
        const { problems } = parseMatchers(options.matcher);
        for (const problem of problems) issues.push({ file: '--matcher', line: 0, column: 0, message: problem });
        const start = parseInstantOrNow('--start', options.start, context.now());
        let end: Date | null = null;
        if ((options.end === undefined) === (options.duration === undefined)) issues.push({ file: '--end', line: 0, column: 0, message: 'expected exactly one of --end and --duration' });
        else if (options.duration !== undefined) {
          const seconds = parseDuration(options.duration);
          if (seconds === undefined) issues.push({ file: '--duration', line: 0, column: 0, message: `expected a duration such as 30m or 2h, got ${JSON.stringify(options.duration)}` });
          else end = new Date(start.getTime() + seconds * 1000);
        } else end = parseInstantOrNow('--end', options.end, context.now());
        if (end && end.getTime() <= start.getTime()) issues.push({ file: '--end', line: 0, column: 0, message: `expected the end (${end.toISOString()}) after the start (${start.toISOString()})` });
        if (!options.comment.trim()) issues.push({ file: '--comment', line: 0, column: 0, message: 'expected a reason, so whoever reads the audit log later knows why' });
        if (issues.length > 0 || !end) throw new InputError(issues);
        const dir = alertStateDir(options);
        const now = context.now();
        const spec = { matchers: options.matcher.map((text) => text.trim()), startsAt: start.toISOString(), endsAt: end.toISOString(), createdBy: options.author, comment: options.comment, createdAt: now.toISOString() };
        const silence: Silence = { id: silenceId(spec), ...spec };
        await withStateLock(dir, async () => {
          const state = readAlertState(dir);
          appendAudit(dir, [{ event: 'silence-added', id: `${silence.id}:added`, at: now.toISOString(), recordedAt: now.toISOString(), silence }]);
          writeAlertState(dir, { ...state, silences: [...pruneSilences(state.silences, now), silence] });
        });
        context.stdout(options.json ? `${JSON.stringify(silence, null, 2)}\n` : `added ${silenceLine(silence, now)} (${formatDuration((end.getTime() - start.getTime()) / 1000)})\n`);
        return 0;
      },
    },
    {
      name: 'list',
      configure: (command: Command) =>
        withAlertStateDir(command).description('list silences: pending and active ones, and with --all those that ended (kept 5 days)').option('--all', 'include expired silences').option('--at <time>', 'judge their status at this time (default now)').option('--json', 'print JSON'),
      async run(context: CliContext, options: StateOptions & { all?: boolean }): Promise<number> {
        const at = parseInstantOrNow('--at', options.at, context.now());
        const silences = readAlertState(alertStateDir(options)).silences.filter((silence) => options.all || silenceStatus(silence, at) !== 'expired');
        if (options.json) context.stdout(`${JSON.stringify(silences.map((silence) => ({ ...silence, status: silenceStatus(silence, at) })), null, 2)}\n`);
        else context.stdout(silences.length === 0 ? 'no silences\n' : `${silences.map((silence) => silenceLine(silence, at)).join('\n')}\n`);
        return 0;
      },
    },
    {
      name: 'expire',
      configure: (command: Command) => withAlertStateDir(command).description('end a silence now').argument('<id>', 'the silence id, e.g. s-1a2b3c4d5e6f').requiredOption('--author <name>', 'who ends it'),
      async run(context: CliContext, id: string, options: StateOptions & { author: string }): Promise<number> {
        const dir = alertStateDir(options);
        const now = context.now();
        await withStateLock(dir, async () => {
          const state = readAlertState(dir);
          const silence = state.silences.find((candidate) => candidate.id === id);
          if (!silence) throw new InputError([{ file: 'ID', line: 0, column: 0, message: `no silence ${JSON.stringify(id)}; expected one of ${state.silences.map((s) => s.id).join(', ') || '(there are none)'}` }]);
          if (silenceStatus(silence, now) === 'expired') throw new InputError([{ file: 'ID', line: 0, column: 0, message: `silence ${id} already ended at ${silence.endsAt}` }]);
          const ended = { ...silence, endsAt: now.toISOString(), ...(silenceStatus(silence, now) === 'pending' ? { startsAt: now.toISOString() } : {}) };
          appendAudit(dir, [{ event: 'silence-expired', id: `${id}:expired`, at: now.toISOString(), recordedAt: now.toISOString(), silence: ended, by: options.author }]);
          writeAlertState(dir, { ...state, silences: state.silences.map((candidate) => (candidate.id === id ? ended : candidate)) });
        });
        context.stdout(`expired ${id} at ${now.toISOString()}\n`);
        return 0;
      },
    },
  ],
};
