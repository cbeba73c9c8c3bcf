import { z } from 'zod';
import { DurationOrZeroSchema, DurationSchema } from './common.ts';

const EnvNameSchema = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected the name of an environment variable, e.g. CICD_TOKEN (capital letters, digits, underscores)');

/**
 * What the alert job does by itself when a rule's alert fires (see docs/alerting.md, Actions):
 * - `rollback`: runs a command (argv, no shell) or POSTs to an HTTP endpoint (e.g. the CI/CD API)
 *   once per incident, only for a critical alert that has fired and kept firing for `after`, at most
 *   once per `cooldown` per rule, and only when `enabled: true` (until then every attempt is a dry run,
 *   written to the incident timeline as what would have been done);
 * - `ticket`: POSTs the incident to a ticket system's webhook once per incident (a human review task).
 */
export const ActionSchema = z
  .strictObject({
    type: z.enum(['rollback', 'ticket']),
    /** A command and its arguments, run from the portal folder without a shell, e.g. `[scripts/rollback.sh, docket]`. */
    command: z.array(z.string().min(1)).min(1).optional(),
    url: z.url({ protocol: /^https?$/, message: 'expected an http or https URL' }).optional(),
    url_env: EnvNameSchema.optional(),
    bearer_token_env: EnvNameSchema.optional(),
    /** Off by default: a rollback is only rehearsed (dry run) until this is true. Tickets are always sent. */
    enabled: z.boolean().default(false),
    /** How long the alert must have been firing first (in addition to the rule's `for`). */
    after: DurationOrZeroSchema.prefault('0s'),
    /** The least time between two rollbacks of the same rule. */
    cooldown: DurationSchema.prefault('1h'),
    /** The time limit of the command or request. */
    timeout: DurationSchema.prefault('30s'),
  })
  .superRefine((action, context) => {
    const targets = [action.command, action.url, action.url_env].filter((target) => target !== undefined).length;
    if (action.type === 'rollback' && targets !== 1) context.addIssue({ code: 'custom', path: ['command'], message: 'expected exactly one of command, url and url_env for a rollback', input: action.command });
    if (action.type === 'ticket' && (action.command !== undefined || (action.url === undefined) === (action.url_env === undefined))) context.addIssue({ code: 'custom', path: ['url'], message: 'expected exactly one of url and url_env (a ticket is opened through a webhook)', input: action.url });
  });
export type Action = z.output<typeof ActionSchema>;
