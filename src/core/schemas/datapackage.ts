import { z } from 'zod';

/**
 * The parts of the Frictionless Data Package and Table Schema specifications (v1) our
 * `datapackage.json` uses, with their rules: names of lowercase letters, digits, `-`, `_`, `.`;
 * unique resource names; relative paths without `..`; known field types; primary keys that name fields.
 */
const Name = z.string().regex(/^[a-z0-9._-]+$/, 'expected lowercase letters, digits, -, _ or .');
const RelativePath = z.string().min(1).refine((p) => !p.startsWith('/') && !p.split('/').includes('..') && !/^[a-z]+:/i.test(p), 'expected a relative path inside the package');

export const FieldSchema = z.strictObject({
  name: z.string().min(1),
  type: z.enum(['string', 'number', 'integer', 'boolean', 'datetime', 'date', 'time', 'year', 'duration', 'object', 'array', 'any']),
  description: z.string().optional(),
  format: z.string().optional(),
});

export const TableSchemaSchema = z.strictObject({
  fields: z.array(FieldSchema).min(1),
  primaryKey: z.array(z.string()).optional(),
  missingValues: z.array(z.string()).optional(),
}).refine((s) => new Set(s.fields.map((f) => f.name)).size === s.fields.length, { message: 'field names must be unique' })
  .refine((s) => (s.primaryKey ?? []).every((key) => s.fields.some((f) => f.name === key)), { message: 'primaryKey must name fields of the schema' });

export const ResourceSchema = z.strictObject({
  profile: z.literal('tabular-data-resource'),
  name: Name,
  title: z.string().optional(),
  description: z.string().optional(),
  path: RelativePath,
  format: z.literal('csv'),
  mediatype: z.literal('text/csv'),
  encoding: z.string(),
  dialect: z.strictObject({ delimiter: z.string().length(1), lineTerminator: z.string(), quoteChar: z.string().length(1), doubleQuote: z.boolean(), header: z.boolean() }),
  schema: TableSchemaSchema,
});

export const DataPackageSchema = z.strictObject({
  profile: z.literal('tabular-data-package'),
  name: Name,
  title: z.string().optional(),
  description: z.string().optional(),
  homepage: z.url().optional(),
  licenses: z.array(z.strictObject({ path: z.url(), title: z.string().optional() })).min(1),
  contributors: z.array(z.strictObject({ title: z.string(), email: z.email().optional(), role: z.string().optional() })).optional(),
  resources: z.array(ResourceSchema).min(1),
}).refine((p) => new Set(p.resources.map((r) => r.name)).size === p.resources.length, { message: 'resource names must be unique', path: ['resources'] });

export type DataPackage = z.output<typeof DataPackageSchema>;
