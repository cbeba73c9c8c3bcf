import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect, it } from 'vitest';
import { splitCsv, writeExports } from '../../../src/adapters/exports/write-exports.ts';
import { createModelWriter } from '../../../src/adapters/model/write-model.ts';
import type { KpiModel } from '../../../src/core/schemas/model.ts';
import { smallIndex, smallProgram, waitKpi } from '../../fixtures/model/small-model.ts';
import { tempDir } from '../../helpers/temp.ts';

const quiet = { step() {}, done() {} };
const HOURS = 2160;

/** A KPI with 90 days of hourly points, in time order. */
function hourlyKpi(id: string): KpiModel {
  const start = Date.parse('2026-08-03T00:00:00.000Z');
  return {
    ...waitKpi(),
    id,
    hourly: Array.from({ length: HOURS }, (_, hour) => ({
      start: new Date(start + hour * 3_600_000).toISOString(), n: 40 + (hour % 7), sufficient: true, suppressed: null, exact: false, value: hour,
      stats: { count: 40 + (hour % 7), rate: 40, mean: hour, p50: hour, p90: hour, p95: hour, p99: hour, min: 0, max: hour, adherence: 1 },
    })),
  };
}

it('every per-KPI CSV and Parquet file keeps its rows in time order, however DuckDB partitions them, and the same model gives the same bytes', { timeout: 120_000 }, async () => {
  // 40 programs × 4 KPIs × 2 160 hours: enough rows that DuckDB's partitioned writer, left alone,
  // puts the first rows of some partitions last (it did to 7 % of the bench's files).
  const dir = tempDir();
  const model = join(dir, 'model');
  const writer = createModelWriter(model);
  const index = smallIndex();
  const line = index.programs[0]!;
  index.programs = [];
  for (let p = 0; p < 40; p++) {
    const program = smallProgram();
    const id = `program-${String(p).padStart(2, '0')}`;
    program.program.id = id;
    program.kpis = ['a', 'b', 'c', 'd'].map((k) => hourlyKpi(`kpi-${k}`));
    writer.writeProgram(program);
    index.programs.push({ ...line, id, file: `programs/${id}.json`, hourly_file: `programs/${id}.hourly.json` });
  }
  writer.finish(index);
  const out = join(dir, 'site');
  await writeExports(model, out, quiet);
  // The same model exported again gives the same bytes, the all-program Parquet files (345 600
  // hourly rows, several row groups) too.
  const again = join(dir, 'again');
  await writeExports(model, again, quiet);
  expect(readFileSync(join(again, 'data', 'SHA256SUMS'), 'utf8')).toBe(readFileSync(join(out, 'data', 'SHA256SUMS'), 'utf8'));

  const expected = Array.from({ length: HOURS }, (_, hour) => new Date(Date.parse('2026-08-03T00:00:00.000Z') + hour * 3_600_000).toISOString().replace('.000Z', 'Z'));
  const files = index.programs.flatMap((p) => ['a', 'b', 'c', 'd'].map((k) => join(out, 'data', p.id, `kpi-${k}.hourly`)));
  for (const stem of files) {
    const lines = readFileSync(`${stem}.csv`, 'utf8').split('\r\n').slice(1, -1);
    expect(lines.map((l) => l.split(',')[3]), stem).toEqual(expected);
  }
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  const disordered = (await connection.runAndReadAll(`
    SELECT count(DISTINCT filename) AS n FROM (
      SELECT filename, start, lag(start) OVER (PARTITION BY filename ORDER BY file_row_number) AS before
      FROM read_parquet('${join(out, 'data', 'program-*', '*.hourly.parquet')}', filename = true, file_row_number = true))
    WHERE before > start`)).getRowObjectsJS();
  expect(Number(disordered[0]!.n)).toBe(0);
  const counted = (await connection.runAndReadAll(`SELECT count(*) AS n, count(DISTINCT filename) AS f FROM read_parquet('${join(out, 'data', 'program-*', '*.hourly.parquet')}', filename = true)`)).getRowObjectsJS();
  expect([Number(counted[0]!.n), Number(counted[0]!.f)]).toEqual([files.length * HOURS, files.length]);
  // The all-program CSV holds the programs in index order, each KPI's hours in time order.
  const all = readFileSync(join(out, 'data', 'all', 'kpi-hourly.csv'), 'utf8').split('\r\n').slice(1, -1);
  expect(all).toHaveLength(files.length * HOURS);
  expect(all.map((l) => l.split(',').slice(0, 2).join(',')).filter((key, i, keys) => key !== keys[i - 1]))
    .toEqual(index.programs.flatMap((p) => ['a', 'b', 'c', 'd'].map((k) => `"${p.id}","kpi-${k}"`)));
});

it('splitCsv cuts records, not lines: a quoted field may hold line breaks and doubled quotes', () => {
  const dir = tempDir();
  const body = join(dir, 'body.csv');
  writeFileSync(body, '"a","one"\r\n"a","two\r\nlines"\r\n"b","say ""hi""\nthere"\r\n"c","x"\r\n');
  const parts = ['a', 'b', 'c'].map((name, i) => ({ path: join(dir, `${name}.csv`), rows: [2, 1, 1][i]!, head: 'key,text\r\n' }));
  splitCsv(body, [...parts.slice(0, 1), { path: join(dir, 'empty.csv'), rows: 0, head: 'key,text\r\n' }, ...parts.slice(1)]);
  expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('key,text\r\n"a","one"\r\n"a","two\r\nlines"\r\n');
  expect(readFileSync(join(dir, 'empty.csv'), 'utf8')).toBe('key,text\r\n');
  expect(readFileSync(join(dir, 'b.csv'), 'utf8')).toBe('key,text\r\n"b","say ""hi""\nthere"\r\n');
  expect(readFileSync(join(dir, 'c.csv'), 'utf8')).toBe('key,text\r\n"c","x"\r\n');
  expect(readdirSync(dir)).not.toContain('body.csv');
});

it('splitCsv refuses a body with more or fewer records than counted', () => {
  const dir = tempDir();
  const body = join(dir, 'body.csv');
  writeFileSync(body, '"a",1\r\n"a",2\r\n');
  expect(() => splitCsv(body, [{ path: join(dir, 'a.csv'), rows: 1, head: '' }])).toThrow(/more records than the 1 expected/);
  writeFileSync(body, '"a",1\r\n');
  expect(() => splitCsv(body, [{ path: join(dir, 'a.csv'), rows: 2, head: '' }])).toThrow(/fewer records than the 2 expected/);
});

it('splitCsv checks each record against its file\u2019s key: a row of another file is an error, not a misfiled row', () => {
  const dir = tempDir();
  const body = join(dir, 'body.csv');
  // Keys that share a prefix ("p1" and "p10"), and a quoted line break inside a record of the first file.
  writeFileSync(body, '"p1","k",1,"two\r\nlines"\r\n"p10","k",2,""\r\n');
  splitCsv(body, [{ path: join(dir, 'p1.csv'), rows: 1, head: '', key: '"p1","k",' }, { path: join(dir, 'p10.csv'), rows: 1, head: '', key: '"p10","k",' }]);
  expect(readFileSync(join(dir, 'p1.csv'), 'utf8')).toBe('"p1","k",1,"two\r\nlines"\r\n');
  expect(readFileSync(join(dir, 'p10.csv'), 'utf8')).toBe('"p10","k",2,""\r\n');
  // The same records counted the other way round: the first file's second record is p10's.
  writeFileSync(body, '"p1","k",1,""\r\n"p10","k",2,""\r\n"p1","k",3,""\r\n');
  expect(() => splitCsv(body, [{ path: join(dir, 'p1.csv'), rows: 2, head: '', key: '"p1","k",' }, { path: join(dir, 'p10.csv'), rows: 1, head: '', key: '"p10","k",' }]))
    .toThrow(/a record of .*p1\.csv does not begin with "p1","k",: the rows are not in the order of the files/);
});
