import { describe, expect, it } from 'vitest';
import { planKpi } from '../../../src/core/model/compute-kpi.ts';
import { suppressionThreshold } from '../../../src/core/model/compute-program.ts';
import { createRequestBatch } from '../../../src/core/model/request-batch.ts';
import type { PortalConfig } from '../../../src/core/config/portal-config.ts';
import { KpiSchema, type Kpi } from '../../../src/core/schemas/kpi.ts';
import type { Program } from '../../../src/core/schemas/program.ts';
import { memoryReader, type MemoryEvent } from '../../helpers/memory-reader.ts';

const kpi = (fields: Record<string, unknown>): Kpi => KpiSchema.parse({ id: 'k', label: 'K', public: true, ...fields });
const AT = new Date('2026-11-01T00:00:00Z');

async function model(k: Kpi, events: MemoryEvent[], suppressBelow = 10) {
  const batch = createRequestBatch();
  const finish = planKpi(k, { program: 'p', at: AT, minEvents: 1, expectedIntervalSeconds: 3600, suppressBelow }, batch);
  batch.answer(await memoryReader(events).aggregateMany(batch.requests));
  return finish(new Map());
}

describe('small-cell suppression in the KPI model', () => {
  // Resolved cases: 40 an hour on Oct 31 except 3 at 05:00; earlier days 40 an hour at 12:00 only.
  const events: MemoryEvent[] = [];
  for (let h = 0; h < 24; h++) events.push({ metric: 'cases', ts: `2026-10-31T${String(h).padStart(2, '0')}:10:00Z`, value: h === 5 ? 3 : 40 });
  for (let d = 24; d <= 30; d++) events.push({ metric: 'cases', ts: `2026-10-${d}T12:00:00Z`, value: 40 });
  const counter = kpi({ kind: 'counter', metric: 'cases', stat: 'sum' });

  it('withholds a count from 1 to 10 with its n and rate, flags it, and hides one more hour of its day', async () => {
    const m = await model(counter, events);
    const hour5 = m.hourly.find((p) => p.start === '2026-10-31T05:00:00.000Z')!;
    expect(hour5).toEqual({ start: '2026-10-31T05:00:00.000Z', n: null, sufficient: true, suppressed: 'small-cell', exact: true, value: null, stats: {} });
    // Oct 31 (and the 24 h window) add up to 23 × 40 + 3 = 923, published: another hour of the day is
    // withheld so that 923 minus the published hours does not give the 3 away. All other hours are 40:
    // the earliest of them goes.
    const hidden = m.hourly.filter((p) => p.suppressed !== null).map((p) => [p.start, p.suppressed]);
    expect(hidden).toEqual([['2026-10-31T00:00:00.000Z', 'complementary'], ['2026-10-31T05:00:00.000Z', 'small-cell']]);
    const day = m.windows.find((w) => w.window === '24h')!;
    expect([day.value, day.n, day.suppressed]).toEqual([923, 24, null]);
    expect(m.daily.at(-1)).toMatchObject({ start: '2026-10-31T00:00:00.000Z', value: 923, suppressed: null });
  });

  it('publishes everything with suppression turned off', async () => {
    const m = await model(counter, events, 0);
    expect(m.hourly.every((p) => p.suppressed === null)).toBe(true);
    expect(m.hourly.find((p) => p.start === '2026-10-31T05:00:00.000Z')!.value).toBe(3);
  });

  it('a small previous window hides the previous value and the change, not the current one', async () => {
    // 24 h window: 50 events of 1; the 24 h before: 4 events of 1; Oct 27: 40 events of 1.
    const few: MemoryEvent[] = [
      ...Array.from({ length: 50 }, (_, i) => ({ metric: 'cases', ts: `2026-10-31T10:${String(i).padStart(2, '0')}:00Z`, value: 1 })),
      ...Array.from({ length: 4 }, (_, i) => ({ metric: 'cases', ts: `2026-10-30T10:0${i}:00Z`, value: 1 })),
      ...Array.from({ length: 40 }, (_, i) => ({ metric: 'cases', ts: `2026-10-27T10:${String(i).padStart(2, '0')}:00Z`, value: 1 })),
    ];
    const m = await model(counter, few);
    const window = m.windows.find((w) => w.window === '24h')!;
    expect(window.value).toBe(50);
    expect(window.previous).toEqual({ n: null, value: null, suppressed: 'small-cell', partial: false });
    expect(window.change).toBeNull();
    // The 7 days (94) minus the published days would give the 4 away: the smaller other day goes.
    expect(m.daily.map((p) => [p.start.slice(0, 10), p.suppressed])).toEqual([['2026-10-27', 'complementary'], ['2026-10-30', 'small-cell'], ['2026-10-31', null]]);
  });

  it('a sum reaching past the first or last point still counts as a sum of the points inside it', async () => {
    // Only two days have data: 7 days = 54 = 50 + 4, so 4 cannot stay hidden with 50 and 54 both published.
    const two: MemoryEvent[] = [
      ...Array.from({ length: 50 }, (_, i) => ({ metric: 'cases', ts: `2026-10-31T10:${String(i).padStart(2, '0')}:00Z`, value: 1 })),
      ...Array.from({ length: 4 }, (_, i) => ({ metric: 'cases', ts: `2026-10-30T10:0${i}:00Z`, value: 1 })),
    ];
    const m = await model(counter, two);
    const week = m.windows.find((w) => w.window === '7d')!;
    const day = m.windows.find((w) => w.window === '24h')!;
    expect(week.value === null || day.value === null).toBe(true);
  });

  it('a ratio suppresses its numerator with the ratio and the denominator', async () => {
    const ratio = kpi({ kind: 'ratio', numerator: ['denied'], denominator: ['decided'] });
    const decisions: MemoryEvent[] = [
      { metric: 'decided', ts: '2026-10-31T10:00:00Z', value: 200 }, { metric: 'denied', ts: '2026-10-31T10:00:00Z', value: 4 },
      { metric: 'decided', ts: '2026-10-31T11:00:00Z', value: 100 }, { metric: 'denied', ts: '2026-10-31T11:00:00Z', value: 30 },
      { metric: 'decided', ts: '2026-10-31T12:00:00Z', value: 100 }, { metric: 'denied', ts: '2026-10-31T12:00:00Z', value: 20 },
    ];
    const m = await model(ratio, decisions);
    const at = (hour: number) => m.hourly.find((p) => p.start === `2026-10-31T${hour}:00:00.000Z`)!;
    expect(at(10)).toMatchObject({ n: null, value: null, stats: {}, suppressed: 'small-cell' });
    // the day's numerator 54 is published as 54/400: the smaller other hour (20 of 100) is withheld too
    expect(at(12)).toMatchObject({ n: null, value: null, suppressed: 'complementary' });
    expect(at(11)).toMatchObject({ n: 100, value: 0.3, suppressed: null });
  });
});

describe('small-cell suppression of sample sizes', () => {
  it('a distribution that asks for it withholds an hour of 1 to 10 events, its value with it, and a complementary hour', async () => {
    // Review times on Oct 31: 40 reviews an hour at 12:00 to 15:00, 3 reviews at 16:00 (each 2 h).
    const reviews: MemoryEvent[] = [];
    for (const [hour, count] of [[12, 40], [13, 40], [14, 40], [15, 40], [16, 3]] as const) {
      for (let i = 0; i < count; i++) reviews.push({ metric: 'review_hours', ts: `2026-10-31T${hour}:${String(i).padStart(2, '0')}:00Z`, value: 2 });
    }
    const times = kpi({ kind: 'distribution', metric: 'review_hours', stat: 'p50', suppress_below: 10 });
    const m = await model(times, reviews);
    const hidden = m.hourly.filter((p) => p.suppressed !== null).map((p) => [p.start.slice(11, 13), p.n, p.value, p.suppressed]);
    // 16:00 has 3 events: withheld. The day (163) minus the published hours would give it away: the
    // smallest other hour (the first of the 40s, 12:00) is withheld as well.
    expect(hidden).toEqual([['12', null, null, 'complementary'], ['16', null, null, 'small-cell']]);
    expect(m.hourly.find((p) => p.start.startsWith('2026-10-31T13'))).toMatchObject({ n: 40, value: 2, suppressed: null });
    expect(m.windows.find((w) => w.window === '24h')).toMatchObject({ n: 163, value: 2, suppressed: null });
    // With the threshold at 0 (a distribution without suppress_below), the same events are all published.
    const open = await model(times, reviews, 0);
    expect(open.hourly.find((p) => p.start.startsWith('2026-10-31T16'))).toMatchObject({ n: 3, suppressed: null });
  });

  it('a ratio withholds an hour whose denominator is small, though its numerator is 0', async () => {
    const ratio = kpi({ kind: 'ratio', numerator: ['denied'], denominator: ['decided'] });
    const decisions: MemoryEvent[] = [
      { metric: 'decided', ts: '2026-10-31T10:00:00Z', value: 6 }, { metric: 'denied', ts: '2026-10-31T10:00:00Z', value: 0 },
      { metric: 'decided', ts: '2026-10-31T11:00:00Z', value: 100 }, { metric: 'denied', ts: '2026-10-31T11:00:00Z', value: 30 },
      { metric: 'decided', ts: '2026-10-31T12:00:00Z', value: 200 }, { metric: 'denied', ts: '2026-10-31T12:00:00Z', value: 40 },
    ];
    const m = await model(ratio, decisions);
    const at = (hour: number) => m.hourly.find((p) => p.start === `2026-10-31T${hour}:00:00.000Z`)!;
    // 10:00: 6 decisions (small), 0 denials (published alone, but the cell is withheld whole). The day's
    // denominator 306 minus 100 and 200 would give the 6 away: the smaller other hour, 11:00, goes too.
    expect(at(10)).toMatchObject({ n: null, value: null, suppressed: 'small-cell' });
    expect(at(11)).toMatchObject({ n: null, value: null, suppressed: 'complementary' });
    expect(at(12)).toMatchObject({ n: 200, value: 0.2, suppressed: null });
  });
});

describe('suppressionThreshold', () => {
  const config = { portal: { suppress_below: 10 }, programs: [] } as unknown as PortalConfig;
  const program = (kpis: Kpi[]): Program => ({ id: 'p', kpis } as unknown as Program);
  const denied = kpi({ id: 'denied', kind: 'counter', metric: 'denied' });
  const denialRate = kpi({ id: 'rate', kind: 'ratio', numerator: ['denied'], denominator: ['decided'] });
  const errorRate = kpi({ id: 'errors', kind: 'ratio', numerator: ['error'], denominator: ['ok', 'error'] });

  it('counters use their own threshold or the portal\u2019s', () => {
    expect(suppressionThreshold(config, program([denied]), denied)).toBe(10);
    expect(suppressionThreshold(config, program([]), kpi({ kind: 'counter', metric: 'x', suppress_below: 5 }))).toBe(5);
  });

  it('a ratio whose numerator or denominator is a counter KPI\u2019s metric is suppressed at its threshold; other ratios only when they ask', () => {
    expect(suppressionThreshold(config, program([denied, denialRate]), denialRate)).toBe(10);
    const decided = kpi({ id: 'decided', kind: 'counter', metric: 'decided', suppress_below: 7 });
    expect(suppressionThreshold(config, program([decided, denialRate]), denialRate)).toBe(7);
    expect(suppressionThreshold(config, program([errorRate]), errorRate)).toBe(0);
    expect(suppressionThreshold(config, program([]), kpi({ kind: 'ratio', numerator: ['e'], denominator: ['t'], suppress_below: 3 }))).toBe(3);
  });

  it('a score\u2019s answers are people\u2019s: the portal\u2019s threshold; a distribution counts none unless it says so', () => {
    expect(suppressionThreshold(config, program([]), kpi({ kind: 'score', metric: 'stars', scale: 'stars5' }))).toBe(10);
    expect(suppressionThreshold(config, program([]), kpi({ kind: 'score', metric: 'stars', scale: 'stars5', suppress_below: 0 }))).toBe(0);
    expect(suppressionThreshold(config, program([]), kpi({ kind: 'distribution', metric: 'wait' }))).toBe(0);
    expect(suppressionThreshold(config, program([]), kpi({ kind: 'distribution', metric: 'review_hours', suppress_below: 10 }))).toBe(10);
  });
});

describe('small-cell suppression around annotations', () => {
  it('withholds a small count 28 days before or after an annotation like any other window', async () => {
    // cases: 5 in the 28 days before 2026-10-01, 200 after
    const cases: MemoryEvent[] = [
      ...Array.from({ length: 5 }, (_, i) => ({ metric: 'cases', ts: `2026-09-1${i}T12:00:00Z`, value: 1 })),
      ...Array.from({ length: 200 }, (_, i) => ({ metric: 'cases', ts: `2026-10-${String(2 + (i % 20)).padStart(2, '0')}T12:00:00Z`, value: 1 })),
    ];
    const batch = createRequestBatch();
    const finish = planKpi(kpi({ kind: 'counter', metric: 'cases', stat: 'sum' }), { program: 'p', at: AT, minEvents: 1, expectedIntervalSeconds: 3600, suppressBelow: 10, annotationDates: ['2026-10-01'] }, batch);
    batch.answer(await memoryReader(cases).aggregateMany(batch.requests));
    const [around] = finish(new Map()).around_annotations;
    expect(around!.before).toMatchObject({ n: null, value: null, suppressed: 'small-cell' });
    expect(around!.after).toMatchObject({ value: 200, suppressed: null });
    expect(around!.change).toBeNull();
  });
});

const reviewTime = KpiSchema.parse({ id: 'review-time', kind: 'distribution', label: 'Review time', metric: 'hours', stat: 'p50', unit: 'h' });
const reviews = (ts: string, value: number, count: number): MemoryEvent[] => Array.from({ length: count }, () => ({ metric: 'hours', ts, value }));

async function computeReviews(all: MemoryEvent[], annotationDates: string[], at: string) {
  const batch = createRequestBatch();
  const finish = planKpi(reviewTime, { program: 'p', at: new Date(at), minEvents: 30, expectedIntervalSeconds: 3600, suppressBelow: 0, annotationDates }, batch);
  batch.answer(await memoryReader(all).aggregateMany(batch.requests));
  return finish(new Map());
}

describe('a KPI before and after an annotation', () => {
  it('compares the median of the 28 days before a rule change with the 28 days after it', async () => {
    const model = await computeReviews([
      // before [2026-02-02, 2026-03-02): 30 reviews of 360 h and 10 of 400 h
      ...reviews('2026-02-10T12:00:00Z', 360, 30), ...reviews('2026-02-20T12:00:00Z', 400, 10),
      // after [2026-03-02, 2026-03-30): 40 reviews of 20 h
      ...reviews('2026-03-10T12:00:00Z', 20, 40),
      // outside both windows: not counted
      ...reviews('2026-02-01T23:00:00Z', 900, 5), ...reviews('2026-03-30T06:00:00Z', 900, 5),
    ], ['2026-03-02'], '2026-03-31T00:00:00Z');
    const [around] = model.around_annotations;
    expect(around!.before).toEqual({ start: '2026-02-02T00:00:00.000Z', end: '2026-03-02T00:00:00.000Z', n: 40, exact: true, value: 360, suppressed: null, partial: false });
    // p50 of 40 values: position 0.5 × 39 = 19.5, between the 20th and 21st values, both 360
    expect(around!.after).toEqual({ start: '2026-03-02T00:00:00.000Z', end: '2026-03-30T00:00:00.000Z', n: 40, exact: true, value: 20, suppressed: null, partial: false });
    // 20 − 360 = −340 h; −340 ÷ 360 = −0.9444
    expect(around!.change!.absolute).toBe(-340);
    expect(around!.change!.relative).toBeCloseTo(-0.9444, 4);
  });

  it('shortens both windows to the whole days left before at, and skips an annotation on the last day', async () => {
    // 2026-03-25 to at 2026-03-31: 6 days on each side
    const model = await computeReviews(reviews('2026-03-20T00:00:00Z', 5, 10), ['2026-03-25', '2026-03-31'], '2026-03-31T00:00:00Z');
    expect(model.around_annotations).toHaveLength(1);
    const [around] = model.around_annotations;
    expect([around!.before.start, around!.after.end]).toEqual(['2026-03-19T00:00:00.000Z', '2026-03-31T00:00:00.000Z']);
    // 10 events < min_events 30: no value, no change
    expect([around!.before.n, around!.before.value, around!.change]).toEqual([10, null, null]);
  });
});

describe('the daily series', () => {
  it('holds all history, not a fixed number of days, and the weeks and months with it', async () => {
    // Three years before AT (a Monday), and the day before it.
    const wait = kpi({ kind: 'distribution', metric: 'wait', stat: 'max' });
    const m = await model(wait, [{ metric: 'wait', ts: '2023-11-06T12:00:00Z', value: 7 }, { metric: 'wait', ts: '2026-10-31T12:00:00Z', value: 9 }], 0);
    expect(m.daily.map((p) => [p.start, p.value])).toEqual([['2023-11-06T00:00:00.000Z', 7], ['2026-10-31T00:00:00.000Z', 9]]);
    expect(m.weekly.map((p) => p.start)).toEqual(['2023-11-06T00:00:00.000Z']); // the week of Oct 26, 2026 is under way
    // November 2023 is left out: the feed began on the 6th, so the month is not whole.
    expect(m.monthly.map((p) => [p.start, p.value])).toEqual([['2026-10-01T00:00:00.000Z', 9]]);
  });
});

describe('weekly and monthly series', () => {
  // AT is Sunday 2026-11-01 00:00 UTC: the week of Oct 26 is not whole yet; October is.
  const wait = kpi({ kind: 'distribution', metric: 'wait', stat: 'p50', unit: 's' });
  const events: MemoryEvent[] = [
    { metric: 'wait', ts: '2026-09-30T08:00:00Z', value: 5 }, // week of Sep 28, September
    { metric: 'wait', ts: '2026-10-19T12:00:00Z', value: 10 }, // Monday: week of Oct 19
    { metric: 'wait', ts: '2026-10-19T13:00:00Z', value: 20 },
    { metric: 'wait', ts: '2026-10-25T23:59:59Z', value: 30 }, // Sunday: still the week of Oct 19
    { metric: 'wait', ts: '2026-10-26T00:00:00Z', value: 1000 }, // Monday: the week under way, left out; still October
  ];

  it('groups whole UTC weeks from Monday and whole months, merged from the events, never averaged', async () => {
    // (A wait time counts no people here: no suppression, as suppressionThreshold gives a distribution.)
    // The feed begins on Wednesday, Sep 30: that week and September are not whole, and are left out.
    const m = await model(wait, events, 0);
    expect(m.weekly.map((p) => [p.start, p.n, p.value])).toEqual([
      ['2026-10-19T00:00:00.000Z', 3, 20],
    ]);
    // October: 10, 20, 30, 1000: the median interpolates between 20 and 30; the mean of the daily
    // medians (15 on the 19th, 30 and 1000) would be 348.3, which is why groups are merged.
    expect(m.monthly.map((p) => [p.start, p.n, p.value])).toEqual([
      ['2026-10-01T00:00:00.000Z', 4, 25],
    ]);
    // Rates use each group's own length: 3 in 168 hours; 4 in October's 31 days (744 hours).
    expect(m.weekly[0]!.stats.rate).toBeCloseTo(3 / 168, 12);
    expect(m.monthly[0]!.stats.rate).toBeCloseTo(4 / 744, 12);
    expect(m.monthly[0]!.stats.mean).toBe(265);
  });

  it('leaves out the week and the month the feed began or stopped in, whose rates would read as falls', async () => {
    // 24 cases a day at noon from Wednesday, Sep 16 to Tuesday, Oct 20; the feed stops there (stale at AT).
    const cases: MemoryEvent[] = [];
    for (let day = Date.parse('2026-09-16T12:00:00Z'); day <= Date.parse('2026-10-20T12:00:00Z'); day += 86_400_000) cases.push({ metric: 'cases', ts: new Date(day).toISOString(), value: 24 });
    const counter = kpi({ kind: 'counter', metric: 'cases', stat: 'rate' });
    const batch = createRequestBatch();
    const finish = planKpi(counter, { program: 'p', at: AT, minEvents: 1, expectedIntervalSeconds: 3600, suppressBelow: 0 }, batch);
    batch.answer(await memoryReader(cases).aggregateMany(batch.requests));
    const m = finish(new Map([['cases', new Date('2026-10-20T12:00:00Z')]]));
    // Whole weeks only: Sep 21 … Oct 12 (Sep 14 began on the 16th; Oct 19 stopped on the 20th; Oct 26 is under way).
    expect(m.weekly.map((p) => p.start.slice(0, 10))).toEqual(['2026-09-21', '2026-09-28', '2026-10-05', '2026-10-12']);
    // Each a true rate: 7 × 24 cases in 168 hours.
    for (const week of m.weekly) expect(week.stats.rate).toBeCloseTo(1, 12);
    // No whole month: September began on the 16th, October stopped on the 20th.
    expect(m.monthly).toEqual([]);
  });

  it('suppresses a small week and keeps a small day from being worked out from its week', async () => {
    const counter = kpi({ kind: 'counter', metric: 'cases', stat: 'sum' });
    const m = await model(counter, [
      // The feed begins on Oct 1, so October is whole.
      { metric: 'cases', ts: '2026-10-01T09:00:00Z', value: 50 },
      // Week of Oct 5: 4 cases in all, a small cell.
      { metric: 'cases', ts: '2026-10-06T09:00:00Z', value: 4 },
      // Week of Oct 19: 40 on Monday, 3 on Tuesday: the week (43) minus Monday would give Tuesday away.
      { metric: 'cases', ts: '2026-10-19T09:00:00Z', value: 40 },
      { metric: 'cases', ts: '2026-10-20T09:00:00Z', value: 3 },
    ]);
    const week = (start: string) => m.weekly.find((p) => p.start === start)!;
    expect([week('2026-10-05T00:00:00.000Z').suppressed, week('2026-10-05T00:00:00.000Z').value]).toEqual(['small-cell', null]);
    const day = (start: string) => m.daily.find((p) => p.start === start)!;
    expect(day('2026-10-20T00:00:00.000Z').suppressed).toBe('small-cell');
    // Either the week or Monday is withheld: no published sum gives Tuesday's 3 away.
    const weekOf19 = week('2026-10-19T00:00:00.000Z');
    expect(weekOf19.suppressed !== null || day('2026-10-19T00:00:00.000Z').suppressed !== null).toBe(true);
    const october = m.monthly.find((p) => p.start === '2026-10-01T00:00:00.000Z')!;
    const published = (value: number | null) => value !== null;
    // October's 97 minus every published day of it must not give a hidden day away.
    const hiddenDays = m.daily.filter((p) => p.start.startsWith('2026-10') && p.suppressed !== null);
    expect(published(october.value) ? hiddenDays.length : 2).toBeGreaterThanOrEqual(2);
  });
});

describe('a window the feed stopped in', () => {
  // 50 cases a day at noon, Oct 18 to Oct 28; the feed stops after Oct 28 and AT is Nov 1.
  const events: MemoryEvent[] = [];
  for (let d = 18; d <= 28; d++) for (let i = 0; i < 50; i++) events.push({ metric: 'cases', ts: `2026-10-${d}T12:${String(i).padStart(2, '0')}:00Z`, value: 1 });
  const newest = new Map([['cases', new Date('2026-10-28T12:49:00Z')]]);
  const run = async (k: Kpi) => {
    const batch = createRequestBatch();
    const finish = planKpi(k, { program: 'p', at: AT, minEvents: 1, expectedIntervalSeconds: 3600, suppressBelow: 0 }, batch);
    batch.answer(await memoryReader(events).aggregateMany(batch.requests));
    return finish(newest);
  };

  it('is partial, and its rate is not compared with the window before: less was sent, not less done', async () => {
    const m = await run(kpi({ kind: 'counter', metric: 'cases', stat: 'rate', rate_per: '1d' }));
    const week = m.windows.find((w) => w.window === '7d')!;
    // Oct 25 to Nov 1: 4 days of 50 = 200 cases over 7 days = 28.57 a day; the week before (Oct 18–25) 350 = 50 a day.
    expect(week.partial).toBe(true);
    expect(week.value).toBeCloseTo(200 / 7, 9);
    expect(week.previous.value).toBeCloseTo(50, 9);
    expect(week.change).toBeNull();
    // The 24 h window holds no data at all: not partial, just empty.
    expect(m.windows.find((w) => w.window === '24h')!.partial).toBe(false);
  });

  it('keeps the change of a statistic per event, which a shorter feed does not bias', async () => {
    const m = await run(kpi({ kind: 'distribution', metric: 'cases', stat: 'p50' }));
    const week = m.windows.find((w) => w.window === '7d')!;
    expect(week.partial).toBe(true);
    expect(week.change).toEqual({ absolute: 0, relative: 0 });
  });

  it('a window whose feed began inside it, or inside the window before, is partial too', async () => {
    // The first data is on Oct 18: the 30-day window (Oct 2 – Nov 1) began with no data, and its previous window (Sep 2 – Oct 2) holds none.
    const m = await run(kpi({ kind: 'counter', metric: 'cases', stat: 'rate', rate_per: '1d' }));
    const month = m.windows.find((w) => w.window === '30d')!;
    expect([month.partial, month.previous.partial, month.change]).toEqual([true, false, null]);
    // 14 days from Oct 18: the 7-day window before the last one (Oct 18–25) is whole, the one before that (Oct 11–18) is not reached.
    const week = m.windows.find((w) => w.window === '7d')!;
    expect(week.previous.partial).toBe(false);
  });

  it('compares no count or rate around an annotation whose side the feed began or stopped in', async () => {
    // Around Oct 25: the 7 days before (Oct 18–25, fewer than 28 because AT is near) are whole; the 7 after hold the stop on Oct 28.
    const batch = createRequestBatch();
    const context = { program: 'p', at: AT, minEvents: 1, expectedIntervalSeconds: 3600, suppressBelow: 0, annotationDates: ['2026-10-25'] };
    const finishRate = planKpi(kpi({ kind: 'counter', metric: 'cases', stat: 'rate', rate_per: '1d' }), context, batch);
    const finishMedian = planKpi(kpi({ kind: 'distribution', metric: 'cases', stat: 'p50' }), context, batch);
    batch.answer(await memoryReader(events).aggregateMany(batch.requests));
    const [rate] = finishRate(newest).around_annotations;
    expect([rate!.before.partial, rate!.after.partial, rate!.change]).toEqual([false, true, null]);
    expect(rate!.before.value).toBeCloseTo(50, 9);
    const [median] = finishMedian(newest).around_annotations;
    expect(median!.change).toEqual({ absolute: 0, relative: 0 });
  });

  it('is not partial while the feed is fresh', async () => {
    const batch = createRequestBatch();
    const finish = planKpi(kpi({ kind: 'counter', metric: 'cases', stat: 'rate', rate_per: '1d' }), { program: 'p', at: new Date('2026-10-28T13:00:00Z'), minEvents: 1, expectedIntervalSeconds: 3600, suppressBelow: 0 }, batch);
    batch.answer(await memoryReader(events).aggregateMany(batch.requests));
    const windows = finish(newest).windows;
    // The last 24 hours and the 24 before them are whole: compared.
    const day = windows.find((w) => w.window === '24h')!;
    expect([day.partial, day.previous.partial]).toEqual([false, false]);
    expect(day.change).not.toBeNull();
    // The week before the last (Oct 14, 13:00 to Oct 21, 13:00) holds the feed's start, Oct 18: not compared.
    const week = windows.find((w) => w.window === '7d')!;
    expect([week.partial, week.previous.partial, week.change]).toEqual([false, true, null]);
  });
});
