// Two replicas, one truth: two real `deployrisk serve` processes on one PostgreSQL database (only
// when TEST_PG_URL is set). What one replica writes, the other reads; racing outcome writes
// through both are decided by the database's unique key, not by either process. Uses the shipped
// model (models/DEFAULT).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/db.ts';
import { spawnCli } from '../helpers/cli.ts';
import { TEST_PG_URL, createPgDatabase, dropPgDatabase, pgDatabaseUrl } from '../helpers/test-db.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/deployrisk.mjs');
const RACES = 120;
// Generous: the registry poll is 500 ms here; the bound only guards against "never".
const PROPAGATION_LIMIT_MS = 30_000;

interface Replica {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

function startReplica(dbUrl: string, env: Record<string, string> = {}): Promise<Replica> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      ...process.env,
      PORT: '0', // a free port, printed in the "listening on" line
      HOST: '127.0.0.1',
      DEPLOYRISK_DB: dbUrl,
      DEPLOYRISK_TOKENS: '',
      DEPLOYRISK_LOG_LEVEL: 'info',
      DEPLOYRISK_PG_POOL_SIZE: '5',
      DEPLOYRISK_MODEL_POLL_MS: '500',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  return new Promise<Replica>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`replica did not start: ${stderr}`)), 90_000);
    child.stderr!.on('data', () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        ok({ child, url: m[1]!, stderr: () => stderr });
      }
    });
    child.once('exit', (code) => fail(new Error(`replica exited ${code}: ${stderr}`)));
  });
}

async function stop(r: Replica | undefined): Promise<number | null> {
  if (!r || r.child.exitCode !== null) return r?.child.exitCode ?? null;
  const exited = new Promise<number | null>((done) => r.child.once('exit', (code) => done(code)));
  r.child.kill('SIGTERM');
  return exited;
}

// A GET after a long pause can land on a keep-alive socket the server just closed (its idle
// timeout); an idempotent GET is retried once on that, as HTTP clients do.
async function getJson<T>(url: string): Promise<T> {
  try {
    return (await (await fetch(url)).json()) as T;
  } catch (e) {
    if ((e as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw e;
    return (await (await fetch(url)).json()) as T;
  }
}

const post = (base: string, path: string, body: unknown) =>
  fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe.runIf(Boolean(TEST_PG_URL))('two serve replicas on one database (postgres)', () => {
  let dbName: string;
  let a: Replica;
  let b: Replica;
  let store: Store;
  let tmp: string;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'deployrisk-replicas-'));
    dbName = await createPgDatabase();
    // Started together on an empty database: both race to migrate it.
    [a, b] = await Promise.all([startReplica(pgDatabaseUrl(dbName)), startReplica(pgDatabaseUrl(dbName))]);
    store = await openStore(pgDatabaseUrl(dbName), { migrate: false });
  }, 180_000);

  afterAll(async () => {
    await Promise.all([stop(a), stop(b)]);
    await store?.close();
    if (dbName) await dropPgDatabase(dbName);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('both replicas are ready on the same schema, migrated once', async () => {
    expect((await fetch(`${a.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${b.url}/readyz`)).status).toBe(200);
    const names = await store.db
      .selectFrom('kysely_migration' as never)
      .select('name' as never)
      .execute();
    expect(new Set(names.map((n) => (n as { name: string }).name)).size).toBe(names.length);
  });

  it('a deploy scored through one replica is readable, listed and summarised through the other', async () => {
    const res = await post(a.url, '/v1/score', {
      service: 'shop',
      environment: 'production',
      features: { la: 120, nf: 7, testsFailed: 1 },
    });
    const scored = (await res.json()) as {
      id: string;
      risk: { probability: number };
      summary: { slack: unknown; markdown?: string };
    };
    expect(res.status, JSON.stringify(scored)).toBe(200);

    const record = (await (await fetch(`${b.url}/v1/deployments/${scored.id}`)).json()) as {
      id: string;
      risk?: unknown;
      service: string;
    };
    expect(record).toMatchObject({ id: scored.id, service: 'shop' });
    const list = (await (await fetch(`${b.url}/v1/deployments?service=shop`)).json()) as {
      items: Array<{ id: string }>;
    };
    expect(list.items.map((i) => i.id)).toContain(scored.id);
    const slack = await (await fetch(`${b.url}/v1/deployments/${scored.id}/summary?format=slack`)).json();
    expect(slack).toEqual(scored.summary.slack);
    const text = await fetch(`${b.url}/v1/deployments/${scored.id}/summary?format=markdown`);
    expect(text.status).toBe(200);
    expect(await text.text()).toContain('shop');
  });

  it(`the same outcome posted concurrently to both is recorded once; a different one is 409 from either (${RACES} races)`, async () => {
    const replicas = [a, b];
    for (let i = 0; i < RACES; i++) {
      const via = replicas[i % 2]!;
      const scored = (await (
        await post(via.url, '/v1/score', {
          service: `race-${i % 7}`,
          environment: 'production',
          features: { la: i },
        })
      ).json()) as { id: string };
      const status = i % 3 === 0 ? 'failed' : 'succeeded';
      // Two writers per replica, all at once.
      const responses = await Promise.all(
        [a, b, a, b].map((r) => post(r.url, `/v1/deployments/${scored.id}/outcome`, { status })),
      );
      const codes = responses.map((r) => r.status).sort();
      expect(codes, `race ${i}`).toEqual([200, 200, 200, 201]);
      const bodies = (await Promise.all(responses.map((r) => r.json()))) as Array<{ status: string }>;
      expect(bodies.every((x) => x.status === status)).toBe(true);
      const other = status === 'failed' ? 'succeeded' : 'failed';
      const conflicts = await Promise.all(
        [a, b].map((r) => post(r.url, `/v1/deployments/${scored.id}/outcome`, { status: other })),
      );
      expect(
        conflicts.map((r) => r.status),
        `race ${i}`,
      ).toEqual([409, 409]);
      const rows = await store.db
        .selectFrom('deployment_outcomes')
        .selectAll()
        .where('deployment_id', '=', scored.id)
        .execute();
      expect(rows.map((r) => r.status)).toEqual([status]);
    }
    const total = await store.db
      .selectFrom('deployment_outcomes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(
        'deployment_id',
        'in',
        store.db.selectFrom('deployments').select('id').where('service', 'like', 'race-%'),
      )
      .executeTakeFirstOrThrow();
    expect(total.n).toBe(RACES);
  });

  it('a model activated through one replica is served by the other (registry poll)', async () => {
    // A second model, trained here on the bundled fixture and registered in the shared store.
    const out = join(tmp, 'replica-v2');
    const trained = spawnCli([
      'train',
      '--data',
      join(ROOT, 'test/fixtures/train/kamei-bugzilla-240.csv'),
      '--config',
      join(ROOT, 'test/fixtures/train/tiny-config.json'),
      '--out',
      out,
      '--version',
      'replica-v2',
      '--register',
      '--db',
      pgDatabaseUrl(dbName),
      '--json',
    ]);
    expect(trained.code, trained.stderr).toBe(0);
    const before = await getJson<{ version: string }>(`${b.url}/v1/models/active`);
    // Warm A's connection too, so the activation POST does not meet a stale socket.
    await getJson(`${a.url}/healthz`);
    expect(before.version).not.toBe('replica-v2');

    const activated = await post(a.url, '/v1/models/replica-v2/activate', {});
    expect(activated.status, await activated.clone().text()).toBe(200);
    const t0 = Date.now();
    let seen = before.version;
    while (seen !== 'replica-v2' && Date.now() - t0 < PROPAGATION_LIMIT_MS) {
      await new Promise((r) => setTimeout(r, 100));
      seen = (await getJson<{ version: string }>(`${b.url}/v1/models/active`)).version;
    }
    expect(seen).toBe('replica-v2');
    console.log(`model activation reached the other replica after ${Date.now() - t0} ms (poll 500 ms)`);
    const scored = (await (
      await post(b.url, '/v1/score', { service: 'shop', environment: 'production', features: { la: 3 } })
    ).json()) as { model?: { version: string } };
    expect(JSON.stringify(scored)).toContain('replica-v2');
  });

  it('both replicas shut down cleanly on SIGTERM', async () => {
    expect(await stop(a)).toBe(0);
    expect(await stop(b)).toBe(0);
    expect(a.stderr() + b.stderr()).not.toMatch(/unhandled|ECONNRESET/i);
  });
});
