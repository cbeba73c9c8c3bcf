import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { appendAudit, readAlertState, withStateLock, writeAlertState } from '../../adapters/alerts/alert-state-file.ts';
import { PLAYBOOKS_DIR } from '../../adapters/alerts/load-alert-rules.ts';
import { acknowledge, isOpen, resolveByHand, type Incident } from '../../core/alerts/incidents.ts';
import { InputError } from '../../core/errors.ts';
import type { CliContext } from '../context.ts';
import { alertStateDir, withAlertStateDir } from '../options.ts';

interface StateOptions {
  portal: string;
  store: string;
  state?: string;
  json?: boolean;
}

/** The portal folder is read for playbooks only; the state is found without opening the store. */
const withStateDir = (command: Command) => withAlertStateDir(command.option('--portal <dir>', 'portal folder (for playbooks)', '.'));

function find(incidents: readonly Incident[], id: string): Incident {
  const incident = incidents.find((candidate) => candidate.id === id);
  if (!incident) throw new InputError([{ file: 'ID', line: 0, column: 0, message: `no incident ${JSON.stringify(id)}; expected one of ${incidents.map((i) => i.id).join(', ') || '(there are none)'}` }]);
  return incident;
}

function incidentLine(incident: Incident): string {
  const end = incident.resolvedAt ? ` → ${incident.resolvedAt}` : '';
  return `${incident.id}  ${incident.status.padEnd(12)}  ${incident.program}  ${incident.rule}  ${incident.openedAt}${end}  ${incident.title}`;
}

function incidentText(incident: Incident, playbook: string | null): string {
  const lines = [
    `${incident.id}: ${incident.title}`,
    `  status ${incident.status}${incident.acknowledgedBy ? `, acknowledged by ${incident.acknowledgedBy} at ${incident.acknowledgedAt}` : ''}${incident.resolvedAt ? `, resolved at ${incident.resolvedAt} by ${incident.resolvedBy}` : ''}`,
    `  program ${incident.program}, rule ${incident.rule} (${incident.ruleFile}, sha256 ${incident.ruleSha256.slice(0, 12)}…), ${incident.public ? 'published on the site' : 'not published'}`,
    `  labels ${Object.entries(incident.labels).map(([name, value]) => `${name}=${value}`).join(' ')}`,
  ];
  if (incident.traceIds.length > 0) lines.push(`  example traces: ${incident.traceIds.join(', ')}`);
  if (incident.runbookUrl) lines.push(`  runbook: ${incident.runbookUrl}`);
  lines.push('', 'Timeline:', ...incident.timeline.map((entry) => `  ${entry.at}  ${entry.kind.padEnd(12)}  ${entry.text}${entry.by ? ` (${entry.by})` : ''}`));
  if (playbook !== null) lines.push('', `Playbook (${PLAYBOOKS_DIR}/${incident.playbook}):`, '', playbook.trimEnd());
  return `${lines.join('\n')}\n`;
}

/** A change to an incident by a person, under the state lock, audited. */
async function change(context: CliContext, options: StateOptions, id: string, event: string, apply: (incident: Incident, at: Date) => Incident): Promise<Incident> {
  const dir = alertStateDir(options);
  const at = context.now();
  return withStateLock(dir, async () => {
    const state = readAlertState(dir);
    const changed = apply(find(state.incidents, id), at);
    appendAudit(dir, [{ event, id: `${id}:${event}@${at.toISOString()}`, at: at.toISOString(), recordedAt: at.toISOString(), incident: id, by: changed.timeline.at(-1)?.by ?? null, text: changed.timeline.at(-1)?.text ?? null }]);
    writeAlertState(dir, { ...state, incidents: state.incidents.map((incident) => (incident.id === id ? changed : incident)) });
    return changed;
  });
}

/** `hms-ops incident list|show|ack|resolve`. */
export const incidentCommand = {
  name: 'incident',
  configure: (command: Command) => command.description('incidents opened by critical alerts: list, show (timeline and playbook), acknowledge, resolve (see docs/alerting.md)'),
  subcommands: [
    {
      name: 'list',
      configure: (command: Command) => withStateDir(command).description('list open incidents (with --all, resolved ones too)').option('--all', 'include resolved incidents').option('--json', 'print JSON'),
      async run(context: CliContext, options: StateOptions & { all?: boolean }): Promise<number> {
        const incidents = readAlertState(alertStateDir(options)).incidents.filter((incident) => options.all || isOpen(incident));
        if (options.json) context.stdout(`${JSON.stringify(incidents, null, 2)}\n`);
        else context.stdout(incidents.length === 0 ? `no ${options.all ? '' : 'open '}incidents\n` : `${incidents.map(incidentLine).join('\n')}\n`);
        return 0;
      },
    },
    {
      name: 'show',
      configure: (command: Command) => withStateDir(command).description('show an incident: its timeline, example traces and playbook').argument('<id>', 'incident id, e.g. INC-20261027-1a2b3c').option('--json', 'print JSON'),
      async run(context: CliContext, id: string, options: StateOptions): Promise<number> {
        const incident = find(readAlertState(alertStateDir(options)).incidents, id);
        const path = incident.playbook ? join(options.portal, PLAYBOOKS_DIR, incident.playbook) : null;
        const playbook = path && existsSync(path) ? readFileSync(path, 'utf8') : null;
        context.stdout(options.json ? `${JSON.stringify({ ...incident, playbookText: playbook }, null, 2)}\n` : incidentText(incident, playbook));
        return 0;
      },
    },
    {
      name: 'ack',
      configure: (command: Command) => withStateDir(command).description('acknowledge an incident: someone is on it').argument('<id>', 'incident id').requiredOption('--author <name>', 'who').option('--note <text>', 'what is being done'),
      async run(context: CliContext, id: string, options: StateOptions & { author: string; note?: string }): Promise<number> {
        const incident = await change(context, options, id, 'incident-acknowledged', (current, at) => {
          if (!isOpen(current)) throw new InputError([{ file: 'ID', line: 0, column: 0, message: `incident ${id} is resolved (at ${current.resolvedAt}); nothing to acknowledge` }]);
          return acknowledge(current, options.author, at, options.note);
        });
        context.stdout(`${incidentLine(incident)}\n`);
        return 0;
      },
    },
    {
      name: 'resolve',
      configure: (command: Command) => withStateDir(command).description('resolve an incident by hand (a new firing of its alert opens a new one)').argument('<id>', 'incident id').requiredOption('--author <name>', 'who').option('--note <text>', 'what fixed it'),
      async run(context: CliContext, id: string, options: StateOptions & { author: string; note?: string }): Promise<number> {
        const incident = await change(context, options, id, 'incident-resolved', (current, at) => {
          if (!isOpen(current)) throw new InputError([{ file: 'ID', line: 0, column: 0, message: `incident ${id} is already resolved (at ${current.resolvedAt} by ${current.resolvedBy})` }]);
          return resolveByHand(current, options.author, at, options.note);
        });
        context.stdout(`${incidentLine(incident)}\n`);
        return 0;
      },
    },
  ],
};
