import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { CatalogSchema } from '../../src/core/schemas/dcat-us.ts';
import { AlertStateSchema } from '../../src/core/schemas/alert-state.ts';
import { SAMPLE_ALERTS } from './global-setup.ts';

// The sample build of test/site/global-setup.ts publishes the alert job's state after the OPM story:
// `hms-ops alert eval` at 14:01, 14:03 and 16:31 UTC on 2026-10-27 (with an acknowledgement by name
// at 14:10), then `hms-ops build --alerts <that state>`. The OPM program's zone is America/Denver
// (MDT, UTC−6, that day); its maintenance window is Sundays 02:00–04:00 America/New_York.
const sample = join(inject('siteBuilds'), 'sample');
const dist = join(sample, 'dist');
const state = AlertStateSchema.parse(JSON.parse(readFileSync(join(sample, SAMPLE_ALERTS, 'state.json'), 'utf8')));
const read = (file: string) => readFileSync(join(dist, file), 'utf8');
const files = readdirSync(dist, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
const page = read('programs/opm-docket-api/index.html');
const latency = state.incidents.find((incident) => incident.rule === 'docket-latency-high')!;
const privateOnes = state.incidents.filter((incident) => !incident.public);

describe('the OPM story in the alert state', () => {
  it('has the public docket-latency-high incident (acknowledged, resolved) and a private one', () => {
    expect(latency).toMatchObject({ status: 'resolved', startedAt: '2026-10-27T14:01:00.000Z', openedAt: '2026-10-27T14:03:00.000Z', resolvedAt: '2026-10-27T16:31:00.000Z', acknowledgedBy: 'Ana Ruiz', public: true });
    expect(latency.traceIds.length).toBeGreaterThan(0);
    expect(latency.timeline.map((e) => e.kind)).toEqual(['pending', 'firing', 'action', 'acknowledged', 'resolved']); // the action is the dry-run rollback
    expect(privateOnes.map((incident) => incident.rule)).toEqual(['docket-errors-high']);
  });
});

describe('incidents on the OPM program page', () => {
  const section = page.slice(page.indexOf('id="incidents-heading"'), page.indexOf('id="maintenance-heading"'));
  const item = section.slice(section.indexOf(`id="incident-${latency.id}"`), section.indexOf('</ol></li>', section.indexOf(`id="incident-${latency.id}"`)));

  it('lists the docket-latency-high incident: title, status in words, times in the program\u2019s zone, duration and its public timeline', () => {
    expect(item).toContain(`I2: ${latency.title}</h3>`);
    expect(item).toMatch(/<span class="status status--resolved"><svg[^>]*aria-hidden="true"[\s\S]*?<\/svg>Resolved<\/span>/);
    // 14:01Z = 8:01 AM MDT; 16:31Z = 10:31 AM MDT; 14:01 → 16:31 = 2 h 30 min
    expect(item).toContain('Started Oct 27, 2026, 8:01 AM MDT · Resolved Oct 27, 2026, 10:31 AM MDT · Duration: 2 h 30 min');
    expect(section).toContain('Times are in America/Denver.');
    const timeline = [...item.matchAll(/<li><time datetime="([^"]+)">[^<]*<\/time>: ([^<]*)<\/li>/g)].map((m) => [m[1], m[2]]);
    expect(timeline).toEqual([
      ['2026-10-27T14:01:00.000Z', 'the alert condition started holding (pending)'],
      ['2026-10-27T14:03:00.000Z', 'alert fired (value 5878)'],
      ['2026-10-27T14:10:00.000Z', 'acknowledged by the on-call team'],
      ['2026-10-27T16:31:00.000Z', 'alert resolved: the condition no longer holds'],
    ]);
  });

  it('shows the SLO page alerts\u2019 incidents as ongoing, and no private incident', () => {
    expect(section.match(/<li class="incident"/g)).toHaveLength(3);
    expect(section).toContain('opm-availability:page');
    expect(section).toContain('opm-latency-500ms:page');
    expect((section.match(/status--open/g) ?? []).length).toBe(2);
    // Open as of the alert job's last evaluation (16:31 UTC, 10:31 AM in Denver), not as of the data's time.
    expect(section).toMatch(/ongoing at the alert job(&#39;|')s last check, Oct 27, 2026, 10:31 AM MDT: 2 h 28 min so far/);
    expect(section).not.toContain('docket-errors-high');
  });

  it('a program without incidents says so and when the alert job last checked; a build without the alert job\u2019s records says it cannot show them', () => {
    const quiet = read('programs/cms-eligibility/index.html').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    // The last evaluation of the story: 16:31 UTC = 12:31 PM in New York (EDT, UTC−4), the CMS program's zone.
    expect(quiet).toContain('No incident has been published for this program. The alert job last checked its rules on Oct 27, 2026, 12:31 PM EDT.');
    // The adversarial fixture is built without an alert folder.
    const adversarial = readFileSync(join(inject('siteBuilds'), 'adversarial', 'dist', 'programs', 'payload-program', 'index.html'), 'utf8');
    expect(adversarial).toContain('This build holds no records of the alert job, so it cannot show incidents.');
    expect(adversarial).not.toContain('No incident has been published');
  });

  it('lists the recent and upcoming maintenance, in the program\u2019s zone, across the fall-back change', () => {
    const maintenance = page.slice(page.indexOf('id="maintenance-heading"'), page.indexOf('Trends, last 30 days'));
    // Sunday 1 November, 02:00–04:00 New York (EST after the change) = 07:00–09:00Z = 1:00 AM MDT to 2:00 AM MST in Denver
    expect(maintenance).toContain('<tr><th scope="row">Nov 1, 2026, 1:00 AM MDT</th><td>Nov 1, 2026, 2:00 AM MST</td><td>2 h</td><td>docket-sunday-patching</td><td>Weekly OS patching of the docket API hosts</td></tr>');
    // the Sunday before: 06:00–08:00Z = 12:00–2:00 AM MDT
    expect(maintenance).toContain('<tr><th scope="row">Oct 25, 2026, 12:00 AM MDT</th><td>Oct 25, 2026, 2:00 AM MDT</td>');
  });

  it('a chart draws the maintenance as shaded bands behind the line and the incidents as a marker, and says both in words', () => {
    const figure = page.match(/<figure class="chart" id="latency-30d"[\s\S]*?<\/figure>/)![0];
    const svg = figure.match(/<svg[\s\S]*?<\/svg>/)![0];
    // four Sundays in the 30 days from 2 October: 4, 11, 18 and 25 October
    const bands = svg.match(/<g fill-opacity="0.3" fill="#56B4E9">([\s\S]*?)<\/g>/)!;
    expect(bands[1]!.match(/<rect /g)).toHaveLength(4);
    expect(svg.indexOf('fill="#56B4E9"')).toBeLessThan(svg.indexOf('stroke="#0072B2"')); // behind the line
    expect(svg).toMatch(/<g stroke-width="1.5" stroke="#CC79A7"><line [^>]*\/><\/g>/);
    expect(svg).toContain('>I1–I3</text>');
    expect(figure).toContain('Shaded bands mark 4 scheduled maintenance windows (docket-sunday-patching). Markers I1–I3 mark the starts of 3 incidents');
    expect(figure).toContain('<th scope="col">Maintenance and incidents</th>');
    expect(figure).toContain('<td class="note">scheduled maintenance (docket-sunday-patching) Oct 25, 2026, 12:00 AM MDT to Oct 25, 2026, 2:00 AM MDT</td>');
    expect(figure).toMatch(/<th scope="row">Oct 27, 2026<\/th><td>[^<]+<\/td><td>[^<]+<\/td><td class="note">incident I1 started Oct 27, 2026, 8:01 AM MDT: [^<]*; incident I2 started Oct 27, 2026, 8:01 AM MDT: Docket API p95 latency/);
  });
});

describe('what is never published', () => {
  const secrets = [
    ...privateOnes.flatMap((incident) => [incident.id, incident.title, incident.rule, incident.fingerprint]),
    ...state.incidents.flatMap((incident) => [...incident.traceIds, incident.ruleSha256, incident.fingerprint]),
    'Ana Ruiz', 'Ben Okafor', 'Chen Li', 'failing the database over', 'docket-pager', 'on call:', 'OPM_CICD_ROLLBACK_URL', 'would POST', 'docket-latency.md',
  ];

  it('no file of dist/ holds a private incident, a name, a note, a trace id, a fingerprint or a rule hash', () => {
    expect(secrets.length).toBeGreaterThan(15);
    const found = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return secrets.filter((secret) => text.includes(secret)).map((secret) => `${secret} in ${file.slice(dist.length)}`);
    });
    expect(found).toEqual([]);
  });
});

describe('incidents in the open data', () => {
  it('incidents.csv and incidents.json have a row per public incident, newest first', () => {
    const csv = read('data/incidents.csv');
    expect(csv.startsWith('\uFEFFid,program_id,rule,title,severity,status,started_at,opened_at,resolved_at,duration_minutes\r\n')).toBe(true);
    const json = JSON.parse(read('data/incidents.json')) as Record<string, unknown>[];
    expect(json.map((row) => row.rule)).toEqual(['opm-latency-500ms:page', 'docket-latency-high', 'opm-availability:page']);
    expect(json[1]).toEqual({
      id: latency.id, program_id: 'opm-docket-api', rule: 'docket-latency-high', title: latency.title, severity: 'critical', status: 'resolved',
      started_at: '2026-10-27T14:01:00Z', opened_at: '2026-10-27T14:03:00Z', resolved_at: '2026-10-27T16:31:00Z', duration_minutes: 150,
    });
    expect(csv).toContain(`\r\n${latency.id},opm-docket-api,docket-latency-high,${latency.title},critical,resolved,2026-10-27T14:01:00Z,2026-10-27T14:03:00Z,2026-10-27T16:31:00Z,150\r\n`);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(4);
  });

  it('the catalog lists the incidents dataset, modified when an incident last opened or resolved (16:31), not at the build', () => {
    const catalog = CatalogSchema.parse(JSON.parse(read('data.json')));
    const dataset = catalog.dataset.find((d) => d.identifier === 'https://performance.example.gov/data/incidents')!;
    expect(dataset.modified).toBe('2026-10-27T16:31:00Z');
    expect(dataset.distribution!.map((d) => d.downloadURL)).toEqual(['https://performance.example.gov/data/incidents.csv', 'https://performance.example.gov/data/incidents.json']);
    const pkg = JSON.parse(read('data/datapackage.json')) as { resources: { path: string; schema: { primaryKey: string[] } }[] };
    expect(pkg.resources.find((r) => r.path === 'incidents.csv')!.schema.primaryKey).toEqual(['id']);
  });

  it('the Atom feed has an entry for each opening and for the resolution, linking to the incident', () => {
    const feed = read('data/status.atom');
    const link = `https://performance.example.gov/programs/opm-docket-api/#incident-${latency.id}`;
    expect(feed).toContain(`<id>${link}-opened</id>`);
    expect(feed).toContain(`<id>${link}-resolved</id>`);
    expect(feed).toContain(`<link href="${link}"/>`);
    expect(feed).toContain('County-court docket API: incident resolved: Docket API p95 latency is 5877.7 ms over 1m (limit 500 ms)');
    expect(feed).toContain('was resolved at 2026-10-27T16:31:00Z, 150 minutes after it started (2026-10-27T14:01:00Z).');
    expect(feed.match(/#incident-INC-[^<"]*-opened<\/id>/g)).toHaveLength(3);
    expect(feed.match(/#incident-INC-[^<"]*-resolved<\/id>/g)).toHaveLength(1);
  });
});
