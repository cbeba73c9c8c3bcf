import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { fromColumns } from '../../src/core/model/series-columns.ts';
import { ModelIndexSchema, StoredHourlySeriesSchema, StoredProgramSchema } from '../../src/core/schemas/model.ts';
import { dictionaryRows } from '../../src/core/exports/tables.ts';
import { loadSiteModel } from '../../src/site/data/load-model.ts';
import { programFilters } from '../../src/site/data/filters.ts';
import { comparisonSentence } from '../../src/site/lib/annotation-text.ts';
import { formatCell, formatNumber, formatSampleSize } from '../../src/site/lib/format.ts';
import { buildSite, SAMPLE_ALERTS } from './global-setup.ts';

// Static checks of the files the sample build wrote (test/site/global-setup.ts).
const dist = join(inject('siteBuilds'), 'sample', 'dist');
const index = ModelIndexSchema.parse(JSON.parse(readFileSync(join(inject('siteBuilds'), 'sample', 'model', 'index.json'), 'utf8')));

const files = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
const htmlFiles = files(dist).filter((f) => f.endsWith('.html'));
const read = (file: string) => readFileSync(join(dist, file), 'utf8');
/** The sample build's model, as the site read it. */
const sample = () => loadSiteModel({ HMS_OPS_MODEL: join(inject('siteBuilds'), 'sample', 'model') });

describe('the built sample site (dist/)', () => {
  it('has a page for every program and KPI of the model, a 404 page, a sitemap and robots.txt', () => {
    for (const program of index.programs) expect(existsSync(join(dist, 'programs', program.id, 'index.html')), program.id).toBe(true);
    expect(htmlFiles).toContain('404.html');
    const sitemap = read('sitemap.xml');
    expect(sitemap).toContain('<loc>https://performance.example.gov/programs/opm-docket-api/latency/</loc>');
    expect(read('robots.txt')).toBe('User-agent: *\nAllow: /\n\nSitemap: https://performance.example.gov/sitemap.xml\n');
    const listed = [...sitemap.matchAll(/<loc>https:\/\/performance\.example\.gov(\/[^<]*)<\/loc>/g)].map((m) => m[1]!);
    for (const path of listed) expect(existsSync(join(dist, path, 'index.html')), path).toBe(true);
    // every HTML page but the 404 page is in the sitemap
    expect(listed.length).toBe(htmlFiles.length - 1);
  });

  it('a KPI page has weekly and monthly views of whole UTC weeks and months, named as such', () => {
    const page = read('programs/cms-eligibility/review-time/index.html');
    const figure = (range: string) => page.match(new RegExp(`<figure[^>]*data-range="${range}"[\\s\\S]*?</figure>`))![0];
    const weekly = figure('weekly');
    expect(weekly).toContain('weekly median, all whole weeks');
    // at = Sunday 2026-11-01: the last whole week began on Monday 19 October.
    expect(weekly).toMatch(/the latest was [\d.]+ h \(week of Oct 19, 2026\)/);
    expect(weekly).toContain('<th scope="row">Week of Oct 19, 2026</th>');
    expect(weekly).not.toContain('Week of Oct 26, 2026');
    const monthly = figure('monthly');
    expect(monthly).toMatch(/the latest was [\d.]+ h \(October 2026\)/);
    expect(monthly).toContain('<th scope="row">October 2026</th>');
    expect(monthly).toContain('Month (UTC)');
  });

  it('program documents keep the 7 days of hourly points pages draw; the hourly file and CSV hold all 90', () => {
    const modelDir = join(inject('siteBuilds'), 'sample', 'model');
    const line = index.programs.find((p) => p.id === 'opm-docket-api')!;
    const document = StoredProgramSchema.parse(JSON.parse(readFileSync(join(modelDir, line.file), 'utf8')));
    const hourly = StoredHourlySeriesSchema.parse(JSON.parse(readFileSync(join(modelDir, line.hourly_file), 'utf8')));
    const site = loadSiteModel({ HMS_OPS_MODEL: modelDir }).programs.find((p) => p.program.id === 'opm-docket-api')!;
    expect(hourly.kpis[0]!.hourly.start).toHaveLength(90 * 24);
    expect(document.kpis[0]!.hourly.start).toHaveLength(7 * 24);
    expect(fromColumns(document.kpis[0]!.hourly)).toEqual(fromColumns(hourly.kpis[0]!.hourly).slice(-7 * 24));
    expect(site.kpis[0]!.hourly).toEqual(fromColumns(document.kpis[0]!.hourly));
    expect(read('data/opm-docket-api/latency.hourly.csv').trim().split('\r\n')).toHaveLength(90 * 24 + 1);
  });

  it('names every chart image by its title and summary, by ids that are on its page once', () => {
    let images = 0;
    for (const file of htmlFiles) {
      const html = read(file);
      for (const svg of html.matchAll(/<svg [^>]*role="img"[^>]*>/g)) {
        images++;
        const ids = /aria-labelledby="([^"]+)"/.exec(svg[0])?.[1]?.split(' ') ?? [];
        expect(ids, `${file}: ${svg[0].slice(0, 120)}`).toHaveLength(2);
        for (const id of ids) expect(html.split(`id="${id}"`).length - 1, `${file}: #${id}`).toBe(1);
        expect(svg[0]).not.toContain('aria-label=');
      }
    }
    expect(images).toBeGreaterThan(100);
  });

  it('keeps chart drawings and their number tables out of the search index', () => {
    const page = read('programs/cms-eligibility/index.html');
    const tables = page.match(/<details class="data-table"[^>]*>/g) ?? [];
    const drawings = page.match(/<div class="chart-canvas"[^>]*>/g) ?? [];
    expect(tables.length).toBeGreaterThan(3);
    expect(drawings.length).toBe(tables.length);
    for (const tag of [...tables, ...drawings]) expect(tag).toContain('data-pagefind-ignore="all"');
  });

  it('has no broken internal link or asset reference in any page', () => {
    const broken: string[] = [];
    for (const file of htmlFiles) {
      for (const [, target] of read(file).matchAll(/(?:href|src)="(\/[^"#?]*)[^"]*"/g)) {
        if (target!.startsWith('//')) continue;
        const path = join(dist, decodeURIComponent(target!));
        const found = existsSync(path) && (statSync(path).isFile() || existsSync(join(path, 'index.html')));
        if (!found) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('links within the methodology pages point at headings that exist', () => {
    const about = read('about/index.html') + read('about/portal-format/index.html');
    const ids = new Set([...about.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    const anchors = [...about.matchAll(/href="(?:\/about\/(?:portal-format\/)?)?#([^"]+)"/g)].map((m) => m[1]);
    expect(anchors.length).toBeGreaterThan(10);
    expect(anchors.filter((a) => !ids.has(a))).toEqual([]);
  });

  it('every page has a CSP that allows no inline script but the ones whose hash it lists', () => {
    for (const file of htmlFiles) {
      const html = read(file);
      const csp = /<meta http-equiv="content-security-policy" content="([^"]+)"/i.exec(html)?.[1];
      expect(csp, file).toBeDefined();
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("default-src 'self'");
      for (const [, body] of html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
        expect(csp, file).toContain(`'sha256-${createHash('sha256').update(body!).digest('base64')}'`);
      }
    }
  });

  it('a program page needs no JavaScript and weighs under 150 KB with its CSS', () => {
    const html = read('programs/opm-docket-api/index.html');
    expect(html).not.toMatch(/<script/);
    const css = [...html.matchAll(/<link rel="stylesheet" href="\/([^"]+)"/g)].map((m) => statSync(join(dist, m[1]!)).size);
    expect(css.length).toBeGreaterThan(0);
    expect(Buffer.byteLength(html) + css.reduce((a, b) => a + b, 0)).toBeLessThan(150 * 1024);
  });

  it('security.txt has a Contact and exactly one Expires, less than a year after the build', () => {
    const text = read('.well-known/security.txt');
    expect(text).toMatch(/^Contact: mailto:performance@gsa\.example\.gov$/m);
    const expires = [...text.matchAll(/^Expires: (.+)$/gm)].map((m) => m[1]!);
    expect(expires).toHaveLength(1);
    // built at SOURCE_DATE_EPOCH 1790000000 = 2026-09-21T14:13:20Z; + 180 days = 2027-03-20T14:13:20Z
    expect(expires[0]).toBe('2027-03-20T14:13:20Z');
  });

  it('status.json gives the build time, data-as-of and each program\'s freshness', () => {
    const status = JSON.parse(read('status.json')) as { generated_at: string; data_as_of: string; stale_programs: number; programs: { id: string; stale: boolean; newest: string | null }[] };
    expect(status.generated_at).toBe('2026-09-21T14:13:20.000Z');
    expect(status.data_as_of).toBe('2026-11-01T00:00:00.000Z');
    expect(status.stale_programs).toBe(1);
    expect(status.programs.map((p) => [p.id, p.stale])).toEqual(index.programs.map((p) => [p.id, p.stale]));
  });

  it('has the Pagefind index and self-hosted fonts', () => {
    expect(existsSync(join(dist, 'pagefind', 'pagefind-ui.js'))).toBe(true);
    expect(files(dist).some((f) => f.startsWith('_astro/') && f.endsWith('.woff2'))).toBe(true);
    const css = files(dist).filter((f) => f.endsWith('.css')).map(read).join('\n');
    expect(css).not.toMatch(/url\((["']?)(https?:)?\/\//);
  });
});

describe('reproducible builds', () => {
  const again = mkdtempSync(join(tmpdir(), 'hms-ops-site-again-'));
  afterAll(() => rmSync(again, { recursive: true, force: true }));

  it('the same inputs and SOURCE_DATE_EPOCH give a byte-identical dist/, whether worker threads or the pages draw the charts', () => {
    // The test build drew every chart in worker threads; this one draws them all on the pages.
    expect(readFileSync(join(inject('siteBuilds'), 'sample', 'build.log'), 'utf8')).toMatch(/site: written to \S+ \([1-9]\d* charts drawn by worker threads, 0 by the pages\)/);
    // The same alert state too: incidents and maintenance bands are drawn the same either way.
    buildSite('.', again, { HMS_OPS_SITE_WORKERS: '0' }, join(inject('siteBuilds'), 'sample', SAMPLE_ALERTS));
    expect(readFileSync(join(again, 'build.log'), 'utf8')).toMatch(/\(0 charts drawn by worker threads, [1-9]\d* by the pages\)/);
    const second = join(again, 'dist');
    expect(files(second)).toEqual(files(dist));
    const differing = files(dist).filter((f) => !readFileSync(join(dist, f)).equals(readFileSync(join(second, f))));
    expect(differing).toEqual([]);
  }, 180_000);
});

/** A page's visible words: tags dropped, entities of the text decoded, white space collapsed. */
const words = (html: string) => html.replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ').replace(/<[^>]+>/g, ' ').replaceAll('&amp;', '&').replaceAll('&#39;', "'").replaceAll('&quot;', '"').replace(/\s+/g, ' ');

describe('the methodology page', () => {
  it('defines every public KPI and SLO of the portal, with its update schedule and metrics', () => {
    const about = words(read('about/index.html'));
    const section = about.slice(about.indexOf("This portal's KPIs and SLOs"), about.indexOf('Contents'));
    const { programs } = sample();
    expect(programs.length).toBe(5);
    for (const program of programs) {
      expect(section).toContain(`${program.program.name} ${program.program.agency}. Metrics: `);
      expect(section).toContain('New data expected every 1 h');
      for (const kpi of program.kpis) expect(section, kpi.label).toContain(`KPI: ${kpi.label} The `);
      for (const slo of program.slos) expect(section, slo.name).toContain(`SLO: ${slo.name} Good ${slo.noun}: `);
    }
    expect(section).toContain('KPI: Eligibility review time The median of eligibility.review_hours (h) over the events in each window; target at most 48.0 h. Lower is better.');
    expect(section).toContain('(out of date)'); // the FEMA form's data stopped on Oct 28
  });
});

describe('a program whose data stopped', () => {
  it('draws and tells the days after its last data as missing, up to the end of the range', () => {
    // The FEMA form's data ends on Oct 28; the model's instant is Nov 1, 00:00 UTC.
    const page = read('programs/fema-aid-form/index.html');
    const figure = page.match(/<figure[^>]*>(?:(?!<\/figure>)[\s\S])*?Form response time \(95th percentile\): daily 95th percentile, last 30 days[\s\S]*?<\/figure>/)![0];
    const text = words(figure);
    expect(text).toContain('the latest was 794 ms (Oct 28, 2026). Nothing after Oct 28, 2026. 3 of 30 periods have no data or too little data.');
  });
});

describe('parts of pages read from the model', () => {
  const tile = (html: string, href: string) => words(html.match(new RegExp(`<li class="tile">(?:(?!</li>)[\\s\\S])*?href="${href}"[\\s\\S]*?</li>`))![0]);

  it('each KPI tile and home-page card line shows the 7-day value and sample size of the model', () => {
    const home = read('index.html');
    let seen = 0;
    for (const program of sample().programs) {
      const page = read(`programs/${program.program.id}/index.html`);
      for (const kpi of program.kpis) {
        const week = kpi.windows.find((w) => w.window === '7d')!;
        const href = `/programs/${program.program.id}/${kpi.id}/`;
        expect(tile(page, href), href).toContain(`last 7 days ${formatCell(kpi, week)} `);
        expect(tile(page, href), href).toContain(`Sample: ${kpi.kind === 'counter' ? `${formatNumber(week.n!)} readings` : formatSampleSize(week.n)}.`);
        const line = words(home.match(new RegExp(`<li><a href="${href}">[\\s\\S]*?</li>`))?.[0] ?? '');
        if (program.kpis.indexOf(kpi) < 4) expect(line, href).toContain(`: ${formatCell(kpi, week)} (`);
        seen++;
      }
    }
    expect(seen).toBe(14);
    expect(words(home)).toMatch(/Last 7 days\. Data as of Oct 31, 2026, \d+:\d\d [AP]M [A-Z]{3}\./);
  });

  it('a tile without a target of its own shows the goal of the SLO that measures it, linked to it; one with a target does not', () => {
    const dot = sample().programs.find((p) => p.program.id === 'dot-permit-hotline')!;
    const slo = dot.slos.find((s) => s.id === 'dot-resolution-48h')!;
    const page = read('programs/dot-permit-hotline/index.html');
    // Cases resolved within 48 hours: a share within target with no goal in programs.yaml; the SLO reads its metric.
    const label = { ok: 'meeting objective', warning: 'at risk', breach: 'objective missed', 'no-data': 'no data' }[slo.status];
    expect(tile(page, '/programs/dot-permit-hotline/resolution-time/')).toContain(`Goal: 95% of cases over the last 28 days meet “Disputes resolved within 48 hours” (${label}).`);
    expect(page).toContain('<a href="#slo-dot-resolution-48h">');
    expect(page).toContain('id="slo-dot-resolution-48h"');
    // The eligibility review time has a target of its own (48 h) and keeps it alone, though an SLO reads its metric.
    const cms = tile(read('programs/cms-eligibility/index.html'), '/programs/cms-eligibility/review-time/');
    expect(cms).toContain('Target: at most 48.0 h');
    expect(cms).not.toContain('Goal:');
    // A rate never gets a goal.
    expect(tile(page, '/programs/dot-permit-hotline/cases-resolved/')).not.toContain('Goal:');
    // The KPI's own page names the SLO and links to it; so does the eligibility review time's, target or not.
    // (words() leaves a space where the link's tags were.)
    expect(words(read('programs/dot-permit-hotline/resolution-time/index.html'))).toContain(`Service level objective “ Disputes resolved within 48 hours ”, over the same events: 95% of cases over the last 28 days (${label}).`);
    expect(read('programs/dot-permit-hotline/resolution-time/index.html')).toContain('href="/programs/dot-permit-hotline/#slo-dot-resolution-48h"');
    expect(words(read('programs/cms-eligibility/review-time/index.html'))).toContain('Service level objective “ Reviews finished within 48 hours ”, over the same events: 99% of reviews over the last 28 days (');
    expect(words(read('programs/dot-permit-hotline/cases-resolved/index.html'))).not.toContain('Service level objective “');
    // The home page's line for the KPI says the same goal.
    const line = words(read('index.html').match(/<li><a href="\/programs\/dot-permit-hotline\/resolution-time\/">[\s\S]*?<\/li>/)![0]);
    const share = dot.kpis.find((k) => k.id === 'resolution-time')!;
    expect(line).toContain(`: ${formatCell(share, share.windows.find((w) => w.window === '7d')!)} (goal 95% of cases over the last 28 days; n = `);
  });

  it('a chart of a KPI without a target draws the goal of the threshold SLO that measures it; one with a target draws its own', () => {
    const chartOf = (html: string, id: string) => new RegExp(`<svg[^>]*aria-labelledby="${id}-title[\\s\\S]*?</svg>`).exec(html)![0];
    // The DOT share within 48 h: the SLO's 95 % objective, on the dashboard and on every range of its page.
    expect(chartOf(read('programs/dot-permit-hotline/index.html'), 'resolution-time-30d')).toContain('>SLO goal 95.0%<');
    const own = read('programs/dot-permit-hotline/resolution-time/index.html');
    expect(own.match(/>SLO goal 95\.0%</g)?.length).toBe((own.match(/<svg[^>]*aria-labelledby="resolution-time-/g) ?? []).length);
    // The OSERS share within 60 s: its calendar-month SLO's 90 %.
    expect(chartOf(read('programs/osers-benefit-calls/index.html'), 'wait-time-30d')).toContain('>SLO goal 90.0%<');
    // The review time has a target of its own (48 h): that is its line, not an SLO's.
    const review = chartOf(read('programs/cms-eligibility/index.html'), 'review-time-30d');
    expect(review).toContain('>target 48.0 h<');
    expect(review).not.toContain('SLO');
    // A rate has no line.
    expect(chartOf(read('programs/dot-permit-hotline/index.html'), 'cases-resolved-30d')).not.toMatch(/>(target|SLO)/);
  });

  it('a program page with SLOs says what an error budget and a burn rate are, linking to their methodology', () => {
    const about = read('about/index.html');
    for (const program of sample().programs) {
      const page = read(`programs/${program.program.id}/index.html`);
      const explained = words(page).includes('Its error budget is the events the promise allows to miss (1% of them in that example); the burn rate is how fast they are being used up: at 1× the budget lasts exactly the window, at 2× half of it.');
      expect(explained, program.program.id).toBe(program.slos.length > 0);
    }
    const page = read('programs/cms-eligibility/index.html');
    for (const anchor of ['error-budget', 'burn-rate']) {
      expect(page).toContain(`href="/about/#${anchor}"`);
      expect(about).toContain(`id="${anchor}"`);
    }
  });

  it('each SLO has its burn-rate table, 5 minutes to 3 days, with the model\u2019s bad and total events', () => {
    for (const program of sample().programs) {
      const page = read(`programs/${program.program.id}/index.html`);
      for (const slo of program.slos) {
        const section = page.match(new RegExp(`<section class="slo[^"]*" id="slo-${slo.id}"[\\s\\S]*?</section>`))![0];
        const table = words(section.match(/<table class="table">[\s\S]*?<\/table>/)![0]);
        expect(slo.burn_rates.map((b) => b.window)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
        for (const b of slo.burn_rates) {
          if (b.good === null || b.total === null) {
            expect(b.suppressed, `${slo.id} ${b.window}`).not.toBeNull();
            expect(table, `${slo.id} ${b.window}`).toContain(` ${b.window} withheld (small count) withheld withheld `);
            continue;
          }
          const rate = b.burn_rate === null ? 'no data' : `${b.burn_rate.toFixed(2)}×`;
          expect(table, `${slo.id} ${b.window}`).toContain(` ${b.window} ${rate} ${(b.total - b.good).toLocaleString('en-US')} ${b.total.toLocaleString('en-US')} `);
        }
      }
    }
  });

  it('agency and tag pages list exactly their programs', () => {
    const filters = programFilters(sample().programs);
    expect(filters.agencies.length + filters.tags.length).toBeGreaterThan(5);
    for (const [kind, list] of [['agencies', filters.agencies], ['tags', filters.tags]] as const) {
      for (const filter of list) {
        const listed = [...read(`${kind}/${filter.slug}/index.html`).matchAll(/data-program="([^"]+)"/g)].map((m) => m[1]);
        expect(listed, `${kind}/${filter.slug}`).toEqual(filter.programs.map((p) => p.program.id));
      }
    }
  });

  it('a stale program\u2019s pages carry the out-of-date banner with since when; a fresh one\u2019s do not', () => {
    for (const page of ['programs/fema-aid-form/index.html', 'programs/fema-aid-form/latency/index.html']) {
      expect(words(read(page)), page).toMatch(/Data may be out of date\. No new data for .+ since Oct 28, 2026, \d+:\d\d [AP]M PDT; new data is expected every 60 minutes\./);
    }
    expect(read('programs/cms-eligibility/index.html')).not.toContain('Data may be out of date');
  });

  it('a KPI page links to its six data files, each of which exists', () => {
    const links = [...read('programs/opm-docket-api/latency/index.html').matchAll(/href="(\/data\/opm-docket-api\/latency\.[^"]+)"/g)].map((m) => m[1]!);
    expect([...new Set(links)].sort()).toEqual(['daily', 'hourly'].flatMap((r) => ['csv', 'json', 'parquet'].map((f) => `/data/opm-docket-api/latency.${r}.${f}`)));
    for (const link of links) expect(existsSync(join(dist, link)), link).toBe(true);
  });

  it('every page has the USWDS government banner and the identifier naming the agency; the accessibility page says where to report a barrier', () => {
    for (const file of htmlFiles) {
      const text = words(read(file));
      expect(text, file).toContain('An official website of the United States government');
      expect(text, file).toContain('An official website of the U.S. General Services Administration (sample)');
    }
    // portal.yaml has no accessibility_email: the contact's address is used.
    expect(read('accessibility/index.html')).toContain('href="mailto:performance@gsa.example.gov"');
  });
});

describe('the data dictionary page', () => {
  it('has a row for every column of every kind of file, as dictionary.csv has, and the open-data page links to it', () => {
    const page = read('data/dictionary/index.html');
    const rows = [...page.matchAll(/<tr><th scope="row"><code>([^<]+)<\/code><\/th><td>([^<]+)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => [m[1], m[2], m[3]!.replaceAll('&#39;', "'").replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"')]);
    const expected = dictionaryRows().map((row) => [row.column, row.type, row.description]);
    expect(rows).toEqual(expected);
    // One section per kind of file, headed by its path pattern.
    expect(page.match(/<h2 id="files-\d+"/g)).toHaveLength(new Set(dictionaryRows().map((row) => row.files)).size);
    expect(read('data/index.html')).toContain('href="/data/dictionary/"');
    expect(read('programs/opm-docket-api/latency/index.html')).toContain('href="/data/dictionary/"');
  });
});

describe('KPI words in the built sample site', () => {
  // Cases resolved within 48 hours: stat adherence, target 48 h, direction lower (shorter is better).
  const share = 'programs/dot-permit-hotline/resolution-time/index.html';

  it('a share within target is described by its per-event limit, and a higher share is better', () => {
    const text = words(read(share));
    expect(text).toContain('Headline: the share within target (the share of events at or under 48.0 h). Higher is better.');
    expect(text).not.toContain('Lower is better');
    // The 48 h limit is never shown as a share.
    expect(text).not.toContain('4,800');
  });

  it('a fall in a share within target is worse and a rise better, on every page that says so', () => {
    const change = /([+−±])[\d.,]+ percentage points \([+−±][\d.,]+%\), (better|worse|unchanged)/;
    // Home and program pages: the first change after each mention of a share-within-target KPI
    // (its card line, its tile, its before/after sentences); its KPI page: every row of the table.
    const after = (label: string) => new RegExp(`${label}(?:(?!percentage points).){0,200}?${change.source}`, 'g');
    const labels = ['Cases resolved within 48 hours', 'Calls answered within 60 seconds'];
    const found = [
      ...['index.html', 'programs/dot-permit-hotline/index.html', 'programs/osers-benefit-calls/index.html'].flatMap((page) => labels.flatMap((label) => [...words(read(page)).matchAll(after(label))].map((m) => ({ page, sign: m[1], word: m[2] })))),
      ...[...words(read(share)).matchAll(new RegExp(change.source, 'g'))].map((m) => ({ page: share, sign: m[1], word: m[2] })),
    ];
    // 2 home-page cards, 2 tiles, 3 before/after sentences, the KPI page's windows.
    expect(found.length).toBeGreaterThanOrEqual(9);
    expect(new Set(found.map((f) => f.word))).toEqual(new Set(['better', 'worse']));
    for (const f of found) expect(f, f.page).toEqual({ ...f, word: f.sign === '+' ? 'better' : f.sign === '−' ? 'worse' : 'unchanged' });
  });

  it('the FEMA page tells the hurricane with each KPI before and after it, the statistic named once', () => {
    const fema = sample().programs.find((p) => p.program.id === 'fema-aid-form')!;
    const text = words(read('programs/fema-aid-form/index.html'));
    expect(text).toContain('Hurricane landfall');
    const sentences = fema.kpis.flatMap((kpi) => kpi.around_annotations.filter((c) => c.date === '2026-09-15').map((c) => comparisonSentence(kpi, c)));
    expect(sentences).toHaveLength(3);
    for (const sentence of sentences) expect(text).toContain(sentence);
    expect(text).toMatch(/Form response time \(95th percentile\): [\d,]+ ms in the 28 days before, [\d,]+ ms in the 28 days after \(\+[\d,]+ ms \(\+[\d.]+%\), worse\)\./);
    expect(text).toMatch(/Applications submitted \(rate\): [\d,]+ applications per hour in the 28 days before, [\d,]+ applications per hour in the 28 days after \(\+[\d,]+ applications per hour \(\+[\d.]+%\), better\)\./);
    expect(text).not.toContain('(95th percentile) (95th percentile)');
    // Its feed stopped on Oct 28, inside the 7 days the tiles show: applications are not compared with
    // the week before (fewer were counted because none were sent after Oct 28), response times are.
    expect(text).toContain('Change vs the 7 days before: not compared: no data after Oct 28, 2026');
    expect(text).toMatch(/Form response time \(95th percentile\) 95th percentile, last 7 days [\d,]+ ms .{0,80} Change vs the 7 days before: [+−±][\d,]+ ms/);
    // A counter's sample is its readings, not applications.
    expect(words(read('index.html'))).toMatch(/Applications submitted : [\d,]+ applications per hour \([\d,]+ readings\); not compared: no data after Oct 28, 2026/);
    // Nor is October a whole month of its data: its monthly series end with September.
    expect(fema.kpis.map((kpi) => kpi.monthly.at(-1)?.start)).toEqual(fema.kpis.map(() => '2026-09-01T00:00:00.000Z'));
    // Its feed stopped on Oct 28: no pace over the last day to project the error budget from.
    // (Submissions saved on the first try counts the error rate's small daily counts: its numbers are withheld.)
    const published = fema.slos.filter((slo) => slo.suppressed === null);
    expect(published.map((slo) => slo.id)).toEqual(['fema-latency-2s']);
    expect(text.match(/\b[\d.]+% of the error budget is left; with no submissions recorded in the last day, there is no pace to say when it would run out\./g)).toHaveLength(published.length);
    expect(text).toContain('“Submissions saved on the first try” meets its goal of 99%. The exact numbers are withheld');
    expect(text).not.toContain('lasts beyond the end of this window');
    // The all-SLO table says so beside the status of each of its objectives, and of no other program's.
    const slos = words(read('slos/index.html'));
    expect(slos.match(/Meeting objective Data may be out of date \(newest: Oct 28, 2026, [^)]+\)/g)).toHaveLength(fema.slos.length);
    expect(slos.match(/Data may be out of date/g)).toHaveLength(fema.slos.length);
    // Chart summaries name it once too.
    expect(text).toMatch(/The daily Form response time \(95th percentile\) ranged from [\d,]+ ms/);
    expect(text).not.toContain('95th percentile (Form response time');
  });

  it('the objectives table says a spent budget is spent, how far over, instead of a negative share left', () => {
    const slos = words(read('slos/index.html'));
    for (const slo of sample().programs.flatMap((program) => program.slos)) {
      const remaining = slo.budget.remaining;
      if (slo.suppressed || remaining === null || remaining >= 0) continue;
      // opm-latency-500ms: remaining −0.791 (docs/methodology.md), 79% over.
      expect(slos, slo.id).toContain(`none: ${Math.round(-remaining * 100)}% over budget`);
    }
    expect(slos).toContain('none: 79% over budget');
    expect(slos).not.toMatch(/ -\d+% /);
  });

  it('names an SLO\'s calendar month and every window\'s start and end, in the program\'s time zone', () => {
    const text = words(read('programs/osers-benefit-calls/index.html'));
    // at = Nov 1, 00:00 UTC = Oct 31, 5:00 PM in Phoenix (MST): October is not over there.
    // Its numbers are withheld (the month starts at 07:00 UTC, inside a day of withheld night hours), not its month.
    expect(text).toContain('Over October 2026 so far, “Calls answered within 60 seconds” meets its goal of 90%. The exact numbers are withheld');
    expect(text).toContain('window calendar month from Oct 1, 2026, 12:00 AM MST to Oct 31, 2026, 5:00 PM MST.');
    // The burn-down's points end UTC days: its last, at Nov 1 00:00 UTC, is the end of Oct 31, not "Nov 1".
    expect(words(read('programs/cms-eligibility/index.html'))).toMatch(/The error budget left [^.]*; the latest was [\d.]+% \(end of Oct 31, 2026 UTC\)\./);
    // 28 days before Oct 31, 5:00 PM PDT (at) in Los Angeles.
    expect(words(read('programs/fema-aid-form/index.html'))).toContain('window 28d from Oct 3, 2026, 5:00 PM PDT to Oct 31, 2026, 5:00 PM PDT.');
    expect(words(read('slos/index.html'))).not.toContain('over the this');
  });

  it('compares no count or rate with a window the data only partly covers', () => {
    // The sample's data begins on Oct 1, 2025: the 365 days before the last 365 hold about a
    // month of it, so the docket API's requests per hour are not compared with them (+1,000 %, "better").
    const model = sample();
    const throughput = model.programs.find((p) => p.program.id === 'opm-docket-api')!.kpis.find((k) => k.id === 'throughput')!;
    const year = throughput.windows.find((w) => w.window === '1y')!;
    expect([year.partial, year.previous.partial, year.change]).toEqual([false, true, null]);
    const first = new Date(throughput.daily[0]!.start).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
    const text = words(read('programs/opm-docket-api/throughput/index.html'));
    expect(text).toMatch(new RegExp(`last 365 days [\\d,]+ requests per hour [\\d,]+ [\\d,]+ requests per hour \\([\\d,]+ readings\\) not compared: no data before ${first}`));
    // Its 7 days are whole, and compared.
    expect(text).toMatch(/last 7 days [\d,]+ requests per hour [\d,]+ [\d,]+ requests per hour \([\d,]+ readings\) [+−±][\d,]+ requests per hour/);
  });

  it('tells withheld periods (small counts) apart from missing ones, in summaries and tables', () => {
    // FEMA's failed submissions: a handful a day outside the storm, at most its suppress_below of 10.
    expect(words(read('programs/fema-aid-form/error-rate/index.html'))).toMatch(/so are periods withheld to protect privacy, where from 1 to 10 people would be counted \( ?small-cell rule ?\), which the tables mark “withheld \(small count\)”\./);
    // A KPI that withholds nothing says nothing of it.
    expect(read('programs/opm-docket-api/latency/index.html')).not.toContain('periods withheld to protect privacy');
    const html = read('programs/fema-aid-form/index.html');
    const figure = html.match(/<figure[^>]*id="error-rate-30d"[\s\S]*?<\/figure>/)![0];
    const withheld = Number(words(figure).match(/the values of all (\d+) periods with data were withheld to protect privacy/)![1]);
    expect(withheld).toBeGreaterThan(20);
    expect(figure.match(/<td>withheld \(small count\)<\/td><td>withheld<\/td>/g)).toHaveLength(withheld);
    // The data did not stop at the storm's last published day (Sep 18): it was withheld until the feed stopped on Oct 28.
    const longer = words(read('programs/fema-aid-form/error-rate/index.html'));
    expect(longer).toMatch(/the latest was [\d.]+% \(Sep 18, 2026\)\. Nothing after Oct 28, 2026\. \d+ of 90 periods were withheld/);
    expect(longer).not.toContain('Nothing after Sep 18');
  });

  it('a counter\u2019s page names each hour with its time, shows whole totals whole, and has no minimum sample size to explain', () => {
    const text = words(read('programs/dot-permit-hotline/cases-resolved/index.html'));
    expect(text).toMatch(/The hourly rate \(Cases resolved\) ranged from [\d.]+ cases per hour \([A-Z][a-z]{2} \d+, 2026, \d+:\d\d [AP]M C[DS]T\) to /);
    // Totals of whole cases at the rate's 1 decimal would read "113.0 cases".
    expect(text).toMatch(/ total (?:[\d,]+ cases ){5}/);
    expect(text).not.toMatch(/\d\.0 cases(?! per)/);
    expect(text).toContain('Periods without data are gaps in the line');
    // A distribution still explains its minimum.
    expect(words(read('programs/dot-permit-hotline/resolution-time/index.html'))).toContain('Periods without data, or with fewer than 30 events, are gaps in the line');
  });

  it('the rate and count of a latency KPI are events, not milliseconds', () => {
    const text = words(read('programs/opm-docket-api/latency/index.html'));
    const distribution = text.slice(text.indexOf('Every statistic of'));
    expect(distribution).toMatch(/ rate [\d.,]+ events per hour /);
    expect(distribution).not.toContain('ms per hour');
  });
});

describe('nothing that is not public in the built sample site', () => {
  interface Item { id: string; public?: boolean; label?: string; name?: string; description?: string; metric?: string; numerator?: string[]; denominator?: string[]; sli?: { metric?: string; good?: string[]; total?: string[] }; kpis?: Item[] }
  const programs = (parse(readFileSync('data/programs.yaml', 'utf8')) as { programs: Item[] }).programs;
  const slos = (parse(readFileSync('rules/slos.yaml', 'utf8')) as { slos: Item[] }).slos;
  const texts = (item: Item) => [item.id, item.label, item.name, item.description, item.metric, ...(item.numerator ?? []), ...(item.denominator ?? []), item.sli?.metric, ...(item.sli?.good ?? []), ...(item.sli?.total ?? [])].filter((t): t is string => Boolean(t));
  const hidden = [...programs.filter((p) => !p.public), ...programs.filter((p) => p.public).flatMap((p) => (p.kpis ?? []).filter((k) => !k.public)), ...slos.filter((s) => !s.public)];
  const shown = [...programs.filter((p) => p.public).flatMap((p) => [p, ...(p.kpis ?? []).filter((k) => k.public)]), ...slos.filter((s) => s.public)];
  // Each name, label, description and metric of a non-public item, unless a public item has it too
  // (a non-public SLO over a public KPI's metric); ids too short to be telling (e.g. latency) are kept out by that rule.
  const published = new Set(shown.flatMap(texts));
  const secrets = [...new Set(hidden.flatMap(texts))].filter((text) => !published.has(text));

  it('no page, data file, search index fragment, feed or catalog holds a non-public name, label, description or metric', () => {
    expect(hidden.length).toBeGreaterThanOrEqual(3); // the fraud-flag and callers' age KPIs, the internal caller-rating SLO
    expect(secrets).toEqual(expect.arrayContaining(['Caller age', 'eligibility.fraud_flags', 'Callers rating four stars or more']));
    let scanned = 0;
    for (const file of files(dist)) {
      const bytes = readFileSync(join(dist, file));
      // Pagefind's index and fragments are gzip files: read them decompressed.
      const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
      for (const secret of secrets) expect(text.includes(secret), `${JSON.stringify(secret)} in ${file}`).toBe(false);
      expect(/fraud/i.test(text), `"fraud" in ${file}`).toBe(false);
      scanned++;
    }
    expect(scanned).toBeGreaterThan(200);
  });
});
