import type { AlertSnapshot, Notification } from './notify-groups.ts';
import { labelsText } from './notify-groups.ts';
import type { OutboxEntry } from './outbox.ts';
import { formatNumber } from './template.ts';

/** Alertmanager's zero time, which its webhook sends as the end of an alert that still fires. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

export interface PayloadContext {
  /** Where links point (notify.yaml external_url), e.g. `https://ops.example.gov/`. */
  externalUrl: string | null;
}

const allAlerts = (notification: Notification) => [...notification.firing, ...notification.resolved];

/** Labels (or annotations) that every alert of the notification shares, as Alertmanager's commonLabels. */
function common(alerts: readonly AlertSnapshot[], pick: (alert: AlertSnapshot) => Record<string, string>): Record<string, string> {
  if (alerts.length === 0) return {};
  const [first, ...rest] = alerts.map(pick);
  return Object.fromEntries(Object.entries(first!).filter(([name, value]) => rest.every((other) => other[name] === value)));
}

/** Alertmanager's webhook payload, version 4, field for field (docs: prometheus.io/docs/alerting/latest/configuration/#webhook_config). */
export function alertmanagerPayload(entry: OutboxEntry, context: PayloadContext) {
  const { notification } = entry;
  const alerts = allAlerts(notification);
  return {
    version: '4',
    groupKey: notification.groupKey,
    truncatedAlerts: 0,
    status: notification.status,
    receiver: entry.receiver,
    groupLabels: notification.groupLabels,
    commonLabels: common(alerts, (alert) => alert.labels),
    commonAnnotations: common(alerts, (alert) => alert.annotations),
    externalURL: context.externalUrl ?? '',
    alerts: alerts.map((alert) => ({
      status: alert.status,
      labels: alert.labels,
      annotations: alert.annotations,
      startsAt: alert.startsAt,
      endsAt: alert.endsAt ?? ZERO_TIME,
      generatorURL: context.externalUrl ?? '',
      fingerprint: alert.fingerprint,
    })),
  };
}

/**
 * The generic JSON webhook: Alertmanager's fields plus what hms-ops knows besides: the idempotency
 * key, the evaluation time, each alert's value and rule, and the on-call person addressed.
 */
export function webhookPayload(entry: OutboxEntry, context: PayloadContext) {
  const base = alertmanagerPayload(entry, context);
  return {
    ...base,
    version: 'hms-ops/1',
    idempotencyKey: entry.id,
    at: entry.notification.at,
    oncall: entry.oncall,
    alerts: allAlerts(entry.notification),
  };
}

/** `[FIRING:2] docket-latency-high (opm-docket-api)`, as Alertmanager's default subject. */
export function notificationTitle(notification: Notification): string {
  const count = notification.status === 'firing' ? notification.firing.length : notification.resolved.length;
  const groupText = Object.values(notification.groupLabels).join(' ');
  return `[${notification.status.toUpperCase()}:${count}] ${groupText || labelsText(notification.groupLabels)}`;
}

/** One alert as lines of text: summary, value, labels, description, playbook. */
function alertLines(alert: AlertSnapshot): string[] {
  const lines = [`- ${alert.annotations.summary ?? alert.rule} (${alert.status}${alert.value === null ? '' : `, value ${formatNumber(alert.value)}`})`];
  lines.push(`  since ${alert.startsAt}${alert.endsAt ? `, cleared ${alert.endsAt}` : ''}`);
  lines.push(`  labels: ${labelsText(alert.labels)}`);
  if (alert.annotations.description) lines.push(...alert.annotations.description.trim().split('\n').map((line) => `  ${line}`));
  if (alert.annotations.runbook_url) lines.push(`  runbook: ${alert.annotations.runbook_url}`);
  if (alert.annotations.playbook) lines.push(`  playbook: rules/playbooks/${alert.annotations.playbook}`);
  return lines;
}

/** The plain-text body shared by email and Slack. */
export function notificationText(entry: OutboxEntry, context: PayloadContext): string {
  const { notification } = entry;
  const lines = [notificationTitle(notification), ''];
  if (entry.oncall) lines.push(`On call (${entry.oncall.schedule}): ${entry.oncall.name}`, '');
  if (notification.firing.length > 0) lines.push('Firing:', ...notification.firing.flatMap(alertLines), '');
  if (notification.resolved.length > 0) lines.push('Resolved:', ...notification.resolved.flatMap(alertLines), '');
  lines.push(`Evaluated at ${notification.at}. Notification ${entry.id}.`);
  if (context.externalUrl) lines.push(context.externalUrl);
  return `${lines.join('\n')}\n`;
}

/** A Slack incoming-webhook message: text (with the on-call person mentioned) and a colored attachment. */
export function slackPayload(entry: OutboxEntry, context: PayloadContext, channel?: string) {
  const { notification } = entry;
  const mention = entry.oncall?.slack ? `${entry.oncall.slack.startsWith('@') ? `<${entry.oncall.slack}>` : `<@${entry.oncall.slack}>`} ` : '';
  return {
    ...(channel ? { channel } : {}),
    text: `${mention}${notificationTitle(notification)}`,
    attachments: [
      {
        color: notification.status === 'resolved' ? 'good' : notification.firing.some((alert) => alert.labels.severity === 'critical') ? 'danger' : 'warning',
        title: notificationTitle(notification),
        text: notificationText(entry, context),
        footer: `hms-ops · ${entry.id}`,
      },
    ],
  };
}

/** Subject and text of an email. */
export function emailMessage(entry: OutboxEntry, context: PayloadContext, subjectTemplate?: string) {
  const title = notificationTitle(entry.notification);
  const subject = subjectTemplate ? subjectTemplate.replaceAll('{{ title }}', title) : title;
  return { subject, text: notificationText(entry, context) };
}
