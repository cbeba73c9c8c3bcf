import type { HastPluginDefinition } from 'satteri';

/** The docs rendered as pages, by their Markdown file name. */
const PAGES: Record<string, string> = { 'methodology.md': '/about/', 'portal-format.md': '/about/portal-format/' };

/**
 * A Sätteri hast plugin for the docs rendered as pages: links between the Markdown files
 * (`portal-format.md#layout`) become links between their pages (`/about/portal-format/#layout`).
 */
export const rewriteDocLinks: HastPluginDefinition = {
  name: 'hms-ops:rewrite-doc-links',
  element: {
    filter: ['a'],
    visit(node, context) {
      const href = node.properties?.href;
      if (typeof href !== 'string') return;
      const page = docPagePath(href);
      if (page) context.setProperty(node, 'href', page);
    },
  },
};

/** `portal-format.md#layout` → `/about/portal-format/#layout`; undefined for any other link. */
export function docPagePath(href: string): string | undefined {
  const [file, hash] = href.split('#') as [string, string | undefined];
  const page = PAGES[file];
  return page && (hash ? `${page}#${hash}` : page);
}
