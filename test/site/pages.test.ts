import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, recordingContext } from './helpers/browser.ts';
import { serveStatic } from './helpers/static-server.ts';
import { RANGES } from '../../src/site/lib/series.ts';

// The sample site built once by test/site/global-setup.ts, served on loopback like a static host.
const builds = inject('siteBuilds');
const SCREENSHOTS = 'test-results/screenshots';

/** One page of each type the site has. */
const PAGE_TYPES = [
  ['home', '/'],
  ['program', '/programs/cms-eligibility/'],
  ['program-incidents', '/programs/opm-docket-api/'], // incidents, maintenance, bands and markers (test/site/incidents.test.ts)
  ['kpi', '/programs/opm-docket-api/latency/'],
  ['slos', '/slos/'],
  ['about', '/about/'],
  ['portal-format', '/about/portal-format/'],
  ['data', '/data/'],
  ['dictionary', '/data/dictionary/'],
  ['search', '/search/'],
  ['agency', '/agencies/office-of-personnel-management/'],
  ['tag', '/tags/contact-center/'],
  ['accessibility', '/accessibility/'],
  ['privacy', '/privacy/'],
  ['vulnerability-disclosure', '/vulnerability-disclosure/'],
  ['not-found', '/no-such-page/'],
] as const;

let browser: Browser;
let sample: Awaited<ReturnType<typeof serveStatic>>;
let adversarial: Awaited<ReturnType<typeof serveStatic>>;

beforeAll(async () => {
  browser = await launchChromium();
  sample = await serveStatic(join(builds, 'sample', 'dist'));
  adversarial = await serveStatic(join(builds, 'adversarial', 'dist'));
});
afterAll(async () => {
  await browser?.close();
  await sample?.close();
  await adversarial?.close();
});

describe('the sample site in Chromium', () => {
  it('the home page lists every public program, with its status in words, and no other', async () => {
    const programs = (parse(readFileSync('data/programs.yaml', 'utf8')) as { programs: { id: string; name: string; public?: boolean; kpis: { label: string; public?: boolean }[] }[] }).programs;
    const { context, open } = await recordingContext(browser);
    const page = await open(sample.url);
    const listed = await page.locator('[data-program]').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-program')));
    expect(listed).toEqual(programs.filter((p) => p.public).map((p) => p.id));
    const text = await page.locator('main').innerText();
    for (const program of programs.filter((p) => !p.public)) expect(text).not.toContain(program.name);
    for (const kpi of programs.flatMap((p) => p.kpis).filter((k) => !k.public)) expect(text).not.toContain(kpi.label);
    expect(await page.locator('[data-program="opm-docket-api"] .status').innerText()).toBe('Objective missed');
    expect(await page.locator('[data-program="fema-aid-form"]').innerText()).toContain('Data may be out of date');
    await context.close();
  });

  it('a program page shows each KPI as an SVG chart with a summary and a table, and each SLO in words', async () => {
    const model = JSON.parse(readFileSync(join(builds, 'sample', 'model', 'programs', 'cms-eligibility.json'), 'utf8')) as { kpis: unknown[]; slos: { name: string; suppressed: string | null }[] };
    const { context, open } = await recordingContext(browser);
    const page = await open(`${sample.url}/programs/cms-eligibility/`);
    // one trend chart per KPI, and one burn-down per SLO whose numbers are published (decisions that
    // pass audit share the error rate's small-cell mask, and are withheld)
    expect(model.slos.map((slo) => slo.suppressed)).toEqual([null, 'complementary']);
    expect(await page.locator('figure.chart svg[role="img"]').count()).toBe(model.kpis.length + 1);
    expect(await page.locator('figure.chart details table tbody tr').count()).toBeGreaterThan(90);
    const summary = await page.locator('figure.chart .summary').first().innerText();
    // Each chart image is named by its title and summary beside it (aria-labelledby), as a screen reader hears it.
    const first = page.locator('figure.chart').first();
    const name = `${await first.locator('.title').innerText()} ${summary}`;
    expect(await first.getByRole('img', { name, exact: true }).count()).toBe(1);
    expect(summary).toMatch(/^The daily median \(Eligibility review time\) ranged from [\d.]+ h \(\w{3} \d+, 2026\) to [\d.]+ h/);
    // 8 240 of 8 296 reviews on time: 8240 ÷ 8296 = 0.9932498 → 99.32 % (docs/methodology.md rounds it to 99.325 %)
    await expect(page.locator('.usa-summary-box').first().innerText()).resolves.toContain('99.32% of 8,296 reviews met “Reviews finished within 48 hours” over the last 28 days (goal 99%).');
    await expect(page.locator('main').innerText()).resolves.toContain('Payroll-data verification rule takes effect');
    await context.close();
  });

  it('the range switcher shows one range at a time once hydrated, and every range without JavaScript', async () => {
    const path = '/programs/opm-docket-api/latency/';
    const { context, open } = await recordingContext(browser);
    const page = await open(sample.url + path);
    await page.locator('.range-switcher').scrollIntoViewIfNeeded(); // client:visible hydrates on sight
    const visible = () => page.locator('figure[data-range]').evaluateAll((figures) => figures.filter((f) => (f as HTMLElement).offsetParent !== null).map((f) => f.getAttribute('data-range')));
    await page.getByRole('button', { name: '1 year' }).and(page.locator('[aria-pressed="true"]')).waitFor();
    expect(await visible()).toEqual(['1y']);
    // Every view's button shows its chart and only that one.
    for (const range of RANGES) {
      await page.getByRole('button', { name: range.label, exact: true }).click();
      expect(await visible()).toEqual([range.id]);
      await expect(page.getByRole('button', { name: range.label, exact: true }).getAttribute('aria-pressed')).resolves.toBe('true');
    }
    await context.close();

    const noScript = await recordingContext(browser, { javaScriptEnabled: false });
    const still = await noScript.open(sample.url + path);
    const ranges = await still.locator('figure[data-range]').evaluateAll((figures) => figures.filter((f) => (f as HTMLElement).offsetParent !== null).map((f) => f.getAttribute('data-range')));
    expect(ranges).toEqual(RANGES.map((range) => range.id));
    expect(ranges).toEqual(['7d', '30d', '90d', '1y', 'all', 'weekly', 'monthly']);
    await noScript.context.close();
  });

  it('hovering a KPI chart reads out the value and sample size of the day under the pointer', async () => {
    const { context, open } = await recordingContext(browser);
    const page = await open(`${sample.url}/programs/opm-docket-api/latency/`);
    await page.locator('.range-switcher').scrollIntoViewIfNeeded();
    await page.getByRole('button', { name: '90 days' }).and(page.locator(':not([disabled])')).click();
    const figure = page.locator('figure[data-range="90d"]');
    await figure.scrollIntoViewIfNeeded();
    await figure.locator('.chart-hover').waitFor({ state: 'attached' });
    const box = (await figure.locator('svg').boundingBox())!;
    const lastRow = figure.locator('tbody tr').last();
    const x = Number(await lastRow.getAttribute('data-x'));
    // the last day's position in SVG units (720 wide), scaled to the drawn width
    await page.mouse.move(box.x + (x / 720) * box.width, box.y + box.height / 2);
    const cells = await lastRow.locator('th, td').allTextContents();
    await expect(figure.locator('.chart-hover__label').innerText()).resolves.toBe(`${cells[0]}: ${cells[1]} (n = ${cells[2]})`);
    await context.close();
  });

  it('the objectives table sorts by a column once hydrated, and says so with aria-sort', async () => {
    const { context, open } = await recordingContext(browser);
    const page = await open(`${sample.url}/slos/`);
    const attainment = page.getByRole('button', { name: 'Attainment' });
    await attainment.click();
    const values = async () => (await page.locator('tbody tr td:nth-child(4)').evaluateAll((cells) => cells.map((c) => Number((c as HTMLElement).dataset.sort))));
    const ascending = await values();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await expect(page.locator('th', { has: attainment }).getAttribute('aria-sort')).resolves.toBe('ascending');
    await attainment.click();
    expect(await values()).toEqual([...ascending].reverse());
    await context.close();
  });

  it('every page is complete without JavaScript: the same charts, tables and text', async () => {
    const withJs = await recordingContext(browser);
    const withoutJs = await recordingContext(browser, { javaScriptEnabled: false });
    for (const [, path] of PAGE_TYPES.filter(([name]) => name !== 'search' && name !== 'kpi')) {
      const [a, b] = await Promise.all([withJs.open(sample.url + path), withoutJs.open(sample.url + path)]);
      expect(await b.locator('svg').count(), path).toBe(await a.locator('svg').count());
      expect(await b.locator('table').count(), path).toBe(await a.locator('table').count());
      expect(await b.locator('main').innerText(), path).toBe(await a.locator('main').innerText());
    }
    await withJs.context.close();
    await withoutJs.context.close();
  });

  it('axe-core finds no WCAG 2.1 A or AA violation on any page type', async () => {
    const { context, open } = await recordingContext(browser);
    const violations: string[] = [];
    for (const [name, path] of PAGE_TYPES) {
      const page = await open(sample.url + path);
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      for (const v of result.violations) violations.push(`${name}: ${v.id} (${v.nodes.length}×) ${v.nodes[0]?.target.join(' ')}`);
      await page.close();
    }
    expect(violations).toEqual([]);
    await context.close();
  });

  it('no request leaves the loopback server, and the CSP blocks nothing the site needs', async () => {
    const { context, record, open } = await recordingContext(browser);
    for (const [, path] of PAGE_TYPES) await (await open(sample.url + path)).waitForLoadState('networkidle');
    expect(record.requests.length).toBeGreaterThan(PAGE_TYPES.length);
    expect(record.requests.filter((url) => !url.startsWith(`${sample.url}/`) && !url.startsWith('data:'))).toEqual([]);
    expect(record.console.filter((line) => /Content Security Policy|Refused to/.test(line))).toEqual([]);
    expect(record.errors).toEqual([]);
    await context.close();
  });

  it('search finds a program by a word of its description', async () => {
    const { context, open } = await recordingContext(browser);
    const page = await open(`${sample.url}/search/?q=payroll`);
    // Several pages mention payroll data (the program, its annotation, the docs); ranking among them
    // is Pagefind's business: the program's page must be one of the results.
    await page.locator('.pagefind-ui__result-link').first().waitFor({ timeout: 30_000 });
    const results = await page.locator('.pagefind-ui__result-link').allInnerTexts();
    expect(results.some((text) => text.includes('Medicaid eligibility reviews')), results.join(' | ')).toBe(true);
    expect(results.some((text) => text.includes('Disaster-aid application form'))).toBe(false);
    await context.close();
  });

  it('every page type reflows at 320 CSS pixels: nothing wider than the screen but a table or chart scrolling in its own region (WCAG 1.4.10)', async () => {
    const { context, open } = await recordingContext(browser, { viewport: { width: 320, height: 640 } });
    const wide: string[] = [];
    for (const [name, path] of PAGE_TYPES) {
      const page = await open(sample.url + path);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 320) wide.push(`${name} (${path}): ${width} px`);
      await page.close();
    }
    await context.close();
    expect(wide).toEqual([]);
  });

  it('saves a screenshot of each page type at desktop and mobile width', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [width, height, label] of [[1280, 900, 'desktop'], [390, 844, 'mobile']] as const) {
      const { context, open } = await recordingContext(browser, { viewport: { width, height } });
      for (const [name, path] of PAGE_TYPES) {
        const page = await open(sample.url + path);
        await page.screenshot({ path: `${SCREENSHOTS}/${name}-${label}.png`, fullPage: true });
        await page.close();
      }
      await context.close();
    }
  });
});

describe('the adversarial portal', () => {
  it('shows HTML and JavaScript in names and descriptions as text and runs none of it', async () => {
    const { context, record, open } = await recordingContext(browser);
    for (const path of ['/', '/programs/payload-program/', '/programs/payload-program/latency/', '/slos/', '/about/']) {
      const page = await open(adversarial.url + path);
      expect(await page.locator('img[src="x"], iframe, [onerror], [onload], [onmouseover], a[href^="javascript:"]').count(), path).toBe(0);
      const inline = await page.locator('script, style').evaluateAll((nodes) => nodes.map((n) => n.textContent ?? ''));
      expect(inline.filter((body) => body.includes('alert(') || body.includes('display:none')), path).toEqual([]);
      await page.close();
    }
    const page = await open(`${adversarial.url}/programs/payload-program/`);
    const text = await page.locator('main').innerText();
    expect(text).toContain("Program <script>alert('name')</script>");
    expect(text).toContain("Description <img src=x onerror=alert('description')> & <b>bold</b>");
    expect(text).toContain("SLO <script>alert('slo')</script>");
    expect(text).toContain("Change <script>alert('annotation')</script>");
    expect(await page.title()).toBe("Program <script>alert('name')</script> | Portal <script>alert('title')</script>");
    expect(record.dialogs).toEqual([]);
    await context.close();
  });

  it('lists its public program and not the one that is not public', async () => {
    const { context, open } = await recordingContext(browser);
    const page = await open(adversarial.url);
    expect(await page.locator('[data-program]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-program')))).toEqual(['payload-program']);
    expect(await page.content()).not.toContain('Secret internal program');
    await context.close();
  });
});
