import { loadSiteModel } from '../data/load-model.ts';
import { statusDocument } from '../lib/status-document.ts';

/** status.json for monitors: build time, data-as-of and staleness per program. */
export function GET(): Response {
  return new Response(`${JSON.stringify(statusDocument(loadSiteModel()), null, 1)}\n`, { headers: { 'content-type': 'application/json' } });
}
