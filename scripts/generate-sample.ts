/**
 * Writes the bundled sample data: raw events for the last days of the period as gzip NDJSON
 * (`events/<program>.ndjson.gz`) and hourly rollups of everything before as Parquet
 * (`rollups/<program>.parquet`). The programs' stories live in `sample/stories.ts`.
 *
 * Deterministic: values come from a seeded PRNG and DuckDB writes with one thread, so running it
 * twice gives byte-identical files. `npm run sample` regenerates `data/`.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { histogramOf, type HistogramBucket } from '../src/core/histogram.ts';
import { createStories, type SampleEvent } from './sample/stories.ts';

export interface SampleOptions {
  /** Folder that receives `events/` and `rollups/`. */
  outDir: string;
  /** First hour of the period, e.g. `2025-10-01T00:00:00Z`. */
  start: string;
  /** End of the period (exclusive), e.g. `2026-11-01T00:00:00Z`. */
  end: string;
  /** Days at the end of the period written as raw events instead of rollups. */
  rawDays: number;
  seed: number;
}

/** What was written for one program. */
export interface SampleSummary {
  programId: string;
  /** Lines in the raw event file. */
  events: number;
  /** Rows in the rollup file. */
  rollupRows: number;
  /** Metrics present in either file, sorted. */
  metrics: string[];
}

/** The committed sample: 13 months, of which the last 14 days are raw events. */
export const SAMPLE_OPTIONS = { start: '2025-10-01T00:00:00Z', end: '2026-11-01T00:00:00Z', rawDays: 14, seed: 20_251_001 } as const;

const HOUR = 3600;

/** Generates the sample into `options.outDir`; returns what it wrote per program. */
export async function generateSample(options: SampleOptions): Promise<SampleSummary[]> {
  const start = hourOf(options.start);
  const end = hourOf(options.end);
  const rawStart = Math.max(start, end - options.rawDays * 24 * HOUR);
  await mkdir(join(options.outDir, 'events'), { recursive: true });
  await mkdir(join(options.outDir, 'rollups'), { recursive: true });
  const workDir = await mkdtemp(join(tmpdir(), 'hms-ops-sample-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    const summaries: SampleSummary[] = [];
    for (const story of createStories(options.seed, end)) {
      const lines: { sentAt: number; text: string }[] = [];
      const rows: RollupRow[] = [];
      const metrics = new Set<string>();
      for (let hour = start; hour < end; hour += HOUR) {
        const events = story.hour(hour);
        for (const event of events) metrics.add(event.metric);
        if (hour < rawStart) rows.push(...rollUp(story.programId, hour, events));
        else for (const event of events) lines.push({ sentAt: event.sentAt ?? event.ts, text: eventLine(story.programId, event) });
      }
      // Stable sort: lines sent in the same second keep the order the story produced them in.
      lines.sort((a, b) => a.sentAt - b.sentAt);
      const ndjson = lines.map((line) => `${line.text}\n`).join('');
      await writeFile(join(options.outDir, 'events', `${story.programId}.ndjson.gz`), gzipSync(ndjson, { level: 9 }));
      await writeRollups(connection, join(workDir, `${story.programId}.ndjson`), join(options.outDir, 'rollups', `${story.programId}.parquet`), rows);
      summaries.push({ programId: story.programId, events: lines.length, rollupRows: rows.length, metrics: [...metrics].sort() });
    }
    return summaries;
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(workDir, { recursive: true, force: true });
  }
}

interface RollupRow {
  program_id: string;
  metric: string;
  bucket_start: string;
  bucket_seconds: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  histogram: HistogramBucket[];
}

/** One row per metric for the hour, after dropping events that a later line with the same id replaced. */
function rollUp(programId: string, hour: number, events: readonly SampleEvent[]): RollupRow[] {
  const values = new Map<string, number[]>();
  for (const event of latestVersions(events)) {
    const list = values.get(event.metric) ?? [];
    list.push(event.value);
    values.set(event.metric, list);
  }
  return [...values]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([metric, list]) => ({
      program_id: programId,
      metric,
      bucket_start: new Date(hour * 1000).toISOString().slice(0, 19).replace('T', ' '),
      bucket_seconds: HOUR,
      count: list.length,
      sum: list.reduce((sum, value) => sum + value, 0),
      min: Math.min(...list),
      max: Math.max(...list),
      histogram: histogramOf(list),
    }));
}

function latestVersions(events: readonly SampleEvent[]): SampleEvent[] {
  const winners = new Map<string, SampleEvent>();
  for (const event of events) {
    if (event.id === undefined) continue;
    const key = `${event.metric}\n${event.id}`;
    const current = winners.get(key);
    if (!current || (event.sentAt ?? event.ts) >= (current.sentAt ?? current.ts)) winners.set(key, event);
  }
  return events.filter((event) => event.id === undefined || winners.get(`${event.metric}\n${event.id}`) === event);
}

function eventLine(programId: string, event: SampleEvent): string {
  const ts = new Date(event.ts * 1000).toISOString().replace('.000Z', 'Z');
  const id = event.id === undefined ? {} : { id: event.id };
  return JSON.stringify({ program_id: programId, metric: event.metric, value: event.value, ts, ...id, tags: event.tags });
}

// DuckDB reads the rows from a temporary NDJSON file with declared column types, then writes Parquet in one COPY.
async function writeRollups(connection: DuckDBConnection, temporary: string, target: string, rows: readonly RollupRow[]): Promise<void> {
  await writeFile(temporary, rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
  const columns = `{program_id: 'VARCHAR', metric: 'VARCHAR', bucket_start: 'TIMESTAMP', bucket_seconds: 'INTEGER', count: 'BIGINT',
    sum: 'DOUBLE', min: 'DOUBLE', max: 'DOUBLE', histogram: 'STRUCT(k INTEGER, n BIGINT)[]'}`;
  await connection.run(
    `COPY (SELECT * FROM read_json(${sqlString(temporary)}, format = 'newline_delimited', columns = ${columns}) ORDER BY metric, bucket_start)
     TO ${sqlString(target)} (FORMAT parquet, COMPRESSION zstd)`,
  );
}

function hourOf(iso: string): number {
  const ts = Date.parse(iso) / 1000;
  if (!Number.isInteger(ts / HOUR)) throw new Error(`sample period must start and end on the hour, got ${iso}`);
  return ts;
}

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

if (import.meta.main) {
  const outDir = fileURLToPath(new URL('../data/', import.meta.url));
  for (const summary of await generateSample({ outDir, ...SAMPLE_OPTIONS })) {
    console.log(`${summary.programId}: ${summary.events} events, ${summary.rollupRows} rollup rows; ${summary.metrics.join(', ')}`);
  }
}
