import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { sortIssues, type InputIssue, type SourcePosition } from '../errors.ts';
import { formatPath, zodIssueMessage } from './zod-messages.ts';

export type PathKey = string | number;

/** A validated YAML file that can still say where each of its values came from. */
export interface LocatedYaml<T> {
  file: string;
  value: T;
  /** The position of the node at `path`, or of its nearest existing parent. */
  locate(path: readonly PathKey[]): SourcePosition;
}

export type YamlResult<T> = { ok: true; doc: LocatedYaml<T> } | { ok: false; issues: InputIssue[] };

/**
 * Parses YAML text and validates it against a schema, reporting every problem with its line and column.
 * The `version` key is checked first: a file of another version is not validated further.
 */
export function parseYaml<S extends z.ZodType>(file: string, text: string, schema: S, expectedVersion = 1): YamlResult<z.output<S>> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locate = (path: readonly PathKey[], atKey = false) => locateNode(document, lineCounter, file, path, atKey);

  if (document.errors.length > 0) {
    return {
      ok: false,
      issues: document.errors.map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        return { file, line: position.line, column: position.col, message: `invalid YAML: ${firstLine(error.message)}` };
      }),
    };
  }

  const data: unknown = document.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, issues: [{ file, line: 1, column: 1, message: `expected a mapping with version: ${expectedVersion} at the top` }] };
  }
  const version = (data as Record<string, unknown>).version;
  if (version !== expectedVersion) {
    const where = locate(['version']);
    const got = version === undefined ? 'it is missing' : `got ${JSON.stringify(version)}`;
    return { ok: false, issues: [{ ...where, message: `version: expected ${expectedVersion}, ${got}` }] };
  }

  const result = schema.safeParse(data, { reportInput: true });
  if (!result.success) {
    return { ok: false, issues: sortIssues(result.error.issues.flatMap((issue) => issuePositions(issue, locate))) };
  }
  return { ok: true, doc: { file, value: result.data, locate } };
}

function issuePositions(issue: z.core.$ZodIssue, locate: (path: readonly PathKey[], atKey?: boolean) => SourcePosition): InputIssue[] {
  const path = issue.path.filter((key): key is PathKey => typeof key !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      ...locate([...path, key], true),
      message: `${formatPath([...path, key])}: unknown key "${key}"; expected one of the documented keys (see docs/portal-format.md)`,
    }));
  }
  return [{ ...locate(path), message: zodIssueMessage(issue, path) }];
}

function locateNode(document: Document, lineCounter: LineCounter, file: string, path: readonly PathKey[], atKey: boolean): SourcePosition {
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth);
    const offset = atKey && depth === path.length ? keyOffset(document, prefix) : nodeOffset(document, prefix);
    if (offset !== undefined) {
      const position = lineCounter.linePos(offset);
      return { file, line: position.line, column: position.col };
    }
  }
  return { file, line: 1, column: 1 };
}

/** For an unknown key, point at the key itself rather than its value. */
function keyOffset(document: Document, path: readonly PathKey[]): number | undefined {
  if (path.length === 0) return undefined;
  const parent = path.length === 1 ? document.contents : document.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const last = path[path.length - 1];
  const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === last);
  const key = pair?.key as Node | undefined;
  return key?.range?.[0];
}

function nodeOffset(document: Document, path: readonly PathKey[]): number | undefined {
  const node = (path.length === 0 ? document.contents : document.getIn(path, true)) as Node | null | undefined;
  return node && typeof node === 'object' && 'range' in node ? node.range?.[0] : undefined;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
