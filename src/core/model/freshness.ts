import type { Freshness } from '../schemas/model.ts';

/** Data is stale when its newest point is older than twice the expected interval, or when there is none. */
export function freshness(newest: Date | null, at: Date, expectedIntervalSeconds: number): Freshness {
  return {
    newest: newest ? newest.toISOString() : null,
    expected_interval_seconds: expectedIntervalSeconds,
    stale: newest === null || at.getTime() - newest.getTime() > 2 * expectedIntervalSeconds * 1000,
  };
}
