import { expect, it } from 'vitest';
import { incidentChanges, statusChanges } from '../../../src/core/exports/status-feed.ts';
import { smallProgram } from '../../fixtures/model/small-model.ts';

it('lists each change of an SLO\u2019s daily status once, newest first, with a stable id', () => {
  // history: breach (Oct 30) → ok (Oct 31) → ok (Nov 1): one change
  expect(statusChanges('https://perf.example.gov', smallProgram())).toEqual([{
    id: 'https://perf.example.gov/programs/benefits/#slo-answer-60s-20261031T000000Z',
    title: 'Benefit calls: =Answered within 60 s is on track',
    summary: '=Answered within 60 s changed from not met (breach) to on track as of 2026-10-31T00:00:00Z: 94.00% of calls good (goal 90.00%) over its 28d window.',
    date: '2026-10-31T00:00:00.000Z',
    link: 'https://perf.example.gov/programs/benefits/',
  }]);
});

it('has an entry when an incident opens and one when it resolves, linking to it on the program page', () => {
  const program = smallProgram();
  program.incidents = [
    { id: 'INC-20261031-bbbbbb', program: 'benefits', rule: 'wait-high', title: 'Wait over 60 s', severity: 'critical', status: 'open', acknowledged: true, started_at: '2026-10-31T20:00:00.000Z', opened_at: '2026-10-31T20:02:00.000Z', resolved_at: null, timeline: [] },
    { id: 'INC-20261030-aaaaaa', program: 'benefits', rule: 'wait-high', title: 'Wait over 60 s', severity: 'critical', status: 'resolved', acknowledged: false, started_at: '2026-10-30T09:58:00.000Z', opened_at: '2026-10-30T10:00:00.000Z', resolved_at: '2026-10-30T11:01:00.000Z', timeline: [] },
  ];
  const entries = incidentChanges('https://perf.example.gov/', program);
  expect(entries.map((e) => [e.date, e.id])).toEqual([
    ['2026-10-31T20:02:00.000Z', 'https://perf.example.gov/programs/benefits/#incident-INC-20261031-bbbbbb-opened'],
    ['2026-10-30T11:01:00.000Z', 'https://perf.example.gov/programs/benefits/#incident-INC-20261030-aaaaaa-resolved'],
    ['2026-10-30T10:00:00.000Z', 'https://perf.example.gov/programs/benefits/#incident-INC-20261030-aaaaaa-opened'],
  ]);
  expect(entries[1]).toEqual({
    id: 'https://perf.example.gov/programs/benefits/#incident-INC-20261030-aaaaaa-resolved',
    title: 'Benefit calls: incident resolved: Wait over 60 s',
    // 09:58 → 11:01 = 63 minutes
    summary: 'Incident INC-20261030-aaaaaa (critical) was resolved at 2026-10-30T11:01:00Z, 63 minutes after it started (2026-10-30T09:58:00Z).',
    date: '2026-10-30T11:01:00.000Z',
    link: 'https://perf.example.gov/programs/benefits/#incident-INC-20261030-aaaaaa',
  });
  expect(entries[0]!.summary).toBe('Incident INC-20261031-bbbbbb (critical) was opened at 2026-10-31T20:02:00Z when the alert wait-high fired; its condition had held since 2026-10-31T20:00:00Z. Wait over 60 s.');
});
