import { describe, expect, it } from 'vitest';
import { acknowledge, resolveByHand, type Incident } from '../../../src/core/alerts/incidents.ts';
import { publicIncident, publishedIncidents } from '../../../src/core/alerts/public-incidents.ts';
import { IncidentModelSchema } from '../../../src/core/schemas/model.ts';

const iso = (time: string) => `2026-10-27T${time}:00.000Z`;

/**
 * An incident as the alert job leaves it in its state file: every kind of timeline line, written
 * with the texts core/alerts/incidents.ts and adapters/alerts/incident-actions.ts write.
 */
function stateIncident(fields: Partial<Incident> = {}): Incident {
  return {
    id: 'INC-20261027-76e5cb',
    program: 'opm-docket-api',
    rule: 'docket-latency-high',
    fingerprint: '32dd013ee811b337',
    labels: { alertname: 'docket-latency-high', program: 'opm-docket-api', severity: 'critical', team: 'docket', owner: 'ana.ruiz' },
    severity: 'critical',
    title: 'Docket API p95 latency is 5877.7 ms over 1m (limit 500 ms)',
    status: 'resolved',
    openedAt: iso('14:03'),
    startedAt: iso('14:01'),
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: iso('16:31'),
    resolvedBy: 'alert',
    playbook: 'docket-latency.md',
    runbookUrl: 'https://wiki.opm.example.gov/runbooks/docket',
    traceIds: ['778e6fd040863d89bda5b21e6c2c7b60'],
    public: true,
    ruleFile: 'rules/alerts/opm-docket-api.yaml',
    ruleSha256: '2170c298ce35a7a928cc02eec6e0262b3dda2210f0a679141783eb9f9cd5abf6',
    actions: [],
    timeline: [
      { at: iso('14:01'), kind: 'pending', text: 'condition started holding (pending)' },
      { at: iso('14:03'), kind: 'firing', text: 'alert fired (value 5878)' },
      { at: iso('14:03'), kind: 'notification', text: 'firing notice sent to docket-pager (alertmanager), on call: Ana Ruiz' },
      { at: iso('14:03'), kind: 'action', text: 'rollback dry-run: would POST $OPM_CICD_ROLLBACK_URL (dry run: set enabled: true on the rule\'s action to roll back for real)' },
      { at: iso('14:05'), kind: 'note', text: 'rollback not run: rule docket-latency-high last rolled back at 2026-10-27T13:30:00.000Z' },
      { at: iso('14:10'), kind: 'action', text: 'rollback started: POST https://cicd.opm.example.gov/rollback?token=s3cret' },
      { at: iso('14:11'), kind: 'action', text: 'rollback failed: HTTP 500 from https://cicd.opm.example.gov/rollback' },
      { at: iso('14:20'), kind: 'action', text: 'rollback unknown: the job stopped while the rollback ran; it is not run again: check the deployment by hand' },
      { at: iso('14:21'), kind: 'action', text: 'ticket failed: HTTP 503 from https://tickets.opm.example.gov' },
      { at: iso('14:22'), kind: 'action', text: 'ticket succeeded: created TICKET-4411 assigned to Ben Okafor' },
      { at: iso('14:25'), kind: 'action', text: 'rollback succeeded: release 2026.10.3 restored by Chen Li' },
      { at: iso('14:30'), kind: 'firing', text: 'firing again (value 6120)' },
      { at: iso('16:31'), kind: 'resolved', text: 'alert resolved: the condition no longer holds' },
    ],
    ...fields,
  };
}

describe('publicIncident', () => {
  it('keeps what happened and when: the condition, the firings, the actions that ran, the resolution', () => {
    const shown = publicIncident(stateIncident());
    expect(IncidentModelSchema.parse(shown)).toEqual(shown);
    expect(shown).toEqual({
      id: 'INC-20261027-76e5cb',
      program: 'opm-docket-api',
      rule: 'docket-latency-high',
      title: 'Docket API p95 latency is 5877.7 ms over 1m (limit 500 ms)',
      severity: 'critical',
      status: 'resolved',
      acknowledged: false,
      started_at: iso('14:01'),
      opened_at: iso('14:03'),
      resolved_at: iso('16:31'),
      timeline: [
        { at: iso('14:01'), kind: 'pending', text: 'the alert condition started holding (pending)' },
        { at: iso('14:03'), kind: 'firing', text: 'alert fired (value 5878)' },
        { at: iso('14:10'), kind: 'action', text: 'a rollback was started' },
        { at: iso('14:11'), kind: 'action', text: 'a rollback failed' },
        { at: iso('14:22'), kind: 'action', text: 'a review task was opened' },
        { at: iso('14:25'), kind: 'action', text: 'a rollback succeeded' },
        { at: iso('14:30'), kind: 'firing', text: 'firing again (value 6120)' },
        { at: iso('16:31'), kind: 'resolved', text: 'alert resolved: the condition no longer holds' },
      ],
    });
  });

  it('never lets out names, notes, notifications, trace ids, other labels, playbooks, URLs or the rule file and hash', () => {
    const worked = resolveByHand(acknowledge(stateIncident({ status: 'open', resolvedAt: null, resolvedBy: null, timeline: stateIncident().timeline.slice(0, -1) }), 'Ana Ruiz', new Date(iso('14:06')), 'Ben Okafor is failing the database over'), 'Chen Li', new Date(iso('16:40')), 'replica promoted by Chen');
    const text = JSON.stringify(publicIncident(worked));
    for (const secret of ['Ana', 'Ruiz', 'Ben', 'Okafor', 'Chen', 'docket-pager', 'alertmanager', 'on call', '778e6fd040863d89', '"team"', '"owner"', 'ana.ruiz', 'docket-latency.md', 'wiki.opm', 'https:', 'cicd', 's3cret', 'TICKET-4411', 'dry', 'would POST', 'cooldown', 'last rolled back', 'unknown', '2170c298', 'rules/alerts', 'fingerprint', '32dd013ee811b337']) {
      expect(text, secret).not.toContain(secret);
    }
    expect(Object.keys(publicIncident(worked)).sort()).toEqual(['acknowledged', 'id', 'opened_at', 'program', 'resolved_at', 'rule', 'severity', 'started_at', 'status', 'timeline', 'title']);
    // in time order, though the acknowledgement was written after later evaluations' lines
    expect(publicIncident(worked).timeline.map((e) => e.at)).toEqual([...publicIncident(worked).timeline.map((e) => e.at)].sort());
    expect(publicIncident(worked).timeline.filter((e) => e.kind === 'acknowledged' || e.kind === 'resolved')).toEqual([
      { at: iso('14:06'), kind: 'acknowledged', text: 'acknowledged by the on-call team' },
      { at: iso('16:40'), kind: 'resolved', text: 'resolved by the on-call team' },
    ]);
  });

  it('an acknowledged incident is open, with acknowledged: true and no resolution time', () => {
    const acknowledged = acknowledge(stateIncident({ status: 'open', resolvedAt: null, resolvedBy: null }), 'Ana Ruiz', new Date(iso('14:06')));
    expect(acknowledged.status).toBe('acknowledged');
    expect(publicIncident(acknowledged)).toMatchObject({ status: 'open', acknowledged: true, resolved_at: null });
    expect(publicIncident(stateIncident({ status: 'open', resolvedAt: null, resolvedBy: null }))).toMatchObject({ status: 'open', acknowledged: false });
  });

  it('a firing line whose text is not the job\u2019s own is replaced, not passed through', () => {
    const odd = stateIncident({ timeline: [{ at: iso('14:03'), kind: 'firing', text: 'alert fired, paged Ana Ruiz' }] });
    expect(publicIncident(odd).timeline).toEqual([{ at: iso('14:03'), kind: 'firing', text: 'alert fired' }]);
  });
});

describe('publishedIncidents', () => {
  const program = { id: 'opm-docket-api', public: true };
  const a = stateIncident({ id: 'INC-20261027-aaaaaa', startedAt: iso('14:01'), openedAt: iso('14:01') });
  const b = stateIncident({ id: 'INC-20261027-bbbbbb', startedAt: iso('14:01'), openedAt: iso('14:03') });
  const c = stateIncident({ id: 'INC-20261027-cccccc', startedAt: iso('14:03'), openedAt: iso('14:03') });
  const d = stateIncident({ id: 'INC-20261027-dddddd', startedAt: iso('14:03'), openedAt: iso('14:03') });

  it.each([
    ['a private rule\u2019s incident is left out', [stateIncident({ id: 'INC-20261027-b0b95f', public: false, rule: 'docket-errors-high' })], program, []],
    ['another program\u2019s incident is left out', [stateIncident({ program: 'cms-eligibility' })], program, []],
    ['a program that is not public publishes none, even of a public rule', [a], { id: 'opm-docket-api', public: false }, []],
    ['incidents come newest first: by start, then opening, then id', [a, d, b, c], program, ['INC-20261027-cccccc', 'INC-20261027-dddddd', 'INC-20261027-bbbbbb', 'INC-20261027-aaaaaa']],
  ])('%s', (_, incidents, owner, expected) => {
    expect(publishedIncidents(incidents, owner).map((incident) => incident.id)).toEqual(expected);
  });

  it('gives the same order whatever the order of the state file', () => {
    expect(publishedIncidents([d, c, b, a], program)).toEqual(publishedIncidents([a, b, c, d], program));
  });
});
