import { expect, it } from 'vitest';
import { statusChanges } from '../../../src/core/exports/status-feed.ts';
import { smallProgram } from '../../fixtures/model/small-model.ts';

it('lists each change of an SLO\u2019s daily status once, newest first, with a stable id', () => {
  // history: breach (Oct 30) → ok (Oct 31) → ok (Nov 1): one change
  expect(statusChanges('https://perf.example.gov', smallProgram())).toEqual([{
    id: 'https://perf.example.gov/programs/benefits/#slo-answer-60s-20261031T000000Z',
    title: 'Benefit calls: =Answered within 60 s is on track',
    summary: '=Answered within 60 s changed from not met (breach) to on track as of 2026-10-31T00:00:00Z: 94.00 % of calls good (goal 90.00 %) over its 28d window.',
    date: '2026-10-31T00:00:00.000Z',
    link: 'https://perf.example.gov/programs/benefits/',
  }]);
});
