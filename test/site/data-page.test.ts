import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, inject, it } from 'vitest';
import { CatalogSchema } from '../../src/core/schemas/dcat-us.ts';

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
