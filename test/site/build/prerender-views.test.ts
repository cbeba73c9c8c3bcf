import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { readModelIndex, readProgramDocument } from '../../../src/adapters/model/read-model.ts';
import { prerenderViews, viewWorkers } from '../../../src/site/build/prerender-views.ts';
import { programViews } from '../../../src/site/data/kpi-view.ts';
import { closeShelf, openShelf, prerendered, viewsReady } from '../../../src/site/data/prerendered-views.ts';
import { tempDir } from '../../helpers/temp.ts';

const modelDir = join(inject('siteBuilds'), 'sample', 'model');

describe('viewWorkers', () => {
  it('takes HMS_OPS_SITE_WORKERS when it is a whole number, else one per core up to four', () => {
    expect(viewWorkers({ HMS_OPS_SITE_WORKERS: '0' })).toBe(0);
    expect(viewWorkers({ HMS_OPS_SITE_WORKERS: '3' })).toBe(3);
    for (const env of [{}, { HMS_OPS_SITE_WORKERS: '' }, { HMS_OPS_SITE_WORKERS: 'two' }]) {
      expect(viewWorkers(env)).toBeGreaterThanOrEqual(1);
      expect(viewWorkers(env)).toBeLessThanOrEqual(4);
    }
  });
});

describe('prerenderViews', () => {
  it('puts every view of every program on the shelf, the same as drawn here, and each is taken once', async () => {
    const shelf = openShelf();
    try {
      const drawing = prerenderViews(modelDir, shelf, 2);
      const lines = readModelIndex(modelDir).programs;
      await viewsReady(lines[0]!.id);
      await drawing.done;
      const expected = lines.flatMap((line) => programViews(readProgramDocument(modelDir, line)));
      expect(shelf.views.size).toBe(expected.length);
      for (const [key, view] of expected) expect(shelf.views.get(key), key).toEqual(view);
      const [key] = expected[0]!;
      expect(prerendered(key, () => 'drawn here')).toEqual(expected[0]![1]);
      expect(prerendered(key, () => 'drawn here')).toBe('drawn here');
      expect([shelf.taken, shelf.drawn]).toEqual([1, 1]);
    } finally {
      closeShelf();
    }
  }, 60_000);

  it('with no readable index it starts no worker, and pages draw their own views', async () => {
    const shelf = openShelf();
    try {
      const drawing = prerenderViews(tempDir(), shelf, 2);
      await drawing.done;
      expect(shelf.ready.size).toBe(0);
      await viewsReady('cms-eligibility');
      expect(prerendered('chart|x', () => 'drawn here')).toBe('drawn here');
    } finally {
      closeShelf();
    }
  });
});
