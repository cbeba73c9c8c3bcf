import { programFilters } from './filters.ts';
import type { SiteModel } from './load-model.ts';

/** Every HTML page of the site, as paths with a trailing slash: the sitemap lists them and the link test expects them. */
export function sitePaths(model: SiteModel): string[] {
  const { agencies, tags } = programFilters(model.programs);
  return [
    '/', '/slos/', '/about/', '/about/portal-format/', '/data/', '/data/dictionary/', '/search/', '/accessibility/', '/privacy/', '/vulnerability-disclosure/',
    ...model.programs.flatMap((p) => [`/programs/${p.program.id}/`, ...p.kpis.map((k) => `/programs/${p.program.id}/${k.id}/`)]),
    ...agencies.map((f) => `/agencies/${f.slug}/`),
    ...tags.map((f) => `/tags/${f.slug}/`),
  ];
}
