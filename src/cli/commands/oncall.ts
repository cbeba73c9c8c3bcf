import type { Command } from 'commander';
import { loadNotify, NOTIFY_FILE } from '../../adapters/alerts/load-notify.ts';
import { loadPortal } from '../../adapters/portal/load-portal.ts';
import { onCallAt, shiftsBetween } from '../../core/alerts/oncall.ts';
import { parseDuration } from '../../core/duration.ts';
import { InputError } from '../../core/errors.ts';
import { localParts } from '../../core/windows.ts';
import type { CliContext } from '../context.ts';
import { parseInstantOrNow } from '../options.ts';

interface OnCallOptions {
  portal: string;
  schedule?: string;
  at?: string;
  for?: string;
  json?: boolean;
}

/** `2026-11-02 09:00 EST`: a time as the schedule's people read it. */
function localText(at: Date, timeZone: string): string {
  const parts = localParts(at, timeZone);
  const zone = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }).formatToParts(at).find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${parts.year}-${pad(parts.month)}-${pad(parts.day)} ${pad(parts.hour)}:${pad(parts.minute)} ${zone}`;
}

/** `hms-ops oncall who`: who a schedule of rules/notify.yaml puts on call, now or at another time. */
export const oncallCommand = {
  name: 'oncall',
  configure: (command: Command) => command.description(`on-call schedules of ${NOTIFY_FILE}`),
  subcommands: [
    {
      name: 'who',
      configure: (command: Command) =>
        command
          .description('who is on call at a time (default now), and, with --for, the shifts that follow')
          .option('--portal <dir>', 'portal folder', '.')
          .option('--schedule <name>', 'the schedule (default: every schedule)')
          .option('--at <time>', 'ISO time with a zone, or now')
          .option('--for <duration>', 'also list the shifts from --at for this long, e.g. 14d')
          .option('--json', 'print JSON'),
      async run(context: CliContext, options: OnCallOptions): Promise<number> {
        const notify = loadNotify(loadPortal(options.portal));
        const schedules = notify?.config.schedules ?? {};
        const names = options.schedule ? [options.schedule] : Object.keys(schedules);
        for (const name of names) if (!schedules[name]) throw new InputError([{ file: '--schedule', line: 0, column: 0, message: `unknown schedule ${JSON.stringify(name)}; expected one of ${Object.keys(schedules).join(', ') || `(${NOTIFY_FILE} defines none)`}` }]);
        const at = parseInstantOrNow('--at', options.at, context.now());
        const span = options.for === undefined ? 0 : parseDuration(options.for);
        if (span === undefined) throw new InputError([{ file: '--for', line: 0, column: 0, message: `expected a duration such as 14d, got ${JSON.stringify(options.for)}` }]);
        const people = notify!.config.people;
        const report = names.map((name) => {
          const schedule = schedules[name]!;
          const shift = onCallAt(schedule, at);
          const shifts = span > 0 ? shiftsBetween(schedule, at, new Date(at.getTime() + span * 1000)) : [];
          return { name, schedule, shift, shifts };
        });
        if (options.json) {
          const shiftJson = (shift: NonNullable<(typeof report)[number]['shift']>) => ({ person: shift.person, name: people[shift.person]?.name ?? shift.person, email: people[shift.person]?.email ?? null, start: shift.shiftStart.toISOString(), end: shift.shiftEnd.toISOString(), override: shift.override });
          context.stdout(`${JSON.stringify({ at: at.toISOString(), schedules: report.map((entry) => ({ schedule: entry.name, time_zone: entry.schedule.time_zone, on_call: entry.shift ? shiftJson(entry.shift) : null, shifts: entry.shifts.map(shiftJson) })), }, null, 2)}\n`);
          return 0;
        }
        const lines: string[] = [];
        for (const { name, schedule, shift, shifts } of report) {
          const zone = schedule.time_zone;
          if (!shift) lines.push(`${name}: no one on call at ${localText(at, zone)} (the rotation starts ${schedule.start})`);
          else lines.push(`${name}: ${people[shift.person]?.name ?? shift.person} (${shift.person}) is on call at ${localText(at, zone)}, ${shift.override ? 'override ' : ''}from ${localText(shift.shiftStart, zone)} until ${localText(shift.shiftEnd, zone)}`);
          for (const next of shifts) lines.push(`  ${localText(next.shiftStart, zone)} → ${localText(next.shiftEnd, zone)}  ${people[next.person]?.name ?? next.person}${next.override ? ' (override)' : ''}  ${Math.round((next.shiftEnd.getTime() - next.shiftStart.getTime()) / 3_600_000)} h`);
        }
        context.stdout(`${lines.join('\n')}\n`);
        return 0;
      },
    },
  ],
};
