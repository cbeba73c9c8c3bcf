import { describe, expect, it } from 'vitest';
import { fnv1a64 } from '../../../src/core/alerts/alert-state.ts';
import { evaluateRules, type Evaluation } from '../../../src/core/alerts/evaluate.ts';
import { burnRules, thresholdRule } from '../../../src/core/alerts/rules.ts';
import { AlertRuleSchema } from '../../../src/core/schemas/alert-rule.ts';
import { SloSchema } from '../../../src/core/schemas/slo.ts';
import { memoryReader, type MemoryEvent } from '../../helpers/memory-reader.ts';

const AT = new Date('2026-10-27T14:00:00Z');
const SOURCE = { file: 'rules/alerts/test.yaml', sha256: 'abc' };
const CONTEXT = { timeZones: new Map([['p', 'UTC']]) };
/** An event `seconds` before AT. */
const before = (seconds: number, metric: string, value: number): MemoryEvent => ({ metric, value, ts: new Date(AT.getTime() - seconds * 1000).toISOString() });

const rule = (spec: Record<string, unknown>) => thresholdRule(AlertRuleSchema.parse({ name: 'r', program: 'p', ...spec }), SOURCE);
const evaluate = async (spec: Record<string, unknown>, events: MemoryEvent[]): Promise<Evaluation> => (await evaluateRules([rule(spec)], AT, memoryReader(events), CONTEXT))[0]!;
const active = (evaluation: Evaluation) => Object.fromEntries(evaluation.alerts.map((alert) => [alert.severity, alert.active]));

describe('threshold rules', () => {
  // Latencies 100 … 500 ms inside the last minute; one at AT itself and one 61 s before are outside [AT − 1m, AT).
  const latencies = [before(60, 'api.latency_ms', 100), before(50, 'api.latency_ms', 200), before(40, 'api.latency_ms', 300), before(30, 'api.latency_ms', 400), before(1, 'api.latency_ms', 500), before(0, 'api.latency_ms', 9000), before(61, 'api.latency_ms', 9000)];

  it('p95 over the window, exact from raw events: (5 − 1) × 0.95 = 3.8 → 400 + 0.8 × 100 = 480', async () => {
    const evaluation = await evaluate({ aggregation: 'p95', metric: 'api.latency_ms', window: '1m', warning: 300, critical: 480 }, latencies);
    expect(evaluation.value).toBeCloseTo(480, 9);
    expect(evaluation.n).toBe(5);
    expect(evaluation.exact).toBe(true);
    // 480 > 300 holds; 480 > 480 does not.
    expect(active(evaluation)).toEqual({ warning: true, critical: false });
    expect(evaluation.alerts[1]!.labels).toEqual({ alertname: 'r', program: 'p', severity: 'critical' });
  });

  it('>= includes the threshold itself', async () => {
    const evaluation = await evaluate({ aggregation: 'p95', metric: 'api.latency_ms', window: '1m', comparison: '>=', critical: 480 }, latencies);
    expect(active(evaluation)).toEqual({ critical: true });
  });

  it.each(Object.entries({
    'count: 5 events': { aggregation: 'count', value: 5 },
    'sum: 100 + 200 + 300 + 400 + 500 = 1500': { aggregation: 'sum', value: 1500 },
    'rate: 1500 per 60 s = 25 a second': { aggregation: 'rate', value: 25 },
    'event_rate: 5 per 60 s': { aggregation: 'event_rate', value: 5 / 60 },
    'mean: 1500 ÷ 5 = 300': { aggregation: 'mean', value: 300 },
    'min: 100': { aggregation: 'min', value: 100 },
    'max: 500': { aggregation: 'max', value: 500 },
    'p50: position 2 → 300': { aggregation: 'p50', value: 300 },
    'p90: position 3.6 → 460': { aggregation: 'p90', value: 460 },
    'p99: position 3.96 → 496': { aggregation: 'p99', value: 496 },
  }))('%s', async (_, { aggregation, value }) => {
    const evaluation = await evaluate({ aggregation, metric: 'api.latency_ms', window: '1m', critical: 1e9 }, latencies);
    expect(evaluation.value).toBeCloseTo(value, 9);
  });

  it('error_ratio is Σ bad ÷ Σ total counters: 3 ÷ (97 + 3) = 0.03', async () => {
    const events = [before(100, 'api.ok', 60), before(50, 'api.ok', 37), before(40, 'api.error', 2), before(10, 'api.error', 1)];
    const evaluation = await evaluate({ aggregation: 'error_ratio', bad: ['api.error'], total: ['api.ok', 'api.error'], window: '5m', critical: 0.02 }, events);
    expect(evaluation.value).toBeCloseTo(0.03, 12);
    expect(evaluation.n).toBe(100);
    expect(active(evaluation)).toEqual({ critical: true });
  });

  it('sla_adherence is the share of events within the limit: 2 of 4 waits ≤ 60 s, and < 0.8 alerts', async () => {
    const events = [30, 60, 61, 90].map((value, index) => before(60 * (index + 1), 'calls.wait_seconds', value));
    const evaluation = await evaluate({ aggregation: 'sla_adherence', metric: 'calls.wait_seconds', sla: 60, window: '1h', comparison: '<', warning: 0.9, critical: 0.8 }, events);
    expect(evaluation.value).toBe(0.5);
    expect(active(evaluation)).toEqual({ warning: true, critical: true });
    const ge = await evaluate({ aggregation: 'sla_adherence', metric: 'calls.wait_seconds', sla: 61, sla_op: 'ge', window: '1h', comparison: '<', critical: 0.8 }, events);
    expect(ge.value).toBe(0.5); // 61 and 90 are ≥ 61
  });

  it('fewer events than min_events is no data, never an alert', async () => {
    const evaluation = await evaluate({ aggregation: 'max', metric: 'api.latency_ms', window: '1m', critical: 10, min_events: 6 }, latencies);
    expect(evaluation.value).toBeNull();
    expect(evaluation.noData).toBe('5 events in the window, fewer than min_events 6');
    expect(active(evaluation)).toEqual({ critical: false });
  });

  it('a window without events is no data, unless min_events is 0 for a count (traffic that stops)', async () => {
    const silent = await evaluate({ aggregation: 'count', metric: 'api.latency_ms', window: '1m', comparison: '<', critical: 1 }, []);
    expect(silent.value).toBeNull();
    expect(active(silent)).toEqual({ critical: false });
    const watched = await evaluate({ aggregation: 'count', metric: 'api.latency_ms', window: '1m', comparison: '<', critical: 1, min_events: 0 }, []);
    expect(watched.value).toBe(0);
    expect(active(watched)).toEqual({ critical: true });
    const mean = await evaluate({ aggregation: 'mean', metric: 'api.latency_ms', window: '1m', critical: 1, min_events: 0 }, []);
    expect(mean.value).toBeNull();
  });

  it('fills the annotation templates with the values of the evaluation', async () => {
    const evaluation = await evaluate({
      aggregation: 'p95', metric: 'api.latency_ms', window: '1m', critical: 400, labels: { team: 'api' },
      annotations: { summary: '{{ alertname }}: p95 {{ value }} ms > {{ threshold }} ms over {{ window }} ({{ n }} requests, team {{ labels.team }})', runbook_url: 'https://wiki.example.gov/r' },
    }, latencies);
    expect(evaluation.alerts[0]!.annotations).toEqual({ summary: 'r: p95 480 ms > 400 ms over 1m (5 requests, team api)', runbook_url: 'https://wiki.example.gov/r' });
  });
});

describe('SLO burn-rate alerts', () => {
  const slo = (extra: Record<string, unknown> = {}) => SloSchema.parse({
    id: 's', program: 'p', name: 'S', objective: 0.99, window: '30d',
    sli: { type: 'ratio', good: ['api.ok'], total: ['api.ok', 'api.error'] }, ...extra,
  });
  // Counter events (value n): every window's good and total are known by hand.
  //   5m: 80 ok + 20 err = 100, 20 bad → 0.2 ÷ 0.01 = burn 20
  //  30m: + 100 ok at −20m → 200, 20 bad → burn 10
  //   1h: + 670 ok, 130 err at −50m → 1000, 150 bad → burn 15 (2h the same)
  //   6h: + 2000 ok at −5h → 3000, 150 bad → burn 5
  //   1d: + 2000 ok at −20h → 5000, 150 bad → burn 3
  //   3d: + 5000 ok at −2d → 10000, 150 bad → burn 1.5
  const events = [
    before(120, 'api.ok', 80), before(120, 'api.error', 20),
    before(1200, 'api.ok', 100),
    before(3000, 'api.ok', 670), before(3000, 'api.error', 130),
    before(5 * 3600, 'api.ok', 2000),
    before(20 * 3600, 'api.ok', 2000),
    before(2 * 86_400, 'api.ok', 5000),
  ];
  const run = async (extra?: Record<string, unknown>) => evaluateRules(burnRules([slo(extra)], 30, { file: 'rules/slos.yaml', sha256: 'x' }), AT, memoryReader(events), CONTEXT);

  it('computes every window and the four pairs with thresholds scaled to 30 days', async () => {
    const [page, ticket] = await run();
    const rates = Object.fromEntries([...page!.burn!.windows, ...ticket!.burn!.windows].map((w) => [w.window, w.burnRate]));
    expect(rates['5m']).toBeCloseTo(20, 9);
    expect(rates['30m']).toBeCloseTo(10, 9);
    expect(rates['1h']).toBeCloseTo(15, 9);
    expect(rates['2h']).toBeCloseTo(15, 9);
    expect(rates['6h']).toBeCloseTo(5, 9);
    expect(rates['1d']).toBeCloseTo(3, 9);
    expect(rates['3d']).toBeCloseTo(1.5, 9);
    const pairs = [...page!.burn!.pairs, ...ticket!.burn!.pairs].map((p) => [`${p.long}&${p.short}`, Number(p.threshold.toFixed(9)), p.fired]);
    expect(pairs).toEqual([
      ['1h&5m', 14.4, true], // 15 and 20 are both over 14.4
      ['6h&30m', 6, false], // 6 h burns at 5
      ['1d&2h', 3, false], // 1 d burns at 3, not over 3
      ['3d&6h', 1, true], // 1.5 and 5 are both over 1
    ]);
    expect(page!.rule.name).toBe('s:page');
    expect(page!.alerts).toMatchObject([{ severity: 'critical', active: true, labels: { alertname: 's:page', program: 'p', severity: 'critical', slo: 's', urgency: 'page' } }]);
    expect(page!.value).toBeCloseTo(15, 9); // the long window of the pair that fired
    expect(ticket!.alerts).toMatchObject([{ severity: 'warning', active: true }]);
    expect(ticket!.value).toBeCloseTo(1.5, 9);
  });

  it('scales the thresholds with a 28-day window: 0.02 × 672 h ÷ 1 h = 13.44', async () => {
    const [page, ticket] = await run({ window: '28d' });
    expect(page!.burn!.pairs.map((p) => p.threshold)).toEqual([expect.closeTo(13.44, 9), expect.closeTo(5.6, 9)]);
    expect(ticket!.burn!.pairs.map((p) => p.threshold)).toEqual([expect.closeTo(2.8, 9), expect.closeTo(0.9333333333, 9)]);
    // With 13.44 and 5.6, the 6 h & 30 m pair still does not fire (5 < 5.6), but 1 d & 2 h now does (3 > 2.8).
    expect(ticket!.burn!.pairs.map((p) => p.fired)).toEqual([true, true]);
  });

  it('the low-traffic guard keeps a pair from firing when its long window has too few events', async () => {
    const [page, ticket] = await run({ alerts: { min_events: 2000 } });
    // 1 h holds 1000 events (< 2000): that pair cannot fire; 6 h has 3000 but burns at 5 < 6.
    expect(page!.burn!.pairs.map((p) => [p.enoughTraffic, p.fired])).toEqual([[false, false], [true, false]]);
    expect(page!.alerts[0]!.active).toBe(false);
    expect(ticket!.alerts[0]!.active).toBe(true);
  });

  it('an SLO with alerts turned off has none', () => {
    expect(burnRules([slo({ alerts: { enabled: false } })], 30, { file: 'f', sha256: 'x' })).toEqual([]);
  });

  it('time-slice SLOs burn over good minutes: 1 bad of 2 counted minutes in 5 m at objective 0.999 is burn 500', async () => {
    const sliced = SloSchema.parse({
      id: 't', program: 'p', name: 'T', objective: 0.999, window: '30d', budgeting: 'timeslices', slice: '1m', slice_target: 0.9,
      sli: { type: 'ratio', good: ['api.ok'], total: ['api.ok', 'api.error'] },
    });
    // Minute −1: 5 ok, 5 err (50 %, bad); minute −3: 10 ok (good); minute −40: 1 ok, 9 err (bad).
    const minutes = [before(50, 'api.ok', 5), before(50, 'api.error', 5), before(170, 'api.ok', 10), before(2390, 'api.ok', 1), before(2390, 'api.error', 9)];
    const [page] = await evaluateRules(burnRules([sliced], 1, { file: 'f', sha256: 'x' }), AT, memoryReader(minutes), CONTEXT);
    const windows = Object.fromEntries(page!.burn!.windows.map((w) => [w.window, [w.good, w.total]]));
    expect(windows['5m']).toEqual([1, 2]);
    expect(windows['30m']).toEqual([1, 2]);
    expect(windows['1h']).toEqual([1, 3]);
    expect(page!.burn!.windows.find((w) => w.window === '5m')!.burnRate).toBeCloseTo(0.5 / 0.001, 6);
  });
});

describe('fnv1a64', () => {
  it('matches the published FNV-1a 64-bit test vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });
});
