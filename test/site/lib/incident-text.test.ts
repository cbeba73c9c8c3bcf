import { describe, expect, it } from 'vitest';
import { formatDuration, incidentLabels, incidentStatusText, joinLabels } from '../../../src/site/lib/incident-text.ts';
import type { IncidentModel } from '../../../src/core/schemas/model.ts';

const incident = (id: string, started: string, opened = started): IncidentModel => ({
  id, program: 'p', rule: 'r', title: 't', severity: 'critical', status: 'open', acknowledged: false, started_at: started, opened_at: opened, resolved_at: null, timeline: [],
});

describe('incident texts', () => {
  it.each([[0, '0 min'], [45, '45 min'], [60, '1 h'], [150, '2 h 30 min'], [1440, '1 d'], [3000, '2 d 2 h'], [59.6, '1 h']])('%d minutes is %s', (minutes, text) => {
    expect(formatDuration(minutes)).toBe(text);
  });

  it('labels incidents from the oldest, by start, then opening, then id, whatever their order', () => {
    const labels = incidentLabels([incident('c', '2026-10-27T14:03:00Z'), incident('b', '2026-10-27T14:01:00Z', '2026-10-27T14:03:00Z'), incident('a', '2026-10-27T14:01:00Z')]);
    expect([...labels.entries()]).toEqual([['a', 'I1'], ['b', 'I2'], ['c', 'I3']]);
  });

  it.each([[['I2'], 'I2'], [['I2', 'I1'], 'I1, I2'], [['I3', 'I1', 'I2'], 'I1–I3'], [['I1', 'I4', 'I2'], 'I1, I2, I4']])('joins %j as %s', (labels, text) => {
    expect(joinLabels(labels)).toBe(text);
  });

  it('says an acknowledged incident is ongoing: the status is never only a colour or an icon', () => {
    expect(incidentStatusText({ status: 'open', acknowledged: true })).toBe('Ongoing, acknowledged');
    expect(incidentStatusText({ status: 'open', acknowledged: false })).toBe('Ongoing');
    expect(incidentStatusText({ status: 'resolved', acknowledged: true })).toBe('Resolved');
  });
});
