import { KEY_OFFSET, GAMMA } from '../../core/histogram.ts';

/**
 * The store's tables.
 * - events: raw metric events, kept for the portal's raw retention. An event's identity is
 *   (program_id, metric, event_key); see ingest-events.ts for how event_key is formed.
 * - rollups: buckets of 1 minute, 1 hour and 1 day with a mergeable histogram, kept forever.
 *   A bucket's identity is (program_id, metric, bucket_seconds, bucket_start).
 * Times are TIMESTAMP in UTC.
 */
export const STORE_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  program_id VARCHAR NOT NULL,
  metric VARCHAR NOT NULL,
  ts TIMESTAMP NOT NULL,
  value DOUBLE NOT NULL,
  tags VARCHAR,
  event_key VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS rollups (
  program_id VARCHAR NOT NULL,
  metric VARCHAR NOT NULL,
  bucket_seconds INTEGER NOT NULL,
  bucket_start TIMESTAMP NOT NULL,
  count BIGINT NOT NULL,
  sum DOUBLE NOT NULL,
  min DOUBLE,
  max DOUBLE,
  histogram STRUCT(k INTEGER, n BIGINT)[]
);
CREATE TABLE IF NOT EXISTS meta (
  key VARCHAR PRIMARY KEY,
  value VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS loads (
  loaded_at TIMESTAMP NOT NULL,
  file VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  rows_read BIGINT NOT NULL,
  rows_loaded BIGINT NOT NULL,
  rows_quarantined BIGINT NOT NULL,
  sha256 VARCHAR
);
`;

/** Bucket lengths the store keeps, finest first. */
export const RESOLUTIONS = [60, 3600, 86_400] as const;

/** SQL for the histogram bucket key of a DOUBLE expression; the same formula as bucketKey() in core/histogram.ts. */
export function bucketKeySql(value: string): string {
  const logGamma = Math.log(GAMMA);
  return `(CASE WHEN ${value} = 0 THEN 0 WHEN ${value} > 0 THEN ${KEY_OFFSET} + CAST(ceil(ln(${value}) / ${logGamma}) AS INTEGER) ELSE -(${KEY_OFFSET} + CAST(ceil(ln(-(${value})) / ${logGamma}) AS INTEGER)) END)`;
}
