import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import pRetry, { AbortError } from 'p-retry';
import type { OutboxEntry } from '../../core/alerts/outbox.ts';
import { alertmanagerPayload, emailMessage, slackPayload, webhookPayload, type PayloadContext } from '../../core/alerts/payloads.ts';
import type { EmailConfig, SlackConfig, WebhookConfig } from '../../core/schemas/notify.ts';
import type { LoadedNotify } from './load-notify.ts';

/** Where secrets come from: the environment, or a map in tests. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A failure that another attempt will not fix (a 4xx answer, a missing secret): the entry is given up at once. */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

export interface DeliveryResult {
  /** null when delivered. */
  error: string | null;
  permanent: boolean;
}

function secret(env: Environment, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new PermanentDeliveryError(`environment variable ${name} is not set`);
  return value;
}

/**
 * Delivers one outbox entry, retrying quickly inside this run (p-retry: exponential backoff with
 * jitter, `attempts_per_run` attempts) before reporting failure for the outbox to retry on a later
 * run. HTTP answers 2xx are success; 408, 429 and 5xx are retried; other 4xx are permanent.
 */
export async function deliver(entry: OutboxEntry, notify: LoadedNotify, env: Environment = process.env): Promise<DeliveryResult> {
  const receiver = notify.receivers.get(entry.receiver);
  const { delivery } = notify.config;
  const context: PayloadContext = { externalUrl: notify.config.external_url ?? null };
  try {
    if (!receiver) throw new PermanentDeliveryError(`receiver ${entry.receiver} is no longer in ${notify.source.file}`);
    const { type, index } = entry.integration;
    const config = receiver[type]?.[index];
    if (!config) throw new PermanentDeliveryError(`receiver ${entry.receiver} no longer has ${type} #${index}`);
    const timeoutMs = delivery.timeout * 1000;
    const attempt = async () => {
      try {
        if (type === 'email') await sendEmail(entry, config as EmailConfig, notify, context, env, timeoutMs);
        else if (type === 'slack') await postJson(secret(env, (config as SlackConfig).url_env), slackPayload(entry, context, (config as SlackConfig).channel), entry, undefined, timeoutMs);
        else {
          const hook = config as WebhookConfig;
          const url = hook.url ?? secret(env, hook.url_env!);
          const token = hook.bearer_token_env ? secret(env, hook.bearer_token_env) : undefined;
          await postJson(url, type === 'alertmanager' ? alertmanagerPayload(entry, context) : webhookPayload(entry, context), entry, token, timeoutMs);
        }
      } catch (error) {
        if (error instanceof PermanentDeliveryError) throw new AbortError(error);
        throw error;
      }
    };
    await pRetry(attempt, { retries: delivery.attempts_per_run - 1, minTimeout: 250, maxTimeout: 2000, factor: 2, randomize: true });
    return { error: null, permanent: false };
  } catch (error) {
    const cause = error instanceof AbortError ? (error.cause ?? error) : error;
    return { error: (cause as Error).message ?? String(cause), permanent: cause instanceof PermanentDeliveryError || error instanceof PermanentDeliveryError };
  }
}

async function postJson(url: string, body: unknown, entry: OutboxEntry, token: string | undefined, timeoutMs: number): Promise<void> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'hms-ops-alert-job', 'idempotency-key': entry.id };
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (error) {
    const reason = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message;
    throw new Error(`POST ${new URL(url).origin}: ${reason}`);
  }
  await response.body?.cancel();
  if (response.ok) return;
  const message = `POST ${new URL(url).origin}: HTTP ${response.status}`;
  if (response.status >= 500 || response.status === 408 || response.status === 429) throw new Error(message);
  throw new PermanentDeliveryError(message);
}

async function sendEmail(entry: OutboxEntry, config: EmailConfig, notify: LoadedNotify, context: PayloadContext, env: Environment, timeoutMs: number): Promise<void> {
  const to = [...config.to, ...(entry.oncall?.email ? [entry.oncall.email] : [])];
  if (to.length === 0) throw new PermanentDeliveryError('no one to write to: the email has no to and the on-call person no address');
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.security === 'tls',
    requireTLS: config.security === 'starttls',
    ignoreTLS: config.security === 'none',
    ...(config.username ? { auth: { user: config.username, pass: secret(env, config.password_env!) } } : {}),
    ...(config.ca_file ? { tls: { ca: readFileSync(join(notify.root, config.ca_file), 'utf8') } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    const message = emailMessage(entry, context, config.subject);
    await transport.sendMail({ from: config.from, to, subject: message.subject, text: message.text, messageId: `<${entry.id}@hms-ops>`, headers: { 'X-HMS-Ops-Idempotency-Key': entry.id } });
  } catch (error) {
    const smtp = error as { responseCode?: number; message: string };
    // 5xx SMTP replies (bad address, auth refused) will not change; 4xx and network failures may.
    if (smtp.responseCode !== undefined && smtp.responseCode >= 500) throw new PermanentDeliveryError(`SMTP ${config.host}:${config.port}: ${smtp.message}`);
    throw new Error(`SMTP ${config.host}:${config.port}: ${smtp.message}`);
  } finally {
    transport.close();
  }
}
