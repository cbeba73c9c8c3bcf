// The worker thread of background-writer.ts: a ModelWriter driven by messages, acknowledging each.
import { parentPort, workerData } from 'node:worker_threads';
import { createModelWriter } from './write-model.ts';

const writer = createModelWriter((workerData as { dir: string }).dir);
parentPort!.on('message', (message: { program?: never; index?: never; abort?: true }) => {
  try {
    if (message.program) writer.writeProgram(message.program);
    else if (message.index) writer.finish(message.index);
    else if (message.abort) writer.abort();
    parentPort!.postMessage({ ok: true });
  } catch (error) {
    parentPort!.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
