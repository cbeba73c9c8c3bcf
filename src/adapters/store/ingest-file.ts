import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { HmsOpsError } from '../../core/errors.ts';
import { ingestEvents, type IngestReport } from './ingest-events.ts';
import { ingestRollups, type RollupFormat } from './ingest-rollups.ts';
import { prunedBefore } from './prune.ts';
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
}

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
export async function ingestFile(store: Store, file: FileToLoad, options: LoadOptions): Promise<IngestReport> {
  const format = file.format ?? formatOf(file.path);
  const kind = file.kind ?? (format === 'ndjson' ? await sniffNdjsonKind(file.path) : 'rollups');
  const common = { programIds: options.programIds, rawRetentionSeconds: options.rawRetentionSeconds, quarantineDir: options.quarantineDir };
  if (kind === 'events') {
    if (format !== 'ndjson') throw new HmsOpsError(`${file.path}: raw events must be NDJSON, got ${format}`);
    return ingestEvents(store, file.path, { ...common, rawHorizon: (await prunedBefore(store)) ?? new Date(0) });
  }
  return ingestRollups(store, file.path, format, { ...common, rawHorizon: new Date(0) });
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
