import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitFeatureBins } from '../../src/features/drift.ts';
import { silentLogger } from '../../src/log.ts';
import { loadScorer } from '../../src/model/scorer.ts';
import { createModelHolder, type ModelHolder } from '../../src/serve/model-holder.ts';
import { activateModel, registerModel } from '../../src/store/models.ts';
import { sampleRows } from '../helpers/feature-samples.ts';
import { jsonOf, jsonPost, makeTestApp, type TestApp } from '../helpers/serve-app.ts';

const SHIPPED = resolve(
  import.meta.dirname,
  '../../models',
  readFileSync(resolve(import.meta.dirname, '../../models/DEFAULT'), 'utf8').trim(),
);

// Copies of the shipped artifact under new versions (the card's version is not covered by the
// file hashes); a corrupted copy whose weights no longer match its card.
function copyModel(dir: string, version: string, opts: { corrupt?: boolean; bins?: boolean } = {}): string {
  const to = join(dir, version);
  cpSync(SHIPPED, to, { recursive: true });
  const card = JSON.parse(readFileSync(join(to, 'card.json'), 'utf8'));
  card.version = version;
  if (opts.bins) card.featureBins = fitFeatureBins(sampleRows(3000, 1));
  writeFileSync(join(to, 'card.json'), JSON.stringify(card));
  if (opts.corrupt) writeFileSync(join(to, 'weights.bin'), Buffer.alloc(64, 7));
  return to;
}

describe('model activation while scoring', () => {
  let t: TestApp;
  let holder: ModelHolder;
  let dir: string;
  const ADMIN = { authorization: 'Bearer adm' };
  const SCORE = { authorization: 'Bearer sc' };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'deployrisk-models-'));
    const dirs = {
      a: copyModel(dir, 'a-1'),
      b: copyModel(dir, 'b-2', { bins: true }),
      bad: copyModel(dir, 'bad-3', { corrupt: true }),
      c: copyModel(dir, 'c-4'),
    };
    let h: ModelHolder | undefined;
    t = await makeTestApp({
      env: { DEPLOYRISK_TOKENS: 'adm=admin,sc=score' },
      scorer: null,
      deps: { scorer: () => h!.current() },
    });
    for (const [v, d] of [
      ['a-1', dirs.a],
      ['b-2', dirs.b],
      ['bad-3', dirs.bad],
      ['c-4', dirs.c],
    ] as const) {
      await registerModel(t.store.db, {
        version: v,
        card: readFileSync(join(d, 'card.json'), 'utf8'),
        artifact_dir: d,
        created_at: 1,
        registered_at: 1,
      });
    }
    await activateModel(t.store.db, 'a-1', 1);
    h = holder = createModelHolder({ store: t.store, load: loadScorer, log: silentLogger, initial: null });
    t.services.deps.registry = holder;
    await holder.refresh();
  });
  afterAll(async () => {
    holder.stop();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const body = (i: number) => ({
    service: 'api',
    environment: { environment: 'production' },
    features: { la: 10 + (i % 50), nf: 1 + (i % 5), fix: i % 2 },
    notify: false,
  });

  it('0 failed requests while models are activated over HTTP, by polling, and a broken one is refused', async () => {
    expect(holder.current()?.info.version).toBe('a-1');
    const statuses = new Map<number, number>();
    const versions = new Set<string>();
    let stop = false;
    let sent = 0;
    const worker = async () => {
      while (!stop) {
        // In-process requests on SQLite resolve through microtasks only; yield so timers run.
        await new Promise((r) => setImmediate(r));
        let res: Response;
        try {
          res = await t.app.request('/v1/score', jsonPost(body(sent++), SCORE));
        } catch {
          statuses.set(-1, (statuses.get(-1) ?? 0) + 1);
          continue;
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 200)
          versions.add(((await res.json()) as { model: { version: string } }).model.version);
        else await res.text();
      }
    };
    const workers = Array.from({ length: 6 }, worker);
    const waitFor = async (n: number) => {
      const until = sent + n;
      for (let i = 0; i < 2000 && sent < until; i++) await new Promise((r) => setTimeout(r, 5));
    };
    await waitFor(50);
    // Only admin may activate.
    expect((await t.app.request('/v1/models/b-2/activate', { method: 'POST', headers: SCORE })).status).toBe(
      403,
    );
    const act = await t.app.request('/v1/models/b-2/activate', { method: 'POST', headers: ADMIN });
    expect(act.status).toBe(200);
    expect(((await act.json()) as { version: string }).version).toBe('b-2');
    await waitFor(50);
    // A model that fails to load: refused, the old one keeps serving.
    const bad = await t.app.request('/v1/models/bad-3/activate', { method: 'POST', headers: ADMIN });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(
      /failed to load; still serving b-2/,
    );
    expect((await t.app.request('/v1/models/nope/activate', { method: 'POST', headers: ADMIN })).status).toBe(
      404,
    );
    await waitFor(50);
    // Activated elsewhere (the CLI on another process writes the registry): picked up by a poll.
    await activateModel(t.store.db, 'bad-3', 2);
    await holder.refresh();
    expect(holder.current()?.info.version).toBe('b-2');
    expect(holder.lastError()?.version).toBe('bad-3');
    await activateModel(t.store.db, 'c-4', 3);
    await holder.refresh();
    await waitFor(50);
    stop = true;
    await Promise.all(workers);
    expect([...statuses.keys()]).toEqual([200]);
    expect(statuses.get(200)).toBeGreaterThanOrEqual(200);
    expect([...versions].sort()).toEqual(['a-1', 'b-2', 'c-4']);
    expect(holder.current()?.info.version).toBe('c-4');
  });

  it('health: PSI from the card bins vs recent requests, live Brier of deploys with outcomes', async () => {
    await activateModel(t.store.db, 'b-2', 4);
    await holder.refresh();
    const score = async (f: Record<string, unknown>) => {
      const r = await jsonOf(
        t.app.request(
          '/v1/score',
          jsonPost(
            { service: 'drift', environment: { environment: 'production' }, features: f, notify: false },
            SCORE,
          ),
        ),
      );
      expect(r.id, JSON.stringify(r)).toBeTypeOf('string');
      return r.id as string;
    };
    const ids: string[] = [];
    t.clock.now += 60_000; // after the load test's requests, so the window holds only these
    for (const r of sampleRows(300, 9, 5))
      ids.push(await score({ la: r.la, nf: r.nf, fix: r.fix, errorRate: r.errorRate }));
    for (const [i, id] of ids.slice(0, 40).entries()) {
      const res = await t.app.request(
        `/v1/deployments/${id}/outcome`,
        jsonPost({ status: i % 4 === 0 ? 'failed' : 'succeeded' }, ADMIN),
      );
      expect(res.status, await res.clone().text()).toBeLessThan(300);
    }
    const h = await jsonOf(t.app.request('/v1/models/active/health?window=300', { headers: SCORE }));
    expect(h.model).toEqual({ version: 'b-2', registered: true });
    expect(h.drift.requests).toBe(300);
    const psi = Object.fromEntries(
      h.drift.features.map((f: { feature: string; psi: number }) => [f.feature, f.psi]),
    );
    expect(psi.la).toBeGreaterThan(0.25);
    expect(psi.nf).toBeLessThan(0.1);
    expect(h.drift.shifted).toContain('la');
    expect(h.live.deploysWithOutcome).toBe(40);
    expect(h.live.observedFailureRate).toBe(0.25);
    expect(h.live.brier).toBeGreaterThan(0);
    const metrics = await (await t.app.request('/metrics')).text();
    expect(metrics).toMatch(
      /deployrisk_feature_psi\{feature="la",model_version="b-2"\} 0\.[3-9]|deployrisk_feature_psi\{feature="la",model_version="b-2"\} [1-9]/,
    );
    expect(metrics).toMatch(/deployrisk_live_outcomes\{model_version="b-2"\} 40/);
  });
});
