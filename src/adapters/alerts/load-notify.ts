import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { allRoutes, buildRouteTree, type Route } from '../../core/alerts/routing.ts';
import { parseYaml } from '../../core/config/parse-yaml.ts';
import { formatPath } from '../../core/config/zod-messages.ts';
import { InputError, sortIssues, type InputIssue } from '../../core/errors.ts';
import { NotifyFileSchema, type NotifyFile, type Receiver } from '../../core/schemas/notify.ts';
import { scheduleReferences } from '../../core/schemas/oncall.ts';
import type { LoadedPortal } from '../portal/load-portal.ts';

/** Where notifications are configured, relative to the portal folder. */
export const NOTIFY_FILE = 'rules/notify.yaml';

/** `rules/notify.yaml`, checked, with its routing tree built. */
export interface LoadedNotify {
  config: NotifyFile;
  route: Route;
  receivers: ReadonlyMap<string, Receiver>;
  /** The portal folder, for files the config names (an SMTP server's CA). */
  root: string;
  source: { file: string; sha256: string };
}

/**
 * Reads `rules/notify.yaml`; null when the portal has none (the job then records alerts and notifies
 * no one). Throws an InputError with every problem: schema errors, receivers named twice, routes,
 * schedules and people that do not exist, email receivers with no one to write to, programs of
 * maintenance windows that the portal does not have, CA files that are missing.
 */
export function loadNotify(portal: LoadedPortal): LoadedNotify | null {
  const path = join(portal.root, NOTIFY_FILE);
  if (!existsSync(path)) return null;
  const text = readFileSync(path, 'utf8');
  const shown = relative(process.cwd(), path) || path;
  const result = parseYaml(shown, text, NotifyFileSchema);
  if (!result.ok) throw new InputError(result.issues);
  const { doc } = result;
  const config = doc.value;
  const issues: InputIssue[] = [];
  const report = (path: (string | number)[], message: string) => issues.push({ ...doc.locate(path), message: `${formatPath(path)}: ${message}` });
  const receivers = new Map<string, Receiver>();
  config.receivers.forEach((receiver, index) => {
    if (receivers.has(receiver.name)) report(['receivers', index, 'name'], `receiver "${receiver.name}" is defined twice; expected unique names`);
    receivers.set(receiver.name, receiver);
    if (receiver.oncall !== undefined && !config.schedules[receiver.oncall]) {
      report(['receivers', index, 'oncall'], `unknown schedule "${receiver.oncall}"; expected one of: ${Object.keys(config.schedules).join(', ') || '(no schedules defined)'}`);
    }
    receiver.email?.forEach((email, position) => {
      if (email.to.length === 0 && receiver.oncall === undefined) report(['receivers', index, 'email', position, 'to'], 'expected at least one address in to, or oncall on the receiver');
      if (email.ca_file !== undefined && !existsSync(join(portal.root, email.ca_file))) report(['receivers', index, 'email', position, 'ca_file'], `no file ${email.ca_file} in the portal folder`);
      const schedule = receiver.oncall === undefined ? undefined : config.schedules[receiver.oncall];
      for (const person of schedule ? scheduleReferences(schedule) : []) {
        if (config.people[person] && !config.people[person].email) report(['receivers', index, 'oncall'], `${person} of schedule ${receiver.oncall} has no email, but receiver ${receiver.name} emails the on-call person`);
      }
    });
  });
  for (const [name, schedule] of Object.entries(config.schedules)) {
    for (const person of scheduleReferences(schedule)) {
      if (!config.people[person]) report(['schedules', name], `unknown person "${person}"; expected one of people: ${Object.keys(config.people).join(', ') || '(none defined)'}`);
    }
  }
  const route = buildRouteTree(config.route);
  const routePaths = (id: string) => id.split('.').slice(1).flatMap((index) => ['routes', Number(index)]);
  for (const node of allRoutes(route)) {
    if (!receivers.has(node.receiver)) report(['route', ...routePaths(node.id), 'receiver'], `unknown receiver "${node.receiver}"; expected one of: ${[...receivers.keys()].join(', ')}`);
  }
  const programs = new Set(portal.programs.map((program) => program.id));
  config.maintenance.forEach((window, index) => {
    const named = [...(window.program ? [window.program] : []), ...(window.programs ?? [])];
    for (const program of named) if (!programs.has(program)) report(['maintenance', index], `unknown program "${program}"; expected one of: ${[...programs].join(', ')}`);
  });
  if (issues.length > 0) throw new InputError(sortIssues(issues));
  return { config, route, receivers, root: portal.root, source: { file: NOTIFY_FILE, sha256: createHash('sha256').update(text).digest('hex') } };
}
