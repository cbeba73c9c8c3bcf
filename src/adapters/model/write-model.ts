import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { splitHourly } from '../../core/model/hourly-split.ts';
import { storedHourly, storedProgram } from '../../core/model/series-columns.ts';
import { ModelIndexSchema, StoredHourlySeriesSchema, StoredProgramSchema, type ModelIndex, type ProgramModel } from '../../core/schemas/model.ts';

/** The default folder of the computed model. */
export const DEFAULT_MODEL_DIR = '.hms-ops/model';

export interface ModelWriter {
  /** Writes one program's document as soon as it is computed (readers validate it against the model schema). */
  writeProgram(program: ProgramModel): void;
  /** Writes the index and the JSON Schemas, then swaps the new model in for the old one. */
  finish(index: ModelIndex): void;
  /** Drops the partly written model; the old one stays. */
  abort(): void;
}

/**
 * Writes the model: `index.json`, `programs/<id>.json` (with the last 7 days of hourly points),
 * `programs/<id>.hourly.json` (all 90 days of them) and JSON Schemas of the three under `schema/`.
 * Series are stored as columns (core/model/series-columns.ts); read-model.ts reads them back.
 * Program documents are written one by one (nothing holds the whole model in memory) into a
 * temporary folder that replaces the old model only at the end, so a reader sees either the old
 * model or the new one, never a mix.
 */
export function createModelWriter(dir: string): ModelWriter {
  const temporary = `${dir}.tmp-${process.pid}`;
  rmSync(temporary, { recursive: true, force: true });
  // Program documents are large (a year of daily points per KPI) and only read by programs: compact.
  // The index and the schemas are small and read by people: indented.
  const write = (name: string, data: unknown, indent?: number) => {
    const path = join(temporary, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(data, null, indent)}\n`);
  };
  return {
    writeProgram(program) {
      // Not validated here: the types hold it to the schema, and every reader (site, exports) parses it.
      const { document, hourly } = splitHourly(program);
      write(`programs/${program.program.id}.json`, storedProgram(document));
      write(`programs/${program.program.id}.hourly.json`, storedHourly(hourly));
    },
    finish(index) {
      write('index.json', ModelIndexSchema.parse(index), 1);
      write('schema/index.schema.json', z.toJSONSchema(ModelIndexSchema), 1);
      write('schema/program.schema.json', z.toJSONSchema(StoredProgramSchema), 1);
      write('schema/hourly.schema.json', z.toJSONSchema(StoredHourlySeriesSchema), 1);
      mkdirSync(dirname(dir), { recursive: true });
      const old = `${dir}.old-${process.pid}`;
      if (existsSync(dir)) renameSync(dir, old);
      renameSync(temporary, dir);
      rmSync(old, { recursive: true, force: true });
    },
    abort() {
      rmSync(temporary, { recursive: true, force: true });
    },
  };
}
