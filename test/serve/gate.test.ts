import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../helpers/test-db.ts';
import { jsonOf, jsonPost, makeTestApp, type TestApp } from '../helpers/serve-app.ts';

// Every route test runs on each available store dialect.
describe.each(TEST_DIALECTS)('gates (%s)', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeTestApp({ dialect });
  });
  afterEach(async () => {
    await t.close();
  });

  async function score(
    service: string,
    features: Record<string, number>,
  ): Promise<{ id: string; risk: { probability: number; level: string } }> {
    const res = await jsonOf(
      t.app.request('/v1/score', jsonPost({ service, environment: 'production', features })),
    );
    t.clock.now += 1000;
    return res;
  }
  const LOW = { la: 10 };
  const HIGH = { la: 200, testsFailed: 1 }; // z = -3 + 0.8 + 1.5 = -0.7 → p ≈ 0.332, high (≥ 30 %)

  describe('GET /v1/gate (Argo Rollouts web metric)', () => {
    it('returns $.risk.probability of the latest scored deploy of the service', async () => {
      await score('web', HIGH);
      const low = await score('web', LOW);
      const res = await t.app.request('/v1/gate?service=web');
      expect(res.status).toBe(200);
      const body = await jsonOf(res);
      expect(body).toMatchObject({ id: low.id, service: 'web', proceed: true, decision: 'proceed' });
      expect(body.risk.probability).toBe(low.risk.probability);
    });

    it('holds at the failOn level or above maxRisk; 404 when nothing scored; 400 without service or id', async () => {
      const high = await score('web', HIGH);
      expect(high.risk.level).toBe('high');
      expect((await jsonOf(t.app.request('/v1/gate?service=web'))).proceed).toBe(false);
      expect((await jsonOf(t.app.request('/v1/gate?service=web&failOn=critical'))).proceed).toBe(true);
      expect((await jsonOf(t.app.request(`/v1/gate?id=${high.id}&maxRisk=0.9`))).proceed).toBe(true);
      expect((await jsonOf(t.app.request(`/v1/gate?id=${high.id}&maxRisk=0.1`))).reason).toMatch(
        /above the limit/,
      );
      expect((await t.app.request('/v1/gate?service=ghost')).status).toBe(404);
      expect((await t.app.request('/v1/gate')).status).toBe(400);
      expect((await t.app.request('/v1/gate?service=web&maxRisk=2')).status).toBe(400);
      // An empty value (an unset template argument) is an error, not a limit of 0.
      const blank = await t.app.request('/v1/gate?service=web&maxRisk=');
      expect(blank.status).toBe(400);
      expect((await jsonOf(blank)).error.code).toBe('bad_input');
    });
  });

  describe('POST /v1/gate (Flagger confirm-rollout webhook)', () => {
    const hook = (name: string, metadata?: Record<string, string>) => ({
      name,
      namespace: 'prod',
      phase: 'Progressing',
      ...(metadata ? { metadata } : {}),
    });

    it('200 proceed on a low risk, 403 hold with the gate in details on a high one', async () => {
      await score('prod/web', LOW);
      const ok = await t.app.request('/v1/gate', jsonPost(hook('web')));
      expect(ok.status).toBe(200);
      expect((await jsonOf(ok)).decision).toBe('proceed');

      await score('prod/web', HIGH);
      const hold = await t.app.request('/v1/gate', jsonPost(hook('web')));
      expect(hold.status).toBe(403);
      const err = (await jsonOf(hold)).error;
      expect(err.code).toBe('forbidden');
      expect(err.message).toBe('hold: risk 33.2 % is level high (≥ 30 %), at or above high');
      expect(err.details.risk.level).toBe('high');

      const lenient = await t.app.request('/v1/gate', jsonPost(hook('web', { failOn: 'critical' })));
      expect(lenient.status).toBe(200);
      expect((await t.app.request('/v1/gate', jsonPost(hook('web', { failOn: 'sometimes' })))).status).toBe(
        400,
      );
      expect((await t.app.request('/v1/gate', jsonPost(hook('web', { maxRisk: ' ' })))).status).toBe(400);
    });

    it('metadata.service and metadata.deploymentId pick the deploy; 404 when nothing matches', async () => {
      const low = await score('storefront', LOW);
      await score('storefront', HIGH);
      expect((await t.app.request('/v1/gate', jsonPost(hook('web', { service: 'storefront' })))).status).toBe(
        403,
      );
      expect((await t.app.request('/v1/gate', jsonPost(hook('web', { deploymentId: low.id })))).status).toBe(
        200,
      );
      expect((await t.app.request('/v1/gate', jsonPost(hook('nothing')))).status).toBe(404);
    });
  });
});
