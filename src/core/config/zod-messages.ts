import type { z } from 'zod';
import type { PathKey } from './parse-yaml.ts';

/** `slos[2].sli.threshold` */
export function formatPath(path: readonly PathKey[]): string {
  let text = '';
  for (const key of path) text += typeof key === 'number' ? `[${key}]` : text ? `.${key}` : key;
  return text || '(top level)';
}

/** A short lowercase message that says what was expected, prefixed by the path of the bad value. */
export function zodIssueMessage(issue: z.core.$ZodIssue, path: readonly PathKey[]): string {
  return `${formatPath(path)}: ${describe(issue)}`;
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `is required; expected ${article(issue.expected)}` : `expected ${article(issue.expected)}, got ${show(issue.input)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}, got ${show(issue.input)}`;
    case 'invalid_union': {
      const note = (issue as { note?: string }).note;
      if (note === 'No matching discriminator') {
        const key = (issue as { discriminator?: string }).discriminator ?? 'kind';
        const input = issue.input as Record<string, unknown> | undefined;
        return `expected a known ${key} (see docs/portal-format.md), got ${show(input?.[key])}`;
      }
      return `expected one of the documented forms, got ${show(issue.input)}`;
    }
    case 'too_small':
      return issue.origin === 'array' ? `expected at least ${issue.minimum} item(s)` : issue.origin === 'string' ? `expected at least ${issue.minimum} character(s)` : `expected a number ${issue.inclusive ? '≥' : '>'} ${issue.minimum}, got ${show(issue.input)}`;
    case 'too_big':
      return issue.origin === 'array' ? `expected at most ${issue.maximum} item(s)` : issue.origin === 'string' ? `expected at most ${issue.maximum} character(s)` : `expected a number ${issue.inclusive ? '≤' : '<'} ${issue.maximum}, got ${show(issue.input)}`;
    default:
      return `${lowerFirst(issue.message)}${issue.input === undefined ? '' : `, got ${show(issue.input)}`}`;
  }
}

function article(type: string): string {
  if (type === 'int') return 'a whole number';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
