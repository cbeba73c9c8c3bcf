import { describe, expect, it } from 'vitest';
import { combineCoverage, planWindow, type MetricCoverage, type WindowPlan } from '../../src/core/metric-reader.ts';

const at = (iso: string) => new Date(iso);
const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;
const seg = (seconds: number, start: string, end: string) => ({ seconds, start: at(start), end: at(end) });

describe('planWindow', () => {
  // Raw events since 1 March; minute, hour and day rollups for all time.
  const full: MetricCoverage = { rawSince: at('2026-03-01T00:00:00Z'), levels: [MINUTE, HOUR, DAY] };

  it.each(Object.entries({
    'raw events when they cover the whole window': { coverage: full, start: '2026-03-05T00:00:00Z', end: '2026-03-06T00:00:00Z', plan: { source: 'events' } },
    'raw events when they start exactly at the window start': { coverage: full, start: '2026-03-01T00:00:00Z', end: '2026-03-02T00:00:00Z', plan: { source: 'events' } },
    'day rollups for a window before the raw events that starts and ends at UTC midnight': { coverage: full, start: '2026-02-01T00:00:00Z', end: '2026-03-01T00:00:00Z', plan: { source: 'rollups', segments: [seg(DAY, '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z')] } },
    'hour rollups when both edges are on the hour and no whole day fits': { coverage: full, start: '2026-02-01T06:00:00Z', end: '2026-02-02T06:00:00Z', plan: { source: 'rollups', segments: [seg(HOUR, '2026-02-01T06:00:00Z', '2026-02-02T06:00:00Z')] } },
    'whole days in the middle and hours at the edge when only the end is at midnight': { coverage: full, start: '2026-02-01T06:00:00Z', end: '2026-03-02T00:00:00Z', plan: { source: 'rollups', segments: [seg(HOUR, '2026-02-01T06:00:00Z', '2026-02-02T00:00:00Z'), seg(DAY, '2026-02-02T00:00:00Z', '2026-03-02T00:00:00Z')] } },
    'hours in the middle and minutes at both edges when the edges are on the half hour': { coverage: full, start: '2026-02-01T06:30:00Z', end: '2026-02-02T06:30:00Z', plan: { source: 'rollups', segments: [seg(MINUTE, '2026-02-01T06:30:00Z', '2026-02-01T07:00:00Z'), seg(HOUR, '2026-02-01T07:00:00Z', '2026-02-02T06:00:00Z'), seg(MINUTE, '2026-02-02T06:00:00Z', '2026-02-02T06:30:00Z')] } },
    'only whole buckets when no level lines up with an edge': { coverage: full, start: '2026-02-01T06:00:30Z', end: '2026-02-02T06:00:30Z', plan: { source: 'rollups', segments: [seg(MINUTE, '2026-02-01T06:01:00Z', '2026-02-01T07:00:00Z'), seg(HOUR, '2026-02-01T07:00:00Z', '2026-02-02T06:00:00Z')] } },
    'whole hours only when there are no minutes': { coverage: { rawSince: null, levels: [DAY, HOUR] }, start: '2026-02-01T06:00:30Z', end: '2026-02-02T06:00:30Z', plan: { source: 'rollups', segments: [seg(HOUR, '2026-02-01T07:00:00Z', '2026-02-02T06:00:00Z')] } },
    'no plan without any data': { coverage: { rawSince: null, levels: [] }, start: '2026-02-01T00:00:00Z', end: '2026-03-01T00:00:00Z', plan: { source: 'none' } },
    'partial raw events when there are no rollups': { coverage: { rawSince: at('2026-03-01T00:00:00Z'), levels: [] }, start: '2026-02-01T00:00:00Z', end: '2026-03-05T00:00:00Z', plan: { source: 'events' } },
  } as Record<string, { coverage: MetricCoverage; start: string; end: string; plan: WindowPlan }>))('%s', (_, { coverage, start, end, plan }) => {
    expect(planWindow(coverage, at(start), at(end))).toEqual(plan);
  });

  it.each(Object.entries({
    'an hourly series uses hour rollups even when the window lines up with days': { step: HOUR, plan: { source: 'rollups', segments: [seg(HOUR, '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z')] } },
    'a daily series uses day rollups': { step: DAY, plan: { source: 'rollups', segments: [seg(DAY, '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z')] } },
    // 1800 is not a multiple of 3600 or 86 400; only minutes divide it
    'a half-hour series can only use minute rollups': { step: 1800, plan: { source: 'rollups', segments: [seg(MINUTE, '2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z')] } },
  } as Record<string, { step: number; plan: WindowPlan }>))('%s', (_, { step, plan }) => {
    expect(planWindow(full, at('2026-02-01T00:00:00Z'), at('2026-03-01T00:00:00Z'), step)).toEqual(plan);
  });

  it.each(Object.entries({
    'falls back to partial raw events when no rollup level fits the step': { coverage: { rawSince: at('2026-03-01T00:00:00Z'), levels: [HOUR, DAY] }, plan: { source: 'events' } },
    'has no plan when no rollup level fits the step and there are no raw events': { coverage: { rawSince: null, levels: [HOUR, DAY] }, plan: { source: 'none' } },
  } as Record<string, { coverage: MetricCoverage; plan: WindowPlan }>))('a half-hour series %s', (_, { coverage, plan }) => {
    expect(planWindow(coverage, at('2026-02-01T00:00:00Z'), at('2026-03-01T00:00:00Z'), 1800)).toEqual(plan);
  });
});

describe('combineCoverage', () => {
  it.each(Object.entries({
    'raw events start at the latest start of all, and only shared levels remain': {
      all: [
        { rawSince: at('2026-03-01T00:00:00Z'), levels: [MINUTE, HOUR] },
        { rawSince: at('2026-03-05T00:00:00Z'), levels: [HOUR, DAY] },
      ],
      combined: { rawSince: at('2026-03-05T00:00:00Z'), levels: [HOUR] },
    },
    'no raw events when one metric with data has none': {
      all: [
        { rawSince: at('2026-03-01T00:00:00Z'), levels: [HOUR, DAY] },
        { rawSince: null, levels: [HOUR] },
      ],
      combined: { rawSince: null, levels: [HOUR] },
    },
    'a metric with no data at all is ignored': {
      all: [
        { rawSince: at('2026-03-01T00:00:00Z'), levels: [HOUR] },
        { rawSince: null, levels: [] },
      ],
      combined: { rawSince: at('2026-03-01T00:00:00Z'), levels: [HOUR] },
    },
    'no metric with data gives no coverage': { all: [{ rawSince: null, levels: [] }], combined: { rawSince: null, levels: [] } },
    'no metrics give no coverage': { all: [], combined: { rawSince: null, levels: [] } },
  } as Record<string, { all: MetricCoverage[]; combined: MetricCoverage }>))('%s', (_, { all, combined }) => {
    expect(combineCoverage(all)).toEqual(combined);
  });
});
