/**
 * Label matchers as Alertmanager writes them: `severity = critical`, `program =~ "opm-.*"`,
 * `team != docket`, `env !~ "dev|test"`. A regular expression is anchored at both ends, as in
 * Alertmanager (`=~ "opm-.*"` matches `opm-docket-api`, not `x-opm-1`). A label that is not set
 * reads as the empty text, so `team != docket` matches an alert without a team label.
 */
export type MatchOperator = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  name: string;
  operator: MatchOperator;
  value: string;
  /** The text it was read from, for messages and the audit log. */
  text: string;
}

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

/** Reads one matcher; returns a message saying what was expected when it cannot. */
export function parseMatcher(text: string): Matcher | string {
  const parts = MATCHER.exec(text);
  if (!parts) return `expected a matcher such as 'severity = critical' or 'program =~ "opm-.*"' (a label name, one of = != =~ !~, a value); got ${JSON.stringify(text)}`;
  const [, name, operator, raw] = parts as unknown as [string, string, MatchOperator, string];
  let value = raw;
  if (raw.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed !== 'string') throw new Error('not a string');
      value = parsed;
    } catch {
      return `the value of matcher ${JSON.stringify(text)} starts with a quote but is not one quoted text; expected e.g. "opm-.*"`;
    }
  }
  if (operator === '=~' || operator === '!~') {
    try {
      new RegExp(`^(?:${value})$`, 'u');
    } catch (error) {
      return `the regular expression of matcher ${JSON.stringify(text)} does not compile: ${(error as Error).message}`;
    }
  }
  return { name, operator, value, text: text.trim() };
}

const compiled = new Map<string, RegExp>();

function regex(value: string): RegExp {
  let pattern = compiled.get(value);
  if (!pattern) {
    pattern = new RegExp(`^(?:${value})$`, 'u');
    compiled.set(value, pattern);
  }
  return pattern;
}

/** True when the labels satisfy the matcher. */
export function matches(matcher: Matcher, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[matcher.name] ?? '';
  switch (matcher.operator) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return regex(matcher.value).test(value);
    case '!~':
      return !regex(matcher.value).test(value);
  }
}

/** True when the labels satisfy every matcher (an empty list matches everything). */
export function matchesAll(matchers: readonly Matcher[], labels: Readonly<Record<string, string>>): boolean {
  return matchers.every((matcher) => matches(matcher, labels));
}
