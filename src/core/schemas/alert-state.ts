import { z } from 'zod';

/** The alert job's state file, `alerts/state.json` (see docs/alerting.md). Checked whole when read. */

const Labels = z.record(z.string(), z.string());
const Time = z.iso.datetime();

const InstanceSchema = z.strictObject({
  fingerprint: z.string(),
  rule: z.string(),
  labels: Labels,
  annotations: Labels,
  state: z.enum(['pending', 'firing', 'resolved']),
  value: z.number().nullable(),
  activeAt: Time,
  firedAt: Time.nullable(),
  resolvedAt: Time.nullable(),
  keepFiringSince: Time.nullable(),
});

const SnapshotSchema = z.strictObject({
  fingerprint: z.string(),
  rule: z.string(),
  status: z.enum(['firing', 'resolved']),
  labels: Labels,
  annotations: Labels,
  value: z.number().nullable(),
  startsAt: Time,
  endsAt: Time.nullable(),
});

const MuteSchema = z.strictObject({ kind: z.enum(['silence', 'maintenance']), id: z.string() });

const GroupSchema = z.strictObject({
  key: z.string(),
  route: z.string(),
  receiver: z.string(),
  labels: Labels,
  nextFlushAt: Time,
  lastNotifiedAt: Time.nullable(),
  lastFiring: z.array(z.string()),
  told: z.record(z.string(), SnapshotSchema),
  muted: z.record(z.string(), MuteSchema),
});

const NotificationSchema = z.strictObject({
  id: z.string(),
  groupKey: z.string(),
  route: z.string(),
  receiver: z.string(),
  at: Time,
  status: z.enum(['firing', 'resolved']),
  groupLabels: Labels,
  firing: z.array(SnapshotSchema),
  resolved: z.array(SnapshotSchema),
});

const OnCallSchema = z.strictObject({ schedule: z.string(), person: z.string(), name: z.string(), email: z.string().optional(), slack: z.string().optional() });

const OutboxEntrySchema = z.strictObject({
  id: z.string(),
  notification: NotificationSchema,
  receiver: z.string(),
  integration: z.strictObject({ type: z.enum(['webhook', 'alertmanager', 'slack', 'email']), index: z.int().min(0) }),
  oncall: OnCallSchema.nullable(),
  status: z.enum(['pending', 'delivered', 'abandoned']),
  attempts: z.int().min(0),
  nextAttemptAt: Time,
  lastAttemptAt: Time.nullable(),
  lastError: z.string().nullable(),
  deliveredAt: Time.nullable(),
});

const SilenceSchema = z.strictObject({
  id: z.string(),
  matchers: z.array(z.string()).min(1),
  startsAt: Time,
  endsAt: Time,
  createdBy: z.string(),
  comment: z.string(),
  createdAt: Time,
});

const IncidentSchema = z.strictObject({
  id: z.string(),
  program: z.string(),
  rule: z.string(),
  fingerprint: z.string(),
  labels: Labels,
  severity: z.string(),
  title: z.string(),
  status: z.enum(['open', 'acknowledged', 'resolved']),
  openedAt: Time,
  startedAt: Time,
  acknowledgedAt: Time.nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedAt: Time.nullable(),
  resolvedBy: z.string().nullable(),
  playbook: z.string().nullable(),
  runbookUrl: z.string().nullable(),
  traceIds: z.array(z.string()),
  public: z.boolean(),
  ruleFile: z.string(),
  ruleSha256: z.string(),
  actions: z.array(z.strictObject({ type: z.enum(['rollback', 'ticket']), state: z.enum(['dry-run', 'started', 'succeeded', 'failed', 'unknown']), at: Time, detail: z.string() })),
  timeline: z.array(z.strictObject({ at: Time, kind: z.enum(['pending', 'firing', 'notification', 'acknowledged', 'action', 'resolved', 'note']), text: z.string(), by: z.string().optional() })),
});

export const AlertStateSchema = z.strictObject({
  version: z.literal(2),
  /** The evaluation time of the last evaluation; the next must not be earlier. */
  evaluatedAt: Time.nullable(),
  alerts: z.array(InstanceSchema),
  groups: z.array(GroupSchema).default([]),
  outbox: z.array(OutboxEntrySchema).default([]),
  silences: z.array(SilenceSchema).default([]),
  incidents: z.array(IncidentSchema).default([]),
  /** Per rule, when a rollback last ran (for its cooldown). */
  rollbacks: z.record(z.string(), Time).default({}),
});
export type AlertState = z.output<typeof AlertStateSchema>;

/** Version 1 (alerts only, before notifications) reads as version 2 with nothing else yet. */
export const AnyAlertStateSchema = z.union([
  AlertStateSchema,
  z.strictObject({ version: z.literal(1), evaluatedAt: Time.nullable(), alerts: z.array(InstanceSchema) }).transform((old): AlertState => ({ ...old, version: 2, groups: [], outbox: [], silences: [], incidents: [], rollbacks: {} })),
]);

export const EMPTY_STATE: AlertState = { version: 2, evaluatedAt: null, alerts: [], groups: [], outbox: [], silences: [], incidents: [], rollbacks: {} };
