// POST /v1/models/{version}/activate runs the same check as the CLI (service/model-activation.ts):
// a model that lost to its logistic baseline is refused (409) unless ?force=true or {"force":true}.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import { loadScorer } from '../../src/model/scorer.ts';
import { createModelHolder, type ModelHolder } from '../../src/serve/model-holder.ts';
import { activeModelRef, registerModel } from '../../src/store/models.ts';
import { jsonOf, jsonPost, makeTestApp, type TestApp } from '../helpers/serve-app.ts';
import { KAMEI_240, shuffledLabelsCsv, trainTiny, type TrainedModel } from '../helpers/trained-models.ts';

const SHIPPED_VERSION = readFileSync(resolve(import.meta.dirname, '../../models/DEFAULT'), 'utf8').trim();
const SHIPPED_CARD = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../models', SHIPPED_VERSION, 'card.json'), 'utf8'),
);

describe('POST /v1/models/{version}/activate: the baseline and AUC check', () => {
  let t: TestApp;
  let holder: ModelHolder;
  let dir: string;
  let good: TrainedModel;
  let lost: TrainedModel;
  const ADMIN = { authorization: 'Bearer adm' };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'deployrisk-activate-http-'));
    good = await trainTiny(dir, KAMEI_240, 'good');
    lost = await trainTiny(dir, shuffledLabelsCsv(dir, 6), 'lost');
    let h: ModelHolder | undefined;
    t = await makeTestApp({
      env: { DEPLOYRISK_TOKENS: 'adm=admin,sc=score' },
      scorer: null,
      deps: { scorer: () => h!.current() },
    });
    for (const m of [good, lost])
      await registerModel(t.store.db, {
        version: m.version,
        card: readFileSync(join(m.dir, 'card.json'), 'utf8'),
        artifact_dir: m.dir,
        created_at: 1,
        registered_at: 1,
      });
    h = holder = createModelHolder({ store: t.store, load: loadScorer, log: silentLogger, initial: null });
    t.services.deps.registry = holder;
  }, 120_000);
  afterAll(async () => {
    holder.stop();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the losing model lost to its baseline (trained on shuffled labels)', () => {
    expect(lost.auc!, `${lost.auc} vs ${lost.logisticAuc}`).toBeLessThan(lost.logisticAuc!);
  });

  it('refused with 409 and both figures; the registry and the served model do not change', async () => {
    const res = await t.app.request('/v1/models/lost/activate', { method: 'POST', headers: ADMIN });
    expect(res.status).toBe(409);
    const e = (await res.json()) as {
      error: { code: string; message: string; details: { auc: number; logisticAuc: number } };
    };
    expect(e.error.code).toBe('conflict');
    expect(e.error.message).toContain(`held-out AUC ${lost.auc}, logistic baseline ${lost.logisticAuc}`);
    expect(e.error.message).toMatch(/force=true/);
    expect(e.error.details).toMatchObject({ auc: lost.auc, logisticAuc: lost.logisticAuc });
    expect(await activeModelRef(t.store.db)).toBeNull();
    expect(holder.current()).toBeNull();
    // force=false and a body without force are the same refusal; a bad force value is 400.
    expect(
      (await t.app.request('/v1/models/lost/activate?force=false', { method: 'POST', headers: ADMIN }))
        .status,
    ).toBe(409);
    expect((await t.app.request('/v1/models/lost/activate', jsonPost({}, ADMIN))).status).toBe(409);
    expect(
      (await t.app.request('/v1/models/lost/activate?force=yes', { method: 'POST', headers: ADMIN })).status,
    ).toBe(400);
    expect((await t.app.request('/v1/models/lost/activate', jsonPost({ force: 'true' }, ADMIN))).status).toBe(
      400,
    );
    // Admin scope as before: a score token is forbidden before any check.
    const sc = await t.app.request('/v1/models/lost/activate?force=true', {
      method: 'POST',
      headers: { authorization: 'Bearer sc' },
    });
    expect(sc.status).toBe(403);
  });

  it('?force=true and {"force":true} activate it with a warning', async () => {
    const q = await jsonOf(
      t.app.request('/v1/models/lost/activate?force=true', { method: 'POST', headers: ADMIN }),
    );
    expect(q).toMatchObject({ version: 'lost', active: true });
    expect(q.warnings).toHaveLength(1);
    expect(q.warnings[0]).toMatch(/activated by force although model lost: it lost to its logistic baseline/);
    expect(holder.current()?.info.version).toBe('lost');

    const g = await jsonOf(t.app.request('/v1/models/good/activate', { method: 'POST', headers: ADMIN }));
    expect(g).toMatchObject({ version: 'good', active: true, warnings: [] });

    const b = await jsonOf(t.app.request('/v1/models/lost/activate', jsonPost({ force: true }, ADMIN)));
    expect(b).toMatchObject({ version: 'lost', active: true });
    expect(b.warnings).toHaveLength(1);
    expect((await activeModelRef(t.store.db))?.version).toBe('lost');
  });

  it('the shipped default, by its version, is activated back without force; its figures are said', async () => {
    const cp = SHIPPED_CARD.metrics.crossProject;
    const r = await jsonOf(
      t.app.request(`/v1/models/${SHIPPED_VERSION}/activate`, { method: 'POST', headers: ADMIN }),
    );
    expect(r).toMatchObject({ version: SHIPPED_VERSION, active: true });
    expect(r.warnings).toHaveLength(cp.meanAuc < cp.meanLogistic ? 1 : 0);
    if (r.warnings.length)
      expect(r.warnings[0]).toContain(
        `(cross-project mean AUC ${cp.meanAuc}, logistic baseline ${cp.meanLogistic}); allowed without --force because it is the shipped default`,
      );
    expect(holder.current()?.info.version).toBe(SHIPPED_VERSION);
    expect((await activeModelRef(t.store.db))?.version).toBe(SHIPPED_VERSION);
  });
});
