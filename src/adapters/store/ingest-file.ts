import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { HmsOpsError } from '../../core/errors.ts';
import { ingestEvents } from './ingest-events.ts';
import type { IngestReport } from './load-report.ts';
import { ingestRollups, type RollupFormat } from './ingest-rollups.ts';
import { prunedBefore } from './prune.ts';
import { sqlString } from './sql.ts';
import type { Store } from './open-store.ts';

export type FileKind = 'events' | 'rollups';

export interface FileToLoad {
  path: string;
  kind?: FileKind;
  format?: RollupFormat;
}

export interface LoadOptions {
  programIds: readonly string[];
  rawRetentionSeconds: number;
  quarantineDir: string;
  /** Skip a file whose content (SHA-256) was loaded before under the same name without rejects: loading it again would change nothing. */
  skipUnchanged?: boolean;
}

/** What loading one file did; `skipped` when its content was already loaded. */
export type LoadReport = IngestReport & { skipped?: boolean };

/** The format of a file from its name: `.parquet`, `.csv`, or NDJSON (`.ndjson`, `.jsonl`, `.json`), each optionally `.gz`. */
export function formatOf(path: string): RollupFormat {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.parquet')) return 'parquet';
  if (name.endsWith('.csv')) return 'csv';
  if (/\.(ndjson|jsonl|json)$/.test(name)) return 'ndjson';
  throw new HmsOpsError(`${path}: unknown file format; expected .ndjson, .jsonl, .csv or .parquet (optionally .gz), or pass --format`);
}

/**
 * Loads one file of raw events or rollups. CSV and Parquet files are rollups; an NDJSON file is rollups
 * when its first object has `bucket_start`, raw events otherwise.
 */
export async function ingestFile(store: Store, file: FileToLoad, options: LoadOptions): Promise<LoadReport> {
  const format = file.format ?? formatOf(file.path);
  const kind = file.kind ?? (format === 'ndjson' ? await sniffNdjsonKind(file.path) : 'rollups');
  const sha256 = await fileSha256(file.path);
  if (options.skipUnchanged) {
    // A file whose last load rejected rows is loaded again: the rows may be good now (say, a program was added).
    const [seen] = await store.rows<{ rows_read: bigint }>(`
      SELECT rows_read FROM loads WHERE file = ${sqlString(file.path)} AND sha256 = ${sqlString(sha256)} AND rows_quarantined = 0
      ORDER BY loaded_at DESC LIMIT 1`);
    if (seen) return { file: file.path, kind, rowsRead: Number(seen.rows_read), rowsLoaded: 0, rowsQuarantined: 0, reasons: [], skipped: true };
  }
  const common = { programIds: options.programIds, rawRetentionSeconds: options.rawRetentionSeconds, quarantineDir: options.quarantineDir, sha256 };
  if (kind === 'events') {
    if (format !== 'ndjson') throw new HmsOpsError(`${file.path}: raw events must be NDJSON, got ${format}`);
    return ingestEvents(store, file.path, { ...common, rawHorizon: (await prunedBefore(store)) ?? new Date(0) });
  }
  return ingestRollups(store, file.path, format, { ...common, rawHorizon: new Date(0) });
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (cause) {
    throw new HmsOpsError(`could not read ${path}`, { cause });
  }
  return hash.digest('hex');
}

async function sniffNdjsonKind(path: string): Promise<FileKind> {
  const input = path.toLowerCase().endsWith('.gz') ? createReadStream(path).pipe(createGunzip()) : createReadStream(path);
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      try {
        return 'bucket_start' in JSON.parse(line) ? 'rollups' : 'events';
      } catch {
        return 'events';
      }
    }
    return 'events';
  } finally {
    lines.close();
    input.destroy();
  }
}
