import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ModelIndexSchema, ProgramModelSchema, type ModelIndex, type ProgramModel } from '../../core/schemas/model.ts';

/** The default folder of the computed model. */
export const DEFAULT_MODEL_DIR = '.hms-ops/model';

/**
 * Writes the model: `index.json`, `programs/<id>.json` and JSON Schemas of both under `schema/`.
 * Everything is written into a temporary folder first, then swapped in, so a reader sees either the
 * old model or the new one, never a mix.
 */
export function writeModel(dir: string, index: ModelIndex, programs: readonly ProgramModel[]): void {
  const temporary = `${dir}.tmp-${process.pid}`;
  rmSync(temporary, { recursive: true, force: true });
  const write = (name: string, data: unknown) => {
    const path = join(temporary, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(data, null, 1)}\n`);
  };
  write('index.json', ModelIndexSchema.parse(index));
  for (const program of programs) write(`programs/${program.program.id}.json`, ProgramModelSchema.parse(program));
  write('schema/index.schema.json', z.toJSONSchema(ModelIndexSchema));
  write('schema/program.schema.json', z.toJSONSchema(ProgramModelSchema));

  mkdirSync(dirname(dir), { recursive: true });
  const old = `${dir}.old-${process.pid}`;
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(temporary, dir);
  rmSync(old, { recursive: true, force: true });
}
