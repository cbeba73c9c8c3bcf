import { z } from 'zod';
import { BureauCodeSchema, ContactSchema, DurationSchema, ProgramCodeSchema, SlugSchema, TimeZoneSchema } from './common.ts';
import { KpiSchema } from './kpi.ts';

/** One public service whose promises the portal reports on. */
export const ProgramSchema = z.strictObject({
  /** Slug used in URLs and file names, e.g. `cms-eligibility`; not `all`, the open-data folder of all programs. */
  id: SlugSchema.refine((id) => id !== 'all', 'expected a program id other than "all", which names the open-data folder of all programs (data/all/)'),
  /** Name shown to readers, e.g. `Medicaid eligibility reviews`. */
  name: z.string().min(1).max(200),
  /** The agency that runs it, e.g. `Centers for Medicare & Medicaid Services`. */
  agency: z.string().min(1).max(200),
  /** A paragraph on what the service does for people. */
  description: z.string().max(5000).default(''),
  /** Who answers questions about the numbers. */
  contact: ContactSchema,
  /** Time zone used to show times, e.g. `America/New_York`. */
  time_zone: TimeZoneSchema.default('UTC'),
  /** Free tags for filtering, e.g. `[health, eligibility]`. */
  tags: z.array(z.string().min(1).max(40)).default([]),
  /** How often new data is expected, e.g. `1h`; the program is stale when its newest point is older than twice this. */
  expected_interval: DurationSchema.prefault('1h'),
  /** The program's Federal Program Inventory code for the open-data catalog, e.g. `009:000`. */
  program_code: ProgramCodeSchema.optional(),
  /** The bureau code, when it differs from the portal's, e.g. `009:38`. */
  bureau_code: BureauCodeSchema.optional(),
  /** Where the data is about, for the catalog's `spatial`, e.g. `United States` or `Ohio`. */
  spatial: z.string().min(1).max(200).optional(),
  /** Published only when `true`; a non-public program's KPIs are never published either. */
  public: z.boolean().default(false),
  /** The program's KPIs. */
  kpis: z.array(KpiSchema).default([]),
});
export type Program = z.output<typeof ProgramSchema>;

/** `data/programs.yaml`. */
export const ProgramsFileSchema = z.strictObject({
  /** Format version, `1`. */
  version: z.literal(1),
  programs: z.array(ProgramSchema).min(1),
});
export type ProgramsFile = z.output<typeof ProgramsFileSchema>;
