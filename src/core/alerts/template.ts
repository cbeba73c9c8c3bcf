/**
 * Annotation templates: `{{ field }}` is replaced by the field's value at the evaluation, e.g.
 * `Docket p95 is {{ value }} ms (limit {{ threshold }} ms) over {{ window }}`. `{{ labels.team }}`
 * reads a label. There is nothing else (no logic, no functions): a template that names an unknown
 * field is an error when the rules are loaded, never a blank in a page at 3 a.m.
 */
export const TEMPLATE_FIELDS = ['value', 'threshold', 'comparison', 'n', 'window', 'severity', 'program', 'metric', 'aggregation', 'alertname', 'slo', 'at'] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

const FIELD = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The problems of a template: each unknown or malformed field, by name. */
export function templateProblems(template: string): string[] {
  const problems: string[] = [];
  for (const [, name = ''] of template.matchAll(FIELD)) {
    if ((TEMPLATE_FIELDS as readonly string[]).includes(name)) continue;
    if (/^labels\.[a-zA-Z_][a-zA-Z0-9_]*$/.test(name)) continue;
    problems.push(`unknown template field {{ ${name} }}; expected one of ${TEMPLATE_FIELDS.join(', ')} or labels.NAME`);
  }
  const stray = template.replace(FIELD, '');
  if (stray.includes('{{') || stray.includes('}}')) problems.push('unbalanced {{ or }}; a field is written {{ name }}');
  return problems;
}

/**
 * Fills a template. Numbers are shown to 4 significant digits (`12.35`, `0.01235`; `4012.3` from
 * 1000 up), a missing value as `no data`, a missing label as an empty text.
 */
export function renderTemplate(template: string, values: Partial<Record<TemplateField, string | number | null>>, labels: Readonly<Record<string, string>>): string {
  return template.replace(FIELD, (_, name: string) => {
    if (name.startsWith('labels.')) return labels[name.slice('labels.'.length)] ?? '';
    const value = values[name as TemplateField];
    if (value === undefined) return '';
    if (value === null) return 'no data';
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}

/** A number for people: integers as they are, others to 4 significant digits (one decimal from 1000 up). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  const digits = magnitude >= 1000 ? 1 : 3 - Math.floor(Math.log10(magnitude));
  return String(Number(value.toFixed(Math.min(Math.max(digits, 0), 20))));
}
