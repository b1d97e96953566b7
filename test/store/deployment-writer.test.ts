import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/db.ts';
import {
  createDeploymentWriter,
  getDeployment,
  listDeployments,
  type DeploymentRow,
} from '../../src/store/deployments.ts';
import { isUniqueViolation } from '../../src/store/dialect.ts';
import { TEST_DIALECTS, testDatabases } from '../helpers/test-db.ts';

const row = (id: string, at: number): DeploymentRow => ({
  id,
  service: 'checkout',
  environment: 'production',
  created_at: at,
  request: '{}',
  features: '{}',
  model_version: 'm1',
  probability: 0.25,
  level: 'medium',
  decision: 'caution',
  result: JSON.stringify({ id }),
});

describe.each(TEST_DIALECTS)('group-committed audit writer (%s)', (dialect) => {
  const dbs = testDatabases(dialect);
  let store: Store;
  beforeEach(async () => {
    store = await openStore(await dbs.fresh());
  });
  afterEach(async () => {
    await store.close();
  });

  it('commits every concurrent write; each promise resolves only once its row is readable', async () => {
    const writer = createDeploymentWriter(store.db, 7);
    const ids = Array.from({ length: 40 }, (_, i) => `d-${String(i).padStart(2, '0')}`);
    await Promise.all(
      ids.map(async (id, i) => {
        await writer.write(row(id, 1000 + i));
        expect(await getDeployment(store.db, id)).toMatchObject({ id, created_at: 1000 + i });
      }),
    );
    const page = await listDeployments(store.db, { limit: 100 });
    expect(page.rows.map((r) => r.id).sort()).toEqual(ids);
  });

  it('a bad row fails only its own write, the rest of its batch is stored', async () => {
    const writer = createDeploymentWriter(store.db);
    await writer.write(row('taken', 1));
    const results = await Promise.allSettled([
      writer.write(row('a', 2)),
      writer.write(row('taken', 3)),
      writer.write(row('b', 4)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(isUniqueViolation((results[1] as PromiseRejectedResult).reason)).toBe(true);
    expect(await getDeployment(store.db, 'a')).toBeDefined();
    expect(await getDeployment(store.db, 'b')).toBeDefined();
    expect((await getDeployment(store.db, 'taken'))!.created_at).toBe(1);
  });
});
