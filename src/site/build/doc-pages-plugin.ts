import type { HastPluginDefinition } from 'satteri';

/** The docs rendered as pages, by their Markdown file name. */
const PAGES: Record<string, string> = { 'methodology.md': '/about/', 'portal-format.md': '/about/portal-format/' };

/**
 * A Sätteri hast plugin for the docs rendered as pages (docs/methodology.md, docs/portal-format.md):
 * links between the Markdown files (`portal-format.md#layout`) become links between their pages
 * (`/about/portal-format/#layout`), code blocks, which scroll sideways on narrow screens, can take
 * the keyboard focus (WCAG 2.1.1), and tables scroll sideways in a region of their own.
 */
export const docPagesPlugin: HastPluginDefinition = {
  name: 'hms-ops:doc-pages',
  element: [
    {
      filter: ['a'],
      visit(node, context) {
        const href = node.properties?.href;
        const page = typeof href === 'string' ? docPagePath(href) : undefined;
        if (page) context.setProperty(node, 'href', page);
      },
    },
    {
      filter: ['pre'],
      visit(node, context) {
        context.setProperty(node, 'tabIndex', 0);
      },
    },
    {
      // A wide table scrolls sideways in its own focusable region instead of widening the page past
      // a phone's screen (WCAG 1.4.10 reflow), as the site's own tables do.
      filter: ['table'],
      visit(node, context) {
        context.wrapNode(node, { raw: '<div class="table-scroll table-scroll--wide" tabindex="0" role="region" aria-label="Table (scrolls sideways)"></div>' });
      },
    },
  ],
};

/** `portal-format.md#layout` → `/about/portal-format/#layout`; undefined for any other link. */
export function docPagePath(href: string): string | undefined {
  const [file, hash] = href.split('#') as [string, string | undefined];
  const page = PAGES[file];
  return page && (hash ? `${page}#${hash}` : page);
}
