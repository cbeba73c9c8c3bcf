import { describe, expect, it } from 'vitest';
import { docPagePath } from '../../../src/site/build/doc-pages-plugin.ts';

describe('docPagePath', () => {
  it.each([
    ['a doc with an anchor', 'portal-format.md#the-histogram-encoding', '/about/portal-format/#the-histogram-encoding'],
    ['a doc without one', 'methodology.md', '/about/'],
    ['an anchor on the same page', '#time-windows', undefined],
    ['another site', 'https://example.gov/methodology.md', undefined],
  ])('rewrites %s', (_, href, expected) => expect(docPagePath(href)).toBe(expected));
});
