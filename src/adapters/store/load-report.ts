import { clearQuarantine, writeQuarantine } from './quarantine.ts';
import { sqlString } from './sql.ts';
import type { Store } from './open-store.ts';

export interface IngestOptions {
  /** Program ids that exist in the portal; events of other programs are quarantined. */
  programIds: readonly string[];
  /** Events before this instant are older than raw retention and are quarantined. */
  rawHorizon: Date;
  /** Raw retention, for the quarantine reason. */
  rawRetentionSeconds: number;
  /** Folder that receives quarantine files. */
  quarantineDir: string;
  /** The file's SHA-256, recorded in `loads` so an unchanged file can be skipped next time. */
  sha256?: string;
}

/** What loading one file did. */
export interface IngestReport {
  file: string;
  kind: 'events' | 'rollups';
  rowsRead: number;
  rowsLoaded: number;
  rowsQuarantined: number;
  /** The quarantine file, when any row was quarantined. */
  quarantineFile?: string;
  /** Reasons with their counts, most frequent first. */
  reasons: { reason: string; count: number }[];
}

/** Records a load in the `loads` table, writes the quarantine file and counts reasons. */
export async function finishReport(store: Store, file: string, kind: 'events' | 'rollups', read: number, bad: number, options: IngestOptions, stage: string, rawRows: () => Promise<string>): Promise<IngestReport> {
  const reasons = await store.rows<{ reason: string; count: bigint }>(
    `SELECT reason, count(*) AS count FROM ${stage} WHERE reason IS NOT NULL GROUP BY reason ORDER BY count DESC, reason LIMIT 20`,
  );
  const quarantineFile = bad > 0 ? await writeQuarantine(store, file, stage, options.quarantineDir, await rawRows()) : undefined;
  if (bad === 0) clearQuarantine(options.quarantineDir, file);
  const sha256 = options.sha256 ? sqlString(options.sha256) : 'NULL';
  await store.run(`INSERT INTO loads VALUES (make_timestamp(epoch_us(now())), ${sqlString(file)}, '${kind}', ${read}, ${read - bad}, ${bad}, ${sha256})`);
  return {
    file,
    kind,
    rowsRead: read,
    rowsLoaded: read - bad,
    rowsQuarantined: bad,
    ...(quarantineFile ? { quarantineFile } : {}),
    reasons: reasons.map((row) => ({ reason: row.reason, count: Number(row.count) })),
  };
}
