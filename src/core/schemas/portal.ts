import { z } from 'zod';
import { BureauCodeSchema, ContactSchema, DurationSchema, InstantSchema } from './common.ts';

/** One set of metric files to load, e.g. `{path: data/events/*.ndjson.gz}`. */
export const SourceSchema = z.strictObject({
  /** A file or a glob relative to the portal folder, e.g. `data/rollups/*.parquet`. */
  path: z.string().min(1),
  /** `events` (raw metric events) or `rollups` (pre-aggregated buckets); guessed from the folder name when absent. */
  kind: z.enum(['events', 'rollups']).optional(),
  /** File format; taken from the extension when absent. */
  format: z.enum(['ndjson', 'csv', 'parquet']).optional(),
});
export type Source = z.output<typeof SourceSchema>;

/** `portal.yaml`: the portal as a whole. */
export const PortalSchema = z.strictObject({
  /** Format version, `1`. */
  version: z.literal(1),
  /** Portal title, e.g. `Federal Service Performance`. */
  title: z.string().min(1).max(200),
  /** The publishing agency, e.g. `U.S. Department of Health and Human Services`. */
  agency: z.string().min(1).max(200),
  /** Where the site is published, e.g. `https://performance.example.gov/`; export download URLs start with it. */
  base_url: z.url().default('http://localhost:4321/'),
  /** Who answers questions about the portal. */
  contact: ContactSchema,
  /** The publisher named in the open-data catalog (data.json); the agency when absent. */
  publisher: z.string().min(1).max(200).optional(),
  /** The agency's bureau code for the catalog, e.g. `023:00`; each program may give its own. */
  bureau_code: BureauCodeSchema.optional(),
  /** The license of the published data, a URL; U.S. public domain by default. */
  license: z.url().default('http://www.usa.gov/publicdomain/label/1.0/'),
  /** Where readers report an accessibility barrier on the site, e.g. `accessibility@example.gov`; the contact's email when absent. */
  accessibility_email: z.email('expected an email address').optional(),
  /** Where to report a security vulnerability (the site's security.txt `Contact`), e.g. `security@example.gov`; the contact's email when absent. */
  security_email: z.email('expected an email address').optional(),
  /** Raw events older than this are pruned; rollups are kept forever. */
  raw_retention: DurationSchema.prefault('30d'),
  /** Default minimum sample size for a published number, e.g. `30`. */
  min_events: z.int().min(1).default(30),
  /** Counts from 1 to this number are suppressed in public outputs (CMS cell-size rule); `0` turns it off. */
  suppress_below: z.int().min(0).default(10),
  /** The instant the portal is computed at: `now`, `latest` (the newest data point, rounded up to the hour), or a fixed ISO time. */
  at: z.union([z.literal('now'), z.literal('latest'), InstantSchema]).default('now'),
  /** Metric files loaded by `hms-ops build`. */
  sources: z.array(SourceSchema).default([]),
});
export type Portal = z.output<typeof PortalSchema>;
