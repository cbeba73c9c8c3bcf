// A worker thread of prerender-views.ts: draws every chart view of the programs it is given and
// posts them back one program at a time, in the order given.
import { parentPort, workerData } from 'node:worker_threads';
import { programViews } from '../data/kpi-view.ts';
import { readProgramDocument } from '../../adapters/model/read-model.ts';

const { modelDir, programs } = workerData as { modelDir: string; programs: { id: string; file: string }[] };
for (const { id, file } of programs) {
  try {
    parentPort!.postMessage({ id, views: programViews(readProgramDocument(modelDir, { file })) });
  } catch (error) {
    // The page draws its own views, and reports the problem itself if the document is bad.
    parentPort!.postMessage({ id, views: [], error: String(error instanceof Error ? error.message : error) });
  }
}
