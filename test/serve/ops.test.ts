import { Validator } from '@seriousme/openapi-schema-validator';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../helpers/test-db.ts';
import { jsonOf, jsonPost, makeTestApp, type TestApp } from '../helpers/serve-app.ts';

// Every route test runs on each available store dialect.
describe.each(TEST_DIALECTS)('ops routes and Slack (%s)', (dialect) => {
  const apps: TestApp[] = [];
  async function app(opts: Parameters<typeof makeTestApp>[0] = {}) {
    const t = await makeTestApp({ ...opts, dialect });
    apps.push(t);
    return t;
  }
  afterEach(async () => {
    while (apps.length) await apps.pop()!.close();
  });

  describe('ops routes', () => {
    it('healthz is alive; readyz needs a model; unknown routes are 404 envelopes', async () => {
      const t = await app();
      expect(await jsonOf(t.app.request('/healthz'))).toEqual({ status: 'ok' });
      expect(await jsonOf(t.app.request('/readyz'))).toEqual({
        ready: true,
        checks: { model: 'loaded test-1', database: 'ok' },
      });
      const unknown = await t.app.request('/v2/nothing');
      expect(unknown.status).toBe(404);
      const err = (await jsonOf(unknown)).error;
      expect(err).toMatchObject({ code: 'not_found', message: 'no route for GET /v2/nothing' });
      expect(err.requestId).toBe(unknown.headers.get('x-request-id'));

      const noModel = await app({ scorer: null });
      const ready = await noModel.app.request('/readyz');
      expect(ready.status).toBe(503);
      expect((await jsonOf(ready)).error.details.checks.model).toBe('no model loaded');
      expect((await noModel.app.request('/healthz')).status).toBe(200);
    });

    it('readyz reports an unreachable database', async () => {
      const t = await app();
      await t.store.close();
      const res = await t.app.request('/readyz');
      expect(res.status).toBe(502);
      expect((await jsonOf(res)).error.details.checks.database).toMatch(/^unreachable/);
    });

    it('metrics: durations by route pattern, scores by level, model info', async () => {
      const t = await app();
      await t.app.request(
        '/v1/score',
        jsonPost({ service: 's', environment: 'production', features: { la: 1 } }),
      );
      await t.app.request('/v1/deployments/abc');
      await t.app.request('/wp-admin.php');
      const text = await (await t.app.request('/metrics')).text();
      expect(text).toMatch(
        /deployrisk_http_request_duration_seconds_count\{method="POST",route="\/v1\/score",status="200"\} 1/,
      );
      expect(text).toMatch(
        /deployrisk_http_request_duration_seconds_count\{method="GET",route="\/v1\/deployments\/:id",status="404"\} 1/,
      );
      expect(text).toMatch(/route="unmatched",status="404"/);
      expect(text).not.toContain('wp-admin');
      expect(text).toMatch(/deployrisk_scores_total\{level="low"\} 1/);
      expect(text).toMatch(
        /deployrisk_model_info\{version="test-1",feature_schema_version="1.0.0",created_at="[^"]+"\} 1/,
      );
    });

    it('models: list and active; 503 without a model', async () => {
      const t = await app();
      expect(await jsonOf(t.app.request('/v1/models'))).toEqual({
        items: [
          {
            version: 'test-1',
            createdAt: '2024-01-01T00:00:00.000Z',
            auc: 0.75,
            crossProjectAuc: null,
            featureSchemaVersion: '1.0.0',
            active: true,
          },
        ],
      });
      expect((await jsonOf(t.app.request('/v1/models/active'))).version).toBe('test-1');
      const none = await app({ scorer: null });
      expect((await none.app.request('/v1/models/active')).status).toBe(503);
      expect((await jsonOf(none.app.request('/v1/models'))).items).toEqual([]);
    });

    it('the OpenAPI document passes the validator and lists every route', async () => {
      const t = await app();
      const doc = await jsonOf(t.app.request('/openapi.json'));
      const validator = new Validator();
      const result = await validator.validate(doc);
      expect(result.errors ?? []).toEqual([]);
      expect(result.valid).toBe(true);
      const listed = Object.entries(doc.paths as Record<string, object>).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
      );
      const registered = t.app.routes
        .filter((r) => r.method !== 'ALL' && r.path !== '/docs/:file')
        .map((r) => `${r.method} ${r.path}`);
      expect(new Set(listed)).toEqual(new Set(registered));
      expect(doc.components.schemas.ScoreRequest.properties.features.$ref).toBe(
        '#/components/schemas/FeatureVector',
      );
    });

    it('/docs serves Swagger UI from the local package, no CDN', async () => {
      const t = await app();
      const html = await (await t.app.request('/docs')).text();
      expect(html).toContain('/docs/swagger-ui-bundle.js');
      expect(html).not.toMatch(/https?:\/\//);
      const js = await t.app.request('/docs/swagger-ui-bundle.js');
      expect(js.status).toBe(200);
      expect((await js.text()).length).toBeGreaterThan(100_000);
      expect((await t.app.request('/docs/..%2Fpackage.json')).status).toBe(404);
    });
  });

  describe('Slack incoming webhook', () => {
    it('posts the Block Kit summary of a high score to the configured URL, not a low one', async () => {
      const received: unknown[] = [];
      const server: Server = createServer((req, res) => {
        let data = '';
        req.on('data', (c) => (data += c));
        req.on('end', () => {
          received.push(JSON.parse(data));
          res.end('ok');
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      try {
        const t = await app({ env: { DEPLOYRISK_SLACK_WEBHOOK_URL: url } });
        await t.app.request(
          '/v1/score',
          jsonPost({ service: 's', environment: 'production', features: { la: 1 } }),
        );
        const high = await jsonOf(
          t.app.request(
            '/v1/score',
            jsonPost({ service: 's', environment: 'production', features: { testsFailed: 5 } }),
          ),
        );
        await t.app.request(
          '/v1/score',
          jsonPost({ service: 's', environment: 'production', features: { testsFailed: 5 }, notify: false }),
        );
        await t.services.notifier.drain();
        expect(received).toHaveLength(1);
        expect(received[0]).toEqual(high.summary.slack);
      } finally {
        await new Promise((r) => server.close(r));
      }
    });
  });
});
