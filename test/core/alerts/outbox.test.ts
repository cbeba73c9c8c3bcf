import { describe, expect, it } from 'vitest';
import type { Notification } from '../../../src/core/alerts/notify-groups.ts';
import { afterAttempt, backoffSeconds, dueEntries, outboxEntries, pruneOutbox } from '../../../src/core/alerts/outbox.ts';

const DELIVERY = { initial_backoff: 30, max_backoff: 3600, give_up_after: 3 * 86400 };
const notification: Notification = { id: 'root:{alertname="a"}@2026-10-27T14:03:00.000Z', groupKey: 'root:{alertname="a"}', route: 'root', receiver: 'pager', at: '2026-10-27T14:03:00.000Z', status: 'firing', groupLabels: { alertname: 'a' }, firing: [], resolved: [] };
const [entry] = outboxEntries(notification, { name: 'pager', webhook: [{}], email: [{}, {}] }, null);

describe('the outbox', () => {
  it('makes one entry per integration, each with its own stable idempotency key', () => {
    const entries = outboxEntries(notification, { name: 'pager', webhook: [{}], email: [{}, {}] }, null);
    expect(entries.map((e) => `${e.integration.type}#${e.integration.index}`)).toEqual(['webhook#0', 'email#0', 'email#1']);
    expect(new Set(entries.map((e) => e.id)).size).toBe(3);
    expect(entries.every((e) => /^[0-9a-f]{32}$/.test(e.id))).toBe(true);
    expect(outboxEntries(notification, { name: 'pager', webhook: [{}], email: [{}, {}] }, null).map((e) => e.id)).toEqual(entries.map((e) => e.id));
    expect(entries[0]).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: notification.at });
  });

  it('backs off exponentially from 30 s, capped at 1 h, with jitter in [0.5, 1) drawn from the entry', () => {
    // Bases: 30, 60, 120, 240, … 3600 (capped from the 8th attempt: 30 × 2^7 = 3840 > 3600).
    const bases = [30, 60, 120, 240, 480, 960, 1920, 3600, 3600];
    bases.forEach((base, index) => {
      const wait = backoffSeconds(entry!, index + 1, DELIVERY);
      expect(wait).toBeGreaterThanOrEqual(Math.round(base * 0.5));
      expect(wait).toBeLessThanOrEqual(base);
      expect(backoffSeconds(entry!, index + 1, DELIVERY)).toBe(wait); // reproducible
    });
    // Entries that failed together do not all wait alike.
    const others = outboxEntries({ ...notification, id: `${notification.id}x` }, { name: 'pager', webhook: [{}, {}, {}, {}] }, null);
    expect(new Set(others.map((e) => backoffSeconds(e, 3, DELIVERY))).size).toBeGreaterThan(1);
  });

  it('records a failure with the next attempt time, a success as delivered, and gives up after give_up_after', () => {
    const failed = afterAttempt(entry!, new Date('2026-10-27T14:03:00Z'), 'HTTP 500', DELIVERY);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500', lastAttemptAt: '2026-10-27T14:03:00.000Z' });
    const wait = (Date.parse(failed.nextAttemptAt) - Date.parse('2026-10-27T14:03:00Z')) / 1000;
    expect(wait).toBe(backoffSeconds(entry!, 1, DELIVERY));
    expect(dueEntries([failed], new Date(Date.parse(failed.nextAttemptAt) - 1))).toEqual([]);
    expect(dueEntries([failed], new Date(failed.nextAttemptAt))).toEqual([failed]);
    expect(afterAttempt(failed, new Date('2026-10-27T14:04:00Z'), null, DELIVERY)).toMatchObject({ status: 'delivered', attempts: 2, deliveredAt: '2026-10-27T14:04:00.000Z', lastError: null });
    expect(afterAttempt(failed, new Date('2026-10-30T14:03:00Z'), 'HTTP 500', DELIVERY)).toMatchObject({ status: 'abandoned', attempts: 2 });
  });

  it('keeps pending entries and drops settled ones a day after their last attempt', () => {
    const delivered = afterAttempt(entry!, new Date('2026-10-27T14:03:00Z'), null, DELIVERY);
    expect(pruneOutbox([delivered, entry!], new Date('2026-10-28T14:02:59Z'))).toHaveLength(2);
    expect(pruneOutbox([delivered, entry!], new Date('2026-10-28T14:03:00Z'))).toEqual([entry]);
  });
});
