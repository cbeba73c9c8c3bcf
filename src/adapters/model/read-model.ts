import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { HmsOpsError } from '../../core/errors.ts';
import { joinHourly } from '../../core/model/hourly-split.ts';
import { loadedHourly, loadedProgram } from '../../core/model/series-columns.ts';
import { ModelIndexSchema, StoredHourlySeriesSchema, StoredProgramSchema, type ModelIndex, type ProgramModel } from '../../core/schemas/model.ts';

type IndexLine = ModelIndex['programs'][number];

/** The model's `index.json`, validated. */
export function readModelIndex(modelDir: string): ModelIndex {
  return readValid(join(modelDir, 'index.json'), ModelIndexSchema);
}

/** A program document as pages use it: its KPIs' hourly series hold the last 7 days. */
export function readProgramDocument(modelDir: string, line: Pick<IndexLine, 'file'>): ProgramModel {
  const path = join(modelDir, line.file);
  return readStored(path, () => loadedProgram(readValid(path, StoredProgramSchema)));
}

/** A program with every KPI's whole hourly series (90 days), as the open-data files publish it. */
export function readProgramWithHourly(modelDir: string, line: Pick<IndexLine, 'file' | 'hourly_file'>): ProgramModel {
  const document = readProgramDocument(modelDir, line);
  const path = join(modelDir, line.hourly_file);
  const hourly = readStored(path, () => loadedHourly(readValid(path, StoredHourlySeriesSchema)));
  try {
    return joinHourly(document, hourly);
  } catch (error) {
    throw new HmsOpsError(`${join(modelDir, line.hourly_file)} does not belong to ${line.file}: ${(error as Error).message}; run hms-ops build again`);
  }
}

/** Reads a stored document back into the model's form; a series whose lists do not match is an error naming the file. */
function readStored<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof HmsOpsError) throw error;
    throw new HmsOpsError(`${path}: not a model file of this version (${(error as Error).message}); run hms-ops build again`);
  }
}

function readValid<T extends z.ZodType>(path: string, schema: T): z.output<T> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new HmsOpsError(`could not read the model file ${path}; run hms-ops build first`, { cause });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new HmsOpsError(`${path}: not a model file of this version (${first.path.join('.') || 'document'}: ${first.message}); run hms-ops build again`);
  }
  return parsed.data;
}
