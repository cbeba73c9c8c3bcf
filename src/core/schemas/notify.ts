import { z } from 'zod';
import { parseMatcher, type Matcher } from '../alerts/matchers.ts';
import { DurationOrZeroSchema, DurationSchema, LabelNameSchema, SlugSchema } from './common.ts';
import { MaintenanceWindowSchema, PersonSchema, ScheduleSchema } from './oncall.ts';

/** A label matcher such as `severity = critical` or `program =~ "opm-.*"` (see core/alerts/matchers.ts). */
export const MatcherSchema = z.string().transform((text, context): Matcher => {
  const matcher = parseMatcher(text);
  if (typeof matcher === 'string') {
    // The message already quotes the text.
    context.addIssue({ code: 'custom', message: matcher, input: undefined });
    return z.NEVER;
  }
  return matcher;
});

/** The name of an environment variable that holds a secret, e.g. `DOCKET_PAGER_URL`. */
const EnvNameSchema = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected the name of an environment variable, e.g. DOCKET_PAGER_URL (capital letters, digits, underscores)');

/** A URL written in the file; credentials never are (put the whole URL in an environment variable instead). */
const PlainUrlSchema = z
  .url({ protocol: /^https?$/, message: 'expected an http or https URL' })
  .refine((text) => !new URL(text).username && !new URL(text).password, 'a URL in notify.yaml may not carry a user or password; name an environment variable with url_env instead');

/** An HTTP endpoint: `url` in the file, or `url_env` naming the variable that holds it (for URLs that are secrets). */
const EndpointShape = {
  url: PlainUrlSchema.optional(),
  url_env: EnvNameSchema.optional(),
  /** A variable holding a bearer token, sent as `Authorization: Bearer …`. */
  bearer_token_env: EnvNameSchema.optional(),
};

const oneEndpoint = <T extends { url?: string | undefined; url_env?: string | undefined }>(value: T, context: z.RefinementCtx) => {
  if ((value.url === undefined) === (value.url_env === undefined)) context.addIssue({ code: 'custom', path: ['url'], message: 'expected exactly one of url and url_env', input: value.url });
};

/** A generic JSON webhook (the hms-ops payload, see docs/alerting.md). */
export const WebhookSchema = z.strictObject(EndpointShape).superRefine(oneEndpoint);

/** A webhook that takes Alertmanager's version 4 payload (what tools built for Alertmanager accept). */
export const AlertmanagerWebhookSchema = z.strictObject(EndpointShape).superRefine(oneEndpoint);

/** A Slack-compatible incoming webhook; its URL is a secret, so only `url_env`. */
export const SlackSchema = z.strictObject({
  url_env: EnvNameSchema,
  /** Overrides the webhook's channel, e.g. `#docket-ops`. */
  channel: z.string().regex(/^[#@]\S+$/, 'expected a channel such as #docket-ops').optional(),
});

/** Email over SMTP. */
export const EmailSchema = z
  .strictObject({
    to: z.array(z.email('expected an email address')).default([]),
    from: z.email('expected an email address'),
    /** The SMTP server, e.g. `smtp.example.gov`. */
    host: z.string().min(1),
    /** 587 (submission, STARTTLS), 465 (implicit TLS) or 25. */
    port: z.int().min(1).max(65535).default(587),
    /**
     * `starttls` (the default): upgrade with STARTTLS and refuse to send without it; `tls`: TLS from
     * the first byte (port 465); `none`: plain text, only for a relay on loopback.
     */
    security: z.enum(['starttls', 'tls', 'none']).default('starttls'),
    username: z.string().min(1).optional(),
    /** The variable holding the password (never the password itself). */
    password_env: EnvNameSchema.optional(),
    /** A PEM file of the certificate authority to trust, relative to the portal folder. */
    ca_file: z.string().min(1).optional(),
    /** A subject template; default `[FIRING:2] alertname (program)`. */
    subject: z.string().min(1).max(300).optional(),
  })
  .superRefine((email, context) => {
    if ((email.username === undefined) !== (email.password_env === undefined)) context.addIssue({ code: 'custom', path: ['password_env'], message: 'expected username and password_env together (or neither)', input: email.password_env });
  });

const listOf = <S extends z.ZodType>(schema: S) => z.union([schema, z.array(schema).min(1)]).transform((value) => (Array.isArray(value) ? value : [value]) as z.output<S>[]);

/** A named receiver with one or more integrations. */
export const ReceiverSchema = z
  .strictObject({
    name: SlugSchema,
    /** Address the current on-call person of this schedule (their email, their Slack handle, named in webhooks). */
    oncall: SlugSchema.optional(),
    /** Whether to send a notice when the alerts clear (Alertmanager's send_resolved); default true. */
    send_resolved: z.boolean().default(true),
    webhook: listOf(WebhookSchema).optional(),
    alertmanager: listOf(AlertmanagerWebhookSchema).optional(),
    slack: listOf(SlackSchema).optional(),
    email: listOf(EmailSchema).optional(),
  })
  .superRefine((receiver, context) => {
    if (!receiver.webhook && !receiver.alertmanager && !receiver.slack && !receiver.email) {
      context.addIssue({ code: 'custom', path: ['webhook'], message: 'expected at least one of webhook, alertmanager, slack, email', input: undefined });
    }
  });
export type Receiver = z.output<typeof ReceiverSchema>;

/** Timings and grouping a route passes to its children unless they set their own. */
const RouteTimingShape = {
  group_by: z.array(z.union([LabelNameSchema, z.literal('...')])).optional(),
  group_wait: DurationOrZeroSchema.optional(),
  group_interval: DurationSchema.optional(),
  repeat_interval: DurationSchema.optional(),
};

export interface RouteSpec {
  receiver?: string | undefined;
  matchers: Matcher[];
  continue: boolean;
  group_by?: string[] | undefined;
  group_wait?: number | undefined;
  group_interval?: number | undefined;
  repeat_interval?: number | undefined;
  routes: RouteSpec[];
}

/** A node of the routing tree, as Alertmanager's: the first matching child wins unless it says `continue: true`. */
export const RouteSchema: z.ZodType<RouteSpec, unknown> = z.lazy(() =>
  z.strictObject({
    receiver: SlugSchema.optional(),
    matchers: z.array(MatcherSchema).default([]),
    continue: z.boolean().default(false),
    ...RouteTimingShape,
    routes: z.array(RouteSchema).default([]),
  }),
);

/** The root route: it matches every alert and must name a receiver. */
export const RootRouteSchema = z.strictObject({
  receiver: SlugSchema,
  group_by: z.array(z.union([LabelNameSchema, z.literal('...')])).default(['alertname', 'program']),
  /** Alertmanager's defaults. */
  group_wait: DurationOrZeroSchema.prefault('30s'),
  group_interval: DurationSchema.prefault('5m'),
  repeat_interval: DurationSchema.prefault('4h'),
  routes: z.array(RouteSchema).default([]),
});
export type RootRoute = z.output<typeof RootRouteSchema>;

/** How the outbox delivers. */
export const DeliverySchema = z.strictObject({
  /** One attempt's time limit. */
  timeout: DurationSchema.prefault('10s'),
  /** Quick retries inside one run before the entry waits for a later run. */
  attempts_per_run: z.int().min(1).max(10).default(3),
  /** The first wait between runs' attempts; it doubles each time, with jitter, up to max_backoff. */
  initial_backoff: DurationSchema.prefault('30s'),
  max_backoff: DurationSchema.prefault('1h'),
  /** How long a notification that cannot be delivered is retried before it is given up (and audited). */
  give_up_after: DurationSchema.prefault('3d'),
});
export type Delivery = z.output<typeof DeliverySchema>;

/** `rules/notify.yaml`: who is told about alerts, how, and when not. */
export const NotifyFileSchema = z.strictObject({
  version: z.literal(1),
  /** Where links in notifications point, e.g. the public portal or an internal status page. */
  external_url: z.url().optional(),
  people: z.record(SlugSchema, PersonSchema).default({}),
  schedules: z.record(SlugSchema, ScheduleSchema).default({}),
  receivers: z.array(ReceiverSchema).min(1),
  route: RootRouteSchema,
  maintenance: z.array(MaintenanceWindowSchema).default([]),
  delivery: DeliverySchema.prefault({}),
});
export type NotifyFile = z.output<typeof NotifyFileSchema>;
export type EmailConfig = z.output<typeof EmailSchema>;
export type WebhookConfig = z.output<typeof WebhookSchema>;
export type SlackConfig = z.output<typeof SlackSchema>;
