import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../src/adapters/exports/csv.ts';
import type { Table } from '../../../src/core/exports/tables.ts';
import { tempDir } from '../../helpers/temp.ts';

const table: Table = {
  name: 'cells',
  title: 'Cells',
  description: '',
  primaryKey: ['label'],
  columns: [
    { name: 'label', type: 'string', description: '' },
    { name: 'change', type: 'number', description: '' },
    { name: 'n', type: 'integer', description: '' },
    { name: 'ok', type: 'boolean', description: '' },
  ],
};

const hostile = [
  { label: '=HYPERLINK("http://x","y")', change: -3.2, n: 7, ok: true },
  { label: '+1', change: 0, n: 0, ok: false },
  { label: '@SUM(A1)', change: 1e-7, n: 12, ok: null },
  { label: '-2', change: null, n: null, ok: true },
  { label: '\tTAB', change: 2.5, n: 1, ok: true },
  { label: '\rCR', change: 1, n: 1, ok: true },
  { label: 'a,b "quoted"\nnext line', change: -0.5, n: 3, ok: false },
  { label: 'Zoë café', change: 12345678901234, n: 9, ok: true },
];

describe('toCsv', () => {
  it('writes RFC 4180 with CRLF, a byte-order mark and a header; neutralizes formula-like text, not numbers', () => {
    const csv = toCsv(table, hostile);
    expect(csv.startsWith('\uFEFFlabel,change,n,ok\r\n')).toBe(true);
    expect(csv.split('\r\n').slice(1, 7)).toEqual([
      `"'=HYPERLINK(""http://x"",""y"")",-3.2,7,true`,
      `"'+1",0,0,false`,
      `"'@SUM(A1)",1e-7,12,`,
      `"'-2",,,true`,
      `"'\tTAB",2.5,1,true`,
      `"'\rCR",1,1,true`,
    ]);
  });

  it('refuses a value of the wrong type for its column instead of guessing', () => {
    expect(() => toCsv(table, [{ label: 'x', change: '-3.2' as unknown as number, n: 1, ok: true }])).toThrow('cells.change: expected a value of type number, got "-3.2"');
    expect(() => toCsv(table, [{ label: 'x', change: 1, n: 1.5, ok: true }])).toThrow('cells.n: expected a value of type integer, got 1.5');
    expect(() => toCsv(table, [{ label: 'x', change: Number.NaN, n: 1, ok: true }])).toThrow('cells.change');
  });

  it('reads back with DuckDB: numbers are numbers, text keeps its content behind the quote, one record per row', async () => {
    const dir = tempDir();
    const file = join(dir, 'cells.csv');
    writeFileSync(file, toCsv(table, hostile));
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const reader = await db.runAndReadAll(`SELECT * FROM read_csv('${file}', header = true, columns = {'label': 'VARCHAR', 'change': 'DOUBLE', 'n': 'BIGINT', 'ok': 'BOOLEAN'})`);
    const rows = reader.getRowObjectsJS() as { label: string; change: number | null; n: bigint | null; ok: boolean | null }[];
    db.closeSync();
    expect(rows).toHaveLength(hostile.length);
    expect(rows.map((r) => r.change)).toEqual(hostile.map((r) => r.change));
    expect(rows.map((r) => (r.n === null ? null : Number(r.n)))).toEqual(hostile.map((r) => r.n));
    expect(rows.map((r) => r.ok)).toEqual(hostile.map((r) => r.ok));
    expect(rows.map((r) => r.label)).toEqual(hostile.map((r) => (/^[=+\-@\t\r\n]/.test(r.label) ? `'${r.label}` : r.label)));
  });
});
