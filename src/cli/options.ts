import type { Command } from 'commander';
import { DEFAULT_STORE_PATH } from '../adapters/store/open-store.ts';
import { InputError } from '../core/errors.ts';
import { InstantSchema } from '../core/schemas/common.ts';

/** Reads `--at`: an ISO time with a zone, `now` or `latest`. */
export function parseAt(text: string | undefined): string | undefined {
  if (text === undefined || text === 'now' || text === 'latest') return text;
  if (!InstantSchema.safeParse(text).success || Number.isNaN(new Date(text).getTime())) {
    throw new InputError([{ file: '--at', line: 0, column: 0, message: `expected an ISO 8601 time with a zone (2024-08-01T14:00:00Z), now or latest, got ${JSON.stringify(text)}` }]);
  }
  return text;
}

/** The options every command that reads a portal and a store shares: `--portal` and `--store`. */
export function withPortalAndStore(command: Command): Command {
  return command
    .option('--portal <dir>', 'portal folder', '.')
    .option('--store <path>', 'DuckDB store file, or :memory:', DEFAULT_STORE_PATH);
}
