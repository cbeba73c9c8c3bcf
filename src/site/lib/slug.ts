/** A URL path segment for free text such as an agency name: `Centers for Medicare & Medicaid Services` → `centers-for-medicare-medicaid-services`. */
export function slugify(text: string): string {
  const slug = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug || 'other';
}
