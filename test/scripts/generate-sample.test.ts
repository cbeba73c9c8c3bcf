import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { generateSample, type SampleOptions } from '../../scripts/generate-sample.ts';
import { bucketKey } from '../../src/core/histogram.ts';
import { AnnotationsFileSchema } from '../../src/core/schemas/annotation.ts';
import { kpiMetrics } from '../../src/core/schemas/kpi.ts';
import { PortalSchema } from '../../src/core/schemas/portal.ts';
import { ProgramsFileSchema } from '../../src/core/schemas/program.ts';
import { SlosFileSchema, sloMetrics } from '../../src/core/schemas/slo.ts';

const ROOT = new URL('../../', import.meta.url);
const PROGRAMS = ['cms-eligibility', 'dot-permit-hotline', 'fema-aid-form', 'opm-docket-api', 'osers-benefit-calls'];

// Six days, the last four raw: FEMA, which stops three days before the end, has two days of rollups and one of
// events, and the OSERS reporting outage of 2026-10-22 falls in the raw days.
const TINY: Omit<SampleOptions, 'outDir'> = { start: '2026-10-19T00:00:00Z', end: '2026-10-25T00:00:00Z', rawDays: 4, seed: 7 };

interface EventLine {
  program_id: string;
  metric: string;
  value: number;
  ts: string;
  tags: Record<string, string>;
  id?: string;
}

let first: string;
let second: string;
let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  first = await mkdtemp(join(tmpdir(), 'hms-ops-sample-a-'));
  second = await mkdtemp(join(tmpdir(), 'hms-ops-sample-b-'));
  await generateSample({ outDir: first, ...TINY });
  await generateSample({ outDir: second, ...TINY });
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
}, 60_000);

afterAll(async () => {
  connection?.closeSync();
  instance?.closeSync();
  await rm(first, { recursive: true, force: true });
  await rm(second, { recursive: true, force: true });
});

describe('generateSample', () => {
  test('writes one event file and one rollup file per program', async () => {
    expect((await readdir(join(first, 'events'))).sort()).toEqual(PROGRAMS.map((id) => `${id}.ndjson.gz`));
    expect((await readdir(join(first, 'rollups'))).sort()).toEqual(PROGRAMS.map((id) => `${id}.parquet`));
  });

  test('gives byte-identical files when run twice with the same options', async () => {
    for (const file of await allFiles(first)) {
      const [a, b] = await Promise.all([readFile(join(first, file)), readFile(join(second, file))]);
      expect(a.equals(b), file).toBe(true);
    }
    expect(await allFiles(second)).toEqual(await allFiles(first));
  });

  test.each(PROGRAMS)('writes the rollup columns and types of the format for %s', async (id) => {
    const rows = await query(`DESCRIBE SELECT * FROM read_parquet('${join(first, 'rollups', `${id}.parquet`)}')`);
    expect(rows.map((row) => [row.column_name, row.column_type])).toEqual([
      ['program_id', 'VARCHAR'],
      ['metric', 'VARCHAR'],
      ['bucket_start', 'TIMESTAMP'],
      ['bucket_seconds', 'INTEGER'],
      ['count', 'BIGINT'],
      ['sum', 'DOUBLE'],
      ['min', 'DOUBLE'],
      ['max', 'DOUBLE'],
      ['histogram', 'STRUCT(k INTEGER, n BIGINT)[]'],
    ]);
  });

  test('writes hourly rollup rows whose histograms are sorted, span min to max and count every event', async () => {
    const rows = await query(`SELECT * FROM read_parquet('${join(first, 'rollups', '*.parquet')}')`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const buckets = row.histogram as { k: number; n: bigint }[];
      const keys = buckets.map((bucket) => bucket.k);
      expect(row.bucket_seconds).toBe(3600);
      expect((row.bucket_start as Date).getTime() % 3_600_000).toBe(0);
      expect(keys).toEqual([...keys].sort((a, b) => a - b));
      expect(new Set(keys).size).toBe(keys.length);
      expect(buckets.reduce((sum, bucket) => sum + bucket.n, 0n)).toBe(row.count);
      expect(keys[0]).toBe(bucketKey(row.min as number));
      expect(keys.at(-1)).toBe(bucketKey(row.max as number));
    }
  });

  test('writes rollups only before the raw period and events only inside it', async () => {
    const [rollups] = await query(`SELECT max(bucket_start) AS last FROM read_parquet('${join(first, 'rollups', '*.parquet')}')`);
    expect(rollups!.last).toEqual(new Date('2026-10-20T23:00:00Z'));
    const times = (await allEvents()).map((event) => Date.parse(event.ts));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse('2026-10-21T00:00:00Z'));
    expect(Math.max(...times)).toBeLessThan(Date.parse('2026-10-25T00:00:00Z'));
  });

  test('writes event lines with exactly the fields of the format', async () => {
    for (const id of PROGRAMS) {
      const events = await readEvents(join(first, 'events', `${id}.ndjson.gz`));
      expect(events.length, id).toBeGreaterThan(0);
      expect(events.filter((event) => !isWellFormed(event, id)).slice(0, 3)).toEqual([]);
    }
  });

  test('sends some hotline cases twice with a corrected value at a later line', async () => {
    const events = await readEvents(join(first, 'events', 'dot-permit-hotline.ndjson.gz'));
    const versions = Map.groupBy(
      events.filter((event) => event.id !== undefined),
      (event) => `${event.metric} ${event.id}`,
    );
    expect(versions.size).toBeGreaterThan(0);
    for (const [, [original, corrected, ...rest]] of versions) {
      expect(rest).toEqual([]);
      expect(corrected!.ts).toBe(original!.ts);
      expect(corrected!.value).toBeGreaterThan(original!.value);
    }
  });

  test('leaves the six hours of the OSERS reporting outage empty', async () => {
    const events = await readEvents(join(first, 'events', 'osers-benefit-calls.ndjson.gz'));
    const hours = new Set(events.filter((event) => event.ts.startsWith('2026-10-22T')).map((event) => Number(event.ts.slice(11, 13))));
    // The outage runs 16:00 to 22:00 UTC; the hours on either side are office hours in Phoenix (8:00 and 15:00).
    expect([15, 16, 17, 18, 19, 20, 21, 22].filter((hour) => hours.has(hour))).toEqual([15, 22]);
  });

  test('stops the FEMA feed three days before the end of the period', async () => {
    const times = (await readEvents(join(first, 'events', 'fema-aid-form.ndjson.gz'))).map((event) => Date.parse(event.ts));
    expect(Math.max(...times)).toBeLessThan(Date.parse('2026-10-22T00:00:00Z'));
    expect(Math.max(...times)).toBeGreaterThanOrEqual(Date.parse('2026-10-21T23:00:00Z'));
  });
});

describe('sample portal configuration', () => {
  test('portal.yaml, data/programs.yaml and rules/slos.yaml validate against their schemas', () => {
    expect(PortalSchema.safeParse(parse(text('portal.yaml'))).error?.issues).toBeUndefined();
    expect(ProgramsFileSchema.safeParse(parse(text('data/programs.yaml'))).error?.issues).toBeUndefined();
    expect(SlosFileSchema.safeParse(parse(text('rules/slos.yaml'))).error?.issues).toBeUndefined();
  });

  test('portal.yaml reads the files the generator writes', () => {
    expect(PortalSchema.parse(parse(text('portal.yaml'))).sources).toEqual([
      { path: 'data/rollups/*.parquet', kind: 'rollups' },
      { path: 'data/events/*.ndjson.gz', kind: 'events' },
    ]);
  });

  test('annotations are dated notes on known programs', () => {
    const programs = ProgramsFileSchema.parse(parse(text('data/programs.yaml'))).programs.map((program) => program.id);
    const { annotations } = AnnotationsFileSchema.parse(parse(text('data/annotations.yaml')));
    expect(annotations.length).toBeGreaterThan(0);
    for (const annotation of annotations) expect(programs).toContain(annotation.program);
  });

  test('every metric a KPI or SLO reads is in the generated data of its program', async () => {
    const { programs } = ProgramsFileSchema.parse(parse(text('data/programs.yaml')));
    const { slos } = SlosFileSchema.parse(parse(text('rules/slos.yaml')));
    const wanted = new Set([
      ...programs.flatMap((program) => program.kpis.flatMap((kpi) => kpiMetrics(kpi).map((metric) => `${program.id} ${metric}`))),
      ...slos.flatMap((slo) => sloMetrics(slo).map((metric) => `${slo.program} ${metric}`)),
    ]);
    const rollups = await query(`SELECT DISTINCT program_id, metric FROM read_parquet('${join(first, 'rollups', '*.parquet')}')`);
    const present = new Set([...rollups, ...(await allEvents())].map((row) => `${row.program_id} ${row.metric}`));
    expect([...wanted].filter((pair) => !present.has(pair))).toEqual([]);
    expect(programs.map((program) => program.id).sort()).toEqual(PROGRAMS);
  });
});

function isWellFormed(event: EventLine, programId: string): boolean {
  const keys = Object.keys(event).filter((key) => key !== 'id');
  return (
    keys.join() === 'program_id,metric,value,ts,tags' &&
    event.program_id === programId &&
    /^[a-z]+\.[a-z_]+$/.test(event.metric) &&
    Number.isFinite(event.value) &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(event.ts) &&
    typeof event.tags === 'object' &&
    Object.values(event.tags).every((value) => typeof value === 'string') &&
    (event.id === undefined || /^case-\d+$/.test(event.id))
  );
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJS();
}

async function readEvents(path: string): Promise<EventLine[]> {
  const text = gunzipSync(await readFile(path)).toString('utf8');
  if (text === '') return [];
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as EventLine);
}

async function allEvents(): Promise<EventLine[]> {
  const files = PROGRAMS.map((id) => join(first, 'events', `${id}.ndjson.gz`));
  return (await Promise.all(files.map(readEvents))).flat();
}

async function allFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

function text(path: string): string {
  return readFileSync(new URL(path, ROOT), 'utf8');
}
