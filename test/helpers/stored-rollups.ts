import type { Store } from '../../src/adapters/store/open-store.ts';

/** Every rollup bucket in the store as [bucket seconds, start (ISO), count, sum], finest level first, in time order. */
export async function storedRollups(store: Store): Promise<[number, string, number, number][]> {
  const rows = await store.rows<{ bucket_seconds: number; bucket_start: Date; count: bigint; sum: number }>(
    'SELECT bucket_seconds, bucket_start, count, sum FROM rollups ORDER BY bucket_seconds, bucket_start',
  );
  return rows.map((r) => [r.bucket_seconds, r.bucket_start.toISOString(), Number(r.count), r.sum]);
}
