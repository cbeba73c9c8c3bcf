import { describe, expect, it } from 'vitest';
import { slugify } from '../../../src/site/lib/slug.ts';

describe('slugify', () => {
  it.each([
    ['an agency name with an ampersand', 'Centers for Medicare & Medicaid Services', 'centers-for-medicare-medicaid-services'],
    ['accents', 'Département de la Santé', 'departement-de-la-sante'],
    ['markup', '<i>tag</i>', 'i-tag-i'],
    ['nothing usable', '<>&', 'other'],
  ])('%s', (_, text, slug) => expect(slugify(text)).toBe(slug));
});
