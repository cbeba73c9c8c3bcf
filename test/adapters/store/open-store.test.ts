import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/adapters/store/open-store.ts';
import { tempDir } from '../../helpers/temp.ts';

describe('openStore', () => {
  it('gives further connections to the same database that see what is committed, and closes them with the store', async () => {
    const store = await openStore(join(tempDir(), 'store.duckdb'));
    const other = await store.connect();
    await store.run(`INSERT INTO meta VALUES ('a', '1')`);
    await store.transaction(async () => {
      await store.run(`INSERT INTO meta VALUES ('b', '2')`);
      // Not committed yet: the other connection does not see it.
      expect(await other.rows(`SELECT key FROM meta ORDER BY key`)).toEqual([{ key: 'a' }]);
    });
    expect(await other.rows(`SELECT key FROM meta ORDER BY key`)).toEqual([{ key: 'a' }, { key: 'b' }]);
    // Two queries at once, one on each connection.
    const [left, right] = await Promise.all([store.rows<{ n: bigint }>(`SELECT count(*) AS n FROM range(100000)`), other.rows<{ n: bigint }>(`SELECT count(*) AS n FROM range(200000)`)]);
    expect([Number(left[0]!.n), Number(right[0]!.n)]).toEqual([100_000, 200_000]);
    store.close();
    await expect(other.rows(`SELECT 1`)).rejects.toThrow();
  });
});
