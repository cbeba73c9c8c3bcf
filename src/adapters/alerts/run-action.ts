import { execFile } from 'node:child_process';
import { isAbsolute, join } from 'node:path';
import { describeAction, type PlannedAction } from '../../core/alerts/actions.ts';
import type { Incident } from '../../core/alerts/incidents.ts';
import type { Environment } from './deliver.ts';

/** The incident as an action's command (environment variables) or endpoint (JSON body) gets it. */
export function incidentPayload(incident: Incident, type: 'rollback' | 'ticket', dryRun: boolean) {
  return {
    type: `hms-ops.${type}`,
    idempotencyKey: `${incident.id}:${type}`,
    dryRun,
    incident: {
      id: incident.id,
      program: incident.program,
      rule: incident.rule,
      title: incident.title,
      severity: incident.severity,
      labels: incident.labels,
      startedAt: incident.startedAt,
      openedAt: incident.openedAt,
      playbook: incident.playbook ? `rules/playbooks/${incident.playbook}` : null,
      runbookUrl: incident.runbookUrl,
      traceIds: incident.traceIds,
      ruleFile: incident.ruleFile,
      ruleSha256: incident.ruleSha256,
    },
  };
}

/** How an action went: ok, and what to write on the timeline. */
export interface ActionOutcome {
  ok: boolean;
  detail: string;
}

const tail = (text: string) => (text.length > 400 ? `…${text.slice(-400)}` : text).trim();

/**
 * Runs an action: its command (argv, no shell, from the portal folder, with HMS_OPS_INCIDENT_ID,
 * HMS_OPS_PROGRAM, HMS_OPS_RULE and HMS_OPS_DRY_RUN set; exit code 0 is success) or a POST of the
 * incident to its endpoint (2xx is success; Idempotency-Key `<incident>:<type>`). Never throws.
 */
export async function runAction(planned: PlannedAction, root: string, env: Environment): Promise<ActionOutcome> {
  const { action, incident } = planned;
  const timeoutMs = action.timeout * 1000;
  if (action.command) {
    const [program, ...args] = action.command as [string, ...string[]];
    const file = isAbsolute(program) || !program.includes('/') ? program : join(root, program);
    return new Promise((resolve) => {
      execFile(file, args, { cwd: root, timeout: timeoutMs, env: { ...env, HMS_OPS_INCIDENT_ID: incident.id, HMS_OPS_PROGRAM: incident.program, HMS_OPS_RULE: incident.rule, HMS_OPS_DRY_RUN: planned.dryRun ? '1' : '0' } }, (error, stdout, stderr) => {
        const output = tail(`${stdout}${stderr}`);
        if (!error) resolve({ ok: true, detail: `${describeAction(action)}: exit 0${output ? `: ${output}` : ''}` });
        else resolve({ ok: false, detail: `${describeAction(action)}: ${error.killed ? `killed after ${action.timeout} s` : `exit ${String(error.code ?? error.message)}`}${output ? `: ${output}` : ''}` });
      });
    });
  }
  const url = action.url ?? env[action.url_env!];
  if (!url) return { ok: false, detail: `environment variable ${action.url_env} is not set` };
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'hms-ops-alert-job', 'idempotency-key': `${incident.id}:${action.type}` };
  if (action.bearer_token_env) {
    const token = env[action.bearer_token_env];
    if (!token) return { ok: false, detail: `environment variable ${action.bearer_token_env} is not set` };
    headers.authorization = `Bearer ${token}`;
  }
  try {
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(incidentPayload(incident, action.type, planned.dryRun)), signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    const text = tail(await response.text());
    return { ok: response.ok, detail: `POST ${new URL(url).origin}: HTTP ${response.status}${text ? `: ${text}` : ''}` };
  } catch (error) {
    const cause = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message;
    return { ok: false, detail: `POST ${new URL(url).origin}: ${cause}` };
  }
}
