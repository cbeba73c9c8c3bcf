import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, inject, it } from 'vitest';
import { SPREADSHEET_ROWS } from '../../src/core/exports/datasets.ts';
import { CatalogSchema } from '../../src/core/schemas/dcat-us.ts';
import { ModelIndexSchema } from '../../src/core/schemas/model.ts';

// The sample build's /data/ page and the catalog the same build exported (test/site/global-setup.ts).
const dist = join(inject('siteBuilds'), 'sample', 'dist');

it('the open-data page links every file of the data.gov catalog, and the catalogs and dictionary', () => {
  const page = readFileSync(join(dist, 'data', 'index.html'), 'utf8');
  const links = new Set([...page.matchAll(/href="(\/[^"]+)"/g)].map((m) => m[1]!));
  const catalog = CatalogSchema.parse(JSON.parse(readFileSync(join(dist, 'data.json'), 'utf8')));
  const files = catalog.dataset.flatMap((d) => d.distribution!.map((x) => new URL(x.downloadURL!).pathname));
  expect(files).toHaveLength(126); // as the catalog test counts them
  for (const file of files) expect(links.has(file), file).toBe(true);
  for (const extra of ['/data.json', '/data/dictionary.csv', '/data/datapackage.json', '/data/status.atom', '/data/SHA256SUMS', '/data/incidents.csv', '/data/incidents.json']) expect(links.has(extra), extra).toBe(true);
  // and names no file of a non-public KPI
  expect(page).not.toContain('caller-age');
  expect(page).not.toContain('fraud');
});

it('names each file of a program in words: a KPI and its resolution, or its SLOs now and day by day', () => {
  const text = readFileSync(join(dist, 'data', 'index.html'), 'utf8').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  expect(text).toContain('Eligibility review time, daily CSV of review-time.daily');
  expect(text).toContain('Service level objectives, now CSV of slos');
  expect(text).toContain('Service level objectives, each of the last 90 days CSV of slo-daily');
  expect(text).not.toContain('service level objectives, slos');
  expect(text).toContain('Federal Service Performance: all service level objectives (each of the last 90 days) CSV of slo-daily');
});

it('says an all-program series too long for a spreadsheet comes as Parquet only, and links no CSV of it', () => {
  // The sample model, with one program's hourly points counted as if it had a spreadsheet's worth
  // and one more: the site is built from it as `hms-ops build` builds it (buildSite).
  mkdirSync('.astro', { recursive: true });
  const root = mkdtempSync(join('.astro', 'test-data-page-'));
  try {
    const model = join(root, 'model');
    cpSync(join(inject('siteBuilds'), 'sample', 'model'), model, { recursive: true });
    const index = ModelIndexSchema.parse(JSON.parse(readFileSync(join(model, 'index.json'), 'utf8')));
    const hourly = index.programs.reduce((sum, line) => sum + line.series_rows.hourly, 0);
    index.programs[0]!.series_rows.hourly += SPREADSHEET_ROWS + 1 - hourly;
    writeFileSync(join(model, 'index.json'), JSON.stringify(index));
    const script = `import { buildSite } from ${JSON.stringify(resolve('src/site/build/build-site.ts'))}; await buildSite({ modelDir: ${JSON.stringify(model)}, outDir: ${JSON.stringify(join(root, 'dist'))}, workers: 0 });`;
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, SOURCE_DATE_EPOCH: '1790000000', CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const page = readFileSync(join(root, 'dist', 'data', 'index.html'), 'utf8');
    const text = page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain(`The hourly series of all programs has ${(SPREADSHEET_ROWS + 1).toLocaleString('en-US')} rows, more than a spreadsheet holds (1,048,575 below its header), so it comes as Parquet only; each program's hourly CSV files below carry the same rows.`);
    expect(text).not.toContain('The daily series of all programs has');
    expect(page).toContain('href="/data/all/kpi-hourly.parquet"');
    expect(page).not.toContain('href="/data/all/kpi-hourly.csv"');
    expect(page).toContain('href="/data/all/kpi-daily.csv"');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}, 120_000);
