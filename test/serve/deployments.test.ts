import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../helpers/test-db.ts';
import { jsonOf, jsonPost, makeTestApp, type TestApp } from '../helpers/serve-app.ts';

// Every route test runs on each available store dialect.
describe.each(TEST_DIALECTS)('deployments API (%s)', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeTestApp({ dialect });
  });
  afterEach(async () => {
    await t.close();
  });

  async function score(service: string, features: Record<string, number> = { la: 10 }): Promise<string> {
    const res = await t.app.request('/v1/score', jsonPost({ service, environment: 'production', features }));
    expect(res.status).toBe(200);
    t.clock.now += 1000;
    return (await jsonOf(res)).id;
  }

  describe('deployments and outcomes', () => {
    it('GET /v1/deployments/{id} returns the record, 404 for an unknown id', async () => {
      const scored = await t.app.request(
        '/v1/score',
        jsonPost({ service: 'api', environment: 'production', features: { la: 10 } }),
      );
      const answered = await scored.text();
      const id = JSON.parse(answered).id;
      const body = await jsonOf(t.app.request(`/v1/deployments/${id}`));
      // The record gives back exactly what was answered, summaries included, though the row
      // stores them not (they are rendered again from the stored decision).
      expect(JSON.stringify(body.result)).toBe(answered);
      const row = await t.store.db
        .selectFrom('deployments')
        .select('result')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(row.result)).not.toHaveProperty('summary');
      expect(body).toMatchObject({
        id,
        service: 'api',
        environment: 'production',
        modelVersion: 'test-1',
        outcome: null,
      });
      expect(body.features.la).toBe(10);
      expect(body.result.id).toBe(id);
      const missing = await t.app.request('/v1/deployments/nope');
      expect(missing.status).toBe(404);
      expect((await jsonOf(missing)).error.code).toBe('not_found');
    });

    it('a row written before summaries stopped being stored answers with freshly rendered ones', async () => {
      const id = await score('legacy');
      const row = await t.store.db
        .selectFrom('deployments')
        .select('result')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const withOld = {
        ...JSON.parse(row.result),
        summary: { text: 'old wording', markdown: 'old', slack: {} },
      };
      await t.store.db
        .updateTable('deployments')
        .set({ result: JSON.stringify(withOld) })
        .where('id', '=', id)
        .execute();
      const body = await jsonOf(t.app.request(`/v1/deployments/${id}`));
      expect(body.result.summary.text).not.toBe('old wording');
      expect(body.result.summary.text).toContain('legacy');
      expect(body.result.risk).toEqual(withOld.risk);
      const text = await (await t.app.request(`/v1/deployments/${id}/summary?format=text`)).text();
      expect(text).toBe(body.result.summary.text);
    });

    it('lists newest first, filters by service and pages with a cursor', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await score(i % 2 === 0 ? 'a' : 'b'));
      const page1 = await jsonOf(t.app.request('/v1/deployments?limit=2'));
      expect(page1.items.map((d: { id: string }) => d.id)).toEqual([ids[4], ids[3]]);
      const page2 = await jsonOf(t.app.request(`/v1/deployments?limit=2&cursor=${page1.nextCursor}`));
      expect(page2.items.map((d: { id: string }) => d.id)).toEqual([ids[2], ids[1]]);
      const page3 = await jsonOf(t.app.request(`/v1/deployments?limit=2&cursor=${page2.nextCursor}`));
      expect(page3.items.map((d: { id: string }) => d.id)).toEqual([ids[0]]);
      expect(page3.nextCursor).toBeNull();
      const onlyA = await jsonOf(t.app.request('/v1/deployments?service=a'));
      expect(onlyA.items.map((d: { id: string }) => d.id)).toEqual([ids[4], ids[2], ids[0]]);
      expect((await t.app.request('/v1/deployments?limit=0')).status).toBe(400);
      expect((await t.app.request('/v1/deployments?cursor=%%%')).status).toBe(400);
    });

    it('records an outcome once: same outcome again is 200 with the first record, a different one is 409', async () => {
      const id = await score('api');
      const first = await t.app.request(
        `/v1/deployments/${id}/outcome`,
        jsonPost({ status: 'failed', reason: 'p99 up' }),
      );
      expect(first.status).toBe(201);
      const recorded = await jsonOf(first);
      expect(recorded).toMatchObject({ deploymentId: id, status: 'failed', reason: 'p99 up', source: 'api' });
      t.clock.now += 5000;
      const again = await t.app.request(`/v1/deployments/${id}/outcome`, jsonPost({ status: 'failed' }));
      expect(again.status).toBe(200);
      expect(await jsonOf(again)).toEqual(recorded);
      const conflict = await t.app.request(
        `/v1/deployments/${id}/outcome`,
        jsonPost({ status: 'succeeded' }),
      );
      expect(conflict.status).toBe(409);
      const err = (await jsonOf(conflict)).error;
      expect(err.code).toBe('conflict');
      expect(err.details.recorded.status).toBe('failed');
      // The conflicting request did not change what is stored.
      expect((await jsonOf(t.app.request(`/v1/deployments/${id}`))).outcome.status).toBe('failed');
      const metrics = await (await t.app.request('/metrics')).text();
      expect(metrics).toMatch(/deployrisk_outcomes_total\{status="failed",source="api"\} 1\n/);
    });

    it('outcome errors: 404 unknown deployment, 400 bad status', async () => {
      expect(
        (await t.app.request('/v1/deployments/nope/outcome', jsonPost({ status: 'failed' }))).status,
      ).toBe(404);
      const id = await score('api');
      const bad = await t.app.request(`/v1/deployments/${id}/outcome`, jsonPost({ status: 'exploded' }));
      expect(bad.status).toBe(400);
      expect((await jsonOf(bad)).error.details[0].path).toEqual(['status']);
    });

    it('summaries: text, markdown and Slack Block Kit within Slack limits', async () => {
      const id = await score('checkout', { la: 420, testsFailed: 3 });
      const text = await t.app.request(`/v1/deployments/${id}/summary?format=text`);
      expect(text.headers.get('content-type')).toMatch(/text\/plain/);
      expect(await text.text()).toContain('CRITICAL risk');
      const md = await t.app.request(`/v1/deployments/${id}/summary?format=markdown`);
      expect(md.headers.get('content-type')).toMatch(/text\/markdown/);
      expect(await md.text()).toMatch(/^### 🔴 CRITICAL risk/);
      const slack = await jsonOf(t.app.request(`/v1/deployments/${id}/summary?format=slack`));
      expect(typeof slack.text).toBe('string');
      expect(slack.blocks.length).toBeLessThanOrEqual(50);
      expect(slack.blocks[0].type).toBe('header');
      expect(slack.blocks[0].text.text.length).toBeLessThanOrEqual(150);
      const all = JSON.stringify(slack);
      expect(all).toContain(':red_circle:');
      expect(all).toContain('3 tests failed (testsFailed) raises the risk');
      expect(all).toContain('Rollout plan');
      expect(all).toContain('test-1');
      expect((await t.app.request(`/v1/deployments/${id}/summary?format=pdf`)).status).toBe(400);
    });
  });

  describe('Flagger post-rollout webhook', () => {
    it('matches the latest scored deploy of namespace/name and records the outcome idempotently', async () => {
      await score('shop/podinfo');
      const latest = await score('shop/podinfo');
      const payload = { name: 'podinfo', namespace: 'shop', phase: 'Succeeded', metadata: { cluster: 'eu' } };
      const res = await t.app.request('/v1/webhooks/flagger', jsonPost(payload));
      expect(res.status).toBe(201);
      expect(await jsonOf(res)).toMatchObject({
        deploymentId: latest,
        created: true,
        outcome: { status: 'succeeded', source: 'flagger' },
      });
      const again = await t.app.request('/v1/webhooks/flagger', jsonPost(payload));
      expect(again.status).toBe(200);
      expect((await jsonOf(again)).created).toBe(false);
      const failed = await t.app.request('/v1/webhooks/flagger', jsonPost({ ...payload, phase: 'Failed' }));
      expect(failed.status).toBe(409);
    });

    it('maps Failed to rolled_back, ignores non-final phases, 404 when nothing was scored', async () => {
      const id = await score('podinfo');
      const progressing = await jsonOf(
        t.app.request(
          '/v1/webhooks/flagger',
          jsonPost({ name: 'podinfo', namespace: 'x', phase: 'Progressing' }),
        ),
      );
      expect(progressing.ignored).toMatch(/not final/);
      const res = await jsonOf(
        t.app.request('/v1/webhooks/flagger', jsonPost({ name: 'podinfo', namespace: 'x', phase: 'Failed' })),
      );
      expect(res).toMatchObject({ deploymentId: id, outcome: { status: 'rolled_back' } });
      const none = await t.app.request(
        '/v1/webhooks/flagger',
        jsonPost({ name: 'ghost', namespace: 'x', phase: 'Succeeded' }),
      );
      expect(none.status).toBe(404);
      expect((await t.app.request('/v1/webhooks/flagger', jsonPost({ name: 'podinfo' }))).status).toBe(400);
    });
  });
});
