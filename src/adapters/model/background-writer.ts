import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { HmsOpsError } from '../../core/errors.ts';
import type { ModelIndex, ProgramModel } from '../../core/schemas/model.ts';
import { temporaryModelDir } from './write-model.ts';

/** A ModelWriter (write-model.ts) on a worker thread: the same files, written while the next program is computed. */
export interface BackgroundModelWriter {
  /** Hands the program to the worker; waits only while a few programs are already queued. */
  writeProgram(program: ProgramModel): Promise<void>;
  /** Waits for every program, then writes the index and swaps the new model in, as ModelWriter.finish. */
  finish(index: ModelIndex): Promise<void>;
  /** Drops the partly written model; the old one stays. */
  abort(): Promise<void>;
}

/** How many programs may wait for the worker: each is several megabytes in flight. */
const QUEUE = 3;

/**
 * Serializing and writing a program's documents (JSON.stringify of ~7 MB and the write) took ~90 ms
 * of the compute loop's thread per bench program; handing it to a worker costs that thread ~30 ms.
 * Messages are answered in order, so the n-th answer is the n-th message's; the first failure is
 * kept and reported by every later call.
 */
export function createBackgroundModelWriter(dir: string): BackgroundModelWriter {
  const worker = new Worker(new URL('./model-writer-worker.ts', import.meta.url), { workerData: { dir } });
  const waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    for (const call of waiting.splice(0)) call.reject(failure);
  };
  worker.on('message', (answer: { ok: boolean; error?: string }) => {
    const call = waiting.shift();
    if (answer.ok) return call?.resolve();
    const error = new HmsOpsError(`could not write the model into ${dir}: ${answer.error}`);
    call?.reject(error);
    fail(error);
  });
  worker.on('error', (error) => fail(new HmsOpsError(`the model writer stopped: ${error.message}`, { cause: error })));
  worker.on('exit', () => fail(new HmsOpsError('the model writer stopped')));
  const send = (message: object): Promise<void> => {
    if (failure) return Promise.reject(failure);
    const answered = new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }));
    worker.postMessage(message);
    return answered;
  };
  const queued: Promise<void>[] = [];
  const settle = async (work: Promise<void>) => {
    try {
      await work;
    } finally {
      await worker.terminate();
    }
  };
  return {
    async writeProgram(program) {
      const written = send({ program });
      written.catch(() => {}); // a failure is reported by the call that waits for it, or by finish
      queued.push(written);
      while (queued.length > QUEUE) await queued.shift();
    },
    finish: (index) => settle(Promise.all(queued.splice(0)).then(() => send({ index }))),
    // The worker removes its temporary folder; if it cannot (it stopped), this thread does.
    abort: () => settle(send({ abort: true }).catch(() => {})).finally(() => rmSync(temporaryModelDir(dir), { recursive: true, force: true })),
  };
}
