import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { dataPackage, DATAPACKAGE_DIR } from '../../core/exports/datapackage.ts';
import { combinedDatasets, combinedSeriesFormats, dcatCatalog, emptySpan, INCIDENTS_STEM, programDatasets, widenSpan, type ExportDataset, type Format } from '../../core/exports/datasets.ts';
import { incidentChanges, statusChanges, type StatusChange } from '../../core/exports/status-feed.ts';
import { combinedSeriesTable, DICTIONARY_TABLE, dictionaryRows, INCIDENTS_TABLE, incidentRows, RESOLUTIONS, seriesRows, sloHistoryRows, sloHistoryTable, sloRows, sloTable, type ColumnType, type Resolution, type Row, type Table } from '../../core/exports/tables.ts';
import { Feed } from 'feed';
import type { IncidentModel, ModelIndex, ProgramModel } from '../../core/schemas/model.ts';
import { readModelIndex, readProgramWithHourly } from '../model/read-model.ts';
import type { Progress } from '../build/build-model.ts';
import { toCsv } from './csv.ts';

export interface ExportReport {
  datasets: number;
  files: number;
  bytes: number;
}

/** DuckDB types of the columns, for the Parquet files. */
const DUCKDB_TYPES: Record<ColumnType, string> = { string: 'VARCHAR', datetime: 'TIMESTAMPTZ', integer: 'BIGINT', number: 'DOUBLE', boolean: 'BOOLEAN' };

/**
 * Writes the open-data exports of a computed model into the folder `staging` (a site being built):
 * `data/…` (every file in CSV, JSON and Parquet, `incidents.csv` and `.json`, `datapackage.json`,
 * `dictionary.csv`, `status.atom`, `SHA256SUMS`) and the catalog `data.json` at its root. The model is all it reads: exports never query the store.
 */
export async function writeExports(modelDir: string, staging: string, progress: Progress): Promise<ExportReport> {
  const index = readModelIndex(modelDir);
  // The site's own files already in data/ (its /data/ page, when the build writes the exports into the
  // site it is building) are not exports: they stay out of SHA256SUMS, so that a later export never
  // takes them for exports it no longer writes (publishExports).
  const sitesOwn = new Set(existsSync(join(staging, 'data')) ? filesUnderData(staging) : []);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  // DuckDB's reading of the KPI series already written, batch after batch, while the loop goes on.
  let gathering: Promise<void> = Promise.resolve();
  try {
    const out = (path: string) => {
      const full = join(staging, path);
      mkdirSync(dirname(full), { recursive: true });
      return full;
    };
    // JSON is written per file as each program streams past, and the SLO tables' all-program JSON a
    // part at a time. Every CSV and Parquet file is made by DuckDB, a partitioned COPY per kind of file
    // and format writing the files of many programs at once (the bench portal's 13 000 files in
    // seconds, where a COPY per file took a minute): the KPI series' files from the JSON files of 20
    // programs at a time, read while the loop writes the next ones (the bench's exports: 56 s → 49 s,
    // against gathering every file after the loop), then the all-program tables at the end.
    // The SLO tables' files, cut at the end (the KPI series' are cut batch by batch as they are gathered).
    const sloFiles: SplitFile[] = [];
    // The checksums of the files hashed as they were written (each program's JSON and CSV files, most
    // of the bytes), so that SHA256SUMS reads back only the others.
    const digests: Digests = new Map();
    const writeTable = (stem: string, table: Table, rows: readonly Row[], split: SplitFile['split']): SplitFile => {
      writeHashed(out(`${stem}.json`), jsonRows(rows), digests);
      return { stem: out(stem), table, rows: rows.length, split };
    };
    const combined = {
      daily: new GatheredSeriesTable(out('data/all/kpi-daily'), combinedSeriesTable('daily'), combinedSeriesFormats(index, 'daily'), 'gathered_daily', join(staging, '.parquet-daily'), digests),
      hourly: new GatheredSeriesTable(out('data/all/kpi-hourly'), combinedSeriesTable('hourly'), combinedSeriesFormats(index, 'hourly'), 'gathered_hourly', join(staging, '.parquet-hourly'), digests),
      slos: new AppendedTable(out('data/all/slos'), sloTable('all-slos', '')),
      sloDaily: new AppendedTable(out('data/all/slo-daily'), sloHistoryTable('all-slo-daily', '')),
    };
    const gather = () => {
      gathering = gathering.then(() => combined.daily.gather(connection)).then(() => combined.hourly.gather(connection));
      // Awaited after the loop; until then a failure must not count as unhandled.
      gathering.catch(() => {});
    };
    const changes: StatusChange[] = [];
    const incidents: IncidentModel[] = [];
    const datasets: ExportDataset[] = [];
    const span = emptySpan();
    for (const [position, line] of index.programs.entries()) {
      if (position > 0 && position % GATHER_BATCH === 0) gather();
      progress.step(`exporting ${line.id} (${position + 1}/${index.programs.length})`);
      const program: ProgramModel = readProgramWithHourly(modelDir, line);
      const own = programDatasets(index, program);
      for (const kpi of program.kpis) {
        // DuckDB's statements finish on its own threads, and the event loop starts the next one: it
        // gets a turn after every KPI, so that DuckDB waits at most a KPI's files for its next statement.
        await new Promise((resolve) => setImmediate(resolve));
        for (const resolution of Object.keys(RESOLUTIONS) as Resolution[]) {
          const stem = `data/${program.program.id}/${kpi.id}.${resolution}`;
          const table = own.flatMap((d) => d.files).find((f) => f.path === `${stem}.csv`)!.table;
          const file = writeTable(stem, table, seriesRows(program, kpi, resolution, false), { family: resolution, program: program.program.id, kpi: kpi.id, kind: kpi.kind });
          combined[resolution].add(file, kpi);
        }
      }
      if (program.slos.length > 0) {
        const rows = sloRows(program);
        sloFiles.push(writeTable(`data/${program.program.id}/slos`, sloTable(`${program.program.id}-slos`, ''), rows, { family: 'slos', program: program.program.id }));
        combined.slos.append(rows);
        const daily = sloHistoryRows(program);
        sloFiles.push(writeTable(`data/${program.program.id}/slo-daily`, sloHistoryTable(`${program.program.id}-slo-daily`, ''), daily, { family: 'sloDaily', program: program.program.id }));
        combined.sloDaily.append(daily);
        changes.push(...statusChanges(index.portal.base_url, program));
      }
      incidents.push(...program.incidents);
      changes.push(...incidentChanges(index.portal.base_url, program));
      widenSpan(span, own);
      datasets.push(...own);
    }
    progress.step('writing CSV and Parquet files');
    await gathering;
    for (const [family, table] of Object.entries(combined) as [SplitFile['split']['family'], AllProgramTable][]) {
      table.close();
      await finishAllProgramTable(connection, table, sloFiles.filter((file) => file.split.family === family), join(staging, `.parquet-${family}`), digests);
    }
    const all = [...datasets, ...combinedDatasets(index, span, incidents)];
    // A row per incident: small enough to write whole, by the same CSV rules as every other file.
    const published = incidentRows(incidents);
    writeFileSync(out(`${INCIDENTS_STEM}.csv`), toCsv(INCIDENTS_TABLE, published));
    writeFileSync(out(`${INCIDENTS_STEM}.json`), jsonRows(published));
    writeFileSync(out('data/dictionary.csv'), toCsv(DICTIONARY_TABLE, dictionaryRows()));
    writeFileSync(out(`${DATAPACKAGE_DIR}datapackage.json`), `${JSON.stringify(dataPackage(index, all), null, 1)}\n`);
    writeFileSync(out('data.json'), `${JSON.stringify(dcatCatalog(index, all), null, 1)}\n`);
    writeFileSync(out('data/status.atom'), statusFeed(index, changes));
    const sums = checksums(staging, sitesOwn, digests);
    writeFileSync(out('data/SHA256SUMS'), sums.lines);
    progress.done(`exported ${index.programs.length} programs`);
    return { datasets: all.length, files: sums.files + 1, bytes: sums.bytes };
  } finally {
    await gathering.catch(() => {});
    connection.closeSync();
    instance.closeSync();
  }
}

/** The column of a gathered table that numbers its KPIs in file order (not a column of any file). */
const PART = 'part_position';

/** Programs whose KPI series DuckDB gathers at a time (GatheredSeriesTable.gather), behind the loop that writes them. */
const GATHER_BATCH = 20;

/** How many entries (status changes and incidents) the feed keeps, newest first. */
const FEED_ENTRIES = 200;

/**
 * The Atom feed of SLO status changes and of incidents opened and resolved. Its `updated` is the
 * newest change (or the model's `at`), never the build time, so a rebuild without news gives the
 * same bytes.
 */
function statusFeed(index: ModelIndex, changes: StatusChange[]): string {
  const base = index.portal.base_url.endsWith('/') ? index.portal.base_url : `${index.portal.base_url}/`;
  const newest = [...changes].sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id)).slice(0, FEED_ENTRIES);
  const feed = new Feed({
    id: `${base}data/status.atom`,
    title: `${index.portal.title}: service level changes`,
    description: 'Each change of a public service level objective\u2019s status (on track, at risk, not met), day by day, and each incident opened and resolved.',
    link: base,
    language: 'en',
    updated: new Date(newest[0]?.date ?? index.at),
    generator: false,
    copyright: index.portal.license,
    feedLinks: { atom: `${base}data/status.atom` },
    author: { name: index.portal.publisher, email: index.portal.contact.email },
  });
  // Atom's type="html" text is markup to feed readers: names from the portal folder are escaped to stay text.
  for (const change of newest) {
    feed.addItem({ title: escapeHtml(change.title), id: change.id, link: change.link, date: new Date(change.date), description: escapeHtml(change.summary) });
  }
  return feed.atom1();
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** An all-program table: its CSV and Parquet files are made at the end (finishAllProgramTable). */
interface AllProgramTable {
  readonly stem: string;
  readonly table: Table;
  /** Whether it has a CSV file (combinedSeriesFormats); it always has a Parquet file. */
  readonly csv: boolean;
  /**
   * The ORDER BY of its Parquet file's rows, when `export_rows` was built a batch at a time: the
   * Parquet writer cuts row groups where the table's storage happens to break, which differs from
   * run to run, so the rows are sorted into place (same bytes from the same model); '' otherwise.
   */
  readonly order: string;
  close(): void;
  /** Fills DuckDB's `export_rows` with the table's rows, typed, times as text. */
  load(connection: DuckDBConnection): Promise<void>;
}

/** DuckDB's column list for reading a table's rows from JSON: times stay text. */
const jsonColumns = (columns: Table['columns']) => columns.map((c) => `${quote(c.name)}: ${quote(c.type === 'datetime' ? 'VARCHAR' : DUCKDB_TYPES[c.type])}`).join(', ');

/** Fills `export_rows` from a table's JSON file. */
async function loadJsonRows(connection: DuckDBConnection, path: string, table: Table): Promise<void> {
  await connection.run(`CREATE OR REPLACE TABLE export_rows AS SELECT * FROM read_json(${quote(path)}, format = 'array', columns = {${jsonColumns(table.columns)}})`);
}

/**
 * The all-program KPI series of one resolution, gathered by DuckDB from the per-KPI JSON files
 * already written (with each KPI's kind, stat and unit, and every statistic column, empty where
 * the kind has none), in index order. It has no JSON file of its own, and a CSV file only while its
 * rows fit a spreadsheet (combinedSeriesFormats).
 * Files are gathered a batch at a time (gather) while the next programs' files are being written,
 * so that DuckDB reads on the second core what the first one has just written; each batch's KPI
 * files get their CSV and Parquet files then (cutFiles), and its rows join the all-program table.
 */
class GatheredSeriesTable implements AllProgramTable {
  readonly stem: string;
  readonly table: Table;
  readonly csv: boolean;
  // Each row's KPI by its place in the file (the index's order of programs and KPIs), then its start.
  readonly order = `${PART}, "start"`;
  private readonly parts: { file: SplitFile; kind: string; stat: string; unit: string }[] = [];
  private gathered = 0;
  private batches = 0;
  private readonly target: string;
  private readonly scratch: string;
  private readonly digests: Digests;
  constructor(stem: string, table: Table, formats: readonly Format[], target: string, scratch: string, digests: Digests) {
    this.digests = digests;
    this.stem = stem;
    this.table = table;
    this.csv = formats.includes('csv');
    this.target = target;
    this.scratch = scratch;
  }
  add(file: SplitFile, kpi: ProgramModel['kpis'][number]): void {
    this.parts.push({ file, kind: kpi.kind, stat: kpi.stat, unit: kpi.unit });
  }
  close(): void {}
  /**
   * Reads the files added since the last call, cuts their CSV and Parquet files, and appends their
   * rows to the table `target`, which the first call creates.
   */
  async gather(connection: DuckDBConnection): Promise<void> {
    const first = this.gathered;
    const parts = this.parts.slice(first);
    this.gathered = this.parts.length;
    if (first === 0) await connection.run(`CREATE OR REPLACE TABLE ${this.target} (${this.table.columns.map((c) => `${column(c.name)} ${c.type === 'datetime' ? 'VARCHAR' : DUCKDB_TYPES[c.type]}`).join(', ')}, ${PART} BIGINT)`);
    if (parts.length === 0) return;
    const described = new Set(['kpi_kind', 'stat', 'unit']);
    const read = this.table.columns.filter((c) => !described.has(c.name));
    const meta = parts.map((p, position) => `(${quote(p.file.split.program)}, ${quote(p.file.split.kpi!)}, ${quote(p.kind)}, ${quote(p.stat)}, ${quote(p.unit)}, ${first + position})`).join(', ');
    const selected = this.table.columns.map((c) => (described.has(c.name) ? `k.${column(c.name)}` : `r.${column(c.name)}`)).join(', ');
    await connection.run(`
      CREATE OR REPLACE TEMP TABLE gathered_batch AS
      SELECT ${selected}, k.position AS ${PART}
      FROM read_json([${parts.map((p) => quote(`${p.file.stem}.json`)).join(', ')}], format = 'array', columns = {${jsonColumns(read)}}) r
      JOIN (SELECT * FROM (VALUES ${meta}) AS t(program_id, kpi_id, kpi_kind, stat, unit, position)) k USING (program_id, kpi_id)
      ORDER BY k.position, r.start`);
    await cutFiles(connection, 'gathered_batch', parts.map((p) => p.file), `${this.scratch}-${this.batches++}`, this.digests);
    // Each batch is appended in index order, after the batches before it: the table holds the rows
    // in the order of the all-program files.
    await connection.run(`INSERT INTO ${this.target} SELECT * FROM gathered_batch; DROP TABLE gathered_batch`);
  }
  async load(connection: DuckDBConnection): Promise<void> {
    await this.gather(connection);
    await connection.run(`ALTER TABLE ${this.target} RENAME TO export_rows`);
  }
}

/**
 * The JSON file of an all-program table, written a part at a time as programs stream past; its CSV
 * and Parquet files are made from it by DuckDB at the end (see finishAllProgramTable).
 */
class AppendedTable implements AllProgramTable {
  private readonly json: number;
  private rows = 0;
  readonly stem: string;
  readonly table: Table;
  readonly csv = true;
  readonly order = '';
  constructor(stem: string, table: Table) {
    this.stem = stem;
    this.table = table;
    this.json = openSync(`${stem}.json`, 'w');
    writeSync(this.json, '[');
  }
  append(rows: readonly Row[]): void {
    if (rows.length === 0) return;
    writeSync(this.json, `${this.rows > 0 ? ',' : ''}\n${rows.map((row) => JSON.stringify(row)).join(',\n')}`);
    this.rows += rows.length;
  }
  close(): void {
    writeSync(this.json, this.rows > 0 ? '\n]\n' : ']\n');
    closeSync(this.json);
  }
  load(connection: DuckDBConnection): Promise<void> {
    return loadJsonRows(connection, `${this.stem}.json`, this.table);
  }
}

/** An array of row objects, one per line. */
function jsonRows(rows: readonly Row[]): string {
  return rows.length === 0 ? '[]\n' : `[\n${rows.map((row) => JSON.stringify(row)).join(',\n')}\n]\n`;
}

/** A file (CSV and Parquet beside its JSON) to cut from an all-program table: its stem, columns and rows. */
interface SplitFile {
  /** Path without the extension. */
  stem: string;
  table: Table;
  /** How many rows it has: the CSV body is split by these counts (splitCsv). */
  rows: number;
  split: { family: 'daily' | 'hourly' | 'slos' | 'sloDaily'; program: string; kpi?: string; kind?: string };
}

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
const column = (name: string) => `"${name.replaceAll('"', '""')}"`;
/** The all-program files: one large file each, where zstd's smaller file is worth its time. */
const PARQUET = 'FORMAT parquet, COMPRESSION zstd';
/**
 * The per-program files, 13 000 small ones on the bench portal: Snappy (Parquet's usual codec, what
 * pyarrow and DuckDB write by default) costs 40 % less time than zstd there (9.4 s against 5.6 s
 * for the bench's hourly files) for files 20 % larger.
 */
const PARQUET_CUT = 'FORMAT parquet, COMPRESSION snappy';

/**
 * Finishes an all-program table: loads its rows into DuckDB (all.load), writes its Parquet file and
 * (all.csv) its CSV file, and cuts the CSV and Parquet file of every program (and KPI) from it (cutFiles).
 */
async function finishAllProgramTable(connection: DuckDBConnection, all: AllProgramTable, files: readonly SplitFile[], scratch: string, digests: Digests): Promise<void> {
  await all.load(connection);
  await connection.run(`COPY (SELECT ${typedColumns(all.table)} FROM export_rows${all.order ? ` ORDER BY ${all.order}` : ''}) TO ${quote(`${all.stem}.parquet`)} (${PARQUET})`);
  if (all.csv) await copyCsv(connection, all.table, 'SELECT * FROM export_rows', `${all.stem}.csv`, { head: toCsv(all.table, []) });
  await cutFiles(connection, 'export_rows', files, scratch, digests);
  await connection.run('DROP TABLE export_rows');
}

/**
 * Cuts the CSV and Parquet file of every program (and KPI) from the rows of `rows`, per set of
 * columns (a KPI kind). Parquet: one partitioned COPY, each partition's file moved into place; CSV:
 * one ordered COPY, split into the files by the row counts they were written with (splitCsv). DuckDB's partitioned writer
 * does not keep the query's order within a partition (7 % of the bench's per-KPI files had their
 * first rows last), so every Parquet file is checked by its row numbers; a file out of order, missing
 * (a KPI without data) or spread over several files is written on its own. Times stay text (ISO 8601
 * UTC, as in every CSV and JSON file) until Parquet types them.
 */
async function cutFiles(connection: DuckDBConnection, rows: string, files: readonly SplitFile[], scratch: string, digests: Digests): Promise<void> {
  if (files.length === 0) return;
  const byColumns = new Map<string, SplitFile[]>();
  for (const file of files) {
    const key = `${file.split.kind ?? ''}|${file.table.columns.map((c) => `${c.name}:${c.type}`).join(',')}`;
    byColumns.set(key, [...(byColumns.get(key) ?? []), file]);
  }
  const partitions = files[0]?.split.kpi === undefined ? ['program_id'] : ['program_id', 'kpi_id'];
  const partitioned = `PARTITION_BY (${partitions.join(', ')}), WRITE_PARTITION_COLUMNS true`;
  const keyOf = (split: SplitFile['split']) => [split.program, ...(split.kpi ? [split.kpi] : [])];
  const whereOwn = (split: SplitFile['split']) => [`program_id = ${quote(split.program)}`, ...(split.kpi ? [`kpi_id = ${quote(split.kpi)}`] : [])].join(' AND ');
  mkdirSync(scratch, { recursive: true });
  for (const [position, group] of [...byColumns.values()].entries()) {
    const table = group[0]!.table;
    const kind = group[0]!.split.kind;
    const within = table.primaryKey.filter((k) => !partitions.includes(k)).map(column);
    const order = [...partitions.map(column), ...within].join(', ');
    const rowsOf = (from: string, where: string) => `SELECT * FROM ${from} ${where} ORDER BY ${order}`;
    const kindRows = rowsOf(rows, kind ? `WHERE kpi_kind = ${quote(kind)}` : '');
    const target = (format: string) => join(scratch, `${position}-${format}`);
    // The files in the order of the rows (DuckDB orders text by its UTF-8 bytes), each with the
    // number of rows it was written with: the CSV body holds them one file after the other.
    const ordered = [...group].sort((a, b) => compareKeys(keyOf(a.split), keyOf(b.split)));
    const total = ordered.reduce((sum, file) => sum + file.rows, 0);
    if (total > 0) await connection.run(`COPY (SELECT ${typedColumns(table)} FROM (${kindRows})) TO ${quote(target('parquet'))} (${PARQUET_CUT}, ${partitioned})`);
    const disordered = total === 0 ? new Set<string>() : new Set((await connection.runAndReadAll(`
      SELECT DISTINCT filename FROM (
        SELECT filename, ROW(${within.join(', ')}) AS k, lag(ROW(${within.join(', ')})) OVER (PARTITION BY filename ORDER BY file_row_number) AS before
        FROM read_parquet(${quote(join(target('parquet'), '**', '*.parquet'))}, filename = true, file_row_number = true))
      WHERE before > k`)).getRowObjectsJS().map((row) => String(row.filename)));
    const head = toCsv(table, []);
    if (total > 0) {
      const body = `${target('csv')}.body`;
      await copyCsv(connection, table, kindRows, body);
      splitCsv(body, ordered.map((file) => ({ path: `${file.stem}.csv`, rows: file.rows, head, key: csvKey(keyOf(file.split)) })), digests);
    } else {
      for (const file of ordered) writeHashed(`${file.stem}.csv`, head, digests);
    }
    // A file the partitioned COPY wrote whole and in order is moved into place; the others (out of
    // order, spread over several files, or without rows) are written on their own, from a table of
    // just their rows, so that each COPY reads a few thousand rows, not the whole batch.
    const rewrite: SplitFile[] = [];
    for (const file of ordered) {
      const folder = join(target('parquet'), `program_id=${file.split.program}`, ...(file.split.kpi ? [`kpi_id=${file.split.kpi}`] : []));
      const names = existsSync(folder) ? readdirSync(folder) : [];
      const parquet = names.length === 1 ? join(folder, names[0]!) : undefined;
      if (parquet && !disordered.has(parquet)) renameSync(parquet, `${file.stem}.parquet`);
      else rewrite.push(file);
    }
    if (rewrite.length > 0) {
      const withRows = rewrite.filter((file) => file.rows > 0);
      // One call for all of them: DuckDB runs the statements one after the other without waiting for
      // the event loop (busy writing the next programs' files) between them.
      await connection.run([
        `CREATE OR REPLACE TEMP TABLE rewritten_rows AS SELECT * FROM ${rows} WHERE ${withRows.length > 0 ? withRows.map((file) => `(${whereOwn(file.split)})`).join(' OR ') : 'false'}`,
        ...rewrite.map((file) => `COPY (SELECT ${typedColumns(table)} FROM (${rowsOf('rewritten_rows', `WHERE ${whereOwn(file.split)}`)})) TO ${quote(`${file.stem}.parquet`)} (${PARQUET_CUT})`),
        'DROP TABLE rewritten_rows',
      ].join(';\n'));
    }
  }
  rmSync(scratch, { recursive: true, force: true });
}

/** Orders keys as DuckDB orders text: by UTF-8 bytes, part by part. */
function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let at = 0; at < Math.min(a.length, b.length); at++) {
    const order = Buffer.compare(Buffer.from(a[at]!), Buffer.from(b[at]!));
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/**
 * The CSV text a file's records begin with: its key cells (program_id, and kpi_id for a KPI's file),
 * as copyCsv writes text cells (always quoted; ids never start like a formula).
 */
function csvKey(key: readonly string[]): string {
  return key.map((cell) => `"${cell.replaceAll('"', '""')}",`).join('');
}

/**
 * Splits a CSV body (records without a header) into files: the first `rows` records into the first
 * file after its `head`, and so on. A record ends at a line feed outside quotes (RFC 4180: a quote
 * inside a quoted field is doubled, so quotes toggle in pairs). With a part's `key`, every record
 * of it must begin with that text, or the split stops with an error: a row never lands in another
 * file's CSV unnoticed. The body is removed afterwards. Each file's checksum goes into `digests` as
 * it is written.
 */
export function splitCsv(body: string, parts: readonly { path: string; rows: number; head: string; key?: string }[], digests?: Digests): void {
  let index = -1;
  let out = -1;
  let remaining = 0;
  let quoted = false;
  let hash = createHash('sha256');
  let bytes = 0;
  // The key every record of the current part begins with, and how much of it the record has matched.
  let key: Buffer | undefined;
  let matched = 0;
  const begin = (part: { path: string; head: string }) => {
    const head = Buffer.from(part.head);
    hash = createHash('sha256').update(head);
    bytes = head.length;
    return head;
  };
  const end = (path: string) => digests?.set(resolve(path), { sha256: hash.digest('hex'), bytes });
  const next = () => {
    if (out >= 0) {
      closeSync(out);
      end(parts[index]!.path);
    }
    out = -1;
    for (index++; index < parts.length && parts[index]!.rows === 0; index++) {
      writeFileSync(parts[index]!.path, begin(parts[index]!));
      end(parts[index]!.path);
    }
    if (index >= parts.length) return;
    out = openSync(parts[index]!.path, 'w');
    writeSync(out, begin(parts[index]!));
    remaining = parts[index]!.rows;
    key = parts[index]!.key === undefined ? undefined : Buffer.from(parts[index]!.key!);
    matched = 0;
  };
  const write = (chunk: Buffer, from: number, to: number) => {
    if (to === from) return;
    if (out < 0) throw new Error(`${body}: more records than the ${parts.reduce((sum, part) => sum + part.rows, 0)} expected`);
    hash.update(chunk.subarray(from, to));
    bytes += to - from;
    for (let written = from; written < to;) written += writeSync(out, chunk, written, to - written);
  };
  try {
    next();
    eachChunk(body, (chunk) => {
      let from = 0;
      for (let at = 0; at < chunk.length; at++) {
        const byte = chunk[at]!;
        if (key !== undefined && matched < key.length) {
          if (byte !== key[matched]) throw new Error(`${body}: a record of ${parts[index]!.path} does not begin with ${key.toString()}: the rows are not in the order of the files`);
          matched++;
        }
        if (byte === 0x22) quoted = !quoted;
        else if (byte === 0x0a && !quoted) {
          matched = 0;
          if (--remaining === 0) {
            write(chunk, from, at + 1);
            from = at + 1;
            next();
          }
        }
      }
      write(chunk, from, chunk.length);
    });
    if (index < parts.length) throw new Error(`${body}: fewer records than the ${parts.reduce((sum, part) => sum + part.rows, 0)} expected`);
  } finally {
    if (out >= 0) closeSync(out);
  }
  rmSync(body);
}

/**
 * The rows of `query` as CSV by DuckDB's CSV writer: CRLF line ends, text columns always quoted, a
 * text cell that starts like a formula (= + - @ tab CR LF) behind a leading single quote, numbers as
 * plain numbers of the column's type (OWASP's rules, as toCsv applies them); times as the ISO 8601
 * text they are held as. Without a header, or after `head` (toCsv's byte-order mark and header row:
 * DuckDB's own header would quote the forced columns' names), which DuckDB writes as the file's
 * prefix, so that the file is written once, not copied behind its header.
 */
async function copyCsv(connection: DuckDBConnection, table: Table, query: string, target: string, { head }: { head?: string } = {}): Promise<void> {
  const text = table.columns.filter((c) => c.type === 'string').map((c) => column(c.name));
  const cells = table.columns.map((c) => (c.type === 'string'
    ? `CASE WHEN regexp_matches(${column(c.name)}, '^[=+@\\t\\r\\n-]') THEN '''' || ${column(c.name)} ELSE ${column(c.name)} END AS ${column(c.name)}`
    : c.type === 'datetime' ? column(c.name) : `CAST(${column(c.name)} AS ${DUCKDB_TYPES[c.type]}) AS ${column(c.name)}`)).join(', ');
  const force = text.length ? `, FORCE_QUOTE (${text.join(', ')})` : '';
  if (head !== undefined) {
    // With a prefix and suffix DuckDB puts the line end between rows and the suffix after the last:
    // no rows would leave the suffix as an empty line after the header.
    const [row] = (await connection.runAndReadAll(`SELECT 1 AS one FROM (${query}) LIMIT 1`)).getRowObjectsJS();
    if (!row) {
      writeFileSync(target, head);
      return;
    }
  }
  const framing = head === undefined ? '' : `, PREFIX ${quote(head)}, SUFFIX '\r\n'`;
  await connection.run(`COPY (SELECT ${cells} FROM (${query})) TO ${quote(target)} (FORMAT csv, HEADER false, DELIMITER ',', QUOTE '"', ESCAPE '"', NEW_LINE '\r\n'${force}${framing})`);
}

/**
 * Calls `use` with a file's bytes a megabyte at a time, in one reused buffer. Reading a whole file
 * into a new buffer instead costs far more than its size suggests for the large all-program tables
 * (hashing every export file: 35 s read whole against 5 s in chunks, for 5.5 GB).
 */
function eachChunk(path: string, use: (chunk: Buffer) => void): void {
  const buffer = chunkBuffer ??= Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (let read = readSync(fd, buffer, 0, buffer.length, null); read > 0; read = readSync(fd, buffer, 0, buffer.length, null)) use(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
}
let chunkBuffer: Buffer | undefined;

/** The table's columns of export_rows, cast to their Parquet types. */
function typedColumns(table: Table): string {
  return table.columns.map((c) => `CAST(${column(c.name)} AS ${DUCKDB_TYPES[c.type]}) AS ${column(c.name)}`).join(', ');
}


/** Every file under the staging folder's `data/`. */
function filesUnderData(staging: string): string[] {
  return readdirSync(join(staging, 'data'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Checksums of files taken as they were written, by absolute path. */
type Digests = Map<string, { sha256: string; bytes: number }>;

/** Writes a file and keeps its checksum. */
function writeHashed(path: string, text: string, digests: Digests): void {
  const bytes = Buffer.from(text);
  writeFileSync(path, bytes);
  digests.set(resolve(path), { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length });
}

/** `sha256sum` lines for every export file under the staging folder's `data/` (not the site's own) and `data.json`, paths relative to `data/`. */
function checksums(staging: string, sitesOwn: ReadonlySet<string>, digests: Digests): { lines: string; files: number; bytes: number } {
  const dataDir = join(staging, 'data');
  const files = [...filesUnderData(staging).filter((file) => !sitesOwn.has(file)), join(staging, 'data.json')].sort();
  let bytes = 0;
  const lines = files.map((file) => {
    const known = digests.get(resolve(file));
    if (known) {
      bytes += known.bytes;
      return `${known.sha256}  ${relative(dataDir, file).split('\\').join('/')}\n`;
    }
    const hash = createHash('sha256');
    eachChunk(file, (chunk) => {
      bytes += chunk.length;
      hash.update(chunk);
    });
    return `${hash.digest('hex')}  ${relative(dataDir, file).split('\\').join('/')}\n`;
  });
  return { lines: lines.join(''), files: files.length, bytes };
}

/**
 * Publishes exports written by writeExports into `staging` over the site folder: `data.json` and each
 * entry of `data/` (a program's folder, `all/`, the package, dictionary and checksums) replaces its old
 * version by a rename, so a reader finds each file whole, old or new. Other files of the site's
 * `data/` folder (its page) stay; folders of programs no longer published are removed.
 */
export function publishExports(staging: string, siteDir: string): void {
  const target = join(siteDir, 'data');
  mkdirSync(target, { recursive: true });
  const old = join(siteDir, `.exports-old-${process.pid}`);
  rmSync(old, { recursive: true, force: true });
  mkdirSync(old);
  const previous = existsSync(join(siteDir, 'data', 'SHA256SUMS')) ? readFileSync(join(siteDir, 'data', 'SHA256SUMS'), 'utf8') : '';
  const fresh = new Set(readdirSync(join(staging, 'data')));
  // Entries the previous exports wrote (named in their checksums) that this export no longer has; never
  // a page (checksums written by builds before 2026-12-03 also named the site's /data/ page).
  const stale = new Set(previous.split('\n').map((line) => line.split('  ')[1]?.split('/')[0]).filter((name): name is string => Boolean(name) && name !== '..' && !name!.endsWith('.html') && !fresh.has(name!)));
  for (const name of [...fresh, ...stale]) {
    if (existsSync(join(target, name))) renameSync(join(target, name), join(old, name));
    if (fresh.has(name)) renameSync(join(staging, 'data', name), join(target, name));
  }
  renameSync(join(staging, 'data.json'), join(siteDir, 'data.json'));
  rmSync(old, { recursive: true, force: true });
  rmSync(staging, { recursive: true, force: true });
}
