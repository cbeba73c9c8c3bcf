import { resolve } from 'node:path';
import type { Command } from 'commander';
import { alertDir } from '../adapters/alerts/alert-state-file.ts';
import { DEFAULT_STORE_PATH } from '../adapters/store/open-store.ts';
import { InputError, type InputIssue } from '../core/errors.ts';
import { InstantSchema } from '../core/schemas/common.ts';

/** Reads `--at`: an ISO time with a zone, `now` or `latest`. */
export function parseAt(text: string | undefined): string | undefined {
  if (text === undefined || text === 'now' || text === 'latest') return text;
  if (!InstantSchema.safeParse(text).success || Number.isNaN(new Date(text).getTime())) {
    throw new InputError([{ file: '--at', line: 0, column: 0, message: `expected an ISO 8601 time with a zone (2024-08-01T14:00:00Z), now or latest, got ${JSON.stringify(text)}` }]);
  }
  return text;
}

/** The `--program` issue of an id the portal does not have, naming the ones it has. */
export function unknownProgram(id: string, programs: readonly { id: string }[]): InputIssue {
  return { file: '--program', line: 0, column: 0, message: `unknown program ${JSON.stringify(id)}; expected one of ${programs.map((p) => p.id).join(', ')}` };
}

/** The window options of the one-number commands (query, kpi): `--window`, `--at` and `--json`. */
export function withWindow(command: Command): Command {
  return command
    .option('--window <duration>', 'window length, e.g. 5m, 24h, 7d, 1y', '24h')
    .option('--at <time>', 'window end (ISO time with zone, now or latest; default: the portal setting)')
    .option('--json', 'print a JSON object instead of text');
}

/** The `--window` issue of a text that is not a duration. */
export function badWindow(text: string): InputIssue {
  return { file: '--window', line: 0, column: 0, message: `expected a duration such as 5m, 24h or 7d, got ${JSON.stringify(text)}` };
}

/** The options every command that reads a portal and a store shares: `--portal` and `--store`. */
export function withPortalAndStore(command: Command): Command {
  return command
    .option('--portal <dir>', 'portal folder', '.')
    .option('--store <path>', 'DuckDB store file, or :memory:', DEFAULT_STORE_PATH);
}

/**
 * `--store` and `--state` for the commands that read or change only the alert job's state (silence,
 * incident): they find its folder without opening the store, which a build may hold.
 */
export function withAlertStateDir(command: Command): Command {
  return command
    .option('--store <path>', 'DuckDB store file: the alert state is in alerts/ beside it', DEFAULT_STORE_PATH)
    .option('--state <dir>', 'the alert job\'s folder (overrides --store)');
}

/** The alert job's folder: `--state`, else `alerts/` beside the store file. */
export function alertStateDir(options: { store: string; state?: string | undefined }): string {
  return options.state ? resolve(options.state) : alertDir({ path: options.store });
}

/** An option that takes an ISO time with a zone or `now` (the default): `--at`, `--start`, `--end`. */
export function parseInstantOrNow(name: string, text: string | undefined, now: Date): Date {
  const parsed = text === undefined || text === 'now' ? 'now' : parseAt(text);
  if (parsed === 'latest') throw new InputError([{ file: name, line: 0, column: 0, message: 'expected an ISO 8601 time with a zone or now, got "latest"' }]);
  return parsed === 'now' || parsed === undefined ? now : new Date(parsed);
}
