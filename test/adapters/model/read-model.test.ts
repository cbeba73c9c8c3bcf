import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readModelIndex, readProgramDocument, readProgramWithHourly } from '../../../src/adapters/model/read-model.ts';
import { createModelWriter } from '../../../src/adapters/model/write-model.ts';
import { smallIndex, smallProgram } from '../../fixtures/model/small-model.ts';
import { tempDir } from '../../helpers/temp.ts';

/** The small model as the writer writes it: index, program document, hourly document. */
function writtenModel(): string {
  const model = join(tempDir(), 'model');
  const writer = createModelWriter(model);
  writer.writeProgram(smallProgram());
  writer.finish(smallIndex());
  return model;
}

describe('reading the model', () => {
  it('gives the program as computed with its hourly file, and the document pages read without it', () => {
    const model = writtenModel();
    const line = readModelIndex(model).programs[0]!;
    expect(readProgramWithHourly(model, line)).toEqual(smallProgram());
    rmSync(join(model, line.hourly_file));
    // At 2026-11-01T00:00Z, the fixture's one hourly point (31 Oct 22:00) is within the document's 7 days.
    expect(readProgramDocument(model, line)).toEqual(smallProgram());
  });

  it('names the file and says what to do when a file is missing, of another version or of another program', () => {
    const model = writtenModel();
    const line = readModelIndex(model).programs[0]!;
    const hourlyPath = join(model, line.hourly_file);
    const hourly = JSON.parse(readFileSync(hourlyPath, 'utf8'));
    writeFileSync(hourlyPath, JSON.stringify({ ...hourly, program_id: 'other' }));
    expect(() => readProgramWithHourly(model, line)).toThrow(`${hourlyPath} does not belong to programs/benefits.json: program_id is "other", expected "benefits"; run hms-ops build again`);
    writeFileSync(hourlyPath, JSON.stringify({ ...hourly, model_version: 1 }));
    expect(() => readProgramWithHourly(model, line)).toThrow(`${hourlyPath}: not a model file of this version (model_version:`);
    writeFileSync(hourlyPath, JSON.stringify({ ...hourly, kpis: hourly.kpis.map((kpi: { hourly: { n: unknown[] } }) => ({ ...kpi, hourly: { ...kpi.hourly, n: [] } })) }));
    expect(() => readProgramWithHourly(model, line)).toThrow(`${hourlyPath}: not a model file of this version (kpis.wait.hourly: a series has 1 start times but n has 0); run hms-ops build again`);
    rmSync(hourlyPath);
    expect(() => readProgramWithHourly(model, line)).toThrow(`could not read the model file ${hourlyPath}; run hms-ops build first`);
  });
});
