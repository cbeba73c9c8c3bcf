import { loadSiteModel } from '../data/load-model.ts';
import { sitePaths } from '../data/routes.ts';
import { escapeXml } from '../lib/escape-xml.ts';

/** sitemap.xml (sitemaps.org 0.9): every page, last modified when the model was computed. */
export function GET(): Response {
  const model = loadSiteModel();
  const lastmod = model.index.generated_at.slice(0, 10);
  const urls = sitePaths(model).map((path) => `  <url><loc>${escapeXml(new URL(path, model.index.portal.base_url).href)}</loc><lastmod>${lastmod}</lastmod></url>`);
  return new Response(`<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`, { headers: { 'content-type': 'application/xml' } });
}
