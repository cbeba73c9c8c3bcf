import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeLines } from '../../helpers/temp.ts';

// DuckDB applies the process's time zone when it casts between TIMESTAMPTZ and TIMESTAMP. The store
// must read the same UTC instants whatever TZ the job runs under, so this runs the CLI in New York time.
describe('the store under a non-UTC process time zone', () => {
  it('files event and rollup times at the same UTC instants as under UTC', () => {
    const dir = tempDir();
    const events = writeLines(dir, 'events.ndjson', [
      { program_id: 'api', metric: 'api.latency_ms', value: 100, ts: '2024-08-01T14:07:55Z' },
      { program_id: 'api', metric: 'api.latency_ms', value: 300, ts: '2024-08-01T10:30:00-04:00' },
    ]);
    const rollups = writeLines(dir, 'rollups.ndjson', [
      { program_id: 'api', metric: 'api.other', bucket_start: '2024-08-01 13:00:00', bucket_seconds: 3600, count: 1, sum: 5, min: 5, max: 5, histogram: '50081:1' },
    ]);
    const run = (args: string[]) => spawnSync(process.execPath, ['bin/hms-ops.js', ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'America/New_York' } });
    const store = join(dir, 'store.duckdb');
    const common = ['--portal', 'test/fixtures/portals/bad-rows', '--store', store];
    expect(run(['ingest', events, rollups, ...common]).status).toBe(0);
    const query = (metric: string, agg: string) => JSON.parse(run(['query', ...common, '--program', 'api', '--metric', metric, '--agg', agg, '--window', '1h', '--at', '2024-08-01T15:00:00Z', '--json']).stdout);
    // 14:07:55Z and 10:30−04:00 (= 14:30Z) both fall in [14:00Z, 15:00Z)
    expect(query('api.latency_ms', 'count')).toMatchObject({ value: 2, n: 2 });
    // a rollup bucket_start without a zone is UTC: 13:00 is in [13:00Z, 14:00Z), not 17:00Z
    const earlier = JSON.parse(run(['query', ...common, '--program', 'api', '--metric', 'api.other', '--agg', 'sum', '--window', '1h', '--at', '2024-08-01T14:00:00Z', '--json']).stdout);
    expect(earlier).toMatchObject({ value: 5, n: 1 });
  });
});
