import { afterEach, describe, expect, it } from 'vitest';
import { createHistoryCache, type HistoryRow } from '../../src/serve/history-cache.ts';
import { getDeployment, recentOutcomes, recordOutcome } from '../../src/store/deployments.ts';
import { jsonOf, jsonPost, makeTestApp, type TestApp } from '../helpers/serve-app.ts';

const features = { la: 10, nf: 1, testsFailed: 0, exp: 50 };
const scoreBody = { service: 'checkout', environment: 'production', features };

async function scoredFeatures(t: TestApp, body: object = scoreBody) {
  const res = await jsonOf(t.app.request('/v1/score', jsonPost(body)));
  const row = await getDeployment(t.store.db, res.id);
  return { id: res.id as string, features: JSON.parse(row!.features) as Record<string, unknown> };
}

/** Another replica records a failure for this deploy straight into the shared database. */
async function failureFromAnotherReplica(t: TestApp, id: string): Promise<void> {
  await recordOutcome(t.store.db, {
    deployment_id: id,
    status: 'failed',
    at: t.clock.now,
    reason: null,
    source: 'api',
    recorded_at: t.clock.now,
  });
}

describe('history cache in the scoring API', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  // A TTL far beyond the test's clock, so every history read after the first comes from memory.
  const cached = { DEPLOYRISK_HISTORY_CACHE_MS: '600000' };

  it('an outcome posted through the API changes the next score at once', async () => {
    t = await makeTestApp({ env: cached });
    const first = await scoredFeatures(t);
    expect(first.features.prevDeployOutcome).toBeNull();
    t.clock.now += 60_000;
    const second = await scoredFeatures(t);
    // The first deploy, written by this process, is already in the cached history.
    expect(second.features.minutesSinceLastDeploy).toBe(1);
    expect(second.features.prevDeployOutcome).toBeNull();
    expect(second.features.recentFailureRate).toBeNull();

    const posted = await t.app.request(
      `/v1/deployments/${second.id}/outcome`,
      jsonPost({ status: 'rolled_back', at: '2024-06-03T10:01:30Z' }),
    );
    expect(posted.status).toBe(201);
    t.clock.now += 60_000;
    const third = await scoredFeatures(t);
    expect(third.features.prevDeployOutcome).toBe('rolled_back');
    expect(third.features.minutesSinceLastDeploy).toBe(0.5);
    expect(third.features.recentFailureRate).toBe(1);
  });

  it('a Flagger webhook outcome changes the next score at once', async () => {
    t = await makeTestApp({ env: cached });
    await scoredFeatures(t, { ...scoreBody, service: 'podinfo.test' });
    const hook = await t.app.request(
      '/v1/webhooks/flagger',
      jsonPost({ name: 'podinfo', namespace: 'test', phase: 'Succeeded' }),
    );
    expect(hook.status).toBe(201);
    const next = await scoredFeatures(t, { ...scoreBody, service: 'podinfo.test' });
    expect(next.features.prevDeployOutcome).toBe('succeeded');
    expect(next.features.recentFailureRate).toBe(0);
  });

  it("another replica's writes show once the TTL has passed, not before", async () => {
    t = await makeTestApp({ env: { DEPLOYRISK_HISTORY_CACHE_MS: '5000' } });
    const mine = await scoredFeatures(t);
    await failureFromAnotherReplica(t, mine.id);
    t.clock.now += 1000;
    expect((await scoredFeatures(t)).features.prevDeployOutcome).toBeNull();
    t.clock.now += 5000;
    const later = await scoredFeatures(t);
    // Newest first: the previous deploy is the one just scored (no outcome), the failure one back.
    expect(later.features.prevDeployOutcome).toBeNull();
    expect(later.features.recentFailureRate).toBe(1);
  });

  it('DEPLOYRISK_HISTORY_CACHE_MS=0 reads the database on every score', async () => {
    t = await makeTestApp({ env: { DEPLOYRISK_HISTORY_CACHE_MS: '0' } });
    const mine = await scoredFeatures(t);
    await failureFromAnotherReplica(t, mine.id);
    expect((await scoredFeatures(t)).features.prevDeployOutcome).toBe('failed');
  });

  it('matches the database after a mix of scores and outcomes', async () => {
    t = await makeTestApp({ env: cached });
    for (let i = 0; i < 25; i++) {
      const { id } = await scoredFeatures(t);
      if (i % 3 === 0)
        await t.app.request(
          `/v1/deployments/${id}/outcome`,
          jsonPost({ status: i % 2 ? 'failed' : 'succeeded' }),
        );
      if (i % 4 !== 0) t.clock.now += 7_000; // some deploys share a millisecond: the id decides
    }
    expect(await t.services.history.recent('checkout')).toEqual(
      await recentOutcomes(t.store.db, 'checkout', 20),
    );
  });
});

describe('createHistoryCache', () => {
  const row = (id: string, createdAt: number): HistoryRow => ({ id, createdAt, status: null, at: null });

  it('keeps database order (created_at desc, id desc) and the length limit as deploys are noted', async () => {
    let loads = 0;
    const cache = createHistoryCache({
      load: async () => {
        loads++;
        return [row('c', 30), row('b', 20), row('a', 10)];
      },
      limit: 3,
      ttlMs: 1000,
      clock: () => 0,
    });
    expect((await cache.recent('s')).map((r) => r.id)).toEqual(['c', 'b', 'a']);
    cache.noteDeployment('s', { id: 'x', createdAt: 20 }); // same ms as b, larger id: before b
    cache.noteDeployment('s', { id: 'old', createdAt: 5 }); // older than all kept: not kept
    cache.noteDeployment('other', { id: 'y', createdAt: 99 }); // never loaded: nothing to update
    expect((await cache.recent('s')).map((r) => r.id)).toEqual(['c', 'x', 'b']);
    cache.noteOutcome('x', { status: 'failed', at: 25 });
    expect((await cache.recent('s'))[1]).toEqual({ id: 'x', createdAt: 20, status: 'failed', at: 25 });
    expect(loads).toBe(1);
  });

  it('replays notes made while a load runs onto its result', async () => {
    let release!: (rows: HistoryRow[]) => void;
    const cache = createHistoryCache({
      load: () => new Promise((r) => (release = r)),
      limit: 5,
      ttlMs: 1000,
      clock: () => 0,
    });
    const pending = cache.recent('s');
    const second = cache.recent('s'); // shares the load in flight
    cache.noteDeployment('s', { id: 'new', createdAt: 50 });
    cache.noteOutcome('a', { status: 'succeeded', at: 12 });
    release([row('a', 10)]);
    expect(await pending).toEqual([row('new', 50), { id: 'a', createdAt: 10, status: 'succeeded', at: 12 }]);
    expect(await second).toEqual(await pending);
    expect(await cache.recent('s')).toEqual(await pending);
  });

  it('reloads after the TTL and after a failed load', async () => {
    let now = 0;
    let fail = true;
    let loads = 0;
    const cache = createHistoryCache({
      load: async () => {
        loads++;
        if (fail) throw new Error('db down');
        return [row('a', 1)];
      },
      limit: 5,
      ttlMs: 100,
      clock: () => now,
    });
    await expect(cache.recent('s')).rejects.toThrow('db down');
    fail = false;
    expect(await cache.recent('s')).toEqual([row('a', 1)]);
    now = 99;
    await cache.recent('s');
    expect(loads).toBe(2);
    now = 100;
    await cache.recent('s');
    expect(loads).toBe(3);
  });
});
