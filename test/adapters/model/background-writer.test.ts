import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackgroundModelWriter } from '../../../src/adapters/model/background-writer.ts';
import { createModelWriter } from '../../../src/adapters/model/write-model.ts';
import { smallIndex, smallProgram } from '../../fixtures/model/small-model.ts';
import { tempDir } from '../../helpers/temp.ts';

const filesOf = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length)).sort();

describe('the background model writer', () => {
  it('writes the same files, byte for byte, as the writer on the calling thread', async () => {
    const dir = tempDir();
    const programs = Array.from({ length: 6 }, (_, n) => ({ ...smallProgram(), program: { ...smallProgram().program, id: `p${n}` } }));
    const index = { ...smallIndex(), programs: programs.map((p) => ({ ...smallIndex().programs[0]!, id: p.program.id, file: `programs/${p.program.id}.json`, hourly_file: `programs/${p.program.id}.hourly.json` })) };
    const inline = createModelWriter(join(dir, 'inline'));
    for (const program of programs) inline.writeProgram(program);
    inline.finish(index);
    const background = createBackgroundModelWriter(join(dir, 'background'));
    for (const program of programs) await background.writeProgram(program);
    await background.finish(index);
    const files = filesOf(join(dir, 'inline'));
    expect(files).toHaveLength(6 * 2 + 4);
    expect(filesOf(join(dir, 'background'))).toEqual(files);
    for (const file of files) expect(readFileSync(join(dir, 'background', file), 'utf8')).toBe(readFileSync(join(dir, 'inline', file), 'utf8'));
  });

  it('reports a failed write, keeps the old model and leaves no temporary folder after abort', async () => {
    const dir = tempDir();
    const model = join(dir, 'model');
    mkdirSync(model);
    writeFileSync(join(model, 'index.json'), 'the old model');
    const writer = createBackgroundModelWriter(model);
    // The third program cannot be serialized as JSON (a BigInt where a number belongs).
    const programs = [smallProgram(), smallProgram(), { ...smallProgram(), at: 1n as unknown as string }, smallProgram()];
    await expect((async () => {
      for (const program of programs) await writer.writeProgram(program);
      await writer.finish(smallIndex());
    })()).rejects.toThrow(`could not write the model into ${model}: Do not know how to serialize a BigInt`);
    await writer.abort();
    expect(readFileSync(join(model, 'index.json'), 'utf8')).toBe('the old model');
    expect(existsSync(`${model}.tmp-${process.pid}`)).toBe(false);
  });
});
