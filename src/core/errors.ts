/** Where a problem is: a file and a 1-based line and column (0 when unknown). */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** One problem found in the user's input, with its position. */
export interface InputIssue extends SourcePosition {
  /** What is wrong and what was expected, e.g. `slos[0].objective: expected a number`. */
  message: string;
}

/** The base of every error the project throws on purpose. */
export class HmsOpsError extends Error {
  override name = 'HmsOpsError';
}

/** Input that failed validation; carries every issue found, not just the first. */
export class InputError extends HmsOpsError {
  override name = 'InputError';
  readonly issues: readonly InputIssue[];

  constructor(issues: readonly InputIssue[]) {
    super(`${issues.length} problem${issues.length === 1 ? '' : 's'} found:\n${issues.map(formatIssue).join('\n')}`);
    this.issues = issues;
  }
}

/** `rules/slos.yaml:14:7: slos[2].objective: expected a number`. */
export function formatIssue(issue: InputIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  return `${where}: ${issue.message}`;
}

/** Sorts issues by file, line and column so reports read top to bottom. */
export function sortIssues(issues: readonly InputIssue[]): InputIssue[] {
  return [...issues].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}
