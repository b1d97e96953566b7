// A serving SQLite store checkpoints its WAL on a background thread rather than inside the commit
// that crosses the threshold. Shown on a real file: rows written by the store reach the database
// file (not only its -wal) while this connection's own automatic checkpoint would not have run
// yet; a store opened without the option leaves them in the WAL.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/db.ts';
import { createDeploymentWriter } from '../../src/store/deployments.ts';

const dir = mkdtempSync(join(tmpdir(), 'deployrisk-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function writeRows(store: Store, n: number): Promise<void> {
  const writer = createDeploymentWriter(store.db);
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      writer.write({
        id: `d-${String(i).padStart(4, '0')}`,
        service: 'checkout',
        environment: 'production',
        created_at: i,
        request: '{}',
        features: '{}',
        model_version: 'm',
        probability: 0.1,
        level: 'low',
        decision: 'proceed',
        result: JSON.stringify({ pad: 'x'.repeat(3000), i }),
      }),
    ),
  );
}

/** Polls `cond` every 25 ms for up to `ms`; true once it holds. */
async function eventually(cond: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return cond();
}

describe('background WAL checkpoints (SQLite)', () => {
  it('copies committed pages into the database file off the committing connection', async () => {
    const file = join(dir, 'bg.db');
    const store = await openStore(file, { backgroundCheckpointMs: 50 });
    const autocheckpoint = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(
      store.db,
    );
    expect(autocheckpoint.rows[0]!.wal_autocheckpoint).toBe(10_000);
    const before = statSync(file).size;
    // ~150 pages: under both automatic thresholds (1,000 by default, 10,000 here).
    await writeRows(store, 150);
    expect(await eventually(() => statSync(file).size > before + 300_000, 5000)).toBe(true);
    await store.close();
    const again = await openStore(file);
    const n = await again.db
      .selectFrom('deployments')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(150);
    await again.close();
  });

  it('without the option the same rows stay in the WAL until the threshold', async () => {
    const file = join(dir, 'plain.db');
    const store = await openStore(file);
    const before = statSync(file).size;
    await writeRows(store, 150);
    await new Promise((r) => setTimeout(r, 300));
    expect(statSync(file).size).toBeLessThan(before + 300_000);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(300_000);
    await store.close();
  });
});
