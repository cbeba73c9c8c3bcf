import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

describe('hms-ops validate', () => {
  it('accepts the bundled sample portal, data rows included', async () => {
    const result = await runCli(['validate']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('ok: 5 programs, 16 KPIs, 9 SLOs, 23 alert rules, 5 receivers, 10 data files\n');
    expect(result.code).toBe(0);
  });

  it('reports every config problem of every file at once, with file:line:column, and exits 1', async () => {
    const result = await runCli(['validate', '--portal', 'test/fixtures/portals/broken']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatchInlineSnapshot(`
      "error: 6 problems found
      test/fixtures/portals/broken/data/programs.yaml:3:9: programs[0].id: expected a slug: lowercase letters, digits and dashes, starting with a letter or digit, at most 63 characters, got "Good-Program"
      test/fixtures/portals/broken/data/programs.yaml:12:15: programs[0].kpis[0].stat: expected one of "count", "rate", "mean", "p50", "p90", "p95", "p99", "max", "min", "adherence", got "p42"
      test/fixtures/portals/broken/data/programs.yaml:17:5: programs[1].colour: unknown key "colour"; expected one of the documented keys (see docs/portal-format.md)
      test/fixtures/portals/broken/portal.yaml:6:10: contact.email: expected an email address, got "not-an-email"
      test/fixtures/portals/broken/portal.yaml:7:16: raw_retention: expected a duration such as 30s, 5m, 1h, 28d, got "thirty days"
      test/fixtures/portals/broken/rules/slos.yaml:6:16: slos[0].objective: expected a number < 1, got 1.5
      "
    `);
  });

  it('reports bad data rows as file:line:column with the reason', async () => {
    const result = await runCli(['validate', '--portal', 'test/fixtures/portals/bad-rows']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: 2 problems found\n' +
        'test/fixtures/portals/bad-rows/data/events/api.ndjson:2:1: value: expected a finite number\n' +
        'test/fixtures/portals/bad-rows/data/events/api.ndjson:3:1: ts: expected an ISO 8601 time with a zone, such as 2024-08-01T14:07:55Z\n',
    );
  });

  it('reports every data file refused as a whole, not just the first', async () => {
    const result = await runCli(['validate', '--portal', 'test/fixtures/portals/bad-columns']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: 2 problems found\n' +
        'test/fixtures/portals/bad-columns/data/rollups/a.csv:1:1: missing columns bucket_seconds, sum, min, max, histogram; expected program_id, metric, bucket_start, bucket_seconds, count, sum, min, max, histogram\n' +
        'test/fixtures/portals/bad-columns/data/rollups/b.csv:1:1: missing column histogram; expected program_id, metric, bucket_start, bucket_seconds, count, sum, min, max, histogram\n',
    );
  });

  it('exits 2 on a usage error', async () => {
    const result = await runCli(['no-such-command']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'no-such-command'");
  });
});

describe('a broken portal folder', () => {
  it.each([
    ['build', (store: string, dir: string) => ['build', '--portal', 'test/fixtures/portals/broken', '--store', store, '--model', join(dir, 'model'), '--out', join(dir, 'dist')]],
    ['ingest', (store: string, dir: string) => ['ingest', join(dir, 'events.ndjson'), '--portal', 'test/fixtures/portals/broken', '--store', store]],
  ] as const)('%s reports every problem, exits 1 and writes nothing: no store, no model, no site', async (_, args) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'events.ndjson'), '{"program_id":"good-program","metric":"x.y","value":1,"ts":"2024-08-01T00:00:00Z"}\n');
    const store = join(dir, 'store', 'store.duckdb');
    const result = await runCli([...args(store, dir)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: \d+ problems found\n/);
    expect(result.stderr).toContain('test/fixtures/portals/broken/portal.yaml:6:10: contact.email: expected an email address, got "not-an-email"');
    expect([existsSync(join(dir, 'store')), existsSync(join(dir, 'model')), existsSync(join(dir, 'dist'))]).toEqual([false, false, false]);
  });
});
