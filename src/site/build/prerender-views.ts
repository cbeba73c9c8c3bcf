import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { readModelIndex } from '../../adapters/model/read-model.ts';
import type { Shelf } from '../data/prerendered-views.ts';

export interface Prerendering {
  /** Settles when every worker has finished (or failed). */
  done: Promise<void>;
  /** Stops the workers (a failed build). */
  stop: () => Promise<void>;
}

/**
 * How many workers draw charts: `HMS_OPS_SITE_WORKERS` (0 turns them off), else one per core up to
 * four. Astro renders on one thread, so more workers than that only wait, each holding its own
 * copy of Plot and of the programs it reads.
 */
export function viewWorkers(env: Record<string, string | undefined> = process.env): number {
  const set = env.HMS_OPS_SITE_WORKERS;
  if (set !== undefined && set !== '' && /^\d+$/.test(set)) return Number(set);
  return Math.min(availableParallelism(), 4);
}

/**
 * Starts `workers` worker threads that draw every program's chart views (views-worker.ts) onto the
 * shelf while Astro renders pages: a page waits only for its own program's views. Programs are dealt
 * out in the index's order, so the first pages' views come first. Nothing here can fail the build:
 * a program whose views did not come is drawn by its pages.
 */
export function prerenderViews(modelDir: string, shelf: Shelf, workers: number): Prerendering {
  let programs: { id: string; file: string }[] = [];
  try {
    programs = readModelIndex(modelDir).programs;
  } catch {
    // The pages read the index too, and report what is wrong with it.
  }
  const count = Math.min(workers, programs.length);
  const settle = new Map<string, () => void>();
  for (const { id } of programs) shelf.ready.set(id, new Promise<void>((resolve) => settle.set(id, resolve)));
  const running: Worker[] = [];
  const finished: Promise<void>[] = [];
  for (let n = 0; n < count; n++) {
    const own = programs.filter((_, position) => position % count === n);
    const worker = new Worker(new URL('./views-worker.ts', import.meta.url), { workerData: { modelDir, programs: own } });
    running.push(worker);
    worker.on('message', ({ id, views }: { id: string; views: [string, unknown][] }) => {
      for (const [key, view] of views) shelf.views.set(key, view);
      settle.get(id)?.();
    });
    finished.push(new Promise<void>((resolve) => {
      const end = () => {
        for (const { id } of own) settle.get(id)?.();
        resolve();
      };
      worker.once('exit', end);
      worker.once('error', end);
    }));
  }
  return {
    done: Promise.all(finished).then(() => undefined),
    stop: async () => {
      await Promise.all(running.map((worker) => worker.terminate()));
    },
  };
}
