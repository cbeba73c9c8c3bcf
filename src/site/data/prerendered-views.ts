/**
 * Chart views drawn ahead of the pages, in worker threads (build/prerender-views.ts): drawing the
 * charts is most of a site build's work, and Astro renders pages one at a time on one thread.
 *
 * The views live on a shelf on `globalThis`, because the pages run in Astro's bundle of this module
 * and the build in Node's own copy of it. A page waits until its program's views are on the shelf
 * (`viewsReady`), then takes each view by key (`prerendered`); a view not on the shelf (no workers,
 * a worker that failed, or a key the workers did not draw) is drawn there and then by the same code,
 * so a page is byte for byte the same either way. A view is taken once: the shelf only holds what
 * the pages have not yet used.
 */
export interface Shelf {
  views: Map<string, unknown>;
  /** Per program id: settles when the workers have put that program's views on the shelf. */
  ready: Map<string, Promise<void>>;
  /** Views taken from the shelf, and views the pages had to draw themselves. */
  taken: number;
  drawn: number;
}

const SHELF = Symbol.for('hms-ops.site.prerendered-views');
const slot = globalThis as { [SHELF]?: Shelf };

/** Puts up an empty shelf for one build. */
export function openShelf(): Shelf {
  const shelf: Shelf = { views: new Map(), ready: new Map(), taken: 0, drawn: 0 };
  slot[SHELF] = shelf;
  return shelf;
}

/** Takes the shelf down after a build. */
export function closeShelf(): void {
  delete slot[SHELF];
}

/** The view under `key` from the shelf, or drawn now when the shelf does not have it. */
export function prerendered<T>(key: string, draw: () => T): T {
  const shelf = slot[SHELF];
  if (shelf?.views.has(key)) {
    const view = shelf.views.get(key) as T;
    shelf.views.delete(key);
    shelf.taken++;
    return view;
  }
  if (shelf) shelf.drawn++;
  return draw();
}

/** Settles when the program's views are on the shelf (at once when nothing is drawn ahead). */
export async function viewsReady(programId: string): Promise<void> {
  await slot[SHELF]?.ready.get(programId);
}
