import type { ModelIndex } from '../schemas/model.ts';
import type { DataPackage } from '../schemas/datapackage.ts';
import type { ExportDataset } from './datasets.ts';

/** Where datapackage.json lives, relative to the site root; resource paths are relative to it. */
export const DATAPACKAGE_DIR = 'data/';

/**
 * A Frictionless Tabular Data Package describing every CSV file: its dialect (comma, CRLF, header,
 * UTF-8 with a byte-order mark) and a Table Schema with each field's type, description and unit,
 * and the primary key. Empty cells are missing values ("not enough data", or not applicable).
 */
export function dataPackage(index: ModelIndex, datasets: readonly ExportDataset[]): DataPackage {
  return {
    profile: 'tabular-data-package',
    name: index.portal.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'hms-ops',
    title: index.portal.title,
    description: `Open data of ${index.portal.title} (${index.portal.agency}): KPI series, service level objectives and incidents of every public program. Field descriptions give units; times are ISO 8601 UTC.`,
    homepage: index.portal.base_url,
    licenses: [{ path: index.portal.license, title: 'License of the data' }],
    contributors: [{ title: index.portal.contact.name, email: index.portal.contact.email, role: 'publisher' }],
    resources: datasets.flatMap((dataset) => dataset.files.filter((file) => file.format === 'csv').map((file) => ({
      profile: 'tabular-data-resource' as const,
      name: file.table.name,
      title: file.table.title,
      description: file.table.description,
      path: file.path.slice(DATAPACKAGE_DIR.length),
      format: 'csv' as const,
      mediatype: 'text/csv' as const,
      encoding: 'utf-8',
      dialect: { delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true, header: true },
      schema: {
        fields: file.table.columns.map((column) => ({ name: column.name, type: column.type, description: column.description })),
        primaryKey: file.table.primaryKey,
        missingValues: [''],
      },
    }))),
  };
}
