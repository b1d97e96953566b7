// Opens the store. This file and dialect.ts are the only places that know which database is used;
// everything else talks to Kysely<Database> and stays dialect-agnostic.
import { Migrator, type Kysely, type MigrationProvider } from 'kysely';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AppError } from '../errors.ts';
import type { Database } from './database.ts';
import {
  newKysely,
  postgresDialect,
  sqliteDialect,
  type DialectName,
  type OpenedDialect,
} from './dialect.ts';
import { MIGRATIONS } from './migrations/index.ts';

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** Human description without secrets, for logs. */
  readonly description: string;
  close(): Promise<void>;
}

export type StoreTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

/** `postgres://` or `postgresql://` selects PostgreSQL; a file path or `sqlite:PATH` selects SQLite. */
export function parseStoreUrl(url: string): StoreTarget {
  const u = url.trim();
  if (u.length === 0) throw new AppError('bad_input', 'database location is empty');
  if (/^postgres(ql)?:\/\//i.test(u)) {
    let parsed: URL;
    try {
      parsed = new URL(u);
    } catch {
      throw new AppError(
        'bad_input',
        'malformed PostgreSQL URL (expected postgres://user:pass@host:port/db)',
      );
    }
    if (parsed.hostname === '' && !parsed.searchParams.has('host')) {
      throw new AppError('bad_input', 'PostgreSQL URL names no host');
    }
    return { dialect: 'postgres', url: u };
  }
  // "mysql://…" and the like would otherwise become a SQLite file under a directory "mysql:".
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(u)?.[1];
  if (scheme && scheme.toLowerCase() !== 'sqlite')
    throw new AppError(
      'bad_input',
      `unsupported database URL scheme "${scheme}:" (use a SQLite file path, sqlite:PATH or postgres://…)`,
    );
  const file = u.startsWith('sqlite:') ? u.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '') : u;
  if (file.length === 0) throw new AppError('bad_input', `no file in database location "${url}"`);
  return { dialect: 'sqlite', file };
}

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

export async function migrationStatus(db: Kysely<Database>): Promise<MigrationStatus> {
  const all = await new Migrator({ db, provider }).getMigrations();
  return {
    applied: all.filter((m) => m.executedAt !== undefined).map((m) => m.name),
    pending: all.filter((m) => m.executedAt === undefined).map((m) => m.name),
  };
}

async function runMigrations(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error)
    throw new AppError('internal', `database migration failed: ${String(error)}`, undefined, {
      cause: error,
    });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Applies pending migrations; returns the names applied by this call (empty when up to date). */
export async function migrate(db: Kysely<Database>): Promise<string[]> {
  const lock = migrationLocks.get(db);
  return lock ? lock(() => runMigrations(db)) : runMigrations(db);
}

// The cross-process lock belongs to the opened dialect; migrate() finds it from the db handle.
const migrationLocks = new WeakMap<Kysely<Database>, OpenedDialect['withMigrationLock']>();

export interface OpenStoreOptions {
  /** Apply pending migrations (default true). When false, a store with pending ones is refused. */
  migrate?: boolean;
  /** With migrate false: refuse a store with pending migrations (default true). */
  requireCurrent?: boolean;
  /** PostgreSQL pool size (connections per process); ignored for SQLite. */
  poolSize?: number;
  /**
   * SQLite files: checkpoint the WAL on a background thread every this many ms instead of inside
   * the commit that crosses the threshold (for the server; see dialect.ts). Ignored elsewhere.
   */
  backgroundCheckpointMs?: number;
  /** Where the background checkpointer reports failures. */
  log?: (message: string) => void;
}

export async function openStore(url: string, opts: OpenStoreOptions = {}): Promise<Store> {
  const target = parseStoreUrl(url);
  let opened: OpenedDialect;
  if (target.dialect === 'postgres') {
    opened = postgresDialect(target.url, opts.poolSize ?? 10);
  } else {
    const file = target.file === ':memory:' ? ':memory:' : resolve(target.file);
    if (file !== ':memory:') {
      const dir = dirname(file);
      if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
    }
    opened = sqliteDialect(file);
  }
  const db = newKysely<Database>(opened);
  migrationLocks.set(db, opened.withMigrationLock);
  try {
    if (opts.migrate !== false) {
      await migrate(db);
    } else if (opts.requireCurrent !== false) {
      const { pending } = await migrationStatus(db);
      if (pending.length > 0) {
        throw new AppError(
          'schema_mismatch',
          `store ${opened.description} has ${pending.length} pending migration(s) (${pending.join(', ')}); run \`deployrisk migrate\``,
          { pending },
        );
      }
    }
  } catch (e) {
    await db.destroy().catch(() => {});
    throw connectionError(e, opened.description);
  }
  const stopCheckpoints =
    opts.backgroundCheckpointMs !== undefined && opened.backgroundCheckpoints
      ? opened.backgroundCheckpoints(opts.backgroundCheckpointMs, opts.log)
      : null;
  return {
    db,
    dialect: opened.name,
    description: opened.description,
    close: async () => {
      await stopCheckpoints?.();
      await db.destroy();
    },
  };
}

// A refused or unresolvable connection is an `unreachable` database, not an internal error.
function connectionError(e: unknown, where: string): unknown {
  if (e instanceof AppError && e.code !== 'internal') return e;
  const cause = e instanceof AppError && e.cause !== undefined ? e.cause : e;
  const code = (cause as { code?: unknown } | null)?.code;
  if (
    typeof code === 'string' &&
    /^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|ECONNRESET|3D000|28P01|28000)$/.test(code)
  ) {
    return new AppError(
      'unreachable',
      `cannot use database ${where}: ${(cause as Error).message}`,
      undefined,
      { cause },
    );
  }
  return e;
}
