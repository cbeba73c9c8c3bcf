import { describe, expect, it } from 'vitest';
import type { KpiModel, ProgramModel, SloModel } from '../../../src/core/schemas/model.ts';
import { DASHBOARD_RANGE, kpiChart } from '../../../src/site/data/kpi-view.ts';
import { answerSlo, smallProgram, waitKpi } from '../../fixtures/model/small-model.ts';

// The small program's wait time: a p95 in seconds of calls.wait_s, target 60 s; its SLO: 90 % of calls within 60 s.
const within60 = { ...answerSlo(), sli: { type: 'threshold', metric: 'calls.wait_s', threshold: 60, op: 'le' } } satisfies SloModel;
const chartLine = (kpi: KpiModel, slos: SloModel[]) => {
  const program: ProgramModel = { ...smallProgram(), kpis: [kpi], slos };
  return /<text[^>]*>((?:target|SLO)[^<]*)<\/text>/.exec(kpiChart(program, kpi, DASHBOARD_RANGE).svg)?.[1] ?? null;
};

describe('the goal line of a KPI chart', () => {
  it('is the KPI\u2019s own target when it has one, even with an SLO on the same metric', () => {
    expect(chartLine(waitKpi(), [within60])).toBe('target 60 s');
  });

  it('is the threshold of the SLO that measures the KPI when the KPI has no target', () => {
    expect(chartLine({ ...waitKpi(), target: null }, [within60])).toBe('SLO threshold 60 s');
  });

  it('is the SLO\u2019s objective on the share within the same limit, counted the same way', () => {
    const share: KpiModel = { ...waitKpi(), stat: 'adherence', adherence_goal: null };
    expect(chartLine(share, [within60])).toBe('SLO goal 90%') // at the KPI's 0 decimals;
    // Another limit (within 30 s), or the other side of it (at least 60 s), is not the share this KPI shows.
    expect(chartLine(share, [{ ...within60, sli: { ...within60.sli, threshold: 30 } }])).toBeNull();
    expect(chartLine(share, [{ ...within60, sli: { ...within60.sli, op: 'ge' } }])).toBeNull();
  });

  it('is none for an SLO over other metrics, a ratio SLO, or a rate', () => {
    expect(chartLine({ ...waitKpi(), target: null }, [{ ...within60, sli: { ...within60.sli, metric: 'calls.other' } }])).toBeNull();
    expect(chartLine({ ...waitKpi(), target: null }, [{ ...within60, sli: { type: 'ratio', good: ['calls.wait_s'], total: ['calls.wait_s'] } }])).toBeNull();
    expect(chartLine({ ...waitKpi(), stat: 'rate' }, [within60])).toBeNull();
  });
});
