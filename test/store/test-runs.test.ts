import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/db.ts';
import { previousTestIds, recordTestRun } from '../../src/store/test-runs.ts';
import { TEST_DIALECTS, testDatabases } from '../helpers/test-db.ts';

describe.each(TEST_DIALECTS)('test_runs (%s)', (dialect) => {
  const dbs = testDatabases(dialect);
  let url: string;
  let store: Store;
  beforeEach(async () => {
    url = await dbs.fresh();
    store = await openStore(url);
  });
  afterEach(async () => {
    await store.close();
  });

  it('returns null when the service has no earlier run', async () => {
    expect(await previousTestIds(store.db, 'checkout', 'h1')).toBeNull();
    await recordTestRun(store.db, { service: 'checkout', headSha: 'h1', testIds: ['A::x'], at: 1000 });
    // The only run is this very head: still nothing earlier.
    expect(await previousTestIds(store.db, 'checkout', 'h1')).toBeNull();
    expect(await previousTestIds(store.db, 'billing', 'h2')).toBeNull();
  });

  it('gives the latest run of the same service with a different head', async () => {
    await recordTestRun(store.db, {
      service: 'checkout',
      headSha: 'h1',
      testIds: ['B::y', 'A::x'],
      at: 1000,
    });
    await recordTestRun(store.db, {
      service: 'checkout',
      headSha: 'h2',
      testIds: ['A::x', 'C::z', 'A::x'],
      at: 2000,
    });
    await recordTestRun(store.db, { service: 'billing', headSha: 'h9', testIds: ['Other::t'], at: 3000 });
    expect(await previousTestIds(store.db, 'checkout', 'h3')).toEqual(['A::x', 'C::z']);
    // Re-scoring h2 compares with the run before it, not with itself.
    expect(await previousTestIds(store.db, 'checkout', 'h2')).toEqual(['A::x', 'B::y']);
    expect(await previousTestIds(store.db, 'checkout', 'h3', { before: 2000 })).toEqual(['A::x', 'B::y']);
    expect(await previousTestIds(store.db, 'checkout', 'h3', { before: 1000 })).toBeNull();
  });

  it('is idempotent for the same service and head, and survives reopening the store', async () => {
    const run = { service: 'checkout', headSha: 'h1', testIds: ['A::x', 'B::y'], at: 1000 };
    await recordTestRun(store.db, run);
    await recordTestRun(store.db, run);
    await recordTestRun(store.db, { ...run, testIds: ['A::x', 'B::y', 'C::new'], at: 1500 });
    const rows = await store.db.selectFrom('test_runs').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ service: 'checkout', head_sha: 'h1', recorded_at: 1500 });
    await store.close();
    store = await openStore(url);
    expect(await previousTestIds(store.db, 'checkout', 'h2')).toEqual(['A::x', 'B::y', 'C::new']);
  });

  it('refuses empty names and reports corrupted rows instead of guessing', async () => {
    await expect(
      recordTestRun(store.db, { service: '', headSha: 'h', testIds: [], at: 1 }),
    ).rejects.toMatchObject({
      code: 'bad_input',
    });
    await sql`insert into test_runs (service, head_sha, recorded_at, test_ids) values ('s', 'h1', 1, '{"not":"a list"}')`.execute(
      store.db,
    );
    await expect(previousTestIds(store.db, 's', 'h2')).rejects.toMatchObject({ code: 'internal' });
  });
});
