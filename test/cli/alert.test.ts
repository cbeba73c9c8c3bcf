import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

// The bundled sample's OPM incident: a failed database failover on 2026-10-27 from 14:00 to 16:30 UTC
// makes docket answers take ~4 s. The rule docket-latency-high alerts on p95 over 1 minute above
// 500 ms (critical) and 300 ms (warning), after 2 minutes (rules/alerts/opm-docket-api.yaml).
const DAY = '2026-10-27T';

interface Transition {
  rule: string;
  labels: Record<string, string>;
  from: string;
  to: string;
}

describe('hms-ops alert on the bundled sample portal', () => {
  let dir = '';
  let store = '';
  const evalAt = async (time: string) => {
    const result = await runCli(['alert', 'eval', '--store', store, '--at', `${DAY}${time}:00Z`, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as { repeated: boolean; transitions: Transition[]; alerts: { rule: string; state: string; labels: Record<string, string>; activeAt: string; firedAt: string | null; annotations: Record<string, string> }[] };
  };
  const docket = (transitions: Transition[]) => transitions.filter((t) => t.rule === 'docket-latency-high').map((t) => `${t.labels.severity}: ${t.from} → ${t.to}`);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hms-ops-alert-'));
    store = join(dir, 'store.duckdb');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('goes pending when the latency jumps, fires after 2 minutes, and survives a restart', async () => {
    expect(docket((await evalAt('13:59')).transitions)).toEqual([]);
    const first = await evalAt('14:01');
    expect(docket(first.transitions)).toEqual(['warning: inactive → pending', 'critical: inactive → pending']);
    expect(docket((await evalAt('14:02')).transitions)).toEqual([]); // 1 minute of 2
    // Each evaluation is a separate process run: the state comes from the state file.
    const fired = await evalAt('14:03');
    expect(docket(fired.transitions)).toEqual(['warning: pending → firing', 'critical: pending → firing']);
    const critical = fired.alerts.find((a) => a.rule === 'docket-latency-high' && a.labels.severity === 'critical')!;
    expect(critical).toMatchObject({ state: 'firing', activeAt: `${DAY}14:01:00.000Z`, firedAt: `${DAY}14:03:00.000Z`, labels: { alertname: 'docket-latency-high', program: 'opm-docket-api', severity: 'critical', team: 'docket' } });
    expect(critical.annotations.summary).toMatch(/^Docket API p95 latency is \d{4}(\.\d)? ms over 1m \(limit 500 ms\)$/);
    expect(critical.annotations.playbook).toBe('docket-latency.md');

    const list = await runCli(['alert', 'list', '--store', store]);
    expect(list.stdout).toContain('docket-latency-high  p95 of docket.latency_ms over 1m: warning > 300, critical > 500; for 2m  [warning firing, critical firing]');
    expect(list.stdout).toContain(`23 rules; last evaluated ${DAY}14:03:00.000Z`);
  });

  it('treats the same instant again as a no-op and refuses to go back in time', async () => {
    const again = await evalAt('14:03');
    expect(again.repeated).toBe(true);
    expect(again.transitions).toEqual([]);
    const back = await runCli(['alert', 'eval', '--store', store, '--at', `${DAY}14:02:00Z`]);
    expect(back.code).toBe(1);
    expect(back.stderr).toContain(`was last evaluated at ${DAY}14:03:00.000Z; an evaluation at the earlier ${DAY}14:02:00.000Z would rewrite its history`);
  });

  it('resolves when the incident is over', async () => {
    const during = await evalAt('16:29');
    expect(docket(during.transitions)).toEqual([]);
    const after = await evalAt('16:31');
    expect(docket(after.transitions)).toEqual(['warning: firing → resolved', 'critical: firing → resolved']);
  });

  it('wrote every state change to the audit log with the rule file\'s hash', () => {
    const lines = readFileSync(join(dir, 'alerts', 'audit.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const critical = lines.filter((line) => line.event === 'alert' && line.rule === 'docket-latency-high' && (line.labels as Record<string, string>).severity === 'critical');
    expect(critical.map((line) => [line.at, line.from, line.to])).toEqual([
      [`${DAY}14:01:00.000Z`, 'inactive', 'pending'],
      [`${DAY}14:03:00.000Z`, 'pending', 'firing'],
      [`${DAY}16:31:00.000Z`, 'firing', 'resolved'],
    ]);
    const sha256 = createHash('sha256').update(readFileSync('rules/alerts/opm-docket-api.yaml')).digest('hex');
    expect(critical.every((line) => line.event === 'alert' && line.ruleFile === 'rules/alerts/opm-docket-api.yaml' && line.ruleSha256 === sha256 && line.recordedAt === '2026-11-23T12:00:00.000Z')).toBe(true);
    // One id per change: a rerun after a crash writes the same ids again, which readers can drop.
    expect(new Set(lines.map((line) => line.id)).size).toBe(lines.length);
  });

  it('explains an SLO burn-rate alert: every window, every pair, which one fired', async () => {
    const result = await runCli(['alert', 'explain', 'opm-latency-500ms:page', '--store', store, '--at', `${DAY}14:30:00Z`, '--json']);
    expect(result.code).toBe(0);
    const [page] = (JSON.parse(result.stdout) as { rules: { rule: string; windows: { window: string; good: number; total: number; burn_rate: number }[]; pairs: { long: string; short: string; threshold: number; long_rate: number; short_rate: number; fired: boolean }[] }[] }).rules;
    expect(page!.rule).toBe('opm-latency-500ms:page');
    // Each window's burn rate is its bad share over the allowed 0.5 % (objective 0.995).
    for (const w of page!.windows) expect(w.burn_rate).toBeCloseTo((w.total - w.good) / w.total / 0.005, 6);
    expect(page!.windows.find((w) => w.window === '5m')).toMatchObject({ good: 0 }); // 25 minutes into the incident nothing is fast
    expect(page!.pairs.map((p) => [p.long, p.short, Number(p.threshold.toFixed(6)), p.fired])).toEqual([['1h', '5m', 14.4, true], ['6h', '30m', 6, true]]);

    const text = await runCli(['alert', 'explain', 'opm-latency-500ms', '--store', store, '--at', `${DAY}14:30:00Z`]);
    expect(text.stdout).toContain('opm-latency-500ms:page at 2026-10-27T14:30:00.000Z (generated from rules/slos.yaml)');
    expect(text.stdout).toMatch(/1h & 5m\s+14\.4\s+[\d.]+\s+200\s+FIRED: both over the threshold/);
    expect(text.stdout).toContain('opm-latency-500ms:ticket at');
  });

  it('names an unknown rule with the ones that exist', async () => {
    const result = await runCli(['alert', 'explain', 'no-such-rule', '--store', store]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown rule "no-such-rule"; expected one of hotline-sla-adherence, aid-form-slow, docket-latency-high');
  });
});
