import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getDeployment } from '../../src/store/deployments.ts';
import { TEST_DIALECTS } from '../helpers/test-db.ts';
import { SCORE_RESPONSE_KEYS, jsonOf, jsonPost, makeTestApp, type TestApp } from '../helpers/serve-app.ts';

// Every route test runs on each available store dialect.
describe.each(TEST_DIALECTS)('scoring API (%s)', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeTestApp({ dialect });
  });
  afterEach(async () => {
    await t.close();
  });

  const lowRisk = {
    service: 'checkout',
    environment: 'production',
    features: { la: 10, nf: 1, testsFailed: 0, exp: 50 },
  };

  describe('POST /v1/score', () => {
    it('scores a feature vector and answers the documented shape', async () => {
      const res = await t.app.request('/v1/score', jsonPost(lowRisk));
      expect(res.status).toBe(200);
      const body = await jsonOf(res);
      expect(Object.keys(body).sort()).toEqual(SCORE_RESPONSE_KEYS);
      expect(body.risk.level).toBe('low');
      expect(body.risk.probability).toBeGreaterThan(0);
      expect(body.risk.probability).toBeLessThan(0.2);
      expect(body.model).toEqual({
        version: 'test-1',
        createdAt: '2024-01-01T00:00:00.000Z',
        auc: 0.75,
        crossProjectAuc: null,
      });
      expect(body.factors.length).toBeLessThanOrEqual(5);
      expect(body.factors[0]).toMatchObject({ feature: 'exp', value: 50, contribution: -0.5 });
      expect(body.factors[0].message).toBe('author with 50 earlier commits (exp) lowers the risk');
      expect(body.summary.text).toContain('LOW risk');
      expect(body.summary.markdown).toContain('| Factor |');
      expect(body.summary.slack.blocks[0].type).toBe('header');
      expect(body.rollout.decision).toBeDefined();
    });

    it('stores the request, the features the model saw, the model version and the result', async () => {
      const res = await t.app.request(
        '/v1/score',
        jsonPost({ ...lowRisk, environment: { environment: 'prod-eu', errorRate: 0.01 } }),
      );
      const body = await jsonOf(res);
      const row = await getDeployment(t.store.db, body.id);
      expect(row).toBeDefined();
      expect(row!.service).toBe('checkout');
      expect(row!.environment).toBe('prod-eu');
      expect(row!.model_version).toBe('test-1');
      const features = JSON.parse(row!.features);
      expect(features.la).toBe(10);
      // Filled by the server from the request: environment category, error rate, start hour (Monday 10:00 UTC).
      expect(features.environment).toBe('production');
      expect(features.errorRate).toBe(0.01);
      expect(features.hourOfWeek).toBe(10);
      // The audit row keeps the answer minus its summaries, which are rendered from the rest on read.
      const { summary, ...decision } = body;
      expect(JSON.parse(row!.result)).toEqual(decision);
      expect(summary.text).toContain('checkout');
      expect(JSON.parse(row!.request).environment).toEqual({ environment: 'prod-eu', errorRate: 0.01 });
      // The request keeps the features as given (validation had filled the others with null);
      // the full vector scored is the `features` column.
      expect(JSON.parse(row!.request).features).toEqual(lowRisk.features);
      expect(Object.keys(features).length).toBeGreaterThan(40);
    });

    it('a failing build makes the risk critical and the factors say why', async () => {
      const res = await t.app.request(
        '/v1/score',
        jsonPost({ ...lowRisk, features: { ...lowRisk.features, testsFailed: 4, la: 420 } }),
      );
      const body = await jsonOf(res);
      expect(body.risk.level).toBe('critical');
      expect(body.factors[0]).toMatchObject({ feature: 'testsFailed', value: 4, contribution: 6 });
      expect(body.factors[0].message).toBe('4 tests failed (testsFailed) raises the risk');
      expect(body.factors[1].message).toBe('420 lines added (la) raises the risk');
    });

    it('fills history features from earlier deploys of the service', async () => {
      const first = await jsonOf(t.app.request('/v1/score', jsonPost(lowRisk)));
      await t.app.request(
        `/v1/deployments/${first.id}/outcome`,
        jsonPost({ status: 'failed', at: '2024-06-03T10:30:00Z' }),
      );
      t.clock.now += 90 * 60_000;
      const second = await jsonOf(t.app.request('/v1/score', jsonPost(lowRisk)));
      const features = JSON.parse((await getDeployment(t.store.db, second.id))!.features);
      expect(features.prevDeployOutcome).toBe('failed');
      expect(features.minutesSinceLastDeploy).toBe(60);
      expect(features.recentFailureRate).toBe(1);
      expect(features.failureStreak).toBe(1);
      // The second deploy has no outcome yet: the third reads the streak over known outcomes only.
      t.clock.now += 10 * 60_000;
      const third = await jsonOf(t.app.request('/v1/score', jsonPost(lowRisk)));
      expect(JSON.parse((await getDeployment(t.store.db, third.id))!.features).failureStreak).toBe(1);
      await t.app.request(`/v1/deployments/${second.id}/outcome`, jsonPost({ status: 'rolled_back' }));
      await t.app.request(`/v1/deployments/${third.id}/outcome`, jsonPost({ status: 'succeeded' }));
      const fourth = await jsonOf(t.app.request('/v1/score', jsonPost(lowRisk)));
      expect(JSON.parse((await getDeployment(t.store.db, fourth.id))!.features).failureStreak).toBe(0);
    });

    it("an env state that only bounds the streak fills it when the store knows nothing, never over the store's count", async () => {
      const svc = { ...lowRisk, service: 'streaky' };
      const streakOf = async (body: object) => {
        const r = await jsonOf(t.app.request('/v1/score', jsonPost(body)));
        return {
          id: r.id as string,
          streak: JSON.parse((await getDeployment(t.store.db, r.id))!.features).failureStreak,
        };
      };
      const withEnv = (s: object) => ({
        ...svc,
        environment: { environment: 'production', lastDeployOutcome: 'failed', ...s },
      });
      // No history: the state's "previous deploy failed" is all there is: at least 1, taken as 1.
      const a = await streakOf(withEnv({}));
      expect(a.streak).toBe(1);
      await t.app.request(`/v1/deployments/${a.id}/outcome`, jsonPost({ status: 'failed' }));
      const b = await streakOf(svc);
      await t.app.request(`/v1/deployments/${b.id}/outcome`, jsonPost({ status: 'failed' }));
      const c = await streakOf(svc);
      await t.app.request(`/v1/deployments/${c.id}/outcome`, jsonPost({ status: 'rolled_back' }));
      // The store counts 3 in a row; the same lower bound in the state does not shadow that.
      expect((await streakOf(withEnv({}))).streak).toBe(3);
      // A state that shows where the run ends is the caller's knowledge, and wins.
      expect((await streakOf(withEnv({ recentOutcomes: ['failed', 'succeeded'] }))).streak).toBe(1);
    });

    it('400 with zod issues for a malformed body', async () => {
      const res = await t.app.request(
        '/v1/score',
        jsonPost({ service: '', environment: 'production', features: {} }),
      );
      expect(res.status).toBe(400);
      const body = await jsonOf(res);
      expect(body.error.code).toBe('bad_input');
      expect(Array.isArray(body.error.details)).toBe(true);
      expect(body.error.details[0].path).toEqual(['service']);
      expect(typeof body.error.requestId).toBe('string');
    });

    it('400 for invalid JSON, a missing content type, and for both features and git', async () => {
      const bad = await t.app.request('/v1/score', jsonPost('{"service":'));
      expect(bad.status).toBe(400);
      expect((await jsonOf(bad)).error.message).toMatch(/not valid JSON/);
      const noType = await t.app.request('/v1/score', { method: 'POST', body: JSON.stringify(lowRisk) });
      expect(noType.status).toBe(400);
      const both = await t.app.request(
        '/v1/score',
        jsonPost({ ...lowRisk, git: { repo: '.', base: 'a', head: 'b' } }),
      );
      expect(both.status).toBe(400);
      expect((await jsonOf(both)).error.message).toMatch(/either `features` or `git`/);
    });

    it('422 for unknown feature names or another schema major', async () => {
      const res = await t.app.request(
        '/v1/score',
        jsonPost({ ...lowRisk, features: { la: 1, linesAdded: 3 } }),
      );
      expect(res.status).toBe(422);
      expect((await jsonOf(res)).error.code).toBe('schema_mismatch');
      const v2 = await t.app.request('/v1/score', jsonPost({ ...lowRisk, featureSchemaVersion: '2.0.0' }));
      expect(v2.status).toBe(422);
    });

    it('413 over the body limit, and nothing is stored', async () => {
      const small = await makeTestApp({ dialect, env: { DEPLOYRISK_BODY_LIMIT: '2048' } });
      try {
        const res = await small.app.request(
          '/v1/score',
          jsonPost({ ...lowRisk, tests: { junit: ['x'.repeat(4096)] } }),
        );
        expect(res.status).toBe(413);
        expect((await jsonOf(res)).error.code).toBe('payload_too_large');
        const list = await jsonOf(small.app.request('/v1/deployments'));
        expect(list.items).toEqual([]);
      } finally {
        await small.close();
      }
    });

    it('503 no_model when no model is loaded', async () => {
      const none = await makeTestApp({ dialect, scorer: null });
      try {
        const res = await none.app.request('/v1/score', jsonPost(lowRisk));
        expect(res.status).toBe(503);
        const body = await jsonOf(res);
        expect(body.error.code).toBe('no_model');
        expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
      } finally {
        await none.close();
      }
    });

    it('500 hides the stack of an unexpected error', async () => {
      const broken = await makeTestApp({
        dialect,
        scorer: {
          info: {
            version: 'x',
            createdAt: '2024-01-01T00:00:00Z',
            auc: null,
            crossProjectAuc: null,
            featureSchemaVersion: '1.0.0',
          },
          score: () => {
            throw new Error('boom at secret.ts:12');
          },
          scoreMany: () => [],
        },
      });
      try {
        const res = await broken.app.request('/v1/score', jsonPost(lowRisk));
        expect(res.status).toBe(500);
        const body = await jsonOf(res);
        expect(body.error).toMatchObject({ code: 'internal', message: 'internal error' });
        expect(JSON.stringify(body)).not.toContain('secret.ts');
      } finally {
        await broken.close();
      }
    });
  });
});
