import { describe, expect, it } from 'vitest';
import { sloMask } from '../../../src/core/model/slo-suppression.ts';
import type { KpiModel, SeriesPoint } from '../../../src/core/schemas/model.ts';
import { SloSchema } from '../../../src/core/schemas/slo.ts';
import { waitKpi } from '../../fixtures/model/small-model.ts';

const AT = new Date('2026-11-01T00:00:00Z');
const HOUR = 3_600_000;
const DAY = 86_400_000;
const t = (iso: string) => Date.parse(iso);
const point = (start: string, suppressed: SeriesPoint['suppressed'] = null): SeriesPoint => ({ start, n: suppressed ? null : 50, sufficient: true, suppressed, exact: true, value: suppressed ? null : 1, stats: {} });

/**
 * A KPI of `calls.wait_s` suppressed at 10 whose days from Oct 20 to Oct 31 and hours of Oct 31 are
 * published except those listed as withheld; its 7-day window (Oct 25 to Nov 1) is withheld or not.
 */
function kpi({ days = [] as string[], hours = [] as string[], week = false } = {}): KpiModel {
  const base = waitKpi();
  const dayPoints = Array.from({ length: 12 }, (_, i) => new Date(t('2026-10-20T00:00:00Z') + i * DAY).toISOString()).map((start) => point(start, days.includes(start.slice(0, 10)) ? 'complementary' : null));
  const hourPoints = Array.from({ length: 24 }, (_, i) => new Date(t('2026-10-31T00:00:00Z') + i * HOUR).toISOString()).map((start) => point(start, hours.includes(start.slice(11, 13)) ? 'small-cell' : null));
  const window = (name: string, start: string, suppressed: SeriesPoint['suppressed']) => ({
    window: name, start, end: AT.toISOString(), n: null, sufficient: true, suppressed, exact: true, value: null, meets_target: null, stats: {},
    previous: { n: null, value: null, suppressed: null, partial: false }, partial: false, change: null,
  });
  return { ...base, suppress_below: 10, daily: dayPoints, hourly: hourPoints, windows: [window('7d', '2026-10-25T00:00:00.000Z', week ? 'complementary' : null)] };
}

const threshold = SloSchema.parse({ id: 's', program: 'p', name: 'S', public: true, objective: 0.9, window: '28d', sli: { type: 'threshold', metric: 'calls.wait_s', threshold: 60, op: 'le' } });
const ratio = SloSchema.parse({ id: 'r', program: 'p', name: 'R', public: true, objective: 0.9, window: '28d', sli: { type: 'ratio', good: ['calls.ok'], total: ['calls.wait_s'] } });
const slices = SloSchema.parse({ id: 'm', program: 'p', name: 'M', public: true, objective: 0.9, window: '28d', budgeting: 'timeslices', slice: '1m', sli: { type: 'threshold', metric: 'calls.wait_s', threshold: 60, op: 'le' } });
const many = { good: 400, total: 500 };

describe('the small-cell mask of an SLO that counts a suppressed KPI\u2019s events', () => {
  it('is none when no KPI under suppression reads the SLO\u2019s metrics', () => {
    expect(sloMask(threshold, [{ ...kpi(), metrics: ['other'] }], AT)).toBeNull();
    expect(sloMask(threshold, [{ ...kpi({ days: ['2026-10-30'] }), suppress_below: 0 }], AT)).toBeNull();
    expect(sloMask(threshold, [kpi()], AT)).not.toBeNull();
  });

  it('publishes a figure whose interval touches no withheld cell, and withholds a small one', () => {
    const mask = sloMask(threshold, [kpi({ days: ['2026-10-21'] })], AT)!;
    expect(mask.mark(t('2026-10-25T00:00:00Z'), AT.getTime(), many)).toBeNull();
    // A threshold SLI's total is the KPI's count: 7 of them is a small cell; its good count is no KPI's.
    expect(mask.mark(t('2026-10-25T00:00:00Z'), AT.getTime(), { good: 7, total: 7 })).toBe('small-cell');
    expect(mask.mark(t('2026-10-25T00:00:00Z'), AT.getTime(), { good: 3, total: 500 })).toBeNull();
    // A ratio SLI's good and bad are sums of the KPI's metrics as well.
    expect(sloMask(ratio, [kpi()], AT)!.mark(t('2026-10-25T00:00:00Z'), AT.getTime(), { good: 497, total: 500 })).toBe('small-cell');
    expect(sloMask(ratio, [kpi()], AT)!.mark(t('2026-10-25T00:00:00Z'), AT.getTime(), { good: 450, total: 500 })).toBeNull();
  });

  it('withholds an interval over a withheld day that hours cannot split (the day before the hourly series)', () => {
    const mask = sloMask(threshold, [kpi({ days: ['2026-10-30'] })], AT)!;
    // Oct 30 has no hourly points here (they are zero, published): it is the sum of published hours, so
    // a sum over it adds nothing. A window of whole days around it then publishes.
    expect(mask.mark(t('2026-10-29T00:00:00Z'), AT.getTime(), many)).toBeNull();
    // A day before the hourly series' reach (90 days) has no hours to split it into.
    const old = kpi();
    old.daily = [point('2026-07-01T00:00:00.000Z', 'complementary'), ...old.daily];
    const oldMask = sloMask(threshold, [old], AT)!;
    expect(oldMask.mark(t('2026-06-30T00:00:00Z'), t('2026-07-03T00:00:00Z'), many)).toBe('complementary');
    expect(oldMask.mark(t('2026-07-02T00:00:00Z'), t('2026-07-03T00:00:00Z'), many)).toBeNull();
  });

  it('publishes whole published days around withheld hours, but not a part of a day that holds one', () => {
    const mask = sloMask(threshold, [kpi({ hours: ['03'] })], AT)!;
    // Oct 31 is published: the last 3 days are three published days, whatever their hours.
    expect(mask.mark(t('2026-10-29T00:00:00Z'), AT.getTime(), many)).toBeNull();
    // The last 6 hours are published hours; the last 22 hours hold the withheld 03:00.
    expect(mask.mark(AT.getTime() - 6 * HOUR, AT.getTime(), many)).toBeNull();
    expect(mask.mark(AT.getTime() - 22 * HOUR, AT.getTime(), many)).toBe('complementary');
    // Oct 30 18:00 to Nov 1: the 6 hours of Oct 30 (zeros here) and the whole of Oct 31.
    expect(mask.mark(t('2026-10-30T18:00:00Z'), AT.getTime(), many)).toBeNull();
    // Part of an hour: publishable when the hour is published, not when it is withheld.
    expect(mask.mark(t('2026-10-31T05:30:00Z'), t('2026-10-31T06:00:00Z'), many)).toBeNull();
    expect(mask.mark(t('2026-10-31T03:30:00Z'), t('2026-10-31T04:00:00Z'), many)).toBe('complementary');
  });

  it('refines a withheld day into its hours: published when all are, withheld when one is not', () => {
    expect(sloMask(threshold, [kpi({ days: ['2026-10-31'] })], AT)!.mark(t('2026-10-29T00:00:00Z'), AT.getTime(), many)).toBeNull();
    expect(sloMask(threshold, [kpi({ days: ['2026-10-31'], hours: ['12'] })], AT)!.mark(t('2026-10-29T00:00:00Z'), AT.getTime(), many)).toBe('complementary');
  });

  it('publishes an interval that is a published KPI window even when it holds withheld cells', () => {
    const mask = sloMask(threshold, [kpi({ days: ['2026-10-27', '2026-10-31'], hours: ['04'] })], AT)!;
    expect(mask.mark(t('2026-10-25T00:00:00Z'), AT.getTime(), many)).toBeNull();
    // Oct 24 to Nov 1 is no published cell: it splits into days, Oct 31 into hours, and 04:00 is withheld.
    expect(mask.mark(t('2026-10-24T00:00:00Z'), AT.getTime(), many)).toBe('complementary');
    // A withheld window is no shortcut, and parts of hours inside it touch it.
    const withheldWeek = sloMask(threshold, [kpi({ days: ['2026-10-27'], week: true })], AT)!;
    expect(withheldWeek.mark(t('2026-10-25T00:00:00Z'), AT.getTime(), many)).toBe('complementary');
    expect(withheldWeek.mark(t('2026-10-31T05:30:00Z'), t('2026-10-31T06:00:00Z'), many)).toBe('complementary');
  });

  it('withholds a time-slice SLO\u2019s figure whenever its interval touches a withheld cell: slices are no sums of cells', () => {
    const mask = sloMask(slices, [kpi({ hours: ['03'] })], AT)!;
    expect(mask.mark(t('2026-10-29T00:00:00Z'), t('2026-10-31T00:00:00Z'), null)).toBeNull();
    expect(mask.mark(t('2026-10-29T00:00:00Z'), AT.getTime(), null)).toBe('complementary');
    // Slices counted are not events: a count of 3 slices is no small cell.
    expect(mask.mark(t('2026-10-29T00:00:00Z'), t('2026-10-31T00:00:00Z'), { good: 3, total: 3 })).toBeNull();
  });

  it('takes every linked KPI: withheld when any would be given away, at the highest threshold', () => {
    const other = { ...kpi({ hours: ['03'] }), id: 'other', suppress_below: 20 };
    const mask = sloMask(threshold, [kpi(), other], AT)!;
    expect(mask.mark(AT.getTime() - 22 * HOUR, AT.getTime(), many)).toBe('complementary');
    expect(mask.mark(t('2026-10-25T00:00:00Z'), AT.getTime(), { good: 15, total: 15 })).toBe('small-cell');
  });
});
