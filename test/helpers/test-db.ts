// Store tests run on every available dialect: SQLite always, PostgreSQL when TEST_PG_URL points
// at a server whose user may create databases. Each call to fresh() yields an empty database of
// its own (a file in a temp dir, or a uniquely named PostgreSQL database) removed after the file.
//
//   describe.each(TEST_DIALECTS)('something (%s)', (dialect) => {
//     const dbs = testDatabases(dialect);
//     beforeEach(async () => { store = await openStore(await dbs.fresh()); });
//   });
//
// The "(postgres)" in describe names is what test/helpers/dialect-reporter.ts counts in CI.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll } from 'vitest';
import { openStore } from '../../src/store/db.ts';
import type { Database } from '../../src/store/database.ts';

export type TestDialect = 'sqlite' | 'postgres';

export const TEST_PG_URL: string | undefined = process.env.TEST_PG_URL || undefined;

export const TEST_DIALECTS: TestDialect[] = TEST_PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabases {
  readonly dialect: TestDialect;
  /** A new, empty database; its URL works with openStore and `deployrisk --db`. */
  fresh(): Promise<string>;
}

let counter = 0;
function uniqueName(): string {
  const rand = Math.random().toString(36).slice(2, 8);
  return `deployrisk_t_${process.pid}_${Date.now().toString(36)}_${counter++}_${rand}`;
}

/** Registers cleanup with afterAll: call it at file top level or inside a describe. */
export function testDatabases(dialect: TestDialect): TestDatabases {
  return dialect === 'postgres' ? postgresDatabases() : sqliteDatabases();
}

function sqliteDatabases(): TestDatabases {
  let dir: string | undefined;
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    dialect: 'sqlite',
    async fresh() {
      dir ??= mkdtempSync(join(tmpdir(), 'deployrisk-testdb-'));
      return join(dir, `${uniqueName()}.db`);
    },
  };
}

/** URL of database `name` on the TEST_PG_URL server. */
export function pgDatabaseUrl(name: string): string {
  if (!TEST_PG_URL) throw new Error('TEST_PG_URL is not set');
  const u = new URL(TEST_PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database on the TEST_PG_URL server and returns its name. */
export async function createPgDatabase(): Promise<string> {
  const name = uniqueName();
  // template0 + C collation: nothing inherited from template1, byte-order text comparison.
  await admin((c) =>
    c.query(`create database "${name}" template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`),
  );
  return name;
}

export async function dropPgDatabase(name: string): Promise<void> {
  // FORCE (PostgreSQL 13+) ends sessions a failed test left open, so cleanup never hangs.
  await admin((c) => c.query(`drop database if exists "${name}" with (force)`));
}

function postgresDatabases(): TestDatabases {
  const created: string[] = [];
  afterAll(async () => {
    for (const name of created) await dropPgDatabase(name);
  });
  return {
    dialect: 'postgres',
    async fresh() {
      const name = await createPgDatabase();
      created.push(name);
      return pgDatabaseUrl(name);
    },
  };
}

/** Rows in one table of the store at `url` (opens and closes its own connection). */
export async function countRows(url: string, table: keyof Database): Promise<number> {
  const store = await openStore(url);
  try {
    const r = await store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  } finally {
    await store.close();
  }
}
