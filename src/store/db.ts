// Opens the store. This file and dialect.ts are the only places that know which database is used;
// everything else talks to Kysely<Database> and stays dialect-agnostic.
import { Kysely, Migrator, SqliteDialect, type MigrationProvider } from 'kysely';
import BetterSqlite3 from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AppError } from '../errors.ts';
import type { Database } from './database.ts';
import { MIGRATIONS } from './migrations/index.ts';

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: 'sqlite' | 'postgres';
  /** Human description without secrets, for logs. */
  readonly description: string;
  close(): Promise<void>;
}

export interface StoreTarget {
  dialect: 'sqlite';
  file: string; // ':memory:' allowed in tests
}

/** A file path or `sqlite:PATH` selects SQLite. */
export function parseStoreUrl(url: string): StoreTarget {
  const u = url.trim();
  if (u.length === 0) throw new AppError('bad_input', 'database location is empty');
  if (/^postgres(ql)?:\/\//i.test(u)) {
    throw new AppError('bad_input', 'PostgreSQL is not supported yet; use a SQLite file path');
  }
  const file = u.startsWith('sqlite:') ? u.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '') : u;
  if (file.length === 0) throw new AppError('bad_input', `no file in database location "${url}"`);
  return { dialect: 'sqlite', file };
}

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export async function migrate(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw new AppError('internal', `database migration failed: ${String(error)}`, undefined, { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function openStore(url: string, opts: { migrate?: boolean } = {}): Promise<Store> {
  const target = parseStoreUrl(url);
  const file = target.file === ':memory:' ? ':memory:' : resolve(target.file);
  if (file !== ':memory:') {
    const dir = dirname(file);
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  }
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(file);
  } catch (e) {
    throw new AppError('bad_input', `cannot open SQLite database ${file}: ${(e as Error).message}`, undefined, {
      cause: e,
    });
  }
  // WAL lets the server read while a collector writes; NORMAL sync is safe with WAL.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  if (opts.migrate !== false) await migrate(db);
  return {
    db,
    dialect: 'sqlite',
    description: `sqlite:${file}`,
    close: () => db.destroy(),
  };
}
