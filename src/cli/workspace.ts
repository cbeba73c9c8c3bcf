import { loadSources, resolveAt, type Progress } from '../adapters/build/build-model.ts';
import { loadPortal, type LoadedPortal } from '../adapters/portal/load-portal.ts';
import { DEFAULT_STORE_PATH, openStore, type Store } from '../adapters/store/open-store.ts';
import { parseAt } from './options.ts';
import type { CliContext } from './context.ts';

export interface WorkspaceOptions {
  portal?: string;
  store?: string;
  at?: string;
}

/** The portal folder and the store a command works on. */
export interface Workspace {
  portal: LoadedPortal;
  store: Store;
  /** The instant computations end at: --at, else the portal's `at` setting. */
  at(): Promise<Date>;
}

/**
 * Loads the portal config and opens the store. With `autoload`, a store that has never been loaded
 * gets the portal's sources first, so `query` and `slo` work on a fresh checkout.
 */
export async function openWorkspace(context: CliContext, options: WorkspaceOptions, progress: Progress, autoload = false): Promise<Workspace> {
  const portal = loadPortal(options.portal ?? '.');
  const at = parseAt(options.at);
  const store = await openStore(options.store ?? DEFAULT_STORE_PATH);
  const [loads] = await store.rows<{ n: bigint }>(`SELECT count(*) AS n FROM loads`);
  if (autoload && Number(loads?.n ?? 0) === 0 && portal.portal.sources.length > 0) await loadSources(store, portal, progress);
  return { portal, store, at: () => resolveAt(store, at ?? portal.portal.at, context.now()) };
}
