/**
 * `npm run bench [-- --quick | --programs N --metrics M --days D --events E] [--out DIR] [--fresh] [--skip load,compute,alerts,ingest,floor]`
 *
 * Generates a synthetic portal (bench/synthetic-portal.ts, in a child process so its time and memory
 * stay out of the figures), then measures in this process:
 *   (a) loading the rollups with loadSources into a fresh file store;
 *   (b) computing the public model with computeModel;
 *   (c) loading the raw NDJSON events with ingestFile into another fresh store;
 *   (d) the floor: a bare DuckDB read_parquet of the same rollups into a table, plus one
 *       GROUP BY program_id, metric with the same aggregates and a merged-histogram p95; and the
 *       ingest's: a typed read_json of the events into a table plus one GROUP BY into minutes;
 *   (e) the open-data exports (writeExports) of the model computed in (b), which (b) writes to disk
 *       as `hms-ops build` does (the time spent writing model files is reported apart);
 *   (f) the static site built from that model (buildSite), a program page's weight, and the site's
 *       floor: as many plain Astro pages (bench/site-floor) holding the same chart SVGs, pre-made;
 *   (g) the alert job: 10 000 threshold rules and the burn-rate alerts of 2 000 SLOs
 *       (bench/alert-rules.ts) evaluated at one instant against the store of (a).
 * Absolute times drift from machine to machine; the ratio ours ÷ floor does not, or much less.
 * A generated portal is reused by later runs of the same size (`--fresh` regenerates); stores are
 * deleted at the end. Prints a table, then one JSON line. Exits 0 whether or not the targets are met.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { computeModel, loadSources, type Progress } from '../src/adapters/build/build-model.ts';
import { loadPortal } from '../src/adapters/portal/load-portal.ts';
import { publishExports, writeExports } from '../src/adapters/exports/write-exports.ts';
import { createModelWriter } from '../src/adapters/model/write-model.ts';
import { ingestFile } from '../src/adapters/store/ingest-file.ts';
import { openStore } from '../src/adapters/store/open-store.ts';
import { type Manifest, parseBenchArgs, portalPaths } from './synthetic-portal.ts';
import { benchAlertRules, benchNotify } from './alert-rules.ts';
import { evaluateAt } from '../src/adapters/alerts/alert-job.ts';
import { advanceAll } from '../src/core/alerts/alert-state.ts';
import { advanceIncidents } from '../src/core/alerts/incidents.ts';
import { planNotifications } from '../src/core/alerts/notify-plan.ts';
import { EMPTY_STATE } from '../src/core/schemas/alert-state.ts';

/** Targets from the issue, for the default size on a 2-core machine. */
const TARGETS = { alertSeconds: 10, loadComputeSeconds: 30, rssMb: 2048, eventsPerSecond: 1_000_000, floorRatio: 2.0, exportSeconds: 30, siteSeconds: 90, programPageKb: 150, siteFloorRatio: 1.5 };

// The GROUP BY the floor runs: count, sum, min, max and p95 from the merged histogram of each metric.
const FLOOR_QUERY = `
  WITH totals AS (
    SELECT program_id, metric, sum(count) AS n, sum(sum) AS s, min(min) AS lo, max(max) AS hi FROM t GROUP BY program_id, metric
  ), h AS (
    SELECT program_id, metric, b.k AS k, sum(b.n) AS n FROM (SELECT program_id, metric, unnest(histogram) AS b FROM t) GROUP BY ALL
  ), c AS (
    SELECT program_id, metric, k, sum(n) OVER (PARTITION BY program_id, metric ORDER BY k) AS cum, sum(n) OVER (PARTITION BY program_id, metric) AS hn FROM h
  ), q AS (
    SELECT program_id, metric, min(k) FILTER (WHERE cum > floor(0.95 * (hn - 1))) AS p95_key FROM c GROUP BY ALL
  )
  SELECT totals.*, q.p95_key FROM totals LEFT JOIN q USING (program_id, metric)`;

// Per-step durations, so a slow run shows which file or program took the time.
const slowest: Record<'load' | 'compute' | 'exports', { what: string; seconds: number }[]> = { load: [], compute: [], exports: [] };

const options = parseBenchArgs(process.argv.slice(2));
const paths = portalPaths(options);
// One folder per run, so two runs at once (say, a quick one beside a full one) never share a store file.
const storeDir = join(options.out, `stores-${process.pid}`);
const log = (line: string) => process.stderr.write(`${line}\n`);

log(`generating ${options.programs} programs × ${options.metrics} metrics × ${options.days} days, ${options.events} events in ${paths.root} …`);
const manifest = generate();
log(`generated ${manifest.rollupRows} rollup rows in ${manifest.rollupFiles} files (${mb(manifest.rollupBytes)} MB), ${mb(manifest.eventBytes)} MB of events (${manifest.seconds.toFixed(1)} s; not measured)`);

rmSync(storeDir, { recursive: true, force: true });
mkdirSync(storeDir, { recursive: true });
const portal = loadPortal(paths.root);
const at = new Date(portal.portal.at);
const quarantineDir = join(storeDir, 'quarantine');
const modelDir = join(storeDir, 'model');
const rss = rssSampler();
// The 1-minute load average before anything runs: above ~1, other work shares the cores and wall times grow.
const loadBefore = loadavg()[0]!;
const results: Record<string, number | null> = {};
/** Steps that threw, with the error's first line: a failed step is reported, not fatal. */
const errors: Record<string, string> = {};
/** The store's DuckDB settings as opened, for the report. */
let storeSettings = '';

// (a) load and (b) compute, in one store as `hms-ops build` does.
if (!options.skip.includes('load')) {
  const store = await openStore(join(storeDir, 'load.duckdb'));
  try {
    const [setting] = await store.rows<{ limit: string; threads: bigint }>(`SELECT current_setting('memory_limit') AS limit, current_setting('threads') AS threads`);
    storeSettings = `memory_limit ${setting?.limit}, threads ${setting?.threads}`;
    await measured('load', async () => {
      const started = performance.now();
      const reports = await loadSources(store, portal, timedProgress('load'), { at, quarantineDir });
      results.loadSeconds = seconds(started);
      results.rowsLoaded = reports.reduce((sum, report) => sum + report.rowsLoaded, 0);
      results.rowsQuarantined = reports.reduce((sum, report) => sum + report.rowsQuarantined, 0);
      results.loadRowsPerSecond = results.rowsLoaded / results.loadSeconds;
    });
    if (!options.skip.includes('compute') && !errors.load) {
      await measured('compute', async () => {
        const started = performance.now();
        // Program documents are written as hms-ops build writes them; the time inside the writer is
        // reported apart (modelWriteSeconds), since the two overlap only partly.
        const writer = createModelWriter(modelDir);
        let writing = 0;
        const timedWrite = <T>(work: () => T): T => {
          const begun = performance.now();
          try {
            return work();
          } finally {
            writing += seconds(begun);
          }
        };
        const index = await computeModel(store, portal, { at, generatedAt: at, publicOnly: true }, timedProgress('compute'), (program) => timedWrite(() => writer.writeProgram(program)));
        timedWrite(() => writer.finish(index));
        results.computeSeconds = seconds(started);
        results.modelWriteSeconds = writing;
        results.programsComputed = index.programs.length;
        results.loadComputeSeconds = (results.loadSeconds ?? 0) + results.computeSeconds;
      });
    }
    // maxRSS only grows, and nothing else has run yet: this is the peak of load + compute.
    results.loadComputePeakRssMb = maxRssMb();
    // (g) the alert job: 10 000 threshold rules and the burn-rate alerts of 2 000 SLOs at one instant.
    if (!options.skip.includes('alerts') && !errors.load) {
      await measured('alerts', async () => {
        const rules = benchAlertRules(portal, 10_000, 2_000);
        const started = performance.now();
        const evaluations = await evaluateAt(store, portal, rules, at);
        // Then what an evaluation does with the result: the state machine (from no remembered alerts,
        // and once more a minute later so that alerts with a `for` fire), incidents, routing, grouping, outbox.
        const first = advanceAll([], evaluations);
        const later = new Date(at.getTime() + 3600_000);
        const { instances: alerts, transitions } = advanceAll(first.instances, evaluations.map((evaluation) => ({ ...evaluation, at: later })));
        const byName = new Map(rules.map((rule) => [rule.name, rule]));
        const incidents = advanceIncidents([], [...first.transitions, ...transitions], alerts, byName, later);
        const plan = planNotifications({ ...EMPTY_STATE, alerts }, alerts, [], rules, benchNotify(), later);
        results.alertSeconds = seconds(started);
        results.alertNotifications = plan.notifications.length;
        results.alertIncidents = incidents.incidents.length;
        results.alertRules = rules.length;
        results.alertsActive = evaluations.flatMap((evaluation) => evaluation.alerts).filter((alert) => alert.active).length;
        results.alertsWithData = evaluations.filter((evaluation) => evaluation.value !== null).length;
      });
    }
  } finally {
    store.close();
  }
}

// (e) exports of the model written in (b).
if (!options.skip.includes('exports') && typeof results.computeSeconds === 'number') {
  await measured('exports', async () => {
    const started = performance.now();
    const site = join(storeDir, 'site');
    const staging = join(site, '.exports-staging');
    const report = await writeExports(modelDir, staging, timedProgress('exports'));
    publishExports(staging, site);
    results.exportSeconds = seconds(started);
    results.exportFiles = report.files;
    results.exportMb = report.bytes / 1e6;
  });
}

// (f) the static site from the same model, and its floor.
if (!options.skip.includes('site') && typeof results.computeSeconds === 'number') {
  const siteOut = join(storeDir, 'site-dist');
  await measured('site', async () => {
    const { buildSite } = await import('../src/site/build/build-site.ts');
    const started = performance.now();
    await buildSite({ modelDir, outDir: siteOut });
    results.siteSeconds = seconds(started);
    const pages = htmlPages(siteOut);
    results.sitePages = pages.length;
    const weight = pageWeight(siteOut, join('programs', 'p0000', 'index.html'));
    results.programPageKb = weight.totalBytes / 1024;
    results.programPageJsKb = weight.jsBytes / 1024;
    results.programPageCharts = weight.charts;
  });
  if (!errors.site) {
    await measured('siteFloor', async () => {
      // The floor's input: every page of the real site, its title and its chart SVGs as they were drawn.
      const input = join(storeDir, 'site-floor.json');
      writeFileSync(input, JSON.stringify(htmlPages(siteOut).map((page) => {
        const html = readFileSync(join(siteOut, page), 'utf8');
        return {
          path: page === 'index.html' ? '' : page.endsWith('/index.html') ? page.slice(0, -'/index.html'.length) : page.replace(/\.html$/, ''),
          title: /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? page,
          svgs: html.match(/<svg[\s\S]*?<\/svg>/g) ?? [],
        };
      })));
      process.env.FLOOR_INPUT = input;
      process.env.FLOOR_OUT = join(storeDir, 'site-floor-dist');
      process.env.ASTRO_TELEMETRY_DISABLED = '1';
      const { build } = await import('astro');
      const started = performance.now();
      await build({ root: fileURLToPath(new URL('./site-floor/', import.meta.url)), outDir: process.env.FLOOR_OUT, logLevel: 'warn', mode: 'production' });
      results.siteFloorSeconds = seconds(started);
      results.siteFloorPages = htmlPages(process.env.FLOOR_OUT).length;
      results.siteFloorRatio = (results.siteSeconds ?? 0) / results.siteFloorSeconds;
    });
  }
}

// (c) raw NDJSON ingest.
if (!options.skip.includes('ingest')) {
  const store = await openStore(join(storeDir, 'ingest.duckdb'));
  try {
    await measured('ingest', async () => {
      const started = performance.now();
      const report = await ingestFile(store, { path: paths.events, kind: 'events' }, {
        programIds: portal.programs.map((program) => program.id),
        rawRetentionSeconds: portal.portal.raw_retention,
        quarantineDir,
      });
      results.ingestSeconds = seconds(started);
      results.eventsLoaded = report.rowsLoaded;
      results.eventsQuarantined = report.rowsQuarantined;
      results.eventsPerSecond = report.rowsRead / results.ingestSeconds;
    });
  } finally {
    store.close();
  }
}

// (d) the floor, in a fresh DuckDB instance over a file like the store.
if (!options.skip.includes('floor')) {
  const instance = await DuckDBInstance.create(join(storeDir, 'floor.duckdb'));
  const connection = await instance.connect();
  try {
    await measured('floor', async () => {
      let started = performance.now();
      await connection.run(`CREATE TABLE t AS SELECT * FROM read_parquet('${paths.rollups}/*.parquet')`);
      results.floorLoadSeconds = seconds(started);
      started = performance.now();
      const reader = await connection.runAndReadAll(FLOOR_QUERY);
      results.floorQuerySeconds = seconds(started);
      results.floorGroups = reader.currentRowCount;
      results.floorSeconds = results.floorLoadSeconds + results.floorQuerySeconds;
      // The ingest's floor: DuckDB's typed JSON reader into a table, and one GROUP BY into minutes
      // with plain aggregates (no validation, identity, histograms, hours or days).
      if (!options.skip.includes('ingest')) {
        started = performance.now();
        await connection.run(`CREATE TABLE e AS SELECT * FROM read_json('${paths.events}', format = 'newline_delimited', columns = {program_id: 'VARCHAR', metric: 'VARCHAR', value: 'DOUBLE', ts: 'TIMESTAMPTZ', tags: 'JSON'})`);
        await connection.run(`CREATE TABLE minutes AS SELECT program_id, metric, time_bucket(INTERVAL 1 MINUTE, ts) AS minute, count(*) AS n, sum(value) AS s, min(value) AS lo, max(value) AS hi FROM e GROUP BY ALL`);
        results.ingestFloorSeconds = seconds(started);
      }
    });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
rss.stop();
if (typeof results.ingestSeconds === 'number' && typeof results.ingestFloorSeconds === 'number') {
  results.ingestFloorRatio = results.ingestSeconds / results.ingestFloorSeconds;
}
if (typeof results.loadComputeSeconds === 'number' && typeof results.floorSeconds === 'number') {
  results.floorRatio = results.loadComputeSeconds / results.floorSeconds;
}
// CPU seconds (DuckDB's threads run in this process) move much less than wall time when other work shares the cores.
if (typeof results.loadCpuSeconds === 'number' && typeof results.computeCpuSeconds === 'number' && typeof results.floorCpuSeconds === 'number') {
  results.floorCpuRatio = (results.loadCpuSeconds + results.computeCpuSeconds) / results.floorCpuSeconds;
}
results.peakRssMb = maxRssMb();
for (const [phase, peak] of Object.entries(rss.peaks)) results[`${phase}SampledRssMb`] = peak;

printTable();
console.log(JSON.stringify({
  bench: 'hms-ops',
  size: { programs: options.programs, metrics: options.metrics, days: options.days, events: options.events, rollupRows: manifest.rollupRows, rollupFiles: manifest.rollupFiles },
  cores: navigator.hardwareConcurrency,
  loadAverageBefore: loadBefore,
  node: process.version,
  store: storeSettings,
  results,
  errors,
  targets: TARGETS,
  slowestFiles: slowest.load.slice(0, 3),
}));
rmSync(storeDir, { recursive: true, force: true });

/** Runs one measured step with its own RSS phase; an error is recorded under the step's name. */
async function measured(name: string, work: () => Promise<void>): Promise<void> {
  rss.phase(name);
  const cpu = process.cpuUsage();
  try {
    await work();
    const used = process.cpuUsage(cpu);
    results[`${name}CpuSeconds`] = (used.user + used.system) / 1e6;
  } catch (error) {
    errors[name] = String(error instanceof Error ? error.message : error).split('\n')[0]!;
    log(`  ${name} failed: ${errors[name]}`);
  }
}

function generate(): Manifest {
  const script = fileURLToPath(new URL('./synthetic-portal.ts', import.meta.url));
  const result = spawnSync(process.execPath, [script, ...process.argv.slice(2)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error(`generating the synthetic portal failed (exit ${result.status})`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Manifest;
}

function timedProgress(name: 'load' | 'compute' | 'exports'): Progress {
  let current = '';
  let since = performance.now();
  let count = 0;
  const close = () => {
    if (current) slowest[name].push({ what: current, seconds: Number(seconds(since).toFixed(3)) });
  };
  return {
    step(message) {
      close();
      current = message;
      since = performance.now();
      if (name === 'load' || count++ % 20 === 0) log(`  ${message} (rss ${Math.round(process.memoryUsage.rss() / 2 ** 20)} MB)`);
    },
    done(message) {
      const took = seconds(since);
      close();
      current = '';
      log(name === 'load' ? `  ${message} in ${took.toFixed(2)} s` : `  ${message}`);
      slowest[name].sort((a, b) => b.seconds - a.seconds);
    },
  };
}

/** Samples RSS every 50 ms (DuckDB runs queries off the main thread) and keeps each phase's peak. */
function rssSampler() {
  const peaks: Record<string, number> = {};
  let phase = 'setup';
  const sample = () => {
    const now = Math.round(process.memoryUsage.rss() / 2 ** 20);
    peaks[phase] = Math.max(peaks[phase] ?? 0, now);
  };
  const timer = setInterval(sample, 50);
  return {
    peaks,
    phase(name: string) {
      sample();
      phase = name;
    },
    stop() {
      sample();
      clearInterval(timer);
    },
  };
}

function printTable(): void {
  const r = results;
  const rows: [string, string, string, string][] = [];
  const verdict = (ok: boolean | null) => (ok === null ? '' : ok ? 'PASS' : 'MISS');
  const num = (value: number | null | undefined, digits = 1) => (typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–');
  const has = (value: unknown): value is number => typeof value === 'number';
  rows.push(['load rollups (loadSources)', `${num(r.loadSeconds, 2)} s`, `${num(has(r.loadRowsPerSecond) ? r.loadRowsPerSecond / 1e6 : null, 2)} M rows/s`, '']);
  rows.push(['compute model (publicOnly)', `${num(r.computeSeconds, 2)} s`, `${r.programsComputed ?? '–'} programs; ${num(r.modelWriteSeconds, 2)} s of it writing model files`, '']);
  rows.push(['load + compute', `${num(r.loadComputeSeconds, 2)} s`, `target < ${TARGETS.loadComputeSeconds} s`, verdict(has(r.loadComputeSeconds) ? r.loadComputeSeconds < TARGETS.loadComputeSeconds : null)]);
  rows.push(['peak RSS, load + compute', `${num(r.loadComputePeakRssMb, 0)} MB`, `target < ${TARGETS.rssMb} MB`, verdict(has(r.loadComputePeakRssMb) ? r.loadComputePeakRssMb < TARGETS.rssMb : null)]);
  rows.push(['alert rules evaluated at one instant', `${num(r.alertSeconds, 2)} s`, `${r.alertRules ?? '–'} rules (10 000 threshold, burn-rate of 2 000 SLOs), ${r.alertsWithData ?? '–'} with data, ${r.alertsActive ?? '–'} alerts active, then routed and grouped into ${r.alertNotifications ?? '–'} notifications with ${r.alertIncidents ?? '–'} incidents; target < ${TARGETS.alertSeconds} s`, verdict(has(r.alertSeconds) ? r.alertSeconds < TARGETS.alertSeconds : null)]);
  rows.push(['open-data exports (writeExports)', `${num(r.exportSeconds, 2)} s`, `${r.exportFiles ?? '–'} files, ${num(r.exportMb, 0)} MB; target < ${TARGETS.exportSeconds} s`, verdict(has(r.exportSeconds) ? r.exportSeconds < TARGETS.exportSeconds : null)]);
  rows.push(['static site (buildSite)', `${num(r.siteSeconds, 2)} s`, `${r.sitePages ?? '–'} pages; target < ${TARGETS.siteSeconds} s`, verdict(has(r.siteSeconds) ? r.siteSeconds < TARGETS.siteSeconds : null)]);
  rows.push(['program page weight', `${num(r.programPageKb, 0)} KB`, `HTML + CSS + JS, ${r.programPageCharts ?? '–'} charts; ${num(r.programPageJsKb, 1)} KB of it JavaScript (islands; content needs none); target < ${TARGETS.programPageKb} KB`, verdict(has(r.programPageKb) ? r.programPageKb < TARGETS.programPageKb : null)]);
  rows.push(['site floor (plain Astro pages, pre-made SVGs)', `${num(r.siteFloorSeconds, 2)} s`, `${r.siteFloorPages ?? '–'} pages`, '']);
  rows.push(['site ratio ours ÷ floor', `${num(r.siteFloorRatio, 2)} ×`, `target ≤ ${TARGETS.siteFloorRatio}`, verdict(has(r.siteFloorRatio) ? r.siteFloorRatio <= TARGETS.siteFloorRatio : null)]);
  rows.push(['raw NDJSON ingest (ingestFile)', `${num(r.ingestSeconds, 2)} s`, `${num(has(r.eventsPerSecond) ? r.eventsPerSecond / 1e6 : null, 3)} M events/s; target ≥ 1 M`, verdict(has(r.eventsPerSecond) ? r.eventsPerSecond >= TARGETS.eventsPerSecond : null)]);
  rows.push(['ingest floor: read_json → table, GROUP BY minute', `${num(r.ingestFloorSeconds, 2)} s`, `ingest ÷ its floor ${num(r.ingestFloorRatio, 2)} ×`, '']);
  rows.push(['floor: read_parquet → table', `${num(r.floorLoadSeconds, 2)} s`, '', '']);
  rows.push(['floor: GROUP BY program, metric', `${num(r.floorQuerySeconds, 2)} s`, `${r.floorGroups ?? '–'} groups`, '']);
  rows.push(['ratio ours ÷ floor', `${num(r.floorRatio, 2)} ×`, `target ≤ ${TARGETS.floorRatio}`, verdict(has(r.floorRatio) ? r.floorRatio <= TARGETS.floorRatio : null)]);
  rows.push(['ratio ours ÷ floor, CPU time', `${num(r.floorCpuRatio, 2)} ×`, `CPU s: load ${num(r.loadCpuSeconds)}, compute ${num(r.computeCpuSeconds)}, floor ${num(r.floorCpuSeconds)}`, '']);
  rows.push(['peak RSS, whole run', `${num(r.peakRssMb, 0)} MB`, Object.entries(rss.peaks).map(([phase, peak]) => `${phase} ${peak}`).join(', '), '']);
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  const size = `${options.programs} programs × ${options.metrics} metrics × ${options.days} days = ${manifest.rollupRows.toLocaleString('en-US')} hourly rollup rows; ${options.events.toLocaleString('en-US')} raw events`;
  console.log(`\nhms-ops bench${options.quick ? ' (--quick; targets are for the default size)' : ''}: ${size}`);
  if (storeSettings) console.log(`  store: ${storeSettings}`);
  if (loadBefore > 1) console.log(`  warning: load average ${loadBefore.toFixed(2)} before the run; other work shares the cores, so wall times are inflated (see the CPU-time ratio)`);
  for (const row of rows) console.log(`  ${row[0].padEnd(widths[0]!)}  ${row[1].padStart(widths[1]!)}  ${row[2].padEnd(widths[2]!)}  ${row[3]}`);
  for (const [name, message] of Object.entries(errors)) console.log(`  FAILED ${name}: ${message}`);
  if (r.rowsQuarantined || r.eventsQuarantined) console.log(`  warning: ${r.rowsQuarantined ?? 0} rollup rows and ${r.eventsQuarantined ?? 0} events were quarantined`);
  const slowFiles = slowest.load.slice(0, 3).map((file) => `${file.what.replace(/^loading /, '')} ${file.seconds} s`).join('; ');
  const slowPrograms = slowest.compute.slice(0, 3).map((step) => `${step.what.replace(/^computing /, '')} ${step.seconds} s`).join('; ');
  if (slowFiles) console.log(`  slowest files: ${slowFiles}`);
  if (slowPrograms) console.log(`  slowest programs: ${slowPrograms}`);
  console.log('');
}

/** Every HTML file of a built site, relative to its root, `/`-separated. */
function htmlPages(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

/** A page's HTML plus every stylesheet and script it loads (same-origin paths), and its charts. */
function pageWeight(root: string, page: string): { totalBytes: number; jsBytes: number; charts: number } {
  const html = readFileSync(join(root, page), 'utf8');
  const assets = (pattern: RegExp) => [...new Set([...html.matchAll(pattern)].map((match) => match[1]!))].filter((href) => href.startsWith('/'));
  const size = (href: string) => statSync(join(root, decodeURIComponent(href.split(/[?#]/)[0]!))).size;
  const css = assets(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g).concat(assets(/<link[^>]+href="([^"]+)"[^>]+rel="stylesheet"/g));
  const js = assets(/<script[^>]+src="([^"]+)"/g).concat(assets(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g), assets(/component-url="([^"]+)"/g), assets(/renderer-url="([^"]+)"/g));
  const jsBytes = [...new Set(js)].reduce((sum, href) => sum + size(href), 0);
  const cssBytes = [...new Set(css)].reduce((sum, href) => sum + size(href), 0);
  return { totalBytes: Buffer.byteLength(html) + cssBytes + jsBytes, jsBytes, charts: (html.match(/class="hms-chart"/g) ?? []).length };
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

function maxRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(0);
}
