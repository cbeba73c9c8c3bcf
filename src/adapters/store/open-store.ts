import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { HmsOpsError } from '../../core/errors.ts';
import { STORE_SCHEMA } from './schema.ts';

/** The default store location, relative to the working directory. */
export const DEFAULT_STORE_PATH = '.hms-ops/store.duckdb';

/** An open DuckDB metric store. */
export interface Store {
  /** Where the store lives: a file path or `:memory:`. */
  path: string;
  connection: DuckDBConnection;
  /** Runs a statement. */
  run(sql: string, params?: Record<string, DuckDBValue>): Promise<void>;
  /** Runs a query and returns its rows as plain JSON-like objects (BIGINT as string, timestamps as text). */
  rows<T = Record<string, unknown>>(sql: string, params?: Record<string, DuckDBValue>): Promise<T[]>;
  /** Runs `work` in a transaction: all of it is stored, or none of it. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Another connection to the same database, for queries that run while this one's do (DuckDB runs
   * a connection's statements one at a time). It reads what is committed; closing the store closes it.
   */
  connect(): Promise<Store>;
  close(): void;
}

/**
 * DuckDB's memory limit: `HMS_OPS_MEMORY_LIMIT` (e.g. `4GB`), else 768 MB. DuckDB's default is 80 % of
 * the machine; a bounded limit makes large loads spill to disk instead of growing the process.
 */
export function memoryLimit(env: Record<string, string | undefined> = process.env): string {
  return env.HMS_OPS_MEMORY_LIMIT ?? '768MB';
}

/** Opens (and creates if needed) the store at `path`, or an in-memory one for `:memory:`. */
export async function openStore(path: string = DEFAULT_STORE_PATH): Promise<Store> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let instance: DuckDBInstance;
  try {
    // Spilled data goes beside the store, or to the system's temporary folder for an in-memory store.
    const tempDirectory = path === ':memory:' ? join(tmpdir(), 'hms-ops-duckdb') : `${path}.tmp`;
    instance = await DuckDBInstance.create(path, { memory_limit: memoryLimit(), temp_directory: tempDirectory });
  } catch (cause) {
    throw new HmsOpsError(`could not open the store ${path}`, { cause });
  }
  const connections: DuckDBConnection[] = [];
  const storeOn = async (): Promise<Store> => {
    const connection = await instance.connect();
    connections.push(connection);
    return {
      path,
      connection,
      async run(sql, params) {
        await connection.run(sql, params);
      },
      async rows<T>(sql: string, params?: Record<string, DuckDBValue>) {
        const reader = await connection.runAndReadAll(sql, params);
        return reader.getRowObjectsJS() as T[];
      },
      async transaction(work) {
        await connection.run('BEGIN TRANSACTION');
        try {
          const result = await work();
          await connection.run('COMMIT');
          return result;
        } catch (error) {
          await connection.run('ROLLBACK');
          throw error;
        }
      },
      connect: storeOn,
      close() {
        for (const open of connections.splice(0)) open.closeSync();
        instance.closeSync();
      },
    };
  };
  const store = await storeOn();
  await store.run(STORE_SCHEMA);
  return store;
}
