import { stringify } from 'csv-stringify/sync';
import type { Cell, Column, Row, Table } from '../../core/exports/tables.ts';

/**
 * A text cell a spreadsheet could run as a formula (OWASP "CSV injection"): one that starts with
 * `=`, `+`, `-`, `@`, a tab, a carriage return or a line feed.
 */
const FORMULA_START = /^[=+\-@\t\r\n]/;

/**
 * Writes a table as CSV for people and spreadsheets: RFC 4180 with CRLF line ends, UTF-8 with a
 * byte-order mark (so Excel reads accents right), a header row. Cells are written by their column's
 * type, never by guessing from the text: number columns hold plain numbers (a change of -3.2 stays
 * the number -3.2), text columns that start like a formula get a leading single quote and are quoted.
 * Quoting of separators, quotes and line breaks inside a field is csv-stringify's.
 * Without `header`, only the rows (no byte-order mark): a later part of a file being appended to.
 */
export function toCsv(table: Table, rows: readonly Row[], { header = true }: { header?: boolean } = {}): string {
  const records = rows.map((row) => table.columns.map((column) => cell(table, column, row[column.name] ?? null)));
  return stringify(records, {
    bom: header,
    record_delimiter: 'windows',
    header,
    columns: table.columns.map((column) => column.name),
    cast: {
      // Only text columns reach here as strings (see cell()); numbers stay numbers.
      string: (value) => (FORMULA_START.test(value) ? { value: `'${value}`, quoted: true } : value),
      boolean: (value) => (value ? 'true' : 'false'),
    },
  });
}

/** The cell as its column's type; a value of the wrong type is a bug in the table's rows, not data to guess about. */
function cell(table: Table, column: Column, value: Cell): Cell {
  if (value === null) return null;
  const wrong = () => new Error(`${table.name}.${column.name}: expected a value of type ${column.type}, got ${JSON.stringify(value)}`);
  switch (column.type) {
    case 'number':
    case 'integer':
      if (typeof value !== 'number' || !Number.isFinite(value) || (column.type === 'integer' && !Number.isInteger(value))) throw wrong();
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw wrong();
      return value;
    case 'datetime':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value)) throw wrong();
      return value;
    case 'string':
      if (typeof value !== 'string') throw wrong();
      return value;
  }
}
