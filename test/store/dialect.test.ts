import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrationStatus, openStore, parseStoreUrl } from '../../src/store/db.ts';
import { insertDeployment, listDeployments, recordOutcome } from '../../src/store/deployments.ts';
import { ensureRepo } from '../../src/store/commits.ts';
import { MIGRATIONS } from '../../src/store/migrations/index.ts';
import { activateModel, registerModel } from '../../src/store/models.ts';
import { isUniqueViolation } from '../../src/store/dialect.ts';
import { runCli, spawnCli } from '../helpers/cli.ts';
import { TEST_DIALECTS, testDatabases } from '../helpers/test-db.ts';

const ALL = Object.keys(MIGRATIONS);

function deployment(id: string, createdAt: number) {
  return {
    id,
    service: 'checkout',
    environment: 'production',
    created_at: createdAt,
    request: '{}',
    features: '{"la":1}',
    model_version: 'm1',
    probability: 0.25,
    level: 'medium',
    decision: 'proceed',
    result: '{}',
  };
}

describe('store URLs', () => {
  it('postgres:// and postgresql:// select PostgreSQL; paths and sqlite: select SQLite', () => {
    expect(parseStoreUrl('postgres://u:p@db:5432/risk')).toEqual({
      dialect: 'postgres',
      url: 'postgres://u:p@db:5432/risk',
    });
    expect(parseStoreUrl('postgresql://db/risk').dialect).toBe('postgres');
    expect(parseStoreUrl('./x.db')).toEqual({ dialect: 'sqlite', file: './x.db' });
    expect(parseStoreUrl('sqlite:/var/lib/x.db')).toEqual({ dialect: 'sqlite', file: '/var/lib/x.db' });
    expect(() => parseStoreUrl('postgres://')).toThrow(/host|malformed/);
    expect(parseStoreUrl('sqlite:///var/lib/x.db')).toEqual({ dialect: 'sqlite', file: '/var/lib/x.db' });
  });

  it('another URL scheme is refused, not taken for a file path (no "mysql:" directory appears)', async () => {
    expect(() => parseStoreUrl('mysql://u@db/risk')).toThrow(/unsupported database URL scheme "mysql:"/);
    const cwd = mkdtempSync(join(tmpdir(), 'deployrisk-scheme-'));
    try {
      const r = spawnCli(['migrate', '--db', 'mysql://x'], { cwd });
      expect(r.code).toBe(2);
      expect(readdirSync(cwd)).toEqual([]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('migrate --status on a SQLite file that does not exist reports everything pending and creates nothing', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'deployrisk-status-'));
    try {
      const r = spawnCli(['migrate', '--db', 'later.db', '--status', '--json'], { cwd });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ dialect: 'sqlite', applied: [], ran: [] });
      expect(JSON.parse(r.stdout).pending.length).toBeGreaterThan(0);
      expect(readdirSync(cwd)).toEqual([]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('an unreachable PostgreSQL server is "unreachable" (exit 3) and the password is not echoed', async () => {
    const r = await runCli(['migrate', '--db', 'postgres://u:hunter2@127.0.0.1:1/x']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot connect|ECONNREFUSED/);
    expect(r.stderr).not.toContain('hunter2');
  });
});

describe.each(TEST_DIALECTS)('dialect capabilities (%s)', (dialect) => {
  const dbs = testDatabases(dialect);

  it('replicas opening one fresh database together migrate it exactly once', async () => {
    const url = await dbs.fresh();
    const stores = await Promise.all(Array.from({ length: 6 }, () => openStore(url, { poolSize: 2 })));
    try {
      const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
        stores[0]!.db,
      );
      expect(rows.rows.map((r) => r.name)).toEqual(ALL);
      for (const s of stores) expect(await migrationStatus(s.db)).toEqual({ applied: ALL, pending: [] });
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('migrate: false refuses a database with pending migrations; `deployrisk migrate` then fixes it', async () => {
    const url = await dbs.fresh();
    await expect(openStore(url, { migrate: false })).rejects.toMatchObject({ code: 'schema_mismatch' });
    const status = spawnCli(['migrate', '--db', url, '--status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ dialect, applied: [], pending: ALL, ran: [] });
    const runs = await Promise.all([0, 1].map(() => runCli(['migrate', '--db', url, '--json'])));
    const docs = runs.map((r) => JSON.parse(r.stdout) as { ran: string[]; pending: string[] });
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    // Exactly one of the two concurrent runs applied the migrations.
    expect(docs.map((d) => d.ran.length).sort()).toEqual([0, ALL.length]);
    expect(docs.every((d) => d.pending.length === 0)).toBe(true);
    const store = await openStore(url, { migrate: false });
    await store.close();
  });

  it('epoch-ms and counts come back as numbers; autoincrement ids count up; duplicates are unique violations', async () => {
    const store = await openStore(await dbs.fresh());
    try {
      const t = Date.UTC(2026, 10, 27, 14, 0, 0, 123);
      await insertDeployment(store.db, deployment('d1', t));
      const [row] = await store.db.selectFrom('deployments').selectAll().execute();
      expect(row!.created_at).toBe(t);
      expect(typeof row!.created_at).toBe('number');
      expect(row!.probability).toBe(0.25);
      const n = await store.db
        .selectFrom('deployments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(n.n).toBe(1);

      const a = await ensureRepo(store.db, '/repo/a');
      const b = await ensureRepo(store.db, '/repo/b');
      expect(typeof a.id).toBe('number');
      expect(b.id).toBeGreaterThan(a.id);

      const err = await insertDeployment(store.db, deployment('d1', t)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isUniqueViolation(err)).toBe(true);
      expect(isUniqueViolation(new Error('other'))).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('pages by (created_at, id) without gaps or repeats when times tie', async () => {
    const store = await openStore(await dbs.fresh());
    try {
      const ids = ['a-1', 'B-2', 'c-3', 'a-10', 'Z', '0-x'];
      for (const id of ids) await insertDeployment(store.db, deployment(id, 1000));
      await insertDeployment(store.db, deployment('later', 2000));
      const seen: string[] = [];
      let cursor: { createdAt: number; id: string } | undefined;
      for (;;) {
        const page = await listDeployments(store.db, { limit: 2, ...(cursor ? { cursor } : {}) });
        seen.push(...page.rows.map((r) => r.id));
        if (!page.next) break;
        cursor = page.next;
      }
      expect(seen[0]).toBe('later');
      expect([...seen].sort()).toEqual([...ids, 'later'].sort());
    } finally {
      await store.close();
    }
  });

  it('an outcome raced from many connections is recorded once; a different one conflicts', async () => {
    const url = await dbs.fresh();
    const stores = await Promise.all([0, 1, 2].map(() => openStore(url, { poolSize: 4 })));
    try {
      await insertDeployment(stores[0]!.db, deployment('race', 1000));
      const row = {
        deployment_id: 'race',
        status: 'failed',
        at: 2000,
        reason: null,
        source: 'api',
        recorded_at: 2001,
      };
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => recordOutcome(stores[i % 3]!.db, row)),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      await expect(recordOutcome(stores[1]!.db, { ...row, status: 'succeeded' })).rejects.toMatchObject({
        code: 'conflict',
      });
      const all = await stores[2]!.db.selectFrom('deployment_outcomes').selectAll().execute();
      expect(all).toHaveLength(1);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});

describe.each(TEST_DIALECTS)('model registry under concurrent activation (%s)', (dialect) => {
  const dbs = testDatabases(dialect);

  it('racing activations of different versions leave exactly one active model', async () => {
    const url = await dbs.fresh();
    // PostgreSQL: four processes' worth of pools. SQLite: one handle, as one process has (its
    // transactions are serialised on that connection; processes by the file's write lock).
    const handles = dialect === 'postgres' ? 4 : 1;
    const stores = await Promise.all(Array.from({ length: handles }, () => openStore(url, { poolSize: 4 })));
    try {
      const versions = Array.from({ length: 8 }, (_, i) => `v${i}`);
      for (const v of versions) {
        await registerModel(stores[0]!.db, {
          version: v,
          card: '{}',
          artifact_dir: `/m/${v}`,
          created_at: 1,
          registered_at: 1,
        });
      }
      for (let round = 0; round < 10; round++) {
        await Promise.all(versions.map((v, i) => activateModel(stores[i % handles]!.db, v, round * 100 + i)));
        const active = await stores[0]!.db
          .selectFrom('models')
          .select('version')
          .where('active', '=', 1)
          .execute();
        expect(active, `round ${round}`).toHaveLength(1);
      }
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});

describe.each(TEST_DIALECTS)('repositories registered by concurrent runners (%s)', (dialect) => {
  const dbs = testDatabases(dialect);

  it('ensureRepo from several connections at once yields one row and the same id', async () => {
    const url = await dbs.fresh();
    const stores = await Promise.all([0, 1, 2].map(() => openStore(url, { poolSize: 3 })));
    try {
      const rows = await Promise.all(
        Array.from({ length: 9 }, (_, i) => ensureRepo(stores[i % 3]!.db, '/srv/repos/shop')),
      );
      expect(new Set(rows.map((r) => r.id)).size).toBe(1);
      const all = await stores[0]!.db.selectFrom('repos').selectAll().execute();
      expect(all).toHaveLength(1);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
