import { loadSiteModel } from '../data/load-model.ts';

/** robots.txt: everything may be crawled; the sitemap lists every page. */
export function GET(): Response {
  const { index } = loadSiteModel();
  return new Response(`User-agent: *\nAllow: /\n\nSitemap: ${new URL('/sitemap.xml', index.portal.base_url).href}\n`);
}
