import type { ProgramModel } from '../../core/schemas/model.ts';
import { slugify } from '../lib/slug.ts';

export interface Filter {
  kind: 'agency' | 'tag';
  slug: string;
  label: string;
  programs: ProgramModel[];
}

/** Every agency and tag of the public programs, each with its programs: one static page each, so filtering needs no JavaScript. */
export function programFilters(programs: readonly ProgramModel[]): { agencies: Filter[]; tags: Filter[] } {
  const group = (kind: Filter['kind'], keysOf: (p: ProgramModel) => string[]) => {
    const byKey = new Map<string, Filter>();
    for (const program of programs) {
      for (const label of keysOf(program)) {
        const slug = slugify(label);
        const filter = byKey.get(slug) ?? { kind, slug, label, programs: [] };
        filter.programs.push(program);
        byKey.set(slug, filter);
      }
    }
    return [...byKey.values()].sort((a, b) => a.label.localeCompare(b.label, 'en'));
  };
  return { agencies: group('agency', (p) => [p.program.agency]), tags: group('tag', (p) => p.program.tags) };
}
