import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth, parseTokens } from '../../src/serve/auth.ts';
import { TEST_DIALECTS } from '../helpers/test-db.ts';
import { jsonOf, jsonPost, makeTestApp, type TestApp } from '../helpers/serve-app.ts';

// Every route test runs on each available store dialect.
describe.each(TEST_DIALECTS)('auth (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({
      dialect,
      env: { DEPLOYRISK_TOKENS: 'ci-token=score,bot-token=outcome,root=admin,both=score|outcome' },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const bearer = (tok: string) => ({ authorization: `Bearer ${tok}` });
  const body = { service: 'api', environment: 'production', features: { la: 5 } };

  describe('auth by scope', () => {
    it('401 without a token or with a wrong one', async () => {
      const none = await t.app.request('/v1/score', jsonPost(body));
      expect(none.status).toBe(401);
      expect((await jsonOf(none)).error.code).toBe('unauthorized');
      expect((await t.app.request('/v1/score', jsonPost(body, bearer('ci-tokenx')))).status).toBe(401);
      expect(
        (await t.app.request('/v1/deployments', { headers: { authorization: 'Basic abc' } })).status,
      ).toBe(401);
    });

    it('score scope scores but cannot record outcomes; outcome scope the reverse; admin does both', async () => {
      const scored = await t.app.request('/v1/score', jsonPost(body, bearer('ci-token')));
      expect(scored.status).toBe(200);
      const id = (await jsonOf(scored)).id;
      const denied = await t.app.request(
        `/v1/deployments/${id}/outcome`,
        jsonPost({ status: 'succeeded' }, bearer('ci-token')),
      );
      expect(denied.status).toBe(403);
      expect((await jsonOf(denied)).error.code).toBe('forbidden');
      expect((await t.app.request('/v1/score', jsonPost(body, bearer('bot-token')))).status).toBe(403);
      expect(
        (
          await t.app.request(
            `/v1/deployments/${id}/outcome`,
            jsonPost({ status: 'succeeded' }, bearer('bot-token')),
          )
        ).status,
      ).toBe(201);
      expect((await t.app.request(`/v1/deployments/${id}`, { headers: bearer('root') })).status).toBe(200);
      expect((await t.app.request(`/v1/deployments/${id}`, { headers: bearer('both') })).status).toBe(200);
      expect((await t.app.request('/v1/models/active', { headers: bearer('ci-token') })).status).toBe(200);
    });

    it('Flagger routes take the token from metadata.token, since Flagger webhooks cannot set headers', async () => {
      await t.app.request('/v1/score', jsonPost({ ...body, service: 'ns/web' }, bearer('ci-token')));
      const hook = { name: 'web', namespace: 'ns', phase: 'Progressing' };
      expect((await t.app.request('/v1/gate', jsonPost(hook))).status).toBe(401);
      expect(
        (await t.app.request('/v1/gate', jsonPost({ ...hook, metadata: { token: 'ci-token' } }))).status,
      ).toBe(200);
      expect(
        (
          await t.app.request(
            '/v1/webhooks/flagger',
            jsonPost({ ...hook, phase: 'Succeeded', metadata: { token: 'ci-token' } }),
          )
        ).status,
      ).toBe(403);
      expect(
        (
          await t.app.request(
            '/v1/webhooks/flagger',
            jsonPost({ ...hook, phase: 'Succeeded', metadata: { token: 'bot-token' } }),
          )
        ).status,
      ).toBe(201);
    });

    it('ops endpoints need no token', async () => {
      for (const path of ['/healthz', '/readyz', '/metrics', '/openapi.json', '/docs']) {
        expect((await t.app.request(path)).status, path).toBe(200);
      }
    });
  });
});

describe('token parsing', () => {
  it('refuses unknown scopes and malformed entries', () => {
    expect(() => parseTokens('abc=score|deploy')).toThrow(/unknown scope "deploy"/);
    expect(() => parseTokens('justatoken')).toThrow(/token=scope/);
    expect(parseTokens(' ')).toEqual([]);
  });

  it('no tokens configured → auth disabled', () => {
    expect(createAuth(undefined).enabled).toBe(false);
    expect(() => createAuth(undefined).check(undefined, 'admin')).not.toThrow();
    expect(createAuth('a=score').enabled).toBe(true);
  });
});
