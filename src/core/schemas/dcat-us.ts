import { z } from 'zod';

/**
 * The DCAT-US 1.1 (Project Open Data) catalog, `data.json`, as data.gov harvests it: required fields,
 * enumerations and formats of https://project-open-data.cio.gov/v1.1/schema, written as zod so a
 * test can hold our catalog to them. `FederalCatalogSchema` adds what federal agencies must give:
 * bureauCode and programCode on every dataset.
 */

export const DCAT_US_CONFORMS_TO = 'https://project-open-data.cio.gov/v1.1/schema';
export const DCAT_US_CONTEXT = 'https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld';
export const DCAT_US_DESCRIBED_BY = 'https://project-open-data.cio.gov/v1.1/schema/catalog.json';

const Uri = z.url({ protocol: /^https?$/ });
/** An IANA media type such as `text/csv` or `application/vnd.apache.parquet`. */
const MediaType = z.string().regex(/^[-\w]+\/[-\w]+(\.[-\w]+)*([+][-\w]+)?$/, 'expected a media type such as text/csv');

const date = String.raw`\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])`;
const time = String.raw`([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?`;
const duration = String.raw`P(?=\d|T\d)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?`;
const instant = `${date}(T${time})?`;
/** An ISO 8601 date, date and time, or duration, e.g. `2026-11-01T00:00:00Z`. */
const Iso8601 = z.string().regex(new RegExp(`^(${instant}|${duration}|R\\/${duration})$`), 'expected an ISO 8601 date or time, e.g. 2026-11-01T00:00:00Z');
/** An ISO 8601 interval: start/end, start/duration or duration/end. */
const Interval = z.string().regex(new RegExp(`^((${instant})\\/(${instant}|${duration})|(${duration})\\/(${instant}))$`), 'expected an ISO 8601 interval such as 2025-10-01/2026-11-01');
/** A repeating duration such as `R/PT1H`, or `irregular`. */
const Periodicity = z.union([z.literal('irregular'), z.string().regex(new RegExp(`^R\\/${duration}$`), 'expected a repeating duration such as R/PT1H, or irregular')]);

export const DistributionSchema = z.strictObject({
  '@type': z.literal('dcat:Distribution').optional(),
  downloadURL: Uri.optional(),
  accessURL: Uri.optional(),
  mediaType: MediaType.optional(),
  format: z.string().min(1).optional(),
  title: z.string().min(1).optional(),
  description: z.string().min(1).optional(),
  conformsTo: Uri.optional(),
  describedBy: Uri.optional(),
  describedByType: MediaType.optional(),
}).refine((d) => !d.downloadURL || d.mediaType, { message: 'mediaType: required when downloadURL is given', path: ['mediaType'] })
  .refine((d) => d.downloadURL || d.accessURL, { message: 'expected a downloadURL or an accessURL', path: ['downloadURL'] });

const PublisherSchema: z.ZodType<{ '@type'?: 'org:Organization'; name: string; subOrganizationOf?: unknown }> = z.lazy(() => z.strictObject({
  '@type': z.literal('org:Organization').optional(),
  name: z.string().min(1),
  subOrganizationOf: PublisherSchema.optional(),
}));

export const DatasetSchema = z.strictObject({
  '@type': z.literal('dcat:Dataset').optional(),
  title: z.string().min(1),
  description: z.string().min(1),
  keyword: z.array(z.string().min(1)).min(1),
  modified: Iso8601,
  publisher: PublisherSchema,
  contactPoint: z.strictObject({
    '@type': z.literal('vcard:Contact').optional(),
    fn: z.string().min(1),
    hasEmail: z.string().regex(/^mailto:[\w_~!$&'()*+,;=:.-]+@[\w.-]+\.[\w.-]+$/, 'expected mailto:name@example.gov'),
  }),
  identifier: z.string().min(1),
  accessLevel: z.enum(['public', 'restricted public', 'non-public']),
  rights: z.string().min(1).max(255).optional(),
  bureauCode: z.array(z.string().regex(/^\d{3}:\d{2}$/, 'expected NNN:NN')).min(1).optional(),
  programCode: z.array(z.string().regex(/^\d{3}:\d{3}$/, 'expected NNN:NNN')).min(1).optional(),
  license: Uri.optional(),
  spatial: z.string().min(1).optional(),
  temporal: Interval.optional(),
  accrualPeriodicity: Periodicity.optional(),
  issued: Iso8601.optional(),
  language: z.array(z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'expected a language tag such as en-US')).optional(),
  landingPage: Uri.optional(),
  theme: z.array(z.string().min(1)).optional(),
  references: z.array(Uri).optional(),
  describedBy: Uri.optional(),
  describedByType: MediaType.optional(),
  conformsTo: Uri.optional(),
  dataQuality: z.boolean().optional(),
  isPartOf: z.string().min(1).optional(),
  distribution: z.array(DistributionSchema).optional(),
}).refine((d) => d.accessLevel === 'public' || d.rights, { message: 'rights: required when accessLevel is not public', path: ['rights'] });

export const CatalogSchema = z.strictObject({
  '@context': Uri.optional(),
  '@id': Uri.optional(),
  '@type': z.literal('dcat:Catalog').optional(),
  conformsTo: z.literal(DCAT_US_CONFORMS_TO),
  describedBy: Uri.optional(),
  dataset: z.array(DatasetSchema),
}).refine((c) => new Set(c.dataset.map((d) => d.identifier)).size === c.dataset.length, { message: 'dataset identifiers must be unique', path: ['dataset'] });

/** Federal agencies' catalogs: every dataset names its bureau and program. */
export const FederalCatalogSchema = CatalogSchema.refine(
  (c) => c.dataset.every((d) => d.bureauCode && d.programCode),
  { message: 'every dataset of a federal catalog needs bureauCode and programCode', path: ['dataset'] },
);

export type Catalog = z.output<typeof CatalogSchema>;
export type Dataset = z.output<typeof DatasetSchema>;
export type Distribution = z.output<typeof DistributionSchema>;
